"""Writing the checked cases of a file: every row the services would have written, in bulk.

Entering 10,000 past households through the services one event at a time takes a hundred
queries each (locks, signals, one status change per call); an import writes each kind of row
once per file instead, as plain rows (core.bulk: COPY on PostgreSQL, primary keys reserved from
the sequences), inside the caller's transaction. The rows are
those the services write for the same story (a test compares the indicators of both), with
three differences on purpose:
- no staff time is derived from imported interviews and workshops: their hours are unknown;
- what the archive did not keep stays empty (sex, birth date, workshop times, the worker and
  duration of an interview, the lever of a plan), never guessed;
- households, persons, follow-ups and evidence get one history entry each whose reason names the
  file and its SHA-256; the household keeps its case number (`import_key`).
"""

import datetime
from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _

from core.bulk import BulkInserter
from core.dates import add_months
from core.text import normalise
from followups.models import SCHEDULE_MONTHS, FollowUp, FollowUpStatus
from funding.models import EligibilityEvidence
from households.models import ENDED, Household, Person, Status, StatusChange
from households.services import household_milestones_changed, household_references_reserve
from households.transitions import funnel_rank
from interviews.models import DiagnosticAssessment, Interview, Kind
from mobility_plans.models import MobilityPlan, PlanStatus, PlanTarget, Relocation
from partners.models import Partner, PartnerKind
from partners.services import partner_create
from workshops.models import Attendance, Workshop, WorkshopRegistration

from .records import CaseRecord

BATCH = 2000
LINKS = ("plan persons", "relocation persons")


def plan_signed_on(case: CaseRecord) -> datetime.date | None:
    """The plan's signature: the file's date, else its interview's when the case went on to a
    move (a move needs a signed plan); a plan without either stays a draft, as by hand."""
    if case.get("plan_signed_on"):
        return case.get("plan_signed_on")
    if case.get("plan_interview_on") and case.get("moved_on"):
        return case.get("plan_interview_on")
    return None


def story(case: CaseRecord) -> list[tuple[str, datetime.date, str, str]]:
    """The household's status changes, (to_status, date, source, reason), in the order the
    services would write them for the same events entered by date: each event reaches its
    step only forward (households.funnel.household_reach_step), and the end comes last."""
    done = sorted(f.done_on for f in case.followups.values() if f.done_on)
    reached = [
        (Status.INFORMED, case.workshop_dates[0] if case.workshop_dates else None, "workshop"),
        (Status.DIAGNOSED, case.get("diagnostic_on"), "interview"),
        (Status.PLAN_SIGNED, plan_signed_on(case), "mobility_plan"),
        (Status.RELOCATED, case.get("moved_on"), "relocation"),
        (Status.FOLLOWED_UP, done[0] if done else None, "followup"),
    ]
    steps = sorted(
        ((day, funnel_rank(status), status, source) for status, day, source in reached if day),
    )
    changes = [(Status.REFERRED, case.get("referral_date"), "registration", "")]
    current = Status.REFERRED
    for day, rank, status, source in steps:
        if rank > funnel_rank(current):
            changes.append((status, day, source, ""))
            current = status
    if case.get("withdrawn_on"):
        changes.append(
            (Status.WITHDRAWN, case.get("withdrawn_on"), "manual", case.get("withdrawal_reason"))
        )
    elif case.get("closed_on"):
        changes.append((Status.CLOSED, case.get("closed_on"), "followup_close", ""))
    return changes


class Writer:
    """Creates the rows of every case of one file; call `write(cases)` in a transaction."""

    def __init__(self, *, site, by, file_name: str, sha256: str, today: datetime.date):
        self.site, self.by, self.today = site, by, today
        # history_change_reason holds 100 characters: the checksum whole, the name cut.
        self.reason = f"import {sha256} {file_name}"[:100]
        self.now = timezone.now()
        self.counts: dict[str, int] = defaultdict(int)
        # Rows no one reads back here (status changes, seats, links) go as plain rows, COPY on
        # PostgreSQL: a third of the writing time with model instances.
        self.db = BulkInserter()

    def write(self, cases: list[CaseRecord]) -> dict[str, int]:
        if not cases:
            return {}
        # Each case's status changes: its final status on the household, then the rows.
        self.stories = [story(case) for case in cases]
        households = self._households(cases)
        persons = self._persons(cases, households)
        self._status_changes(cases, households)
        self._workshops(cases, persons)
        interviews = self._interviews(cases, households)
        plans = self._plans(cases, households, interviews, persons)
        relocations = self._relocations(cases, households, plans, persons)
        self._followups(cases, households, relocations)
        self._evidence(cases, persons)
        # The indicators' milestone rows of the new households, in this transaction (two
        # statements for the whole file).
        household_milestones_changed(household_ids=[h.pk for h in households])
        # Counted by model name; the links (who is on a plan, who moved) are not records.
        written = {
            label: n
            for label, n in self.db.counts.items()
            if label not in LINKS and not label.endswith(" history")
        }
        return {**self.counts, **written}

    def _history(self, objects, model) -> list:
        """Write the records, each with its one history row naming the file."""
        history = {"user": self.by, "reason": self.reason}
        label = model._meta.model_name
        return self.db.insert_instances(model, objects, label=label, history=history)

    def _bulk(self, objects, model) -> list:
        return self.db.insert_instances(model, objects, label=model._meta.model_name)

    def _partners(self, cases) -> dict[str, Partner]:
        wanted = {normalise(c.get("referring_centre")): c.get("referring_centre") for c in cases}
        wanted.pop("", None)
        known = {}
        for partner in Partner.objects.order_by("pk"):
            known.setdefault(normalise(partner.name), partner)
        for key, name in wanted.items():
            if key not in known:
                known[key] = partner_create(
                    by=self.by, name=name, kind=PartnerKind.RECEPTION_CENTRE
                )
                self.counts["partner"] += 1
        return known

    def _households(self, cases) -> list[Household]:
        partners = self._partners(cases)
        by_year = defaultdict(list)
        for index, case in enumerate(cases):
            by_year[case.get("referral_date").year].append(index)
        references = [""] * len(cases)
        for year, indexes in sorted(by_year.items()):
            for index, reference in zip(
                indexes, household_references_reserve(year=year, count=len(indexes)), strict=True
            ):
                references[index] = reference
        households = []
        for case, reference, changes in zip(cases, references, self.stories, strict=True):
            status, _day, _source, reason = changes[-1]
            names = " ".join(f"{p.first_name} {p.last_name}" for p in case.persons)
            households.append(
                Household(
                    reference=reference,
                    site=self.site,
                    social_worker_id=case.get("social_worker_id"),
                    referring_partner=partners.get(normalise(case.get("referring_centre", ""))),
                    referral_date=case.get("referral_date"),
                    status=status,
                    withdrawal_reason=reason if status == Status.WITHDRAWN else "",
                    import_key=case.key,
                    search_text=normalise(f"{reference} {names}"),
                )
            )
        return self._history(households, Household)

    def _persons(self, cases, households) -> dict[int, Person]:
        """Each PersonRecord's row → its Person."""
        persons = {}
        for case, household in zip(cases, households, strict=True):
            for record in case.persons:
                persons[record.row] = Person(
                    household=household,
                    first_name=record.first_name,
                    last_name=record.last_name,
                    sex=record.sex,
                    birth_date=record.birth_date,
                    nationality=record.nationality,
                    relation=record.relation,
                    protection_status=record.protection_status,
                    normalized_name=normalise(record.name),
                )
        self._history(list(persons.values()), Person)
        return persons

    def _status_changes(self, cases, households) -> None:
        rows = []
        for household, changes in zip(households, self.stories, strict=True):
            previous = ""
            for status, day, source, reason in changes:
                rows.append(
                    {
                        "household_id": household.pk,
                        "from_status": previous,
                        "to_status": status,
                        "occurred_on": day,
                        "reason": reason,
                        "source": source,
                        "changed_by_id": self.by.pk,
                    }
                )
                previous = status
        self.db.insert(StatusChange, rows, label="statuschange")

    def _workshops(self, cases, persons) -> None:
        """One imported workshop per day of the site (reused by a later file), everyone who
        attended that day registered and present."""
        attendees = defaultdict(list)
        for case in cases:
            for record in case.persons:
                for day in set(record.workshop_dates):
                    attendees[day].append(persons[record.row])
        if not attendees:
            return
        workshops = {
            w.date: w
            for w in Workshop.objects.filter(site=self.site, imported=True, date__in=attendees)
        }
        new = [
            Workshop(
                site=self.site,
                date=day,
                place="",
                capacity=0,
                topic=_("Awareness workshop (imported)"),
                language="",
                imported=True,
                created_by=self.by,
            )
            for day in sorted(attendees)
            if day not in workshops
        ]
        for workshop in self._bulk(new, Workshop):
            workshops[workshop.date] = workshop
        registrations = []
        for day, people in attendees.items():
            workshop = workshops[day]
            workshop.capacity += len(people)
            registrations += [
                {
                    "workshop_id": workshop.pk,
                    "person_id": person.pk,
                    "attendance": Attendance.PRESENT,
                    "registered_by_id": self.by.pk,
                    "attendance_recorded_by_id": self.by.pk,
                    "attendance_recorded_at": self.now,
                }
                for person in people
            ]
        Workshop.objects.bulk_update(workshops.values(), ["capacity"], batch_size=BATCH)
        self.db.insert(WorkshopRegistration, registrations, label="workshopregistration")

    def _interviews(self, cases, households) -> dict[tuple[int, str], Interview]:
        interviews = {}
        for index, (case, household) in enumerate(zip(cases, households, strict=True)):
            for kind, name in (
                (Kind.DIAGNOSTIC, "diagnostic_on"),
                (Kind.MOBILITY_PLAN, "plan_interview_on"),
            ):
                if case.get(name):
                    interviews[(index, kind)] = Interview(
                        household=household,
                        kind=kind,
                        held_on=case.get(name),
                        duration_minutes=None,
                        social_worker=None,
                        created_by=self.by,
                    )
        self._bulk(list(interviews.values()), Interview)
        self.db.insert(
            DiagnosticAssessment,
            [
                {"interview_id": interview.pk}
                for (_index, kind), interview in interviews.items()
                if kind == Kind.DIAGNOSTIC
            ],
            label="diagnosticassessment",
        )
        return interviews

    def _plans(self, cases, households, interviews, persons) -> dict[int, MobilityPlan]:
        plans = {}
        for index, (case, household) in enumerate(zip(cases, households, strict=True)):
            interview = interviews.get((index, Kind.MOBILITY_PLAN))
            if interview is None:
                continue
            signed_on = plan_signed_on(case)
            status = PlanStatus.SIGNED if signed_on else PlanStatus.DRAFT
            if case.get("moved_on"):
                status = PlanStatus.REALISED
            plans[index] = MobilityPlan(
                household=household,
                interview=interview,
                status=status,
                lever=case.get("lever", ""),
                signed_on=signed_on,
                created_by=self.by,
            )
        self._bulk(list(plans.values()), MobilityPlan)
        targets, members = [], []
        for index, plan in plans.items():
            case = cases[index]
            departement = case.get("target_departement")
            region = case.get("target_region") or (departement.region_id if departement else None)
            if region:
                targets.append(
                    {
                        "plan_id": plan.pk,
                        "region_id": region,
                        "departement_id": departement.pk if departement else None,
                    }
                )
            if case.get("moved_on"):
                members += [(plan.pk, persons[p.row].pk) for p in case.persons if p.moved]
        self.db.insert(PlanTarget, targets, label="plantarget")
        self.db.insert_links(MobilityPlan, "persons", members, label="plan persons")
        return plans

    def _relocations(self, cases, households, plans, persons) -> dict[int, Relocation]:
        relocations = {}
        for index, plan in plans.items():
            case = cases[index]
            if not case.get("moved_on"):
                continue
            relocations[index] = Relocation(
                plan=plan,
                household=households[index],
                moved_on=case.get("moved_on"),
                commune=case.get("destination_commune", ""),
                departement=case.get("destination_departement"),
                lever_used=case.get("lever_used") or case.get("lever"),
                housing_obtained=case.get("housing_obtained", ""),
                recorded_by=self.by,
            )
        self._bulk(list(relocations.values()), Relocation)
        self.db.insert_links(
            Relocation,
            "persons",
            [
                (relocation.pk, persons[p.row].pk)
                for index, relocation in relocations.items()
                for p in cases[index].persons
                if p.moved
            ],
            label="relocation persons",
        )
        return relocations

    def _followups(self, cases, households, relocations) -> None:
        followups = []
        for index, relocation in relocations.items():
            case, household = cases[index], households[index]
            for months in SCHEDULE_MONTHS:
                due_on = add_months(relocation.moved_on, months)
                followup = FollowUp(
                    relocation=relocation,
                    household=household,
                    months_after=months,
                    due_on=due_on,
                    created_by=self.by,
                )
                record = case.followups.get(months)
                if record is not None and record.done_on:
                    followup.status = FollowUpStatus.DONE
                    followup.done_on = record.done_on
                    followup.housing_kept = record.housing_kept
                    followup.employment = record.employment
                    followup.in_training = record.in_training
                    followup.location = record.location
                    followup.recorded_by = self.by
                elif record is not None and record.missed:
                    followup.status = FollowUpStatus.MISSED
                    followup.missed_on = record.missed_on
                elif due_on < self.today or household.status in ENDED:
                    # Past, or of a case already over: a fact not known, never work to do.
                    followup.status = FollowUpStatus.NOT_RECORDED
                followups.append(followup)
        self._history(followups, FollowUp)

    def _evidence(self, cases, persons) -> None:
        evidence = [
            EligibilityEvidence(
                person=persons[record.row],
                kind=record.evidence.kind,
                number=record.evidence.number,
                issued_on=record.evidence.issued_on,
                expires_on=record.evidence.expires_on,
                recorded_by=self.by,
            )
            for case in cases
            for record in case.persons
            if record.evidence is not None
        ]
        self._history(evidence, EligibilityEvidence)
