"""Cells safe to open in a spreadsheet.

Spreadsheet software runs a cell that starts with = + - @ (or a tab, a carriage return or
another control character) as a formula: such text gets a leading quote. Every CSV and XLSX
the product writes (the exports, the auditor's control pack) passes its cells through here,
and the importers (core.tabular) use the same test to refuse formulas in what they read.
"""

import csv
import datetime
import tempfile
from collections.abc import Iterable, Iterator

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def looks_like_formula(value) -> bool:
    """Text a spreadsheet would run as a formula (or a control character at its start)."""
    return (
        isinstance(value, str)
        and bool(value)
        and (value[0] in FORMULA_PREFIXES or ord(value[0]) < 32)
    )


def neutralise(value):
    """Text a spreadsheet would run as a formula, made inert with a leading quote."""
    if looks_like_formula(value):
        return "'" + value
    return value


def xlsx_file(*, title: str, headers: list, rows: Iterable[list]):
    """A one-sheet XLSX of neutralised cells, as an open temporary file at its start.

    openpyxl streams the rows to disk as they come, so memory stays flat for any size; the
    caller's response (or the report's storage) closes the file once sent.
    """
    from openpyxl import Workbook  # imported here: loading it is slow, only XLSX needs it

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(title)[:31])
    sheet.append(headers)
    for row in rows:
        sheet.append([neutralise(value) for value in row])
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    workbook.save(handle)
    handle.seek(0)
    return handle


class _Echo:
    """A file-like object whose write() hands the line back, for csv.writer."""

    def write(self, value):
        return value


def _csv_cell(value):
    value = neutralise(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is None:
        return ""
    return value


def csv_lines(*, headers: list, rows: Iterable[list]) -> Iterator[bytes]:
    """A CSV of neutralised cells, line by line, for a streamed response.

    Semicolons and a byte-order mark: what spreadsheet software set up in French expects.
    Dates are written as ISO dates, empty values as empty cells.
    """
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff".encode()
    yield writer.writerow(headers).encode()
    for row in rows:
        yield writer.writerow([_csv_cell(value) for value in row]).encode()
