"""`madina indicators import FILE`: all or nothing, every problem with its line and column, idempotent."""

import io
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from madina.cli import main
from madina.indicators.importer import IndicatorImportError, import_rows, read_table
from madina.indicators.models import Level, Revision, Value

GOOD = """municipality,indicator,year,value,unit,source,confidence,level
sfax,EC:I:ES:3C,2023,97.5,%,STEG,measured,
sfax,EC:I:ES:3C,2022,96,,STEG,measured,
gabes,SC:EH:H:3C,2023,"81,2",,Ministère de la santé,estimated,
sfax,EC:P:EM:1C,2023,14.1,,INS,,governorate
,EC:P:EM:1C,2023,16.2,,INS,,nation
"""


def rows_of(text: str):
    return read_table("values.csv", text.encode())


def test_a_good_file_is_imported_and_importing_it_again_changes_nothing(places):
    report = import_rows(rows_of(GOOD))
    assert (report.created, report.updated, report.unchanged) == (5, 0, 0)
    assert Value.objects.get(municipality=places["gabes"]).value == Decimal("81.2")
    assert Value.objects.get(level=Level.GOVERNORATE).governorate == places["sfax_g"]
    assert Value.objects.get(level=Level.NATION).value == Decimal("16.2")
    again = import_rows(rows_of(GOOD))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert not Revision.objects.exists()


def test_a_corrected_file_updates_and_keeps_history(places):
    import_rows(rows_of(GOOD))
    report = import_rows(rows_of(GOOD.replace("97.5", "98")))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 4)
    assert Revision.objects.get().value == Decimal("97.5")


def test_a_bad_file_is_refused_whole_with_line_column_and_problem(places):
    bad = GOOD + (
        "nowhere,EC:I:ES:3C,2023,1,,,,\n"
        "sfax,XX:1,2023,1,,,,\n"
        "sfax,EC:I:ES:3C,1800,1,,,,\n"
        "sfax,EC:I:ES:3C,2021,lots,,,,\n"
        "sfax,EC:I:ES:3C,2020,1,km,,,\n"
        "sfax,EC:I:ES:3C,2022,5,,,,\n"
    )
    with pytest.raises(IndicatorImportError) as refused:
        import_rows(rows_of(bad))
    problems = [(p.line, p.column) for p in refused.value.problems]
    assert problems == [(7, "municipality"), (8, "indicator"), (9, "year"), (10, "value"), (11, "unit"), (12, "")]
    assert "ligne 12" in str(refused.value.problems[-1]) and "ligne 3" in str(refused.value.problems[-1])
    assert not Value.objects.exists()


@pytest.mark.parametrize(
    "text",
    ["", "municipality,indicator,year\nsfax,EC:I:ES:3C,2023\n", "municipality,indicator,year,value,colour\n",
     "municipality,indicator,year,value\n", "a;b\n\x00"],
)
def test_files_without_usable_lines_are_refused(places, text):
    with pytest.raises(IndicatorImportError):
        import_rows(rows_of(text))


def test_xlsx_and_semicolons_are_read(places):
    book = Workbook()
    sheet = book.active
    sheet.append(["municipality", "indicator", "year", "value"])
    sheet.append(["sfax", "EC:I:ES:3C", 2023, 97.5])
    buffer = io.BytesIO()
    book.save(buffer)
    assert import_rows(read_table("values.xlsx", buffer.getvalue())).created == 1
    assert import_rows(rows_of("municipality;indicator;year;value\ngabes;EC:I:ES:3C;2023;99,5\n")).created == 1
    with pytest.raises(IndicatorImportError):
        import_rows(read_table("values.xlsx", b"PK\x03\x04 not really a workbook"))


def test_the_command_exits_2_and_writes_nothing_on_a_bad_file(places, tmp_path, capsys):
    path = tmp_path / "values.csv"
    path.write_text("municipality,indicator,year,value\nsfax,EC:I:ES:3C,2023,many\n", encoding="utf-8")
    assert main(["indicators", "import", str(path)]) == 2
    assert "ligne 2, colonne value" in capsys.readouterr().err
    assert not Value.objects.exists()
    path.write_text(GOOD, encoding="utf-8")
    assert main(["indicators", "import", str(path)]) == 0
    assert Value.objects.count() == 5
    assert main(["indicators", "import", str(tmp_path / "missing.csv")]) == 2


def test_staff_import_only_their_own_places(people, places):
    with pytest.raises(IndicatorImportError) as refused:
        import_rows(rows_of(GOOD), people["sfax_municipal"])
    assert {p.line for p in refused.value.problems} == {4, 5, 6}
    assert not Value.objects.exists()
    own = "municipality,indicator,year,value\nsfax,EC:I:ES:3C,2023,97\n"
    assert import_rows(rows_of(own), people["sfax_municipal"]).created == 1
    assert Value.objects.get().entered_by == people["sfax_municipal"]


CELLS = {
    "municipality": st.sampled_from(["sfax", "gabes", "sakiet-ezzit", "nowhere", "", "SFAX", "صفاقس"]),
    "indicator": st.sampled_from(["EC:I:ES:3C", "ec:p:em:1c", "SC:EH:H:3C", "MDN:PRJ:1", "XX", ""]),
    "year": st.one_of(st.integers(1980, 2030).map(str), st.text(max_size=6)),
    "value": st.one_of(
        st.decimals(allow_nan=True, allow_infinity=True).map(str), st.floats().map(str), st.text(max_size=8)
    ),
    "unit": st.sampled_from(["", "%", "km", "pour 100 000 hab."]),
    "confidence": st.sampled_from(["", "measured", "declared", "computed", "x"]),
    "level": st.sampled_from(["", "municipality", "governorate", "nation", "région"]),
    "note": st.text(max_size=30),
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.fixed_dictionaries(CELLS), min_size=1, max_size=6))
def test_any_file_is_a_clear_refusal_or_a_correct_import_never_a_traceback(places, lines):
    Value.objects.all().delete()
    header = list(CELLS)
    rows = [header] + [[line[name] for name in header] for line in lines]
    try:
        report = import_rows(iter(rows))
    except IndicatorImportError as refused:
        assert refused.problems and all(p.line >= 1 for p in refused.problems)
        assert not Value.objects.exists()
        return
    assert report.created == Value.objects.count() == len(lines)


def test_cells_past_the_header_are_not_a_blank_line(places):
    with pytest.raises(IndicatorImportError) as refusal:
        import_rows([["municipality", "indicator", "year", "value"], ["", "", "", "", "12"]])
    assert refusal.value.problems[0].line == 2
