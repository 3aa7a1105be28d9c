"""Reading the accounting export of expenses: a CSV file, French or English headings.

Only parsing here, no database: `read_upload` turns the uploaded file into text and
`parse_expenses` turns the text into typed rows and the reasons the other rows were refused.
What the rows would create (grants, duplicates, totals) is the import service's business
(funding.services.expense_import). Cells that look like spreadsheet formulas are kept as
plain text: they are stored, never exported from here.
"""

import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from core.dates import today
from core.rules import RuleError

from .models import ExpenseCategory

# The first rows a spreadsheet shows: the heading is row 1, the first expense row 2.
FIRST_DATA_ROW = 2
CSV_TYPES = {"text/csv", "text/plain", "application/csv", "application/vnd.ms-excel", ""}
MAX_AMOUNT = Decimal("9999999999.99")  # Expense.amount: 12 digits, 2 of them decimals


class ImportFileError(RuleError):
    """The file cannot be read as an export of expenses; nothing was read from it."""


@dataclass(frozen=True)
class Column:
    name: str  # the field of ExpenseLine
    heading: str  # how the page names it (the French heading of the export)
    aliases: tuple[str, ...]
    required: bool = True


COLUMNS = (
    Column("date", "Date", ("date",)),
    Column("supplier", "Fournisseur", ("fournisseur", "supplier")),
    Column("category", "Catégorie", ("categorie", "category")),
    Column("amount", "Montant", ("montant", "amount", "montant (eur)", "amount (eur)")),
    Column(
        "invoice_reference",
        "N° de facture",
        (
            "n° de facture",
            "no de facture",
            "n de facture",
            "numero de facture",
            "facture",
            "invoice reference",
            "invoice number",
            "invoice",
        ),
    ),
    Column("grant_reference", "Subvention", ("subvention", "grant"), required=False),
    Column(
        "percent",
        "Part (%)",
        ("part (%)", "part", "part %", "share (%)", "share", "share %"),
        required=False,
    ),
)


@dataclass(frozen=True)
class ExpenseLine:
    """One valid row of the file: an expense, and the share of it charged to one grant."""

    row: int
    date: datetime.date
    supplier: str
    category: str
    amount: Decimal
    invoice_reference: str
    grant_reference: str = ""
    percent: Decimal | None = None

    @property
    def key(self) -> tuple:
        """The expense's unique key (Expense's constraint): rows sharing it are one expense."""
        return (self.supplier, self.invoice_reference, self.date, self.amount)


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ParsedFile:
    lines: list[ExpenseLine] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _simple(text: str) -> str:
    """A heading or label compared without case, accents or doubled spaces."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", plain)


def read_upload(upload) -> str:
    """The text of an uploaded CSV file: UTF-8 with or without BOM, else Windows-1252.

    Raises ImportFileError on a file over MAX_UPLOAD_MB, or one that is not a CSV.
    """
    if upload.size > settings.MAX_UPLOAD_MB * 1024 * 1024:
        raise ImportFileError(
            _("The file is too large (at most %(mb)s MB).") % {"mb": settings.MAX_UPLOAD_MB}
        )
    content_type = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    if Path(upload.name).suffix.lower() != ".csv" or content_type not in CSV_TYPES:
        raise ImportFileError(_("Send the accounting export as a CSV file (.csv)."))
    upload.seek(0)
    data = upload.read()
    # A NUL byte never appears in a text file: this is a spreadsheet or a PDF renamed .csv.
    if b"\x00" in data:
        raise ImportFileError(_("This file is not a CSV text file."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    return ";" if first_line.count(";") >= first_line.count(",") else ","


def parse_decimal(value: str) -> Decimal:
    """« 1 234,56 », « 1234.56 », « 1.234,56 € » → Decimal; ValueError otherwise."""
    text = re.sub(r"[\s\u00a0\u202f€]", "", value)
    if "," in text and "." in text:
        # The last one is the decimal separator, the other groups thousands.
        thousands = "." if text.rfind(",") > text.rfind(".") else ","
        text = text.replace(thousands, "")
    text = text.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        raise ValueError(value)
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise ValueError(value) from error


def parse_date(value: str) -> datetime.date:
    """dd/mm/yyyy or yyyy-mm-dd → date; ValueError otherwise."""
    text = value.strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(value)


def _category_names() -> dict[str, str]:
    """Each category by its code and by its label in French and in English."""
    names = {}
    for language in ("fr", "en"):
        with translation.override(language):
            for choice in ExpenseCategory:
                names[_simple(str(choice.label))] = choice.value
    names.update({choice.value: choice.value for choice in ExpenseCategory})
    return names


def _headings(header: list[str]) -> dict[str, int]:
    """Column name → position, from the headings of the file."""
    known = {_simple(alias): column.name for column in COLUMNS for alias in column.aliases}
    positions = {}
    for position, heading in enumerate(header):
        name = known.get(_simple(heading))
        if name and name not in positions:
            positions[name] = position
    return positions


def parse_expenses(text: str) -> ParsedFile:
    """The rows of an export, each either an ExpenseLine or the reasons it was refused."""
    try:
        return _parse(text)
    except csv.Error:
        # A cell beyond the csv module's field limit, or quoting it cannot follow.
        return ParsedFile(errors=[RowError(1, "", _("This file is not a CSV text file."))])


def _parse(text: str) -> ParsedFile:
    parsed = ParsedFile()
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    header = next(reader, None)
    if not header:
        parsed.errors.append(RowError(1, "", _("The file is empty.")))
        return parsed
    positions = _headings(header)
    # The grant and its share come together or not at all (an expense not yet charged).
    share_columns = {"grant_reference", "percent"}
    needed = {column.name for column in COLUMNS if column.required}
    if share_columns & set(positions):
        needed |= share_columns
    for column in COLUMNS:
        if column.name in needed and column.name not in positions:
            parsed.errors.append(
                RowError(1, column.heading, _("This column is missing from the file."))
            )
    if parsed.errors:
        return parsed
    categories = _category_names()
    headings = {column.name: column.heading for column in COLUMNS}
    for row_number, cells in enumerate(reader, start=FIRST_DATA_ROW):
        if not any(cell.strip() for cell in cells):
            continue
        values = {
            name: cells[position].strip() if position < len(cells) else ""
            for name, position in positions.items()
        }
        errors: list[tuple[str, str]] = []
        line = _line(values, categories, errors)
        for name, message in errors:
            parsed.errors.append(RowError(row_number, headings[name], message))
        if not errors:
            parsed.lines.append(ExpenseLine(row=row_number, **line))
    return parsed


def _to_the_cent(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


def _line(values: dict[str, str], categories: dict[str, str], errors: list) -> dict:
    """The typed fields of one row; each problem is added to `errors` as (column, reason)."""
    line: dict = {}
    try:
        line["date"] = parse_date(values["date"])
    except ValueError:
        errors.append(("date", _("Not a date (dd/mm/yyyy or yyyy-mm-dd).")))
    else:
        if line["date"] > today():
            errors.append(("date", _("An expense cannot be dated in the future.")))
    for name, longest in (("supplier", 200), ("invoice_reference", 100)):
        line[name] = values[name]
        if not values[name]:
            errors.append((name, _("This cell is empty.")))
        elif len(values[name]) > longest:
            errors.append(
                (name, _("This cell is too long (at most %(max)d characters).") % {"max": longest})
            )
    line["category"] = categories.get(_simple(values["category"]), "")
    if not line["category"]:
        errors.append(("category", _("Unknown category of expense.")))
    try:
        line["amount"] = parse_decimal(values["amount"])
    except ValueError:
        errors.append(("amount", _("Not an amount (for example 1 234,56).")))
    else:
        if not 0 < line["amount"] <= MAX_AMOUNT or line["amount"] != _to_the_cent(line["amount"]):
            errors.append(("amount", _("The amount must be positive, to the cent.")))
    line["grant_reference"] = values.get("grant_reference", "")
    percent_text = values.get("percent", "")
    if line["grant_reference"] or percent_text:
        if not line["grant_reference"]:
            errors.append(("grant_reference", _("Give the grant of this share.")))
        try:
            line["percent"] = parse_decimal(percent_text.rstrip("%"))
        except ValueError:
            errors.append(("percent", _("Not a percentage (for example 50 or 33,33).")))
        else:
            if not 0 < line["percent"] <= 100 or line["percent"] != _to_the_cent(line["percent"]):
                errors.append(
                    ("percent", _("A share must be above 0 and at most 100 %, to the hundredth."))
                )
    return line
