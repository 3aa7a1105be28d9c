"""Turn drawn cases into rows, one transaction per batch.

No service and no save(): primary keys are reserved first, then every table of the batch is
written in one COPY (see bulk.py). No signal fires, which keeps simple_history and the follow-up
scheduling out of the way; what they would have written (status changes, the follow-up
schedule) is written here from the case itself. One module per family of tables:
writer_households (households, members, status history), writer_sessions (workshops and
trainings), writer_plans (interviews, plans, referrals, relocations, follow-ups),
writer_funding (eligibility evidence, staff time, timesheets, expenses; see funding.py).
"""

import datetime
import random
from collections import Counter

from django.db import connection, transaction

from core.bulk import BulkInserter
from reporting.milestones import milestones_rebuild

from .drafts import Case
from .funding import build_funding
from .setup import Context
from .writer_funding import FundingWriter
from .writer_households import References, write_households, write_status_changes
from .writer_plans import write_interviews, write_plans
from .writer_sessions import Sessions


class Writer:
    """Writes batches of cases, then what depends on all of them (see `finish`)."""

    def __init__(self, *, ctx: Context, rng: random.Random, today: datetime.date):
        self.ctx = ctx
        self.db = BulkInserter()
        self.references = References()
        # `rng` draws the sessions' own details, apart from the cases' generator.
        self.sessions = Sessions(db=self.db, ctx=ctx, rng=rng, today=today)
        self.today = today
        self.funding: FundingWriter | None = None

    def add_funding(
        self, *, rng: random.Random, start: datetime.date, households_by_year: Counter
    ) -> None:
        """Write the funders, grants and staff costs now, and the money rows of each batch
        with it (`rng` draws them, apart from the cases)."""
        funding = build_funding(
            db=self.db,
            ctx=self.ctx,
            rng=rng,
            today=self.today,
            start=start,
            households_by_year=households_by_year,
        )
        self.funding = FundingWriter(
            db=self.db, ctx=self.ctx, funding=funding, rng=rng, today=self.today
        )

    @property
    def counts(self) -> dict[str, int]:
        """Rows written so far, by what they are."""
        return self.db.counts

    @transaction.atomic
    def write(self, cases: list[Case]) -> None:
        batch = write_households(self.db, self.ctx, self.references, cases)
        write_status_changes(self.db, batch)
        self.sessions.register(batch)
        interview_ids = write_interviews(self.db, self.ctx, batch)
        write_plans(self.db, self.ctx, batch, interview_ids)
        if self.funding is not None:
            self.funding.write(batch, interview_ids)

    @transaction.atomic
    def finish(self, *, start: datetime.date) -> None:
        """Workshop capacities, a few cancelled workshops, the professional trainings, then
        the staff time of the sessions, the timesheets and the expenses; last, the
        indicators' milestone row of every household."""
        self.sessions.finish(start=start)
        if self.funding is not None:
            self.funding.finish()
        # No service ran: the indicators' milestone rows are computed from the rows written,
        # set-based, once every batch and the workshops' cancellations are in; after planner
        # statistics, without which the grouping of the status history takes a bad plan
        # (more than 7 minutes instead of seconds at 100,000 households).
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        milestones_rebuild()
