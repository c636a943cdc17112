"""Indicator values from a file (CSV or XLSX): `madina indicators import FILE` and the staff import page.

Columns: municipality, indicator, year, value, and optionally unit, source, method, confidence, note and level
(`municipality` by default; `governorate` with a governorate's slug in the municipality column; `nation` with it
empty). The whole file is read and checked before anything is written: a bad file is refused with every problem
found (up to MAX_PROBLEMS), each with its line, its column and what is wrong, and nothing is stored. A good file is
written in one transaction; a value already stored as the file says is left alone, so importing the same file
twice changes nothing, and a corrected value keeps its previous version (models.Revision).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from madina.core.errors import Invalid
from madina.core.permissions import OPERATOR, person
from madina.core.text import whole_number
from madina.territory.models import Governorate, Municipality

from . import checks, queries
from .models import Confidence, Indicator, Level, Provenance, Revision, Value
from .rules import may_enter_values_of

REQUIRED = ("municipality", "indicator", "year", "value")
OPTIONAL = ("unit", "source", "method", "confidence", "note", "level")
MAX_PROBLEMS = 50
LENGTHS = {name: Provenance._meta.get_field(name).max_length for name in ("unit", "source", "method", "note")}
IMPORTED_CONFIDENCES = (Confidence.MEASURED, Confidence.ESTIMATED, Confidence.DECLARED)
BATCH = 2000


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    message: str

    def __str__(self):
        where = _("ligne %(line)s") % {"line": self.line}
        if self.column:
            where += _(", colonne %(column)s") % {"column": self.column}
        return f"{where} : {self.message}"


class IndicatorImportError(Invalid):
    """A file that cannot be imported, with every problem found (line 1 is the header)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems), field="file")


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    lines: int = 0
    indicators: set = field(default_factory=set)

    def __str__(self):
        return _("%(lines)s lignes : %(created)s valeurs créées, %(updated)s corrigées, %(unchanged)s inchangées") % {
            "lines": self.lines, "created": self.created, "updated": self.updated, "unchanged": self.unchanged,
        }


# Reading ------------------------------------------------------------------------------------------------


def read_table(name: str, content: bytes):
    """The file's rows as lists of cells (header first): XLSX by its name or its zip signature, else CSV."""
    if name.lower().endswith(".xlsx") or content[:4] == b"PK\x03\x04":
        return _xlsx_rows(content)
    return _csv_rows(content)


def _csv_rows(content: bytes):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IndicatorImportError([Problem(text_line(content, exc.start), "", _("le fichier n'est pas en UTF-8"))]) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as exc:
        raise IndicatorImportError([Problem(reader.line_num, "", _("ligne illisible (%(error)s)") % {"error": exc})]) from None


def text_line(content: bytes, offset: int) -> int:
    return content.count(b"\n", 0, offset) + 1


def _xlsx_rows(content: bytes):
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        for row in rows:
            yield ["" if cell is None else cell for cell in row]
    except IndicatorImportError:
        raise
    except Exception:  # openpyxl raises many kinds on a damaged or hostile file; all mean the same to the person
        raise IndicatorImportError([Problem(1, "", _("ce n'est pas un fichier XLSX lisible"))]) from None


# Checking -----------------------------------------------------------------------------------------------


class Catalogue:
    """What the lines name, read once: municipalities and governorates by slug, indicators by code."""

    def __init__(self):
        self.municipalities = dict(Municipality.objects.values_list("slug", "pk"))
        self.governorates = dict(Governorate.objects.values_list("slug", "pk"))
        # What each line asks of its indicator, as plain values: a translated field costs a lookup of the
        # language at every read, and a large file reads them hundreds of thousands of times.
        self.facts = {row.code: IndicatorFacts(row.pk, row.is_computed, row.unit, checks.unit_keys(row))
                      for row in Indicator.objects.all()}


@dataclass(frozen=True, slots=True)
class IndicatorFacts:
    pk: int
    is_computed: bool
    unit: str
    unit_keys: set


def _cell_text(cell) -> str:
    if type(cell) is str:  # every CSV cell: the common case first
        return cell.strip()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def check_rows(rows) -> list[tuple]:
    """Every line as (line, indicator id, level, municipality id, governorate id, year, provenance...), or
    IndicatorImportError listing what is wrong."""
    catalogue = Catalogue()
    rows = iter(rows)
    header = [_cell_text(cell).lower() for cell in next(rows, [])]
    if not any(header):
        raise IndicatorImportError([Problem(1, "", _("le fichier est vide"))])
    missing = [name for name in REQUIRED if name not in header]
    unknown = [name for name in header if name and name not in REQUIRED + OPTIONAL]
    if missing or unknown or len(set(header)) != len(header):
        problems = [Problem(1, name, _("colonne obligatoire absente")) for name in missing]
        problems += [Problem(1, name, _("colonne inconnue (attendues : %(columns)s)") % {
            "columns": ", ".join(REQUIRED + OPTIONAL)}) for name in unknown]
        if len(set(header)) != len(header):
            problems.append(Problem(1, "", _("une colonne est nommée deux fois")))
        raise IndicatorImportError(problems)
    index = {name: header.index(name) for name in REQUIRED + OPTIONAL if name in header}
    problems: list[Problem] = []
    checked: list[tuple] = []
    seen: dict[tuple, int] = {}
    interned: dict[str, str] = {}
    last = checks.last_year()
    line = 1

    def refuse(column, message):  # the line being read, from the loop below
        problems.append(Problem(line, column, message))

    width = len(header)
    for line, row in enumerate(rows, start=2):
        if len(row) < width:
            row = [*row, *[""] * (width - len(row))]
        cells = {name: (cell.strip() if type(cell := row[i]) is str else _cell_text(cell)) for name, i in index.items()}
        if not any(cells.values()) and not any(_cell_text(cell) for cell in row[width:]):
            continue  # a blank line; one with cells past the header only is refused below
        before = len(problems)

        level = cells.get("level") or Level.MUNICIPALITY
        municipality_id = governorate_id = None
        slug = cells["municipality"]
        if level == Level.MUNICIPALITY:
            municipality_id = catalogue.municipalities.get(slug)
            if municipality_id is None:
                refuse("municipality", _("municipalité inconnue « %(slug)s »") % {"slug": slug[:80]})
        elif level == Level.GOVERNORATE:
            governorate_id = catalogue.governorates.get(slug)
            if governorate_id is None:
                refuse("municipality", _("gouvernorat inconnu « %(slug)s »") % {"slug": slug[:80]})
        elif level == Level.NATION:
            if slug:
                refuse("municipality", _("à l'échelle nationale, la colonne reste vide"))
        else:
            refuse("level", _("échelle inconnue « %(level)s » (municipality, governorate ou nation)") % {
                "level": level[:40]})
        code = cells["indicator"]
        indicator = catalogue.facts.get(code.upper())
        if indicator is None:
            refuse("indicator", _("indicateur inconnu « %(code)s »") % {"code": code[:40]})
        elif indicator.is_computed:
            refuse("indicator", _("indicateur calculé par Madina : il ne s'importe pas"))
        year_text = cells["year"]
        year = whole_number(year_text, digits=4)
        if year is None or not checks.FIRST_YEAR <= year <= last:
            refuse("year", _("année « %(year)s » hors de %(first)s-%(last)s") % {
                "year": year_text[:20], "first": checks.FIRST_YEAR, "last": last})
        value = checks.number(cells["value"])
        if value is None:
            refuse("value", _("« %(value)s » n'est pas un nombre") % {"value": cells["value"][:40]})
        unit = cells.get("unit", "")
        if indicator is not None and not checks.unit_agrees(indicator.unit_keys, unit):
            refuse("unit", _("l'unité « %(unit)s » contredit celle de l'indicateur (« %(expected)s »)") % {
                "unit": unit[:40], "expected": indicator.unit})
        confidence = cells.get("confidence") or Confidence.DECLARED
        if confidence not in IMPORTED_CONFIDENCES:
            refuse("confidence", _("fiabilité « %(value)s » inconnue (measured, estimated ou declared)") % {
                "value": confidence[:40]})
        for name, length in LENGTHS.items():
            if len(cells.get(name, "")) > length:
                refuse(name, _("plus de %(count)s caractères") % {"count": length})
        if len(problems) > before:
            if len(problems) >= MAX_PROBLEMS:
                break
            continue
        key = (indicator.pk, level, municipality_id, governorate_id, year)
        if key in seen:
            refuse("", _("même indicateur, lieu et année qu'à la ligne %(line)s") % {"line": seen[key]})
            continue
        seen[key] = line
        checked.append((
            line, *key, value, unit or indicator.unit,
            *(interned.setdefault(cells.get(name, ""), cells.get(name, "")) for name in ("source", "method")),
            confidence, cells.get("note", ""),
        ))
    if problems:
        raise IndicatorImportError(problems[:MAX_PROBLEMS])
    if not checked:
        raise IndicatorImportError([Problem(line, "", _("aucune valeur dans le fichier"))])
    return checked


def _check_permission(user, rows: list[tuple]) -> None:
    if user is OPERATOR:
        return
    places = {}
    for line, _indicator, level, municipality_id, governorate_id, *_rest in rows:
        places.setdefault((level, municipality_id, governorate_id), line)
    municipalities = Municipality.objects.in_bulk([m for _l, m, _g in places if m])
    governorates = Governorate.objects.in_bulk([g for _l, _m, g in places if g])
    problems = []
    for (_level, municipality_id, governorate_id), line in places.items():
        place = municipalities.get(municipality_id) or governorates.get(governorate_id)
        if not may_enter_values_of.test(user, place):
            problems.append(Problem(line, "municipality" if place else "level",
                                    _("vous ne pouvez pas saisir les valeurs de ce territoire")))
    if problems:
        raise IndicatorImportError(problems[:MAX_PROBLEMS])


# Writing ------------------------------------------------------------------------------------------------

FIELDS = ("value", "unit", "source", "method", "confidence", "note")
STORED = ("pk", "level", "municipality_id", "governorate_id", "year", *FIELDS, "illustrative", "entered_by_id",
          "entered_at")
INSERTED = ("indicator_id", "level", "municipality_id", "governorate_id", "year", *FIELDS, "illustrative",
            "entered_by_id", "entered_at")


def import_rows(rows, user=OPERATOR) -> ImportReport:
    """Check every line, then write them all in one transaction, or refuse the file whole."""
    checked = check_rows(rows)
    _check_permission(user, checked)
    report = ImportReport(lines=len(checked))
    by_indicator: dict[int, list[tuple]] = defaultdict(list)
    for row in checked:
        by_indicator[row[1]].append(row)
    del checked
    now, by = timezone.now(), person(user)
    with transaction.atomic():
        for indicator_id, rows_of in by_indicator.items():
            _write_indicator(indicator_id, rows_of, now, by, report)
            report.indicators.add(indicator_id)
    queries.changed()
    return report


def _write_indicator(indicator_id: int, rows: list[tuple], now, by, report: ImportReport) -> None:
    """One indicator's lines against its stored values, read as plain tuples: model instances are built only
    for the values a line corrects (usually none), new ones go in through one raw INSERT per batch."""
    stored = {
        row[1:5]: row
        for row in Value.objects.filter(indicator_id=indicator_id).values_list(*STORED).iterator(chunk_size=5000)
    }
    created, changed, revisions = [], [], []
    by_id = by.pk if by is not None else None
    for _line, _indicator, level, municipality_id, governorate_id, year, *provenance in rows:
        current = stored.get((level, municipality_id, governorate_id, year))
        if current is None:
            created.append((indicator_id, level, municipality_id, governorate_id, year, *provenance, False, by_id, now))
            continue
        illustrative = current[11]
        if not illustrative and tuple(provenance) == current[5:11]:
            report.unchanged += 1
            continue
        pk, before, entered_by_id, entered_at = current[0], current[5:11], current[12], current[13]
        revisions.append(Revision(
            current_id=pk, replaced_at=now, replaced_by=by, entered_by_id=entered_by_id, entered_at=entered_at,
            illustrative=illustrative, **dict(zip(FIELDS, before, strict=True)),
        ))
        changed.append(Value(pk=pk, illustrative=False, entered_by=by, entered_at=now,
                             **dict(zip(FIELDS, provenance, strict=True))))
    _insert(created)
    Revision.objects.bulk_create(revisions, batch_size=BATCH)
    Value.objects.bulk_update(changed, [*FIELDS, "illustrative", "entered_by", "entered_at"], batch_size=500)
    report.created += len(created)
    report.updated += len(changed)


def _insert(rows: list[tuple]) -> None:
    """New values in bulk, their cells adapted once per column rather than per field and row by the ORM (the ORM's
    bulk_create spent most of a large import preparing values): PostgreSQL takes them through COPY, SQLite through
    one prepared INSERT per batch."""
    if not rows:
        return
    ops = connection.ops
    columns = ", ".join(ops.quote_name(Value._meta.get_field(name).column) for name in INSERTED)
    table = ops.quote_name(Value._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        field = Value._meta.get_field("value")
        digits, places = field.max_digits, field.decimal_places
        when = ops.adapt_datetimefield_value(rows[0][-1])
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(INSERTED))})"
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, [(*row[:5], ops.adapt_decimalfield_value(row[5], digits, places), *row[6:-1], when)
                                     for row in rows[start:start + BATCH]])


def import_file(path: str | Path, user=OPERATOR) -> ImportReport:
    path = Path(path)
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise IndicatorImportError([Problem(0, "", _("fichier illisible (%(error)s)") % {"error": exc.strerror})]) from None
    return import_rows(read_table(path.name, content), user)
