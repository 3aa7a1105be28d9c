"""Reading a reference file (hiring needs, housing zoning) under a column mapping.

The file is read by core.tabular, as every import is: CSV or XLSX, headings matched by their
aliases or by the mapping the coordinator chose (their wording changes from year to year).
Each cell is checked here and every problem becomes a RowError the preview lists by row and
column; the file is imported only once it has none. The survey gives a figure per employment
area: rows of one occupation family in one département are added up (hires) and their shares
averaged, weighted by the hires.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from core import tabular
from core.tabular import Column, RowError
from territories.models import Departement

from .models import DatasetKind, Zone

# Headings in French, as the files are: a column is named by its heading on every page.
COLUMNS = {
    DatasetKind.HIRING_NEEDS: [
        Column(
            "family_code",
            "Code métier",
            ("code metier bmo", "code famille", "metier", "code_metier_bmo"),
        ),
        Column(
            "family_label",
            "Nom métier",
            ("nom metier bmo", "libellé métier", "famille de métiers", "nommetier"),
        ),
        Column(
            "departement",
            "Département",
            ("dept", "code département", "departement", "dep", "department"),
        ),
        Column(
            "planned_hires",
            "Projets de recrutement",
            ("met", "nombre de projets", "recrutements"),
        ),
        Column(
            "difficult_share",
            "Part difficiles (%)",
            ("difficiles (%)", "% difficiles", "part de difficultés"),
        ),
        Column(
            "seasonal_share",
            "Part saisonniers (%)",
            ("saisonniers (%)", "% saisonniers", "part saisonnière"),
        ),
    ],
    DatasetKind.HOUSING_ZONES: [
        Column(
            "commune_code",
            "Code commune",
            ("code commune", "codgeo", "code insee", "insee", "commune"),
        ),
        Column(
            "departement",
            "Département",
            ("dept", "code département", "departement", "dep"),
            required=False,
        ),
        Column("zone", "Zone", ("zonage", "zonage abc", "zone abc", "zone_abc")),
    ],
}

PREVIEW_ROWS = 10
ZONE_SPELLINGS = {"abis": Zone.A_BIS, "a bis": Zone.A_BIS, "a": Zone.A, "b1": Zone.B1}
ZONE_SPELLINGS |= {"b2": Zone.B2, "c": Zone.C}
COMMUNE_CODE = re.compile(r"(\d{5}|2[AB]\d{3})")


@dataclass
class Parsed:
    """A file read under a mapping: the rows ready to import, or what is wrong with it."""

    headings: list[str] = field(default_factory=list)
    positions: dict[str, int] = field(default_factory=dict)
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    read: int = 0  # rows of the file, before adding up employment areas

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def departement_code(text: str, known: set[str]) -> str | None:
    """« 1 », « 01 », « 2a », « 971 » → the INSEE code, or None when no département has it."""
    code = text.strip().upper()
    if code.isdigit() and len(code) == 1:
        code = "0" + code
    return code if code in known else None


def _share(text: str) -> Decimal:
    value = tabular.parse_decimal(text.replace("%", ""))
    if not 0 <= value <= 100:
        raise tabular.CellError(_("A share is a percentage between 0 and 100."))
    return value


def _hires(text: str) -> int:
    value = tabular.parse_decimal(text)
    if value < 0 or value != value.to_integral_value():
        raise tabular.CellError(_("A number of hires is a whole number, 0 or more."))
    return int(value)


def _hiring_row(values, known, error) -> dict | None:
    row = {"family_code": values["family_code"], "family_label": values["family_label"]}
    for name in ("family_code", "family_label"):
        if not values[name]:
            error(name, _("This cell is empty."))
    if len(values["family_code"]) > 10:
        error("family_code", _("An occupation family code has at most 10 characters."))
    row["departement"] = departement_code(values["departement"], known)
    if row["departement"] is None:
        error("departement", _("No département has this code."))
    for name, parse in (
        ("planned_hires", _hires),
        ("difficult_share", _share),
        ("seasonal_share", _share),
    ):
        try:
            row[name] = parse(values[name])
        except tabular.CellError as cell:
            error(name, cell.message)
    return row


def _zone_row(values, known, error) -> dict | None:
    code = values["commune_code"].strip().upper()
    if code.isdigit() and len(code) == 4:
        code = "0" + code  # a spreadsheet drops the leading zero of Ain's communes
    row = {"commune_code": code}
    if not COMMUNE_CODE.fullmatch(code):
        error("commune_code", _("A commune INSEE code has five characters (e.g. 01053, 2A004)."))
    given = values.get("departement", "")
    guess = code[:3] if code.startswith("97") else code[:2]
    row["departement"] = departement_code(given or guess, known)
    if row["departement"] is None:
        error("departement", _("No département has this code."))
    row["zone"] = ZONE_SPELLINGS.get(" ".join(values["zone"].lower().split()))
    if row["zone"] is None:
        error("zone", _("A zone is one of A bis, A, B1, B2 or C."))
    return row


def _add_up(rows: list[dict]) -> list[dict]:
    """One row per occupation family and département (the survey's employment areas summed)."""
    grouped: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        grouped[(row["family_code"], row["departement"])].append(row)
    merged = []
    for (code, dep), group in grouped.items():
        hires = sum(r["planned_hires"] for r in group)

        def weighted(name, group=group, hires=hires):
            if not hires:
                return group[0][name]
            total = sum(r[name] * r["planned_hires"] for r in group)
            return (total / hires).quantize(Decimal("0.1"))

        merged.append(
            {
                "family_code": code,
                "family_label": group[0]["family_label"],
                "departement": dep,
                "planned_hires": hires,
                "difficult_share": weighted("difficult_share"),
                "seasonal_share": weighted("seasonal_share"),
            }
        )
    return merged


def parse_file(data: bytes, *, name: str, kind: str, mapping: dict, max_bytes: int) -> Parsed:
    """The rows of the file under `mapping` ({heading: column name or ""}), with every error;
    a file that cannot be read at all is one error of row 1."""
    parsed = Parsed()
    try:
        table = tabular.read_table(data, name=name, max_bytes=max_bytes)
    except tabular.TabularFileError as problem:
        parsed.errors.append(RowError(1, "", problem.message))
        return parsed
    columns = COLUMNS[kind]
    headings = [str(h) for h in table.headings]
    found = tabular.match_headings(headings, columns, mapping=mapping)
    parsed.headings, parsed.positions = headings, found.positions
    parsed.errors += found.errors()
    if found.missing:
        return parsed
    known = set(Departement.objects.values_list("code", flat=True))
    by_name = {c.name: str(c.heading) for c in columns}
    read_row = _hiring_row if kind == DatasetKind.HIRING_NEEDS else _zone_row
    for source in table.rows:
        values = source.values(found.positions)
        before = len(parsed.errors)

        def error(column, message, number=source.number):
            parsed.errors.append(RowError(number, by_name[column], message))

        for column, text in values.items():
            if tabular.looks_like_formula(text):
                error(column, _("A formula is not accepted: type the value itself."))
        if len(parsed.errors) == before:
            row = read_row(values, known, error)
            if len(parsed.errors) == before:
                parsed.rows.append(row)
        parsed.read += 1
    if kind == DatasetKind.HIRING_NEEDS:
        parsed.rows = _add_up(parsed.rows)
    if not parsed.rows and not parsed.errors:
        parsed.errors.append(RowError(1, "", _("The file has no row to import.")))
    return parsed


def initial_mapping(headings: list[str], kind: str, mapping: dict) -> list[str]:
    """The column each heading gives (by position; "" for none), as the import would read it."""
    found = tabular.match_headings(headings, COLUMNS[kind], mapping=mapping)
    by_position = {position: name for name, position in found.positions.items()}
    return [by_position.get(position, "") for position in range(len(headings))]
