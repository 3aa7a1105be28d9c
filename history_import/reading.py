"""From the rows of a file to CaseRecords: every cell typed, or refused with its row and column.

Nothing is written and nothing is judged here but the cells themselves (a date that exists, a
status the programme knows, a case whose rows agree); the order of a case's events and what the
database already holds are checking.py's. `Lookups` holds what cells are matched against: the
programme's lists of choices (by code, French or English label), the regions and départements.
"""

import re
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries

from core.tabular import CellError, Row, RowError, looks_like_formula, parse_date
from core.text import normalise
from followups.models import SCHEDULE_MONTHS, Location
from funding.models import EvidenceKind
from households.models import Employment, ProtectionStatus, Relation, Sex, WithdrawalReason
from mobility_plans.models import HousingObtained, Lever
from territories.models import Departement, Region

from .columns import BY_NAME, COLUMNS
from .records import CaseRecord, EvidenceRecord, FollowUpRecord, PersonRecord

FIRST_YEAR = 1900  # no birth, and no event of the programme (2005), before it
LONGEST = {
    "first_name": 100,
    "last_name": 100,
    "destination_commune": 120,
    "case": 60,
    "evidence_number": 100,  # EligibilityEvidence.number
    "referring_centre": 200,  # Partner.name
}
LONGEST_CELL = 300
YES = {"oui", "o", "yes", "y", "1", "x", "vrai", "true"}
NO = {"non", "n", "no", "0", "faux", "false"}
MISSED_WORDS = ("manque", "missed", "injoignable", "unreachable")


def _names(choices, extra: dict | None = None) -> dict[str, str]:
    """Each choice by its code and its label in French and in English, as compared."""
    names = {normalise(value): value for value in choices.values}
    for language in ("en", "fr"):
        with translation.override(language):
            for value, label in choices.choices:
                names.setdefault(normalise(str(label)), value)
    names.update(extra or {})
    return names


@dataclass
class Lookups:
    choices: dict[str, dict[str, str]] = field(default_factory=dict)
    regions: dict[str, str] = field(default_factory=dict)  # name or code -> region code
    departements: dict[str, Departement] = field(default_factory=dict)  # name or code
    countries: dict[str, str] = field(default_factory=dict)  # ISO code or name -> ISO code

    @classmethod
    def load(cls) -> "Lookups":
        lookups = cls()
        lookups.choices = {
            "sex": _names(Sex, {"h": "M", "homme": "M", "femme": "F", "male": "M", "female": "F"}),
            "relation": _names(Relation, {"chef de menage": "head", "conjoint": "spouse"}),
            "protection_status": _names(ProtectionStatus, {"refugie": "refugee"}),
            "evidence_kind": _names(EvidenceKind),
            "lever": _names(Lever),
            "lever_used": _names(Lever),
            "housing_obtained": _names(HousingObtained),
            "withdrawal_reason": _names(WithdrawalReason),
            "employment": _names(Employment),
            "location": _names(Location),
        }
        for region in Region.objects.all():
            lookups.regions[normalise(region.code)] = region.code
            lookups.regions[normalise(region.name)] = region.code
        for departement in Departement.objects.all():
            lookups.departements[normalise(departement.code)] = departement
            lookups.departements[normalise(departement.name)] = departement
            # "1" for "01", as spreadsheets drop leading zeros.
            lookups.departements.setdefault(departement.code.lstrip("0").lower(), departement)
        # Built once: django_countries translates its whole list on every lookup.
        for language in ("en", "fr"):
            with translation.override(language):
                for code, country_name in countries:
                    lookups.countries.setdefault(normalise(country_name), code)
        for code, _name in countries:
            lookups.countries[normalise(code)] = code
            lookups.countries.setdefault(normalise(countries.alpha3(code)), code)
        return lookups


@dataclass
class ReadResult:
    cases: list[CaseRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


class CellReader:
    """Types the cells of one row; every refusal lands in `errors` under the file's heading."""

    def __init__(self, row: Row, values: dict[str, str], headings: dict[str, str], lookups):
        self.row, self.values, self.headings, self.lookups = row, values, headings, lookups
        self.errors: list[RowError] = []

    def error(self, name: str, message: str) -> None:
        self.errors.append(RowError(self.row.number, self.headings[name], str(message)))

    def text(self, name: str) -> str:
        value = self.values.get(name, "")
        if looks_like_formula(value):
            self.error(name, _("This cell holds a formula: type its value instead."))
            return ""
        longest = LONGEST.get(name, LONGEST_CELL)
        if len(value) > longest:
            self.error(
                name, _("This cell is too long (at most %(max)d characters).") % {"max": longest}
            )
            return ""
        return value

    def date(self, name: str):
        value = self.text(name)
        if not value:
            return None
        try:
            return parse_date(value, first_year=FIRST_YEAR)
        except CellError as error:
            self.error(name, error.message)
            return None

    def dates(self, name: str) -> list:
        value = self.text(name)
        days = []
        for part in re.split(r"[,;\s]+", value):
            if part:
                try:
                    days.append(parse_date(part, first_year=FIRST_YEAR))
                except CellError as error:
                    self.error(name, f"{part}: {error.message}")
        return days

    def choice(self, name: str, kind: str | None = None) -> str:
        value = self.text(name)
        if not value:
            return ""
        found = self.lookups.choices[kind or name].get(normalise(value))
        if found is None:
            self.error(
                name,
                _("“%(value)s” is not one of the allowed values (%(allowed)s).")
                % {"value": value, "allowed": _allowed(kind or name)},
            )
            return ""
        return found

    def yes_no(self, name: str) -> bool | None:
        value = normalise(self.text(name))
        if not value:
            return None
        if value in YES:
            return True
        if value in NO:
            return False
        self.error(name, _("Write oui or non."))
        return None

    def region(self, name: str):
        value = self.text(name)
        if not value:
            return None
        code = self.lookups.regions.get(normalise(value))
        if code is None:
            self.error(name, _("Unknown region: give its name or its INSEE code."))
        return code

    def departement(self, name: str):
        value = self.text(name)
        if not value:
            return None
        found = self.lookups.departements.get(normalise(value))
        if found is None:
            self.error(name, _("Unknown département: give its code (69, 2A, 971) or its name."))
        return found

    def country(self, name: str) -> str:
        value = self.text(name)
        if not value:
            return ""
        code = self.lookups.countries.get(normalise(value))
        if not code:
            self.error(name, _("Unknown country: give its name or its two-letter ISO code."))
        return code or ""


def _allowed(kind: str) -> str:
    column = BY_NAME.get(kind)
    if column is None:  # the follow-ups' employment and location cells
        column = BY_NAME[f"followup_1_{kind}"]
    return column.allowed


def _followup(cells: CellReader, months: int) -> FollowUpRecord | None:
    prefix = f"followup_{months}"
    record = FollowUpRecord(months=months)
    outcome = cells.text(prefix)
    if outcome:
        word = normalise(outcome)
        if word.startswith(MISSED_WORDS):
            record.missed = True
            rest = re.sub(r"^\D*", "", outcome).strip()
            if rest:
                try:
                    record.missed_on = parse_date(rest, first_year=FIRST_YEAR)
                except CellError as error:
                    cells.error(prefix, error.message)
        else:
            try:
                record.done_on = parse_date(outcome, first_year=FIRST_YEAR)
            except CellError:
                cells.error(prefix, _("Write the date it was done, or “manqué” (missed)."))
    record.housing_kept = cells.yes_no(f"{prefix}_housing")
    record.employment = cells.choice(f"{prefix}_employment", "employment")
    record.in_training = cells.yes_no(f"{prefix}_training")
    record.location = cells.choice(f"{prefix}_location", "location")
    details = (record.housing_kept, record.in_training, record.employment, record.location)
    if not outcome and any(value not in (None, "") for value in details):
        cells.error(prefix, _("Give the date of this follow-up, or “manqué”, with its outcome."))
    return record if outcome else None


def _merge_followup(known: FollowUpRecord, other: FollowUpRecord) -> bool:
    """Fill `known` with what another row of the case adds; False when the rows disagree."""
    if known is other:
        return True
    outcome = ("done_on", "missed", "missed_on")
    if any(getattr(known, n) != getattr(other, n) for n in outcome):
        return False
    for name in ("housing_kept", "employment", "in_training", "location"):
        mine, theirs = getattr(known, name), getattr(other, name)
        if theirs in (None, ""):
            continue
        if mine in (None, ""):
            setattr(known, name, theirs)
        elif mine != theirs:
            return False
    return True


HOUSEHOLD_READERS = {
    "referral_date": "date",
    "referring_centre": "text",
    "social_worker": "text",
    "diagnostic_on": "date",
    "plan_interview_on": "date",
    "plan_signed_on": "date",
    "lever": "choice",
    "target_region": "region",
    "target_departement": "departement",
    "moved_on": "date",
    "destination_commune": "text",
    "destination_departement": "departement",
    "lever_used": "choice",
    "housing_obtained": "choice",
    "withdrawn_on": "date",
    "withdrawal_reason": "choice",
    "closed_on": "date",
}


def _person(cells: CellReader) -> PersonRecord | None:
    first_name, last_name = cells.text("first_name"), cells.text("last_name")
    for name, value in (("first_name", first_name), ("last_name", last_name)):
        if not value and not any(e.column == cells.headings[name] for e in cells.errors):
            cells.error(name, _("This cell is empty."))
    relation = cells.choice("relation")
    if not relation and not cells.values.get("relation"):
        cells.error("relation", _("This cell is empty."))
    person = PersonRecord(
        row=cells.row.number,
        first_name=first_name,
        last_name=last_name,
        relation=relation,
        sex=cells.choice("sex"),
        birth_date=cells.date("birth_date"),
        nationality=cells.country("nationality"),
        protection_status=cells.choice("protection_status"),
        workshop_dates=cells.dates("workshop_dates"),
    )
    moved = cells.yes_no("moved")
    person.moved = moved is not False
    kind = cells.choice("evidence_kind")
    number, issued_on = cells.text("evidence_number"), cells.date("evidence_issued_on")
    expires_on = cells.date("evidence_expires_on")
    if kind:
        if not number and not cells.values.get("evidence_number"):
            cells.error("evidence_number", _("Give the number of the document."))
        if issued_on is None and not cells.values.get("evidence_issued_on"):
            cells.error("evidence_issued_on", _("Give the date the document was issued."))
        if issued_on and expires_on and expires_on < issued_on:
            cells.error("evidence_expires_on", _("A document cannot expire before its issue."))
        if number and issued_on:
            person.evidence = EvidenceRecord(kind, number, issued_on, expires_on)
    elif number or issued_on or expires_on:
        cells.error("evidence_kind", _("Say which document this is."))
    return person


def read_cases(
    table, positions: dict[str, int], headings: dict[str, str], lookups, *, progress=None
) -> ReadResult:
    """The file's rows, grouped by case number into typed CaseRecords, and the refused cells.

    `headings` names each column as the file does (for the messages). A case with a refused
    cell is left out of `cases`: its errors say why, and the import will not start anyway.
    """
    result = ReadResult()
    by_key: dict[str, CaseRecord] = {}
    failed: set[str] = set()
    given_on: dict[tuple[str, str], int] = {}  # (case, column) -> the row that gave its value
    for column in COLUMNS:
        headings.setdefault(column.name, column.heading)
    total = len(table.rows)
    for done, row in enumerate(table.rows):
        if progress and done % 2000 == 0:
            progress(done, total)
        cells = CellReader(row, row.values(positions), headings, lookups)
        key = cells.text("case")
        if not key:
            if not cells.errors:
                cells.error("case", _("This cell is empty."))
            result.errors.extend(cells.errors)
            continue
        case = by_key.get(normalise(key))
        if case is None:
            case = by_key[normalise(key)] = CaseRecord(key=key, rows=[])
            result.cases.append(case)
        case.rows.append(row.number)
        for name, reader in HOUSEHOLD_READERS.items():
            if not cells.values.get(name):
                continue
            value = getattr(cells, reader)(name)
            if value in (None, ""):
                continue
            known = case.values.get(name)
            if known is None:
                case.values[name] = value
                given_on[(normalise(key), name)] = row.number
            elif known != value:
                cells.error(
                    name,
                    _("This case's row %(row)d says otherwise: one value per case.")
                    % {"row": given_on[(normalise(key), name)]},
                )
        for months in SCHEDULE_MONTHS:
            followup = _followup(cells, months)
            if followup is not None:
                known = case.followups.setdefault(months, followup)
                if not _merge_followup(known, followup):
                    cells.error(
                        f"followup_{months}",
                        _("This case's row %(row)d says otherwise: one value per case.")
                        % {"row": case.row},
                    )
        person = _person(cells)
        if cells.errors:
            failed.add(normalise(key))
        elif person is not None:
            case.persons.append(person)
        result.errors.extend(cells.errors)
    result.cases = [case for case in result.cases if normalise(case.key) not in failed]
    return result
