"""Judging each case read from a file: the order of its events, and what the database holds.

The rules are those the services apply to an entry by hand (households.services,
interviews.services, mobility_plans.services, followups.services), stated once more for a whole
history at a time: the services check one event against the present, an import checks a
finished story. Each refusal names the case's first row and the column of the event at fault.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.access import user_access
from core.tabular import RowError
from core.text import normalise
from households.models import Household, Person, Relation
from territories.models import ILE_DE_FRANCE_CODE

from .records import CaseRecord

CREATE, EXISTS, DUPLICATE = "create", "exists", "duplicate"


@dataclass
class CaseVerdict:
    """What the import does with one case: create it, or skip it and say why."""

    case: CaseRecord
    action: str
    detail: str = ""


@dataclass
class CheckResult:
    verdicts: list[CaseVerdict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def to_create(self) -> list[CaseRecord]:
        return [v.case for v in self.verdicts if v.action == CREATE]


def _day(value: datetime.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


class CaseChecker:
    def __init__(self, case: CaseRecord, headings: dict[str, str], today: datetime.date):
        self.case, self.headings, self.today = case, headings, today
        self.get = case.get
        self.errors: list[RowError] = []

    def error(self, name: str, message: str) -> None:
        self.errors.append(RowError(self.case.row, self.headings[name], str(message)))

    def not_before(self, name: str, day, earlier_name: str, earlier) -> None:
        if day and earlier and day < earlier:
            self.error(
                name,
                _("This date is before the %(earlier)s (%(day)s): the events are out of order.")
                % {"earlier": self.headings[earlier_name], "day": _day(earlier)},
            )

    def check(self) -> list[RowError]:
        case, get = self.case, self.case.get
        referral = get("referral_date")
        if referral is None:
            self.error("referral_date", _("This cell is empty."))
            return self.errors
        events = [
            (name, get(name))
            for name in (
                "referral_date",
                "diagnostic_on",
                "plan_interview_on",
                "plan_signed_on",
                "moved_on",
                "withdrawn_on",
                "closed_on",
            )
            if get(name)
        ]
        events += [("workshop_dates", day) for day in case.workshop_dates]
        for months, followup in case.followups.items():
            for day in (followup.done_on, followup.missed_on):
                if day:
                    events.append((f"followup_{months}", day))
        for name, day in events:
            if day > self.today:
                self.error(name, _("This date is still to come: an import holds the past."))
            self.not_before(name, day, "referral_date", referral)
        self._persons()
        self._plan()
        self._move()
        self._end(events)
        return self.errors

    def _persons(self) -> None:
        case = self.case
        if not case.persons:
            self.error("last_name", _("This case has no person."))
        heads = [p for p in case.persons if p.relation == Relation.HEAD]
        if len(heads) > 1:
            self.error(
                "relation",
                _("Two heads of household in this case (rows %(rows)s).")
                % {"rows": ", ".join(str(p.row) for p in heads)},
            )
        for person in case.persons:
            if person.evidence and person.evidence.issued_on > self.today:
                self.errors.append(
                    RowError(
                        person.row,
                        self.headings["evidence_issued_on"],
                        _("A document cannot be issued in the future."),
                    )
                )
            if person.birth_date and person.birth_date > self.today:
                self.errors.append(
                    RowError(
                        person.row,
                        self.headings["birth_date"],
                        _("The birth date cannot be in the future."),
                    )
                )

    def _plan(self) -> None:
        get = self.get
        interview, diagnostic = get("plan_interview_on"), get("diagnostic_on")
        if interview and not diagnostic:
            self.error(
                "plan_interview_on",
                _("The plan interview needs the date of the diagnostic interview before it."),
            )
        self.not_before("plan_interview_on", interview, "diagnostic_on", diagnostic)
        self.not_before("plan_signed_on", get("plan_signed_on"), "plan_interview_on", interview)
        for name in ("plan_signed_on", "lever", "target_region", "target_departement"):
            if get(name) and not interview:
                self.error(name, _("A plan needs the date of its interview (plan interview)."))
                break
        region, departement = get("target_region"), get("target_departement")
        if region == ILE_DE_FRANCE_CODE or (departement and departement.is_ile_de_france):
            self.error(
                "target_region" if region else "target_departement",
                _("A mobility plan targets a region outside Île-de-France."),
            )
        elif region and departement and departement.region_id != region:
            self.error(
                "target_departement",
                _("The département %(dep)s is not in the target region.") % {"dep": departement},
            )

    def _move(self) -> None:
        case, get = self.case, self.case.get
        moved_on = get("moved_on")
        details = ("destination_commune", "destination_departement", "lever_used")
        if not moved_on:
            for name in (*details, "housing_obtained"):
                if get(name):
                    self.error(name, _("Give the date of the move (moving date)."))
                    break
            for months in case.followups:
                self.error(f"followup_{months}", _("A follow-up needs the date of the move."))
            return
        if not get("plan_interview_on"):
            self.error("moved_on", _("A move needs its mobility plan: give the plan interview."))
        if get("plan_signed_on"):
            self.not_before("moved_on", moved_on, "plan_signed_on", get("plan_signed_on"))
        else:
            self.not_before("moved_on", moved_on, "plan_interview_on", get("plan_interview_on"))
        destination = get("destination_departement")
        if destination is None:
            self.error("destination_departement", _("Give the département of the move."))
        elif destination.is_ile_de_france:
            self.error(
                "destination_departement",
                _(
                    "A move within Île-de-France needs a coordinator's reason: enter it by "
                    "hand on the household's page."
                ),
            )
        if not (get("lever_used") or get("lever")):
            self.error("lever_used", _("Give the lever of the move (or the plan's lever)."))
        if not any(person.moved for person in case.persons):
            self.error("moved", _("Nobody of this case moved: say who did (oui)."))
        for months, followup in case.followups.items():
            for day in (followup.done_on, followup.missed_on):
                self.not_before(f"followup_{months}", day, "moved_on", moved_on)

    def _end(self, events) -> None:
        get = self.get
        withdrawn_on, reason, closed_on = (
            get("withdrawn_on"),
            get("withdrawal_reason"),
            get("closed_on"),
        )
        if withdrawn_on and not reason:
            self.error("withdrawal_reason", _("Give the reason for the withdrawal."))
        if reason and not withdrawn_on:
            self.error("withdrawn_on", _("Give the date of the withdrawal."))
        if withdrawn_on and closed_on:
            self.error("closed_on", _("A withdrawn case is not closed as well: keep one of them."))
        if closed_on and not get("moved_on"):
            self.error("closed_on", _("Only a household that moved can be closed."))
        for end_name, end in (("withdrawn_on", withdrawn_on), ("closed_on", closed_on)):
            if not end:
                continue
            for name, day in events:
                if name not in ("withdrawn_on", "closed_on") and day > end:
                    self.error(
                        name,
                        _("This event comes after the end of the case (%(column)s, %(day)s).")
                        % {"column": self.headings[end_name], "day": _day(end)},
                    )


def check_cases(
    cases: list[CaseRecord], *, site, user, headings: dict[str, str], today: datetime.date
) -> CheckResult:
    """Each case's verdict (create, already imported, duplicate) and the errors of the file.

    Reads the database (the case numbers already imported for the site, the persons of the
    same name and birth date) in a few queries; writes nothing.
    """
    result = CheckResult()
    for case in cases:
        result.errors.extend(CaseChecker(case, headings, today).check())
    _check_people_in_file(cases, headings, result)
    # Compared as the file's rows are grouped (reading.read_cases): "ab-1" is "AB-1".
    imported = {
        normalise(key)
        for key in Household.objects.filter(site=site)
        .exclude(import_key="")
        .values_list("import_key", flat=True)
    }
    matches = _existing_people(cases)
    access = user_access(user)
    for case in cases:
        if normalise(case.key) in imported:
            result.verdicts.append(CaseVerdict(case, EXISTS, _("Already imported for this site.")))
            continue
        found = [
            (person, matches[(normalise(person.name), person.birth_date)])
            for person in case.persons
            if person.birth_date and (normalise(person.name), person.birth_date) in matches
        ]
        if found:
            person, (reference, site_id) = found[0]
            where = reference if access.can_read_site(site_id) else _("another site")
            result.verdicts.append(
                CaseVerdict(
                    case,
                    DUPLICATE,
                    _("%(name)s (row %(row)d) is already registered (%(where)s): not imported.")
                    % {"name": person.name, "row": person.row, "where": where},
                )
            )
            continue
        result.verdicts.append(CaseVerdict(case, CREATE))
    return result


def _check_people_in_file(cases, headings, result: CheckResult) -> None:
    seen: dict[tuple, int] = {}
    for case in cases:
        for person in case.persons:
            if person.birth_date is None:
                continue
            key = (normalise(person.name), person.birth_date)
            if key in seen and seen[key] != person.row:
                result.errors.append(
                    RowError(
                        person.row,
                        headings["last_name"],
                        _("The same person is already on row %(row)d of this file.")
                        % {"row": seen[key]},
                    )
                )
            seen.setdefault(key, person.row)


def _existing_people(cases) -> dict[tuple, tuple[str, int]]:
    """(normalised name, birth date) → (household reference, site id) of persons registered."""
    names = sorted(
        {normalise(person.name) for case in cases for person in case.persons if person.birth_date}
    )
    found: dict[tuple, tuple[str, int]] = {}
    for start in range(0, len(names), 2000):
        rows = Person.objects.filter(
            normalized_name__in=names[start : start + 2000], birth_date__isnull=False
        ).values_list("normalized_name", "birth_date", "household__reference", "household__site")
        for name, birth_date, reference, site_id in rows:
            found.setdefault((name, birth_date), (reference, site_id))
    return found
