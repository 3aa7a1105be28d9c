"""The rows of the sessions: awareness workshops and their registrations, a few cancelled
workshops, and the professional trainings for reception centres' staff."""

import datetime
import random
from decimal import Decimal

from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from core.bulk import BulkInserter
from workshops.models import (
    ProfessionalTraining,
    TraineeRegistration,
    Workshop,
    WorkshopRegistration,
)

from . import pools
from .people import DAY
from .setup import Context
from .writer_households import Batch


def _aware(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class Sessions:
    """Writes the workshops the cases attend, each (site, day) once: those of earlier batches
    and earlier runs are reused. `rng` draws the sessions' own details, apart from the cases."""

    def __init__(self, *, db: BulkInserter, ctx: Context, rng: random.Random, today: datetime.date):
        self.db, self.ctx, self.rng, self.today = db, ctx, rng, today
        self.workshops: dict[tuple[int, datetime.date], int] = {}
        self.created_workshop_ids: list[int] = []
        rows = Workshop.objects.filter(
            site__in=ctx.site_ids, cancelled_at__isnull=True
        ).values_list("site_id", "date", "pk")
        index = {site_id: i for i, site_id in enumerate(ctx.site_ids)}
        for site_id, day, pk in rows.order_by("-pk"):
            self.workshops[(index[site_id], day)] = pk

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
        self.db.insert(Workshop, rows, label="workshops")
        self.db.insert_links(Workshop, "regions_presented", regions, label="workshop regions")
        self.db.insert_links(Workshop, "facilitators", facilitators, label="workshop facilitators")

    def register(self, batch: Batch) -> None:
        """The batch's registrations to workshops, with the attendance taken after each."""
        cases = batch.cases
        self._workshop_ids((c.site, c.workshop[0]) for c in cases if c.workshop)
        rows = []
        for case, ids in zip(cases, batch.person_ids, strict=True):
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
        self.db.insert(WorkshopRegistration, rows, label="workshop registrations")

    # After the last batch -----------------------------------------------------------------

    def finish(self, *, start: datetime.date) -> None:
        """Workshop capacities, a few cancelled workshops, then the professional trainings."""
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
        self.db.insert(Workshop, rows, label="cancelled workshops")

    def _trainings(self, start: datetime.date) -> None:
        """Trainings for reception centres' staff, a few per site and year."""
        rng, ctx = self.rng, self.ctx
        if not ctx.trainee_ids:
            return
        per_year = max(1, min(10, self.db.counts["households"] // (1000 * len(ctx.site_ids))))
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
        self.db.insert(ProfessionalTraining, rows, label="professional trainings")
        self.db.insert_links(ProfessionalTraining, "trainers", trainers, label="training trainers")
        self.db.insert(TraineeRegistration, registrations, label="trainee registrations")
