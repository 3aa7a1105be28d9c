"""Reading the accounting export of expenses: a CSV file, French or English headings.

Only parsing here, no database: `read_upload` turns the uploaded file into text and
`parse_expenses` turns the text into typed rows and the reasons the other rows were refused.
Reading the file (encodings, separators, headings, row numbers, numbers and dates) is
core.tabular's; what is left here are the expense's own columns and rules.
What the rows would create (grants, duplicates, totals) is the import service's business
(funding.services.expense_import). Cells that look like spreadsheet formulas are kept as
plain text: they are stored, never exported from here.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from core import tabular
from core.dates import today
from core.rules import RuleError
from core.tabular import Column, RowError
from core.text import normalise

from .models import ExpenseCategory

CSV_TYPES = {"text/csv", "text/plain", "application/csv", "application/vnd.ms-excel", ""}
MAX_AMOUNT = Decimal("9999999999.99")  # Expense.amount: 12 digits, 2 of them decimals


class ImportFileError(RuleError):
    """The file cannot be read as an export of expenses; nothing was read from it."""


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


@dataclass
class ParsedFile:
    lines: list[ExpenseLine] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def read_upload(upload) -> str:
    """The text of an uploaded CSV file: UTF-8 with or without BOM, else Windows-1252.

    Raises ImportFileError on a file over MAX_UPLOAD_MB, or one that is not a CSV.
    """
    try:
        tabular.check_size(upload.size, settings.MAX_UPLOAD_MB * 1024 * 1024)
        content_type = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
        if Path(upload.name).suffix.lower() != ".csv" or content_type not in CSV_TYPES:
            raise ImportFileError(_("Send the accounting export as a CSV file (.csv)."))
        upload.seek(0)
        return tabular.decode_text(upload.read())
    except tabular.TabularFileError as error:
        raise ImportFileError(error.message) from error


def parse_decimal(value: str) -> Decimal:
    """« 1 234,56 », « 1234.56 », « 1.234,56 € » → Decimal; ValueError otherwise."""
    return tabular.parse_decimal(value)


def parse_date(value: str) -> datetime.date:
    """dd/mm/yyyy or yyyy-mm-dd → date; ValueError otherwise."""
    # Any year, as ever: the rule against future dates is what bounds an expense's date.
    return tabular.parse_date(value, first_year=1, last_year=9999)


def _category_names() -> dict[str, str]:
    """Each category by its code and by its label in French and in English."""
    names = {}
    for language in ("fr", "en"):
        with translation.override(language):
            for choice in ExpenseCategory:
                names[normalise(str(choice.label))] = choice.value
    names.update({choice.value: choice.value for choice in ExpenseCategory})
    return names


def parse_expenses(text: str) -> ParsedFile:
    """The rows of an export, each either an ExpenseLine or the reasons it was refused."""
    try:
        table = tabular.read_csv(text)
    except tabular.TabularFileError as error:
        return ParsedFile(errors=[RowError(1, "", error.message)])
    parsed = ParsedFile()
    positions = tabular.match_headings(table.headings, COLUMNS).positions
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
    for row in table.rows:
        errors: list[tuple[str, str]] = []
        line = _line(row.values(positions), categories, errors)
        for name, message in errors:
            parsed.errors.append(RowError(row.number, headings[name], message))
        if not errors:
            parsed.lines.append(ExpenseLine(row=row.number, **line))
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
    line["category"] = categories.get(normalise(values["category"]), "")
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
