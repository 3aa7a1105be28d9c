"""Reading an uploaded CSV or XLSX file into a heading row and rows of text cells.

Every import (the accounting export of expenses, the history of households) reads its file
here and keeps only its own rules: which columns it has, what a cell may hold. Nothing is
typed on reading: every cell is text, and `parse_date` / `parse_decimal` / `looks_like_formula`
type or check it, so each import words its own messages. A file that cannot be read at all
raises TabularFileError; a problem with one cell or heading is a RowError a page can list.

Row numbers are those the spreadsheet shows: the heading is row 1, the first data row 2, and an
empty row is skipped but still counted.
"""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils.translation import gettext as _

from .rules import RuleError
from .spreadsheet import looks_like_formula
from .text import normalise

__all__ = [
    "Column",
    "Headings",
    "Row",
    "RowError",
    "Table",
    "TabularFileError",
    "check_size",
    "decode_text",
    "heading_key",
    "looks_like_formula",
    "match_headings",
    "parse_date",
    "parse_decimal",
    "read_csv",
    "read_table",
    "read_upload",
    "read_xlsx",
]

# What other files start with: a PDF, an image, an XLSX or DOCX (a ZIP), an old .xls, a gzip.
BINARY_SIGNATURES = (
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0",
    b"\x1f\x8b",
)
# An XLSX is a ZIP: a small file may unpack into a huge one. Spreadsheets compress about
# ten times; beyond this ratio of the size limit the workbook is refused unread.
XLSX_UNPACKED_RATIO = 50


class TabularFileError(RuleError):
    """The file cannot be read as a table; nothing was read from it."""


@dataclass(frozen=True)
class RowError:
    """A refused cell or heading: the row and column as the spreadsheet shows them."""

    row: int
    column: str
    message: str


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet shows it: the heading is row 1
    cells: tuple[str, ...]

    def values(self, positions: dict[str, int]) -> dict[str, str]:
        """Column name → the stripped text of its cell ("" when the row is shorter)."""
        return {
            name: self.cells[position].strip() if position < len(self.cells) else ""
            for name, position in positions.items()
        }


@dataclass(frozen=True)
class Table:
    headings: tuple[str, ...]
    rows: tuple[Row, ...]  # the rows below the heading that have some text


@dataclass(frozen=True)
class Column:
    """A column an import knows, under its heading and the other headings it may have."""

    name: str  # the name the import's code uses
    heading: str  # how pages name it (the heading of the documented template)
    aliases: tuple[str, ...] = ()  # French and English headings; compared by heading_key
    required: bool = True


@dataclass
class Headings:
    """Where each known column is in a file, and what the file lacks or has in excess."""

    positions: dict[str, int] = field(default_factory=dict)  # column name → position
    missing: list[Column] = field(default_factory=list)  # required columns not found
    # Headings not read: matching no column, or a column an earlier heading already gave.
    unknown: list[str] = field(default_factory=list)

    def errors(self, *, refuse_unknown: bool = False) -> list[RowError]:
        """The missing columns (and the unknown ones when refused) as errors of row 1."""
        errors = [
            RowError(1, column.heading, _("This column is missing from the file."))
            for column in self.missing
        ]
        if refuse_unknown:
            errors += [
                RowError(1, heading, _("This column is not one the import knows."))
                for heading in self.unknown
            ]
        return errors


def heading_key(text: str) -> str:
    """A heading as compared: no case, accents, punctuation or doubled spaces.

    « N° de facture », "n de facture" and "N°_de_facture" are one key; "Part (%)" is "part".
    """
    return normalise(re.sub(r"[^\w\s]|_", " ", normalise(text)))


def match_headings(headings, columns, *, mapping: dict[str, str] | None = None) -> Headings:
    """Each column's position among `headings`, by its aliases or by the caller's mapping.

    `mapping` ({file heading: column name}, from the import's column-mapping step) wins over
    the aliases; a heading mapped to "" is ignored, as is one mapped to a name no column has.
    When two headings give one column, the first one is read.
    """
    names = {column.name for column in columns}
    by_alias = {
        heading_key(alias): column.name
        for column in columns
        for alias in (column.heading, *column.aliases)
    }
    mapped = {heading_key(heading): name for heading, name in (mapping or {}).items()}
    found = Headings()
    unknown: list[tuple[int, str]] = []
    chosen = [
        (position, heading, mapped.get(heading_key(heading)))
        for position, heading in enumerate(headings)
    ]
    # Mapped headings first, so a mapping wins over an alias found earlier in the file.
    for position, heading, name in chosen:
        if name in names and name not in found.positions:
            found.positions[name] = position
        elif name is not None and heading.strip():
            unknown.append((position, heading.strip()))
    for position, heading, name in chosen:
        if name is not None:
            continue
        alias_name = by_alias.get(heading_key(heading))
        if alias_name and alias_name not in found.positions:
            found.positions[alias_name] = position
        elif heading.strip():
            unknown.append((position, heading.strip()))
    found.unknown = [heading for _position, heading in sorted(unknown)]
    found.missing = [c for c in columns if c.required and c.name not in found.positions]
    return found


def check_size(size: int, max_bytes: int) -> None:
    """Refuse a file over `max_bytes`, saying the limit in MB."""
    if size > max_bytes:
        limit = f"{max_bytes / (1024 * 1024):g}"
        raise TabularFileError(_("The file is too large (at most %(mb)s MB).") % {"mb": limit})


def decode_text(data: bytes) -> str:
    """The text of a CSV file: UTF-8 with or without BOM, else Windows-1252.

    Windows-1252 is the fallback because it is what Excel and French accounting software
    write when "CSV" is chosen on Windows; it gives a character to almost every byte, so it
    cannot tell a wrong guess apart, which is why UTF-8 (strict) is tried first. The few bytes
    it leaves undefined become U+FFFD rather than refusing the file. Binary content (a NUL
    byte, or the start of a PDF, an image or a workbook renamed .csv) is refused.
    """
    # A NUL byte never appears in a text file: this is a workbook or a PDF renamed .csv.
    if data.startswith(BINARY_SIGNATURES) or b"\x00" in data:
        raise TabularFileError(_("This file is not a CSV text file."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(text: str) -> str:
    # The accounting software and Excel in French write ";"; elsewhere ",". The heading line
    # has no quoted separators in practice, so counting them there is enough.
    first_line = text.split("\n", 1)[0]
    return ";" if first_line.count(";") >= first_line.count(",") else ","


def _table(records) -> Table:
    """The heading (the first record) and the non-empty records below it, numbered."""
    records = iter(records)
    headings = next(records, None)
    if not headings:
        raise TabularFileError(_("The file is empty."))
    rows = tuple(
        Row(number, tuple(cells))
        for number, cells in enumerate(records, start=2)
        if any(cell.strip() for cell in cells)
    )
    return Table(tuple(headings), rows)


def read_csv(text: str) -> Table:
    """The table of a CSV text, separated by ";" or ",", each record one row."""
    try:
        return _table(csv.reader(io.StringIO(text), delimiter=_delimiter(text)))
    except csv.Error as error:
        # A cell beyond the csv module's field limit, or quoting it cannot follow.
        raise TabularFileError(_("This file is not a CSV text file.")) from error


def _xlsx_text(value) -> str:
    """A cell of a workbook as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        # repr is the shortest exact spelling; "f" keeps 1e-05 readable by parse_decimal.
        return format(Decimal(repr(value)), "f") if value == value else ""
    return str(value)


def _trimmed(cells: list[str]) -> list[str]:
    # openpyxl pads every row to the widest one; a CSV row ends at its last cell.
    while cells and not cells[-1]:
        cells.pop()
    return cells


def read_xlsx(data: bytes, *, max_bytes: int) -> Table:
    """The table of the first sheet of an XLSX workbook.

    Dates come as yyyy-mm-dd, numbers as they are written with a point. Formulas come as
    their text ("=A1+B1"), not their last value, so a caller refuses them as in a CSV file.
    """
    # Imported here: loading openpyxl is slow and only an XLSX file needs it.
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked > max_bytes * XLSX_UNPACKED_RATIO:
            raise TabularFileError(_("This workbook is too large once unpacked."))
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            records = [
                _trimmed([_xlsx_text(value) for value in row])
                for row in workbook.worksheets[0].iter_rows(values_only=True)
            ]
        finally:
            workbook.close()
    except TabularFileError:
        raise
    except Exception as error:
        # A corrupt workbook fails anywhere in zipfile, the XML parser or openpyxl, with any
        # kind of exception: all of them mean the same thing to the user.
        raise TabularFileError(_("This file is not a readable XLSX workbook.")) from error
    return _table(records)


def read_table(data: bytes, *, name: str, max_bytes: int) -> Table:
    """The table of a .csv or .xlsx file (by its name), refused over `max_bytes`."""
    check_size(len(data), max_bytes)
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        return read_csv(decode_text(data))
    if suffix == ".xlsx":
        return read_xlsx(data, max_bytes=max_bytes)
    raise TabularFileError(_("Send a CSV (.csv) or XLSX (.xlsx) file."))


def read_upload(upload, *, max_bytes: int) -> Table:
    """The table of an uploaded file; its size is checked before it is read."""
    check_size(upload.size, max_bytes)
    upload.seek(0)
    return read_table(upload.read(max_bytes + 1), name=upload.name, max_bytes=max_bytes)


class CellError(ValueError):
    """A cell that does not hold what was asked; `message` says why, for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


DATE_SHAPES = (
    (re.compile(r"\d{1,2}/\d{1,2}/\d{4}"), "%d/%m/%Y"),
    (re.compile(r"\d{4}-\d{1,2}-\d{1,2}"), "%Y-%m-%d"),
)


def parse_date(value: str, *, first_year: int = 1900, last_year: int = 2100) -> datetime.date:
    """dd/mm/yyyy (JJ/MM/AAAA) or yyyy-mm-dd → date; CellError otherwise.

    A date that does not exist (31/02/2026) and a year outside first_year–last_year (a typo
    like 01/01/0202) are refused with their own message.
    """
    text = value.strip()
    for shape, pattern in DATE_SHAPES:
        try:
            day = datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            if shape.fullmatch(text):
                raise CellError(_("This date does not exist (for example 31/02).")) from None
            continue
        if not first_year <= day.year <= last_year:
            raise CellError(
                _("The year must be between %(first)d and %(last)d.")
                % {"first": first_year, "last": last_year}
            )
        return day
    raise CellError(_("Not a date (dd/mm/yyyy or yyyy-mm-dd)."))


def parse_decimal(value: str) -> Decimal:
    """« 1 234,56 », « 1234.56 », « 1.234,56 € » → Decimal; CellError otherwise."""
    text = re.sub(r"[\s\u00a0\u202f€]", "", value)
    if "," in text and "." in text:
        # The last one is the decimal separator, the other groups thousands.
        thousands = "." if text.rfind(",") > text.rfind(".") else ","
        text = text.replace(thousands, "")
    text = text.replace(",", ".")
    message = _("Not a number (for example 1 234,56).")
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        raise CellError(message)
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise CellError(message) from error
