"""Turn drawn cases into rows, one transaction per batch.

No service and no save(): primary keys are reserved first, then every table of the batch is
written in one COPY (see bulk.py). No signal fires, which keeps simple_history and the follow-up
scheduling out of the way; what they would have written (status changes, the follow-up
schedule) is written here from the case itself.
"""

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from core.text import normalise
from households.models import Household, Person, ReferenceCounter, StatusChange

from . import pools
from .bulk import BulkInserter
from .cases import Case
from .people import DAY
from .setup import Context

PERSON_FIELDS = (
    "first_name", "last_name", "sex", "birth_date", "nationality", "relation",
    "protection_status", "permit_type", "permit_expiry", "languages", "french_level",
    "education", "occupation", "employment_situation", "driving_licence",
)  # fmt: skip
LEVER_LABELS = {"employment": "Emploi", "housing": "Logement", "training": "Formation"}


def _aware(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class Writer:
    """Writes batches of cases; keeps the workshops it created so later batches reuse them."""

    def __init__(self, *, ctx: Context, rng: random.Random, today: datetime.date):
        self.ctx = ctx
        self.rng = rng  # for the sessions' own details, apart from the cases' generator
        self.today = today
        self.db = BulkInserter()
        self.has = {
            app: apps.is_installed(app)
            for app in ("workshops", "interviews", "mobility_plans", "partners", "followups")
        }
        self.counters = dict(ReferenceCounter.objects.values_list("year", "last_number"))
        self.workshops: dict[tuple[int, datetime.date], int] = {}
        self.created_workshop_ids: list[int] = []
        self.counts: dict[str, int] = defaultdict(int)
        if self.has["workshops"]:
            from workshops.models import Workshop

            rows = Workshop.objects.filter(
                site__in=ctx.site_ids, cancelled_at__isnull=True
            ).values_list("site_id", "date", "pk")
            index = {site_id: i for i, site_id in enumerate(ctx.site_ids)}
            for site_id, day, pk in rows.order_by("-pk"):
                self.workshops[(index[site_id], day)] = pk

    def _insert(self, model, rows: list[dict], label: str) -> None:
        self.counts[label] += self.db.insert(model, rows)

    def _links(self, model, name: str, pairs, label: str) -> None:
        self.counts[label] += self.db.insert_links(model, name, pairs)

    def _reference(self, year: int) -> str:
        self.counters[year] = self.counters.get(year, 0) + 1
        return f"{settings.REFERENCE_PREFIX}-{year}-{self.counters[year]:04d}"

    # One batch ---------------------------------------------------------------------------

    @transaction.atomic
    def write(self, cases: list[Case]) -> None:
        ctx = self.ctx
        years = set()
        household_ids = self.db.ids(Household, len(cases))
        person_ids = []
        all_person_ids = iter(self.db.ids(Person, sum(len(c.persons) for c in cases)))
        households, persons = [], []
        for household_id, case in zip(household_ids, cases, strict=True):
            year = case.referral_date.year
            years.add(year)
            reference = self._reference(year)
            names = " ".join(f"{p.first_name} {p.last_name}" for p in case.persons)
            households.append(
                {
                    "id": household_id,
                    "reference": reference,
                    "site_id": ctx.site_ids[case.site],
                    "social_worker_id": case.social_worker,
                    "referring_partner_id": case.referring_partner,
                    "referral_date": case.referral_date,
                    "commune": case.commune,
                    "departement_id": case.departement,
                    "accommodation": case.accommodation,
                    "status": case.status,
                    "status_before_hold": case.status_before_hold,
                    "withdrawal_reason": case.withdrawal_reason,
                    "status_comment": case.status_comment,
                    "mobility_wishes": case.mobility_wishes,
                    "constraints": case.constraints,
                    "search_text": normalise(f"{reference} {names}"),
                }
            )
            ids = []
            for draft in case.persons:
                person = {name: getattr(draft, name) for name in PERSON_FIELDS}
                person["id"] = next(all_person_ids)
                person["household_id"] = household_id
                person["normalized_name"] = normalise(f"{draft.first_name} {draft.last_name}")
                persons.append(person)
                ids.append(person["id"])
            person_ids.append(ids)
        self._insert(Household, households, "households")
        self._insert(Person, persons, "persons")
        ReferenceCounter.objects.bulk_create(
            [ReferenceCounter(year=y, last_number=self.counters[y]) for y in sorted(years)],
            update_conflicts=True,
            unique_fields=["year"],
            update_fields=["last_number"],
        )

        self._status_changes(household_ids, cases)
        if self.has["workshops"]:
            self._workshop_registrations(cases, person_ids)
        if self.has["interviews"]:
            interview_ids = self._interviews(household_ids, cases, person_ids)
            if self.has["mobility_plans"]:
                self._plans(household_ids, cases, person_ids, interview_ids)

    def _status_changes(self, household_ids, cases) -> None:
        rows = []
        for household_id, case in zip(household_ids, cases, strict=True):
            previous = ""
            for status, day, source in case.steps:
                off_line = status in ("withdrawn", "on_hold")
                rows.append(
                    {
                        "household_id": household_id,
                        "from_status": previous,
                        "to_status": status,
                        "occurred_on": day,
                        "reason": case.withdrawal_reason if status == "withdrawn" else "",
                        "comment": case.status_comment if off_line else "",
                        "source": source,
                        "changed_by_id": case.social_worker,
                    }
                )
                previous = status
        self._insert(StatusChange, rows, "status changes")

    # Workshops ---------------------------------------------------------------------------

    def _session(self, site: int, day: datetime.date, capacity: int, topics) -> dict:
        """The columns a workshop and a training share, for one site (index) and day."""
        ctx = self.ctx
        return {
            "site_id": ctx.site_ids[site],
            "date": day,
            "place": ctx.sites[site].address or ctx.sites[site].name,
            "capacity": capacity,
            "topic": self.rng.choice(topics),
            "created_by_id": ctx.coordinator_by_site[site],
        }

    def _workshop_ids(self, keys) -> None:
        """Create the workshops (site, day) not seen yet, in a fixed order."""
        from workshops.models import Workshop

        rng, ctx = self.rng, self.ctx
        missing = sorted(k for k in set(keys) if k not in self.workshops)
        if not missing:
            return
        rows, regions, facilitators = [], [], []
        for workshop_id, (site, day) in zip(
            self.db.ids(Workshop, len(missing)), missing, strict=True
        ):
            morning = rng.random() < 0.5
            rows.append(
                {
                    "id": workshop_id,
                    **self._session(site, day, 20, pools.WORKSHOP_TOPICS),
                    "start_time": datetime.time(9, 30) if morning else datetime.time(14, 0),
                    "end_time": datetime.time(12, 0) if morning else datetime.time(16, 30),
                    "language": rng.choice(pools.WORKSHOP_LANGUAGES),
                    "interpreter_booked": rng.random() < 0.3,
                }
            )
            self.workshops[(site, day)] = workshop_id
            self.created_workshop_ids.append(workshop_id)
            for region in rng.sample(ctx.target_regions, k=min(3, len(ctx.target_regions))):
                regions.append((workshop_id, region))
            facilitators.append((workshop_id, ctx.coordinator_by_site[site]))
        self._insert(Workshop, rows, "workshops")
        self._links(Workshop, "regions_presented", regions, "workshop regions")
        self._links(Workshop, "facilitators", facilitators, "workshop facilitators")

    def _workshop_registrations(self, cases, person_ids) -> None:
        from workshops.models import WorkshopRegistration

        self._workshop_ids((c.site, c.workshop[0]) for c in cases if c.workshop)
        rows = []
        for case, ids in zip(cases, person_ids, strict=True):
            if not case.workshop:
                continue
            day, attendees = case.workshop
            workshop = self.workshops[(case.site, day)]
            coordinator = self.ctx.coordinator_by_site[case.site]
            for index, attendance in attendees:
                recorded = attendance != "unknown"
                rows.append(
                    {
                        "workshop_id": workshop,
                        "person_id": ids[index],
                        "status": "registered",
                        "attendance": attendance,
                        "registered_by_id": case.social_worker,
                        "attendance_recorded_by_id": coordinator if recorded else None,
                        "attendance_recorded_at": _aware(day, 17) if recorded else None,
                    }
                )
        self._insert(WorkshopRegistration, rows, "workshop registrations")

    # Interviews, plans, referrals, relocations, follow-ups --------------------------------

    def _interviews(self, household_ids, cases, person_ids) -> list[list[int]]:
        from interviews.models import DiagnosticAssessment, Interview

        fresh = iter(self.db.ids(Interview, sum(len(c.interviews) for c in cases)))
        rows, assessments, present, interview_ids = [], [], [], []
        for household_id, case, ids in zip(household_ids, cases, person_ids, strict=True):
            place = self.ctx.sites[case.site].name
            language = case.persons[0].languages.split(",")[0]
            mine = []
            for draft in case.interviews:
                interview_id = next(fresh)
                mine.append(interview_id)
                rows.append(
                    {
                        "id": interview_id,
                        "household_id": household_id,
                        "kind": draft.kind,
                        "held_on": draft.held_on,
                        "duration_minutes": draft.duration,
                        "social_worker_id": case.social_worker,
                        "language": language,
                        "interpreter_used": draft.interpreter,
                        "mode": draft.mode,
                        "place": place if draft.mode == "in_person" else "",
                        "created_by_id": case.social_worker,
                    }
                )
                present.extend((interview_id, ids[index]) for index in draft.persons)
                if draft.assessment is not None:
                    assessments.append({"interview_id": interview_id, **draft.assessment})
            interview_ids.append(mine)
        self._insert(Interview, rows, "interviews")
        self._insert(DiagnosticAssessment, assessments, "diagnostic assessments")
        self._links(Interview, "persons_present", present, "interview attendees")
        return interview_ids

    def _plans(self, household_ids, cases, person_ids, interview_ids) -> None:
        from mobility_plans.models import MobilityPlan, PlanStep, PlanTarget, Relocation

        ctx = self.ctx
        owners = [(i, draft) for i, case in enumerate(cases) for draft in case.plans]
        plan_ids = self.db.ids(MobilityPlan, len(owners))
        moves = [
            (i, pid) for (i, d), pid in zip(owners, plan_ids, strict=True) if d.status == "realised"
        ]
        relocation_ids = self.db.ids(Relocation, len(moves))
        plans, targets, steps, members = [], [], [], []
        for plan_id, (index, draft) in zip(plan_ids, owners, strict=True):
            case = cases[index]
            region = ctx.region_names[draft.targets[0][0]]
            plans.append(
                {
                    "id": plan_id,
                    "household_id": household_ids[index],
                    "interview_id": interview_ids[index][draft.interview],
                    "status": draft.status,
                    "lever": draft.lever,
                    "objectives": f"{LEVER_LABELS[draft.lever]} — {region}",
                    "signed_on": draft.signed_on,
                    "abandoned_on": draft.abandoned_on,
                    "abandon_reason": draft.abandon_reason,
                    "created_by_id": case.social_worker,
                }
            )
            for preference, (region_code, departement) in enumerate(draft.targets, start=1):
                targets.append(
                    {
                        "plan_id": plan_id,
                        "region_id": region_code,
                        "departement_id": departement,
                        "preference": preference,
                    }
                )
            for action, owner, due, done in draft.steps:
                steps.append(
                    {"plan_id": plan_id, "action": action, "owner": owner, "due_on": due,
                     "done_on": done}
                )  # fmt: skip
            members.extend((plan_id, pk) for pk in person_ids[index])
        relocations, moved = [], []
        for relocation_id, (index, plan_id) in zip(relocation_ids, moves, strict=True):
            case, move = cases[index], cases[index].relocation
            relocations.append(
                {
                    "id": relocation_id,
                    "plan_id": plan_id,
                    "household_id": household_ids[index],
                    "moved_on": move.moved_on,
                    "commune": move.commune,
                    "departement_id": move.departement,
                    "lever_used": move.lever_used,
                    "housing_obtained": move.housing_obtained,
                    "job_or_training": move.job_or_training,
                    "recorded_by_id": case.social_worker,
                }
            )
            moved.extend((relocation_id, person_ids[index][i]) for i in move.persons)
        self._insert(MobilityPlan, plans, "mobility plans")
        self._insert(PlanTarget, targets, "plan targets")
        self._insert(PlanStep, steps, "plan steps")
        self._links(MobilityPlan, "persons", members, "plan members")
        self._insert(Relocation, relocations, "relocations")
        self._links(Relocation, "persons", moved, "persons relocated")
        if self.has["partners"]:
            self._referrals(household_ids, cases, person_ids, owners, plan_ids)
        if self.has["followups"]:
            self._followups(household_ids, cases, moves, relocation_ids)

    def _referrals(self, household_ids, cases, person_ids, owners, plan_ids) -> None:
        from partners.models import Referral

        fresh = iter(self.db.ids(Referral, sum(len(d.referrals) for _i, d in owners)))
        rows, heads = [], []
        for plan_id, (index, draft) in zip(plan_ids, owners, strict=True):
            for referral in draft.referrals:
                referral_id = next(fresh)
                rows.append(
                    {
                        "id": referral_id,
                        "plan_id": plan_id,
                        "household_id": household_ids[index],
                        "partner_id": referral.partner_id,
                        "offer_id": referral.offer_id,
                        "sent_on": referral.sent_on,
                        "channel": referral.channel,
                        "answer": referral.answer,
                        "answered_on": referral.answered_on,
                        "refusal_reason": referral.refusal_reason,
                        "visit_or_interview_on": referral.visit_on,
                        "outcome": referral.outcome,
                        "created_by_id": cases[index].social_worker,
                    }
                )
                heads.append((referral_id, person_ids[index][0]))
        self._insert(Referral, rows, "referrals")
        self._links(Referral, "persons", heads, "persons referred")

    def _followups(self, household_ids, cases, moves, relocation_ids) -> None:
        from followups.models import FollowUp

        rows = []
        for relocation_id, (index, _plan_id) in zip(relocation_ids, moves, strict=True):
            case = cases[index]
            for draft in case.followups:
                done = draft.status == "done"
                rows.append(
                    {
                        "relocation_id": relocation_id,
                        "household_id": household_ids[index],
                        "months_after": draft.months_after,
                        "due_on": draft.due_on,
                        "status": draft.status,
                        "done_on": draft.done_on,
                        "created_by_id": case.social_worker,
                        "recorded_by_id": case.social_worker if done else None,
                        **draft.outcome,
                    }
                )
        self._insert(FollowUp, rows, "follow-ups")

    # After the last batch -----------------------------------------------------------------

    @transaction.atomic
    def finish(self, *, start: datetime.date) -> None:
        """Workshop capacities, a few cancelled workshops, then the professional trainings."""
        if not self.has["workshops"]:
            return
        from workshops.models import Workshop, WorkshopRegistration

        registered = (
            WorkshopRegistration.objects.filter(workshop=OuterRef("pk"), status="registered")
            .values("workshop")
            .annotate(n=Count("pk"))
            .values("n")
        )
        for chunk in range(0, len(self.created_workshop_ids), 5000):
            ids = self.created_workshop_ids[chunk : chunk + 5000]
            # A few more seats than people registered, as a coordinator would plan them.
            Workshop.objects.filter(pk__in=ids).update(
                capacity=Greatest(F("capacity"), Coalesce(Subquery(registered), 0) + 5)
            )
        self._cancelled_workshops(start)
        self._trainings(start)

    def _cancelled_workshops(self, start: datetime.date) -> None:
        from workshops.models import Workshop

        rng, ctx = self.rng, self.ctx
        rows = []
        span = (self.today - start).days
        for _ in range(max(1, len(self.created_workshop_ids) // 50)):
            site = rng.randrange(len(ctx.site_ids))
            day = start + rng.randrange(span) * DAY
            rows.append(
                {
                    **self._session(site, day, 20, pools.WORKSHOP_TOPICS),
                    "start_time": datetime.time(14, 0),
                    "end_time": datetime.time(16, 30),
                    "language": "français",
                    "cancelled_at": _aware(day - rng.randint(1, 10) * DAY, 10),
                    "cancellation_reason": rng.choice(pools.CANCELLATION_REASONS),
                }
            )
        self._insert(Workshop, rows, "cancelled workshops")

    def _trainings(self, start: datetime.date) -> None:
        """Trainings for reception centres' staff, a few per site and year."""
        from workshops.models import ProfessionalTraining, TraineeRegistration

        rng, ctx = self.rng, self.ctx
        if not ctx.trainee_ids:
            return
        per_year = max(1, min(10, self.counts["households"] // (1000 * len(ctx.site_ids))))
        rows, trainers, registrations = [], [], []
        for site in range(len(ctx.site_ids)):
            for year in range(start.year, self.today.year + 1):
                for _ in range(per_year):
                    day = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
                    if day < start:
                        continue
                    rows.append(
                        {
                            **self._session(site, day, 15, pools.TRAINING_TOPICS),
                            "duration_hours": Decimal(rng.choice(("3.5", "7", "7", "14"))),
                        }
                    )
        training_ids = self.db.ids(ProfessionalTraining, len(rows))
        for training_id, row in zip(training_ids, rows, strict=True):
            row["id"] = training_id
            coordinator = row["created_by_id"]
            trainers.append((training_id, coordinator))
            upcoming = row["date"] > self.today
            count = min(len(ctx.trainee_ids), rng.randint(6, 14))
            for trainee in rng.sample(ctx.trainee_ids, k=count):
                attendance = "unknown"
                if not upcoming:
                    attendance = rng.choices(("present", "absent", "excused"), (85, 10, 5))[0]
                recorded = attendance != "unknown"
                registrations.append(
                    {
                        "training_id": training_id,
                        "trainee_id": trainee,
                        "status": "registered",
                        "attendance": attendance,
                        "registered_by_id": coordinator,
                        "attendance_recorded_by_id": coordinator if recorded else None,
                        "attendance_recorded_at": _aware(row["date"], 17) if recorded else None,
                    }
                )
        self._insert(ProfessionalTraining, rows, "professional trainings")
        self._links(ProfessionalTraining, "trainers", trainers, "training trainers")
        self._insert(TraineeRegistration, registrations, "trainee registrations")
