"""Random but reproducible case stories, written two ways: as a file of past cases for the
import, and event by event through the services, as a social worker would enter them by hand.

`generate(count, seed=…)` draws the stories (plain dataclasses, no database); `as_rows` turns
them into the rows of a file (helpers.csv_bytes); `enter_through_services` records the same
events, in the order of their dates, through households, workshops, interviews, mobility_plans
and followups services. Every event lies before TODAY, the day the tests freeze time on.

Both paths must accept every story, so each story keeps to the rules the two share: events
after the referral and in funnel order, a follow-up only after the move, nothing after a
withdrawal or a closing, a closing only after a move, every person with a sex and a birth
date (hand entry asks for both).
"""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field

from core.dates import add_months
from followups.models import SCHEDULE_MONTHS, FollowUp
from followups.services import followup_mark_missed, followup_record
from households.funnel import household_close, household_transition
from households.models import Relation, WithdrawalReason
from households.services import household_create, person_add
from interviews.models import Kind
from interviews.services import interview_record
from mobility_plans.models import HousingObtained, Lever
from mobility_plans.services import plan_sign, relocation_record
from partners.models import Partner
from territories.data import DEPARTEMENTS
from territories.models import ILE_DE_FRANCE_CODE, Departement, Region
from workshops import services as workshops

D = datetime.date
DAY = datetime.timedelta(days=1)
TODAY = D(2026, 6, 1)
LAST_DAY = TODAY - DAY  # the last day an event may happen on
FIRST_REFERRAL, LAST_REFERRAL = D(2017, 1, 1), D(2024, 12, 31)
CENTRES = ("CADA de Créteil", "CPH de Massy", "HUDA Paris 19", "CADA d'Évry")

# Métropole outside Île-de-France and Corsica: region code -> its départements' codes.
TARGETS: dict[str, list[str]] = defaultdict(list)
for _code, _name, _region in DEPARTEMENTS:
    if _region not in (ILE_DE_FRANCE_CODE, "94") and len(_code) == 2:
        TARGETS[_region].append(_code)
REGIONS = sorted(TARGETS)

_NAMES = (
    "Amina Bilal Chirine Dawit Elias Farid Gul Hawa Idris Jamal Karim Leila Mariam Nabil "
    "Omar Parwin Qadir Rania Samir Tesfaye Usman Yasmin Zahra Ahmad Fatima Hamid Sahar"
)
FIRST_NAMES = tuple(_NAMES.split())
STATUSES = ("refugee", "subsidiary", "stateless", "family_reunification", "regularised", "other")
EMPLOYMENTS = ("employed", "job_seeker", "in_training", "inactive")
LOCATIONS = ("target_region", "target_region", "target_region", "returned_idf", "elsewhere")
HOUSING = [value for value in HousingObtained.values if value != HousingObtained.NONE]


@dataclass
class PersonStory:
    first_name: str
    last_name: str
    relation: str
    sex: str
    birth_date: datetime.date
    protection_status: str
    workshop_dates: list[datetime.date] = field(default_factory=list)
    moves: bool = True  # False: stayed behind when the household moved


@dataclass
class FollowUpStory:
    months: int
    done_on: datetime.date | None = None
    missed_on: datetime.date | None = None
    housing_kept: bool = False
    employment: str = ""
    in_training: bool = False
    location: str = ""


@dataclass
class CaseStory:
    number: str
    referral_date: datetime.date
    referring_centre: str
    persons: list[PersonStory]
    diagnostic_on: datetime.date | None = None
    plan_interview_on: datetime.date | None = None
    plan_signed_on: datetime.date | None = None
    lever: str = ""
    target_region: str = ""  # INSEE code
    target_departement: str = ""  # code, or empty for a whole region
    moved_on: datetime.date | None = None
    destination_commune: str = ""
    destination_departement: str = ""
    lever_used: str = ""
    housing_obtained: str = ""
    followups: list[FollowUpStory] = field(default_factory=list)
    withdrawn_on: datetime.date | None = None
    withdrawal_reason: str = ""
    closed_on: datetime.date | None = None

    @property
    def workshop_dates(self) -> list[datetime.date]:
        return sorted({day for person in self.persons for day in person.workshop_dates})

    @property
    def last_event(self) -> datetime.date:
        days = [self.referral_date, *self.workshop_dates]
        days += [
            day for day in (self.diagnostic_on, self.plan_interview_on, self.plan_signed_on) if day
        ]
        if self.moved_on:
            days.append(self.moved_on)
        for followup in self.followups:
            days += [day for day in (followup.done_on, followup.missed_on) if day]
        return max(days)


# --- drawing the stories ----------------------------------------------------------------------


class _Draw:
    def __init__(self, seed: int):
        self.random = random.Random(seed)

    def day_between(self, start: datetime.date, end: datetime.date) -> datetime.date:
        return start + DAY * self.random.randint(0, max((end - start).days, 0))

    def after(self, day: datetime.date, least: int, most: int) -> datetime.date | None:
        """A day `least`..`most` days after `day`, or None when it would fall after LAST_DAY
        (the story stops there: the case is still open today)."""
        found = day + DAY * self.random.randint(least, most)
        return found if found <= LAST_DAY else None

    def workshop_day(self, day: datetime.date) -> datetime.date | None:
        """The next workshop (the site holds one on Tuesdays) a few days to weeks after `day`,
        so that households referred close together share a workshop."""
        found = self.after(day, 2, 45)
        if found is None:
            return None
        found += DAY * ((1 - found.weekday()) % 7)
        return found if found <= LAST_DAY else None

    def persons(self, number: int, referral: datetime.date) -> list[PersonStory]:
        count = self.random.choice((1, 1, 2, 2, 3, 3, 4, 5))
        last_name = f"Famille{number:04d}"
        names = self.random.sample(FIRST_NAMES, count)
        persons = []
        for index, first_name in enumerate(names):
            if index == 0:
                relation = Relation.HEAD
            elif index == 1 and self.random.random() < 0.7:
                relation = Relation.SPOUSE
            else:
                relation = self.random.choice((Relation.CHILD, Relation.CHILD, Relation.SIBLING))
            if relation == Relation.CHILD:
                birth = self.day_between(D(2004, 1, 1), referral - 30 * DAY)
                status = self.random.choice(("", "", "refugee"))
            else:
                birth = self.day_between(D(1960, 1, 1), D(2001, 12, 31))
                status = self.random.choice(STATUSES)
            persons.append(
                PersonStory(
                    first_name=first_name,
                    last_name=last_name,
                    relation=relation,
                    sex=self.random.choice("FM"),
                    birth_date=birth,
                    protection_status=status,
                )
            )
        return persons

    def withdraw(self, case: CaseStory, chance: float) -> bool:
        """Maybe end the case with a withdrawal a little after its last event."""
        if self.random.random() >= chance:
            return False
        day = self.after(case.last_event, 0, 90)
        if day is None:
            return True  # still open today: the story stops here all the same
        case.withdrawn_on = day
        case.withdrawal_reason = self.random.choice(WithdrawalReason.values)
        return True

    def followups(self, case: CaseStory) -> None:
        for months in SCHEDULE_MONTHS:
            due_on = add_months(case.moved_on, months)
            luck = self.random.random()
            if luck < 0.6:
                done_on = self.after(due_on, -10, 25)
                if done_on is None:
                    continue
                case.followups.append(
                    FollowUpStory(
                        months=months,
                        done_on=max(done_on, case.moved_on),
                        housing_kept=self.random.random() < 0.8,
                        employment=self.random.choice(EMPLOYMENTS),
                        in_training=self.random.random() < 0.25,
                        location=self.random.choice(LOCATIONS),
                    )
                )
            elif luck < 0.8:
                missed_on = self.after(due_on, 0, 40)
                if missed_on is not None:
                    case.followups.append(FollowUpStory(months=months, missed_on=missed_on))
            # else: not in the archive

    def case(self, number: int) -> CaseStory:
        rnd = self.random
        # A quarter of the cases are referred in the autumn, to move in the next year.
        if rnd.random() < 0.25:
            year = rnd.randint(FIRST_REFERRAL.year, LAST_REFERRAL.year)
            referral = self.day_between(D(year, 10, 1), D(year, 12, 20))
        else:
            referral = self.day_between(FIRST_REFERRAL, LAST_REFERRAL)
        case = CaseStory(
            number=f"{referral.year}-{number:04d}",
            referral_date=referral,
            referring_centre=rnd.choice((*CENTRES, "")),
            persons=self.persons(number, referral),
        )
        if rnd.random() < 0.75:
            first = self.workshop_day(referral)
            if first is not None:
                for index, person in enumerate(case.persons):
                    if index == 0 or rnd.random() < 0.6:
                        person.workshop_dates.append(first)
                second = self.workshop_day(first) if rnd.random() < 0.2 else None
                if second is not None:
                    case.persons[0].workshop_dates.append(second)
        if self.withdraw(case, 0.12):
            return case
        # The diagnostic mostly after the workshop, sometimes before it.
        start = case.referral_date if rnd.random() < 0.2 else case.last_event
        case.diagnostic_on = self.after(start, 0, 60) if rnd.random() < 0.9 else None
        if case.diagnostic_on is None or self.withdraw(case, 0.15):
            return case
        case.plan_interview_on = self.after(case.last_event, 7, 90)
        if case.plan_interview_on is None:
            return case
        case.lever = rnd.choice(Lever.values)
        case.target_region = rnd.choice(REGIONS)
        if rnd.random() < 0.7:
            case.target_departement = rnd.choice(TARGETS[case.target_region])
        if rnd.random() < 0.85:
            case.plan_signed_on = (
                case.plan_interview_on
                if rnd.random() < 0.5
                else self.after(case.plan_interview_on, 1, 30)
            )
        if case.plan_signed_on is None:  # a draft plan: withdrawn, or still open today
            self.withdraw(case, 0.4)
            return case
        if self.withdraw(case, 0.12):
            return case
        case.moved_on = self.after(case.plan_signed_on, 20, 240)
        if case.moved_on is None:
            return case
        region = case.target_region if rnd.random() < 0.85 else rnd.choice(REGIONS)
        case.destination_departement = (
            case.target_departement
            if region == case.target_region and case.target_departement
            else rnd.choice(TARGETS[region])
        )
        case.destination_commune = f"Commune {case.destination_departement}"
        case.lever_used = case.lever if rnd.random() < 0.8 else rnd.choice(Lever.values)
        case.housing_obtained = rnd.choice(HOUSING)
        for person in case.persons[1:]:
            person.moves = rnd.random() < 0.85
        if self.withdraw(case, 0.05):  # withdrawn on the move's heels
            return case
        self.followups(case)
        if self.withdraw(case, 0.05):
            return case
        if rnd.random() < 0.5:
            case.closed_on = self.after(case.last_event, 0, 60)
        return case


def generate(count: int, *, seed: int = 2026) -> list[CaseStory]:
    """`count` case stories, the same ones for the same seed."""
    draw = _Draw(seed)
    return [draw.case(number) for number in range(1, count + 1)]


# --- the file ---------------------------------------------------------------------------------


def _day(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _yes_no(value: bool) -> str:
    return "oui" if value else "non"


def _household_cells(case: CaseStory) -> dict[str, str]:
    cells = {
        "referral_date": _day(case.referral_date),
        "referring_centre": case.referring_centre,
        "diagnostic_on": _day(case.diagnostic_on),
        "plan_interview_on": _day(case.plan_interview_on),
        "lever": case.lever,
        "target_region": case.target_region,
        "target_departement": case.target_departement,
        "moved_on": _day(case.moved_on),
        "destination_commune": case.destination_commune,
        "destination_departement": case.destination_departement,
        "housing_obtained": case.housing_obtained,
        "withdrawn_on": _day(case.withdrawn_on),
        "withdrawal_reason": case.withdrawal_reason,
        "closed_on": _day(case.closed_on),
    }
    # A move's signature on the day of its interview and a lever used that is the plan's may
    # be left empty (columns.py): the file leaves them so, to read them the way the import does.
    if case.plan_signed_on and not (
        case.moved_on and case.plan_signed_on == case.plan_interview_on
    ):
        cells["plan_signed_on"] = _day(case.plan_signed_on)
    if case.lever_used != case.lever:
        cells["lever_used"] = case.lever_used
    for followup in case.followups:
        prefix = f"followup_{followup.months}"
        if followup.missed_on:
            cells[prefix] = f"manqué {_day(followup.missed_on)}"
            continue
        cells[prefix] = _day(followup.done_on)
        cells[f"{prefix}_housing"] = _yes_no(followup.housing_kept)
        cells[f"{prefix}_employment"] = followup.employment
        cells[f"{prefix}_training"] = _yes_no(followup.in_training)
        cells[f"{prefix}_location"] = followup.location
    return cells


def as_rows(stories: list[CaseStory], *, social_worker: str = "") -> list[dict]:
    """One row per person ({column name: cell}); the household's cells on its first row, or
    on every row for every other case (the file may do either)."""
    rows = []
    for index, case in enumerate(stories):
        household = _household_cells(case)
        if social_worker:
            household["social_worker"] = social_worker
        for position, person in enumerate(case.persons):
            row = {
                "case": case.number,
                "last_name": person.last_name,
                "first_name": person.first_name,
                "relation": person.relation,
                "sex": person.sex,
                "birth_date": _day(person.birth_date),
                "protection_status": person.protection_status,
                "workshop_dates": ", ".join(_day(day) for day in person.workshop_dates),
            }
            if case.moved_on:
                row["moved"] = _yes_no(person.moves) if position or index % 3 else ""
            if position == 0 or index % 2:
                row.update(household)
            rows.append(row)
    return rows


# --- the services -----------------------------------------------------------------------------

# Events of one day in the order of the funnel, as the import's story (writing.story) sorts them.
WORKSHOP, DIAGNOSTIC, PLAN, SIGNATURE, MOVE, FOLLOWUP, END = range(7)


def _events(case: CaseStory) -> list[tuple[datetime.date, int, object]]:
    events = [(day, WORKSHOP, day) for day in case.workshop_dates]
    for day, rank in (
        (case.diagnostic_on, DIAGNOSTIC),
        (case.plan_interview_on, PLAN),
        (case.moved_on, MOVE),
        (case.withdrawn_on or case.closed_on, END),
    ):
        if day:
            events.append((day, rank, None))
    if case.plan_signed_on and case.plan_signed_on != case.plan_interview_on:
        events.append((case.plan_signed_on, SIGNATURE, None))
    events += [(f.done_on or f.missed_on, FOLLOWUP, f) for f in case.followups]
    return sorted(events, key=lambda event: event[:2])


class _Entry:
    """Enters stories at one site, keeping the site's workshops (one a day) and partners."""

    def __init__(self, site, by, social_worker):
        self.site, self.by, self.social_worker = site, by, social_worker
        self.workshops = {}
        self.partners = {p.name: p for p in Partner.objects.filter(name__in=CENTRES)}
        self.regions = {r.code: r for r in Region.objects.all()}
        self.departements = {d.code: d for d in Departement.objects.all()}

    def workshop(self, day: datetime.date):
        if day not in self.workshops:
            self.workshops[day] = workshops.workshop_create(
                by=self.by,
                site=self.site,
                date=day,
                start_time=datetime.time(9, 30),
                end_time=datetime.time(12),
                place="Salle du rez-de-chaussée",
                capacity=500,
                topic="Vivre et travailler en région",
                language="français",
            )
        return self.workshops[day]

    def enter(self, case: CaseStory) -> None:
        by, social_worker = self.by, self.social_worker
        household = household_create(
            by=by,
            site=self.site,
            referral_date=case.referral_date,
            social_worker=social_worker,
            referring_partner=self.partners.get(case.referring_centre),
        )
        persons = [
            person_add(
                household=household,
                by=by,
                first_name=p.first_name,
                last_name=p.last_name,
                relation=p.relation,
                sex=p.sex,
                birth_date=p.birth_date,
                protection_status=p.protection_status,
            )
            for p in case.persons
        ]
        plan = relocation = None
        for day, rank, detail in _events(case):
            if rank == WORKSHOP:
                workshop = self.workshop(day)
                for story, person in zip(case.persons, persons, strict=True):
                    if day in story.workshop_dates:
                        registration = workshops.workshop_register_person(
                            workshop=workshop, person=person, by=by
                        )
                        workshops.workshop_record_attendance(
                            registration=registration, attendance="present", by=by
                        )
            elif rank == DIAGNOSTIC:
                interview_record(
                    household=household,
                    by=by,
                    kind=Kind.DIAGNOSTIC,
                    held_on=day,
                    social_worker=social_worker,
                    duration_minutes=60,
                )
            elif rank == PLAN:
                target = {"region": self.regions[case.target_region]}
                if case.target_departement:
                    target["departement"] = self.departements[case.target_departement]
                signed_on = case.plan_signed_on if case.plan_signed_on == day else None
                plan = interview_record(
                    household=household,
                    by=by,
                    kind=Kind.MOBILITY_PLAN,
                    held_on=day,
                    social_worker=social_worker,
                    duration_minutes=60,
                    plan={
                        "lever": case.lever,
                        "targets": [target],
                        "persons": persons,
                        "signed_on": signed_on,
                    },
                ).plan
            elif rank == SIGNATURE:
                plan_sign(plan=plan, by=by, signed_on=day)
            elif rank == MOVE:
                relocation = relocation_record(
                    plan=plan,
                    by=by,
                    moved_on=day,
                    commune=case.destination_commune,
                    departement=self.departements[case.destination_departement],
                    lever_used=case.lever_used,
                    housing_obtained=case.housing_obtained,
                    persons=[
                        person
                        for story, person in zip(case.persons, persons, strict=True)
                        if story.moves
                    ],
                    historical=True,
                )
            elif rank == FOLLOWUP:
                self.followup(relocation, detail)
            elif case.withdrawn_on:
                household_transition(
                    household=household,
                    to_status="withdrawn",
                    by=by,
                    occurred_on=day,
                    reason=case.withdrawal_reason,
                )
            else:
                # Follow-ups still ahead hold a closing back; a coordinator closes with a
                # reason, as the archive's case was closed.
                household_close(
                    household=household, by=by, closed_on=day, reason="Clôturé dans l'archive"
                )

    def followup(self, relocation, story: FollowUpStory) -> None:
        followup = FollowUp.objects.get(relocation=relocation, months_after=story.months)
        if story.missed_on:
            followup_mark_missed(followup=followup, by=self.by, missed_on=story.missed_on)
            return
        followup_record(
            followup=followup,
            by=self.by,
            done_on=story.done_on,
            method="phone",
            housing_kept=story.housing_kept,
            employment=story.employment,
            in_training=story.in_training,
            location=story.location,
        )


def enter_through_services(stories: list[CaseStory], *, site, by, social_worker) -> None:
    """Enter every story at `site` through the services, each case's events by date.

    `by` must coordinate the site: it schedules the workshops and closes the cases whose
    follow-ups are still ahead (with a reason, as only a coordinator may)."""
    entry = _Entry(site, by, social_worker)
    for case in stories:
        entry.enter(case)
