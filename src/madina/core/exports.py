"""Files people open in a spreadsheet (CSV, XLSX): one place that writes them, so that no cell a visitor typed
runs as a formula on an organiser's machine.

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula (or becomes one) in
Excel, LibreOffice and Google Sheets: `=HYPERLINK("http://…")` typed as a registration's name would be a live
link in the attendees file. In CSV such a cell gets a leading apostrophe, which spreadsheets show as text (OWASP's
advice); in XLSX it is written as a text cell, never as a formula, so its characters stay exact. Numbers, dates
and booleans are left as they are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
"""First in every CSV file, so that spreadsheet programs read Arabic names as UTF-8."""

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """The CSV cell for `value`: text that a spreadsheet would run is quoted with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Iterable) -> list:
    return [safe_cell(value) for value in row]


class _Echo:
    """A file-like object csv.writer can write to, handing each line back for streaming."""

    def write(self, value):
        return value


def _attachment(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_lines(rows: Iterable[Iterable]) -> Iterator[str]:
    """The lines of a CSV file, byte-order mark first, every cell made safe."""
    writer = csv.writer(_Echo())
    yield BOM
    for row in rows:
        yield writer.writerow(safe_row(row))


def csv_response(filename: str, rows: Iterable[Iterable]) -> StreamingHttpResponse:
    """A CSV download streamed row by row: memory stays flat however many rows the query gives."""
    return _attachment(StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8"), filename)


def xlsx_bytes(sheet_name: str, rows: Iterable[Iterable]) -> bytes:
    """A write-only workbook of one sheet: memory stays flat with 10,000 rows; text is never a formula."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet, value):
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # openpyxl makes any text starting with "=" a formula; a text cell keeps it text
    return cell


def xlsx_response(filename: str, sheet_name: str, rows: Iterable[Iterable]) -> HttpResponse:
    return _attachment(HttpResponse(xlsx_bytes(sheet_name, rows), content_type=XLSX_TYPE), filename)
