"""The rows of the money side that follow the households: eligibility evidence, staff time,
timesheets and expenses.

Each batch adds its members' evidence and one time entry per interview, keyed
`interview:<id>` as funding.services.time keys it; after the last batch come the entries of
the workshops (each facilitator, `workshop:<id>`) and trainings (each trainer,
`training:<id>`) made in this run, hours entered by hand and a few corrections, the monthly
timesheets (countersigned, so locked, for all but the last two months), then the expenses and
their shares. The writer keeps the services' rules: one person's hours on a day stay within
24 (an activity that would pass them gets no entry), an entry is dated inside its grant's
period, no entry lands in a month locked by an earlier run (it stays unallocated), the shares
of an expense total at most 100 % and go to grants covering its date.
"""

import datetime
import random
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max, Sum
from django.utils import timezone

from core.bulk import BulkInserter
from core.dates import add_months
from funding.models import (
    DAY_HOURS,
    EligibilityEvidence,
    EvidenceKind,
    Expense,
    ExpenseShare,
    GrantStatus,
    TimeEntry,
    Timesheet,
    TimesheetStatus,
    TimeSource,
)
from households.models import Household, ProtectionStatus
from interviews.models import Kind
from workshops.models import ProfessionalTraining, Workshop

from .funding import EXPENSES, SHARE_SPLITS, Funding
from .people import DAY
from .setup import Context
from .writer_households import Batch

HOUR_STEP = Decimal("0.01")
# The documents each status is proven by: (kind, months of validity, None: no expiry).
EVIDENCE = {
    ProtectionStatus.REFUGEE: ((EvidenceKind.OFPRA_DECISION, None),
                               (EvidenceKind.REFUGEE_RESIDENT_CARD, 120)),
    ProtectionStatus.SUBSIDIARY: ((EvidenceKind.OFPRA_DECISION, None),
                                  (EvidenceKind.SUBSIDIARY_CARD, 48)),
    ProtectionStatus.STATELESS: ((EvidenceKind.OFPRA_DECISION, None),
                                 (EvidenceKind.CNDA_DECISION, None)),
    ProtectionStatus.FAMILY_REUNIFICATION: ((EvidenceKind.FAMILY_REUNIFICATION_VISA, 12),
                                            (EvidenceKind.OTHER_PERMIT, 48)),
    ProtectionStatus.REGULARISED: ((EvidenceKind.OTHER_PERMIT, 12),),
    ProtectionStatus.OTHER: ((EvidenceKind.OTHER_PERMIT, 12), (EvidenceKind.RECEIPT, 6)),
}  # fmt: skip
MISSING, EXPIRED = 0.07, 0.13  # households without evidence, with only a lapsed receipt
MANUAL_ACTIVITIES = (
    "Réunion d'équipe",
    "Visite d'un partenaire en région",
    "Comité de pilotage du programme",
    "Préparation d'un atelier de sensibilisation",
    "Déplacement : accompagnement d'un ménage à une visite de logement",
    "Réunion avec un centre d'hébergement",
    "Rédaction du bilan d'activité",
)
CORRECTIONS = (
    (Decimal("-0.50"), "Heures saisies en double."),
    (Decimal("-0.25"), "Durée surestimée, vérifiée sur l'agenda."),
    (Decimal("0.50"), "Oubli du temps de trajet."),
)


def _hours(value: Decimal) -> Decimal:
    return Decimal(value).quantize(HOUR_STEP, rounding=ROUND_HALF_UP)


def _aware(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _links(model, name: str, after: int) -> dict[int, list[int]]:
    """The users linked to each row of `model` above `after` through the m2m `name`."""
    m2m = model._meta.get_field(name)
    left, right = f"{m2m.m2m_field_name()}_id", f"{m2m.m2m_reverse_field_name()}_id"
    linked = defaultdict(list)
    rows = m2m.remote_field.through.objects.filter(**{f"{left}__gt": after})
    for row_id, user_id in rows.order_by(left, right).values_list(left, right):
        linked[row_id].append(user_id)
    return linked


class FundingWriter:
    """Writes the money rows of each batch, then those that need every batch (`finish`)."""

    def __init__(
        self,
        *,
        db: BulkInserter,
        ctx: Context,
        funding: Funding,
        rng: random.Random,
        today: datetime.date,
    ):
        self.db, self.ctx, self.funding, self.rng, self.today = db, ctx, funding, rng, today
        self.kinds = {value: str(label) for value, label in Kind.choices}
        staff = list(funding.staff_site)
        self.day_hours: dict[tuple[int, datetime.date], Decimal] = defaultdict(Decimal)
        totals = TimeEntry.objects.filter(staff__in=staff).values_list("staff", "date")
        for staff_id, day, hours in totals.annotate(total=Sum("hours")).order_by():
            self.day_hours[(staff_id, day)] = hours
        sheets = Timesheet.objects.filter(staff__in=staff).values_list(
            "staff", "grant", "month", "status"
        )
        self.existing_sheets = set()
        self.locked = set()
        for staff_id, grant_id, month, status in sheets:
            self.existing_sheets.add((staff_id, grant_id, month))
            if status == TimesheetStatus.LOCKED:
                self.locked.add((staff_id, grant_id, month))
        self.sheet_keys: set[tuple[int, int, datetime.date]] = set()
        # Sessions made in this run are those above these keys (earlier runs have their hours).
        self.workshops_after = Workshop.objects.aggregate(m=Max("pk"))["m"] or 0
        self.trainings_after = ProfessionalTraining.objects.aggregate(m=Max("pk"))["m"] or 0

    def _entry(self, *, staff, day, hours, activity, source, site_id, by, key="") -> dict | None:
        """One entry, charged as Funding.charge says; None when the day would pass 24 h."""
        hours = _hours(hours)
        if self.day_hours[(staff, day)] + hours > DAY_HOURS:
            self.db.counts["time entries left out (24 h)"] += 1
            return None
        self.day_hours[(staff, day)] += hours
        grant = self.funding.charge(self.rng, site_id, day)
        month = day.replace(day=1)
        if grant is not None and (staff, grant, month) in self.locked:
            grant = None
        if grant is not None:
            self.sheet_keys.add((staff, grant, month))
        return {
            "staff_id": staff,
            "date": day,
            "hours": hours,
            "activity": activity[:255],
            "source": source,
            "source_key": key,
            "grant_id": grant,
            "recorded_by_id": by,
        }

    # Each batch --------------------------------------------------------------------------

    def write(self, batch: Batch, interview_ids: list[list[int]]) -> None:
        self._evidence(batch)
        self._interview_entries(batch, interview_ids)

    def _evidence(self, batch: Batch) -> None:
        rng, today = self.rng, self.today
        rows = []
        for case, person_ids in zip(batch.cases, batch.person_ids, strict=True):
            referral = case.referral_date
            draw = rng.random()
            if draw < MISSING:
                continue
            checker = self.ctx.coordinator_by_site[case.site]
            for index, person in enumerate(case.persons):
                if person.age_on(referral) < 18:
                    continue
                if draw < EXPIRED:
                    # A receipt that lapsed before the household came: nothing valid on file.
                    kind, months = EvidenceKind.RECEIPT, 6
                    issued = referral - rng.randint(200, 420) * DAY
                else:
                    kind, months = rng.choice(EVIDENCE[person.protection_status])
                    recent = months is not None and months <= 12
                    issued = referral - rng.randint(20, 150 if recent else 700) * DAY
                checked = rng.random() < 0.8
                checked_on = min(max(issued, referral) + rng.randint(1, 30) * DAY, today)
                rows.append(
                    {
                        "person_id": person_ids[index],
                        "kind": kind,
                        "number": self._number(kind, issued),
                        "issued_on": issued,
                        "expires_on": add_months(issued, months) if months else None,
                        "checked_by_id": checker if checked else None,
                        "checked_at": _aware(checked_on, 11) if checked else None,
                        "recorded_by_id": case.social_worker,
                    }
                )
        self.db.insert(EligibilityEvidence, rows, label="eligibility evidence")

    def _number(self, kind: str, issued: datetime.date) -> str:
        digits = self.rng.randrange(10**9, 10**10)
        if kind in (EvidenceKind.OFPRA_DECISION, EvidenceKind.CNDA_DECISION):
            return f"{kind[:4].upper()}-{issued.year}-{digits % 10**7:07d}"
        if kind == EvidenceKind.FAMILY_REUNIFICATION_VISA:
            return f"FRA{digits % 10**8:08d}"
        return f"{digits}"

    def _interview_entries(self, batch: Batch, interview_ids: list[list[int]]) -> None:
        references = dict(
            Household.objects.filter(pk__in=batch.household_ids).values_list("pk", "reference")
        )
        rows = []
        for household_id, case, ids in zip(
            batch.household_ids, batch.cases, interview_ids, strict=True
        ):
            site_id = self.ctx.site_ids[case.site]
            for draft, interview_id in zip(case.interviews, ids, strict=True):
                row = self._entry(
                    staff=case.social_worker,
                    day=draft.held_on,
                    hours=Decimal(draft.duration) / 60,
                    activity=f"{self.kinds[draft.kind]} · {references[household_id]}",
                    source=TimeSource.INTERVIEW,
                    key=f"interview:{interview_id}",
                    site_id=site_id,
                    by=case.social_worker,
                )
                if row:
                    rows.append(row)
        self.db.insert(TimeEntry, rows, label="time entries (interviews)")

    # After the last batch ----------------------------------------------------------------

    def finish(self) -> None:
        self._session_entries()
        self._manual_entries()
        self._timesheets()
        self._expenses()

    def _session_entries(self) -> None:
        """Each facilitator's hours of the workshops, each trainer's of the trainings."""
        rows = []
        facilitators = _links(Workshop, "facilitators", self.workshops_after)
        workshops = Workshop.objects.filter(
            pk__gt=self.workshops_after, site__in=self.ctx.site_ids, cancelled_at__isnull=True
        ).order_by("pk")
        for pk, site_id, day, start, end, topic, by in workshops.values_list(
            "pk", "site_id", "date", "start_time", "end_time", "topic", "created_by_id"
        ):
            length = datetime.datetime.combine(day, end) - datetime.datetime.combine(day, start)
            for staff in facilitators.get(pk, ()):
                rows.append(
                    self._entry(staff=staff, day=day, hours=Decimal(length.seconds) / 3600,
                                activity=f"{topic} ({day:%d/%m/%Y})", source=TimeSource.WORKSHOP,
                                key=f"workshop:{pk}", site_id=site_id, by=by)
                )  # fmt: skip
        trainers = _links(ProfessionalTraining, "trainers", self.trainings_after)
        trainings = ProfessionalTraining.objects.filter(
            pk__gt=self.trainings_after, site__in=self.ctx.site_ids
        ).order_by("pk")
        for pk, site_id, day, hours, topic, by in trainings.values_list(
            "pk", "site_id", "date", "duration_hours", "topic", "created_by_id"
        ):
            for staff in trainers.get(pk, ()):
                rows.append(
                    self._entry(staff=staff, day=day, hours=hours,
                                activity=f"{topic} ({day:%d/%m/%Y})", source=TimeSource.TRAINING,
                                key=f"training:{pk}", site_id=site_id, by=by)
                )  # fmt: skip
        self.db.insert(TimeEntry, [r for r in rows if r], label="time entries (sessions)")

    def _manual_entries(self) -> None:
        """Meetings, partner visits and travel, one to three a month for each member of staff
        but the director (who countersigns the timesheets and may not sign their own), since
        the first month of the data set; then a few corrections recorded today."""
        rng, today = self.rng, self.today
        first = min((g.starts_on for g in self.funding.grants), default=today).replace(day=1)
        rows = []
        for staff, site_id in self.funding.staff_site.items():
            if staff == self.funding.director_id:
                continue
            month = first
            while month <= today:
                for _ in range(rng.randint(1, 3)):
                    day = month + rng.randrange(28) * DAY
                    day -= max(0, day.weekday() - 4) * DAY  # the Friday before a weekend day
                    if not first <= day <= today:
                        continue
                    row = self._entry(
                        staff=staff,
                        day=day,
                        hours=Decimal(rng.choice(("0.5", "1", "1.5", "2", "3"))),
                        activity=rng.choice(MANUAL_ACTIVITIES),
                        source=TimeSource.MANUAL,
                        site_id=site_id,
                        by=staff,
                    )
                    if row:
                        rows.append(row)
                month = add_months(month, 1)
        for pk, row in zip(self.db.ids(TimeEntry, len(rows)), rows, strict=True):
            row["id"] = pk
        self.db.insert(TimeEntry, rows, label="time entries (by hand)")
        self._corrections(rows)

    def _corrections(self, entries: list[dict]) -> None:
        """A few entries of past months mended by a correction dated today."""
        rng, today = self.rng, self.today
        month = today.replace(day=1)
        candidates = [e for e in entries if e["grant_id"] and e["date"] < month]
        rows = []
        for entry in rng.sample(candidates, k=min(len(candidates), max(1, len(entries) // 400))):
            hours, reason = rng.choice(CORRECTIONS)
            day = (entry["staff_id"], entry["date"])
            if not 0 <= self.day_hours[day] + hours <= DAY_HOURS:
                continue
            if (entry["staff_id"], entry["grant_id"], month) in self.locked:
                continue
            self.day_hours[day] += hours
            rows.append(
                {
                    "id": None,
                    "staff_id": entry["staff_id"],
                    "date": today,
                    "hours": hours,
                    "activity": entry["activity"],
                    "source": TimeSource.CORRECTION,
                    "grant_id": entry["grant_id"],
                    "reason": reason,
                    "corrects_id": entry["id"],
                    "recorded_by_id": entry["staff_id"],
                }
            )
        for pk, row in zip(self.db.ids(TimeEntry, len(rows)), rows, strict=True):
            row["id"] = pk
        self.db.insert(TimeEntry, rows, label="time entries (corrections)")

    def _timesheets(self) -> None:
        """Every past month with hours: countersigned (locked) but for the last two months,
        which may still wait for a signature; those of closed grants are all locked."""
        rng, today = self.rng, self.today
        current = today.replace(day=1)
        closed = {g.pk for g in self.funding.grants if g.status == GrantStatus.CLOSED}
        now = timezone.now()
        rows = []
        for staff, grant, month in sorted(self.sheet_keys - self.existing_sheets):
            if month >= current:
                continue
            age = (current.year - month.year) * 12 + current.month - month.month
            draw = rng.random()
            if grant in closed or age >= 3 or draw < 0.5:
                status = TimesheetStatus.LOCKED
            elif draw < 0.8:
                status = TimesheetStatus.VALIDATED
            else:
                continue  # still open: no sheet until the member of staff validates it
            validated = min(_aware(add_months(month, 1) + rng.randint(0, 4) * DAY, 17), now)
            row = {
                "staff_id": staff,
                "grant_id": grant,
                "month": month,
                "status": status,
                "validated_at": validated,
                "validated_by_id": staff,
                "countersigned_at": None,
                "countersigned_by_id": None,
            }
            if status == TimesheetStatus.LOCKED:
                signed = validated + datetime.timedelta(days=rng.randint(1, 10), hours=-7)
                row["countersigned_at"] = max(validated, min(signed, now))
                row["countersigned_by_id"] = self.funding.director_id
            rows.append(row)
        self.db.insert(Timesheet, rows, label="timesheets")

    def _expenses(self) -> None:
        """Each site's monthly rent and the year's other invoices, with their shares."""
        rng, today, ctx = self.rng, self.today, self.ctx
        number = Expense.objects.aggregate(m=Max("pk"))["m"] or 0  # fresh invoice numbers
        first = min((g.starts_on for g in self.funding.grants), default=today)
        expenses, shares = [], []

        def add(site_id, day, category, supplier, amount, prefix):
            nonlocal number
            number += 1
            expenses.append(
                {
                    "date": day,
                    "supplier": supplier,
                    "category": category,
                    "amount": amount,
                    "invoice_reference": f"{prefix}-{day.year}-{number:06d}",
                    "recorded_by_id": self.funding.director_id,
                }
            )
            grants = self.funding.in_force(site_id, day)
            splits = [s for s in SHARE_SPLITS if len(s) <= len(grants)]
            if not splits or rng.random() < 0.08:
                return  # paid from the programme's own funds
            split = rng.choice(splits)
            for grant, percent in zip(rng.sample(grants, len(split)), split, strict=True):
                shares.append((len(expenses) - 1, grant.pk, Decimal(percent)))

        for year in range(first.year, today.year + 1):
            for site_id, site in zip(ctx.site_ids, ctx.sites, strict=True):
                rent = Decimal(rng.randint(3200, 4800)) * Decimal("1.02") ** (year - first.year)
                landlord = f"SCI {site.name.split(' — ')[0]} Bureaux"
                for month in range(1, 13):
                    day = datetime.date(year, month, 5)
                    if first <= day <= today:
                        add(site_id, day, "rent", landlord, rent.quantize(HOUR_STEP), "LOY")
            count = max(4, self.funding.households_by_year.get(year, 0) // 25)
            for _ in range(count):
                day = datetime.date(year, 1, 1) + rng.randrange(365) * DAY
                if not first <= day <= today:
                    continue
                category, supplier, low, high = rng.choice(EXPENSES)
                amount = Decimal(rng.randint(low * 100, high * 100)) / 100
                add(rng.choice(ctx.site_ids), day, category, supplier, amount, "FA")
        ids = self.db.ids(Expense, len(expenses))
        for pk, row in zip(ids, expenses, strict=True):
            row["id"] = pk
        self.db.insert(Expense, expenses, label="expenses")
        rows = [{"expense_id": ids[i], "grant_id": g, "percent": p} for i, g, p in shares]
        self.db.insert(ExpenseShare, rows, label="expense shares")
