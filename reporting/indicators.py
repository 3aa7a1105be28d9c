"""The programme's evaluation indicators, for any period and any set of sites.

Every figure is a handful of aggregate queries (COUNT/SUM with FILTER, GROUP BY): the cost does
not grow with a Python loop over households, only with what the database scans. Each figure is
dated by the event behind it (the move, the workshop, the interview, the status change), never
by the day the row was typed in, so cases entered later with past dates (imports of the
programme's history) count in the year they happened.

The querysets that select the rows behind a figure live here too (`*_queryset` helpers): the
drill-down lists use them, so a figure and its list can never disagree.
"""

import datetime
import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.db import NotSupportedError, connections
from django.db.models import (
    Aggregate,
    Avg,
    Count,
    DateField,
    Exists,
    F,
    FloatField,
    Func,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractYear, Least
from django.utils.translation import gettext_lazy as _

from households.models import (
    ENDED,
    FUNNEL,
    Household,
    ProtectionStatus,
    Status,
    StatusChange,
    WithdrawalReason,
)
from interviews.models import Interview
from interviews.models import Kind as InterviewKind
from mobility_plans.models import Lever, Relocation
from partners.models import Partner, PartnerKind
from workshops.models import (
    Attendance,
    ProfessionalTraining,
    TraineeRegistration,
    Workshop,
    WorkshopRegistration,
)

# Average length of a month in days (365.25 / 12): durations are given in months.
DAYS_PER_MONTH = 30.4375
FOLLOWUP_MONTHS = (3, 6, 12)
# The funnel steps shown (closing a case is an administrative step, not an achievement).
FUNNEL_STEPS = [step for step in FUNNEL if step != Status.CLOSED]
FAR_FUTURE = datetime.date(9999, 12, 31)


DEFINITIONS = {
    "referred": (
        _("Households referred"),
        _("Households whose referral (first step of the funnel) is dated within the period."),
    ),
    "relocated": (
        _("Households relocated"),
        _(
            "Households with a move recorded within the period (moving date), whatever the "
            "year they entered the programme. A household that moved twice counts once."
        ),
    ),
    "persons_relocated": (
        _("Persons relocated"),
        _(
            "Members ticked as having moved in those relocations; members who stayed behind "
            "are not counted."
        ),
    ),
    "by_lever": (
        _("Relocations by lever"),
        _("The lever actually used for the move: a job, a training course or housing."),
    ),
    "by_region": (
        _("Relocations by region"),
        _("Region of the destination département of the move."),
    ),
    "by_protection": (
        _("Persons relocated by protection status"),
        _("Protection or residence status of each person who moved."),
    ),
    "by_year": (
        _("Relocations per year"),
        _(
            "Households relocated each calendar year, from the first recorded move to the end "
            "of the period."
        ),
    ),
    "workshops": (
        _("Awareness workshops held"),
        _(
            "Workshops dated within the period, not cancelled, where at least one person was "
            "recorded present."
        ),
    ),
    "attendances": (
        _("Attendances"),
        _(
            "Persons recorded present at those workshops (one person at two workshops counts "
            "twice)."
        ),
    ),
    "informed": (
        _("Households informed"),
        _("Distinct households with at least one member present at a workshop of the period."),
    ),
    "persons_informed": (
        _("Persons informed"),
        _("Distinct persons present at a workshop of the period."),
    ),
    "interviews": (
        _("Interviews held"),
        _(
            "Interviews dated within the period, by kind: diagnostic (interview 1), mobility "
            "plan (interview 2) and other talks."
        ),
    ),
    "funnel": (
        _("Households reaching each step"),
        _(
            "A household reaches a step on the first date it was recorded at that step or a "
            "later one (a household may skip the workshop). “During the period” counts the "
            "steps reached within the period. The conversion rate follows the households "
            "referred during the period (all households since the programme began in the "
            "cumulative mode): the share of those at one step who reached the next one by the "
            "end of the period."
        ),
    ),
    "reception_centres": (
        _("Reception centres participating"),
        _(
            "Reception centres (CADA, CPH, HUDA, CAES) that referred a household during the "
            "period, or whose staff attended a professional training held during the period."
        ),
    ),
    "trainings": (
        _("Training sessions held"),
        _("Professional trainings dated within the period with at least one trainee present."),
    ),
    "professionals": (
        _("Professionals trained"),
        _("Distinct professionals recorded present at a training of the period."),
    ),
    "training_hours": (
        _("Training hours"),
        _(
            "Sum of the durations of the sessions held; trainee hours multiply each session's "
            "duration by the professionals present."
        ),
    ),
    "duration": (
        _("Relocation duration"),
        _(
            "Months from the first information (first workshop attended or first interview, "
            "whichever is earlier; the first step after the referral for cases entered without "
            "them) to the move, for the moves of the period. A month counts 30.44 days."
        ),
    ),
    "followups": (
        _("Follow-up outcomes"),
        _(
            "Follow-ups at 3, 6 and 12 months after the move recorded as done within the "
            "period, and among them the households still housed, with a member employed, in "
            "training, still in the target region, or back in Île-de-France."
        ),
    ),
    "withdrawals": (
        _("Withdrawals by reason"),
        _("Households withdrawn during the period, by the reason given at the withdrawal."),
    ),
    "caseload": (
        _("Caseload per social worker"),
        _(
            "Households open at some point in the period (referred before its end, not "
            "closed or withdrawn before its start), by their current social worker."
        ),
    ),
    "cumulative": (
        _("Since the programme began"),
        _(
            "The same figures from the first recorded event to the end of the period, cases "
            "imported from the programme's history included."
        ),
    ),
}


def definition(key: str) -> dict:
    label, explanation = DEFINITIONS[key]
    return {"key": key, "label": label, "explanation": explanation}


# --- the period and sites asked for ----------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Which events count: dated within [start, end] (or up to `end` when cumulative), at the
    given sites (None: every site)."""

    start: datetime.date | None
    end: datetime.date
    site_ids: tuple[int, ...] | None
    cumulative: bool = False

    def dated(self, field: str) -> Q:
        """Q for a date field that falls within the period."""
        q = Q(**{f"{field}__lte": self.end})
        if not self.cumulative and self.start:
            q &= Q(**{f"{field}__gte": self.start})
        return q

    def sites(self, prefix: str = "") -> Q:
        """Q for rows of the chosen sites; `prefix` reaches the site (e.g. "household__")."""
        if self.site_ids is None:
            return Q()
        return Q(**{f"{prefix}site_id__in": self.site_ids})


def make_scope(
    *,
    period_start: datetime.date | None,
    period_end: datetime.date,
    site_ids=None,
    grant=None,
    cumulative: bool = False,
) -> Scope:
    """The Scope of a request. `grant` is accepted for when grants exist and ignored for now."""
    del grant  # Grants (funding/) do not exist yet; every figure covers the whole programme.
    if not cumulative and period_start is None:
        raise ValueError("A period needs a start unless it is cumulative.")
    if period_start and period_start > period_end:
        raise ValueError("The period ends before it starts.")
    return Scope(
        start=None if cumulative else period_start,
        end=period_end,
        site_ids=None if site_ids is None else tuple(sorted(int(s) for s in site_ids)),
        cumulative=cumulative,
    )


# --- database helpers ------------------------------------------------------------------------


class Median(Aggregate):
    """PostgreSQL's exact median (percentile_cont); other databases use median_of()."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra_context):
        if connection.vendor != "postgresql":
            raise NotSupportedError("Median() needs PostgreSQL; use median_of().")
        return super().as_sql(compiler, connection, **extra_context)


class DaysBetween(Func):
    """Days from `start` to `end` (two dates) as a number, on PostgreSQL and SQLite."""

    output_field = FloatField()
    arity = 2

    def __init__(self, end, start, **extra):
        super().__init__(end, start, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        end_sql, end_params = compiler.compile(self.source_expressions[0])
        start_sql, start_params = compiler.compile(self.source_expressions[1])
        if connection.vendor == "postgresql":
            sql = f"(({end_sql}) - ({start_sql}))::double precision"
        elif connection.vendor == "sqlite":
            sql = f"(julianday({end_sql}) - julianday({start_sql}))"
        else:
            raise NotSupportedError("DaysBetween supports PostgreSQL and SQLite.")
        return sql, (*end_params, *start_params)


def median_of(queryset: QuerySet, field: str) -> float | None:
    """Median of an annotated numeric column: one aggregate on PostgreSQL; elsewhere only
    that column is fetched (acceptable for the small SQLite installs)."""
    if connections[queryset.db].vendor == "postgresql":
        return queryset.aggregate(value=Median(field))["value"]
    values = [v for v in queryset.values_list(field, flat=True) if v is not None]
    return statistics.median(values) if values else None


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _months(days) -> float | None:
    return None if days is None else round(float(days) / DAYS_PER_MONTH, 1)


def _steps_from(step: str) -> list[str]:
    """The step and every later step of the funnel (closing proves no step: a case may be
    closed straight after the move, without a follow-up)."""
    return FUNNEL_STEPS[FUNNEL_STEPS.index(step) :]


# --- querysets behind the figures (shared with the drill-down lists) ---------------------------


def relocations_queryset(scope: Scope) -> QuerySet:
    return Relocation.objects.filter(scope.sites("household__"), scope.dated("moved_on"))


def milestones_queryset(scope: Scope) -> QuerySet:
    """One row per household of the sites that reached a funnel step within the period: the
    first date it reached each step, up to the period's end (a later first date is None).

    Only those households can reach a step, or be referred, within the period, so the
    status history of every other household is never read; changes after the period's end
    cannot make a first date within the period either."""
    changes = StatusChange.objects.filter(
        scope.sites("household__"), to_status__in=FUNNEL_STEPS, occurred_on__lte=scope.end
    )
    if not scope.cumulative and scope.start:
        active = StatusChange.objects.filter(scope.dated("occurred_on"), to_status__in=FUNNEL_STEPS)
        changes = changes.filter(household__in=active.values("household"))
    return (
        changes.values("household")
        .annotate(
            **{
                f"d_{step}": Min("occurred_on", filter=Q(to_status__in=_steps_from(step)))
                for step in FUNNEL_STEPS
            }
        )
        .order_by()
    )


def funnel_households(scope: Scope, step: str, mode: str = "flow") -> QuerySet:
    """Household ids behind one bar of the funnel (see DEFINITIONS["funnel"])."""
    rows = milestones_queryset(scope)
    if mode == "cohort":
        rows = rows.filter(scope.dated(f"d_{Status.REFERRED}"), **{f"d_{step}__lte": scope.end})
    else:
        rows = rows.filter(scope.dated(f"d_{step}"))
    return rows.values("household")


def present_registrations(scope: Scope) -> QuerySet:
    return WorkshopRegistration.objects.filter(
        scope.sites("workshop__"),
        scope.dated("workshop__date"),
        workshop__cancelled_at__isnull=True,
        attendance=Attendance.PRESENT,
    )


def workshops_held_queryset(scope: Scope) -> QuerySet:
    present = WorkshopRegistration.objects.filter(
        workshop=OuterRef("pk"), attendance=Attendance.PRESENT
    )
    return Workshop.objects.filter(
        scope.sites(), scope.dated("date"), Exists(present), cancelled_at__isnull=True
    )


def interviews_queryset(scope: Scope) -> QuerySet:
    return Interview.objects.filter(scope.sites("household__"), scope.dated("held_on"))


def trainee_presences(scope: Scope) -> QuerySet:
    return TraineeRegistration.objects.filter(
        scope.sites("training__"), scope.dated("training__date"), attendance=Attendance.PRESENT
    )


def trainings_held_queryset(scope: Scope) -> QuerySet:
    present = TraineeRegistration.objects.filter(
        training=OuterRef("pk"), attendance=Attendance.PRESENT
    )
    return ProfessionalTraining.objects.filter(scope.sites(), scope.dated("date"), Exists(present))


def _centre_referred(scope: Scope) -> Q:
    referred = Household.objects.filter(scope.sites(), scope.dated("referral_date")).values(
        "referring_partner"
    )
    return Q(pk__in=referred)


def _centre_trained(scope: Scope) -> Q:
    return Q(pk__in=trainee_presences(scope).values("trainee__organisation"))


def reception_centres_queryset(scope: Scope, via: str = "") -> QuerySet:
    condition = {
        "referral": _centre_referred(scope),
        "training": _centre_trained(scope),
    }.get(via, _centre_referred(scope) | _centre_trained(scope))
    return Partner.objects.filter(condition, kind=PartnerKind.RECEPTION_CENTRE)


def withdrawals_queryset(scope: Scope) -> QuerySet:
    return StatusChange.objects.filter(
        scope.sites("household__"), scope.dated("occurred_on"), to_status=Status.WITHDRAWN
    )


def open_households_queryset(scope: Scope) -> QuerySet:
    """Households open at some point of the period (the caseload, the household export)."""
    households = Household.objects.filter(scope.sites(), referral_date__lte=scope.end)
    if scope.cumulative or scope.start is None:
        return households
    ended_before = StatusChange.objects.filter(
        to_status__in=ENDED, occurred_on__lt=scope.start
    ).values("household")
    return households.exclude(Q(status__in=ENDED) & Q(pk__in=ended_before))


def followups_queryset(scope: Scope) -> QuerySet | None:
    if not apps.is_installed("followups"):
        return None
    from followups.models import FollowUp, FollowUpStatus

    return FollowUp.objects.filter(
        scope.sites("household__"),
        scope.dated("done_on"),
        status=FollowUpStatus.DONE,
        months_after__in=FOLLOWUP_MONTHS,
    )


def followup_outcomes() -> dict[str, tuple]:
    """Outcome key -> (label, Q on a FollowUp)."""
    from followups.models import Location
    from households.models import Employment

    return {
        "housed": (_("Still housed"), Q(housing_kept=True)),
        "employed": (_("Employed"), Q(employment=Employment.EMPLOYED)),
        "in_training": (_("In training"), Q(in_training=True)),
        "in_region": (_("Still in the target region"), Q(location=Location.TARGET_REGION)),
        "returned_idf": (_("Returned to Île-de-France"), Q(location=Location.RETURNED_IDF)),
    }


# --- the headline counts ---------------------------------------------------------------------
# Each is computed by one function, used by its family below and by headline_counts().


def relocation_totals(scope: Scope) -> dict:
    """Households relocated and persons who moved (DEFINITIONS "relocated" and
    "persons_relocated")."""
    return relocations_queryset(scope).aggregate(
        households=Count("household", distinct=True), persons=Count("persons", distinct=True)
    )


def workshops_held(scope: Scope) -> int:
    """Workshops held (DEFINITIONS "workshops")."""
    return workshops_held_queryset(scope).count()


def interviews_by_kind(scope: Scope, *, households: bool = False) -> dict[str, dict]:
    """Interview kind -> {"interviews": n} (and distinct "households" when asked), for every
    kind (DEFINITIONS "interviews")."""
    counts = {"interviews": Count("pk")}
    if households:
        counts["households"] = Count("household", distinct=True)
    found = {
        row["kind"]: row
        for row in interviews_queryset(scope).values("kind").annotate(**counts).order_by()
    }
    return {
        kind.value: {key: found.get(kind.value, {}).get(key, 0) for key in counts}
        for kind in InterviewKind
    }


def headline_for_scope(scope: Scope) -> dict:
    relocated = relocation_totals(scope)
    return {
        "households_relocated": relocated["households"],
        "persons_relocated": relocated["persons"],
        "workshops_held": workshops_held(scope),
        "interviews": {kind: row["interviews"] for kind, row in interviews_by_kind(scope).items()},
    }


def headline_counts(
    *, period_start: datetime.date | None, period_end: datetime.date, site_ids=None
) -> dict:
    """The headline figures of a period and sites, and only those (three queries): households
    and persons relocated, workshops held and interviews held by kind.

    They are the same figures as compute_indicators() gives (relocations households and
    persons, workshops held, interviews by kind), computed by the same functions.
    """
    scope = make_scope(period_start=period_start, period_end=period_end, site_ids=site_ids)
    return headline_for_scope(scope)


# --- indicator families ----------------------------------------------------------------------


def relocation_indicators(scope: Scope) -> dict:
    """1. Households and persons relocated, by lever, target region, protection status, year."""
    relocations = relocations_queryset(scope)
    totals = relocation_totals(scope)
    counts = {
        "households": Count("household", distinct=True),
        "persons": Count("persons", distinct=True),
    }
    by_lever = {
        row["lever_used"]: row
        for row in relocations.values("lever_used").annotate(**counts).order_by()
    }
    lever_rows = [
        {
            "key": lever.value,
            "label": lever.label,
            "households": by_lever.get(lever.value, {}).get("households", 0),
            "persons": by_lever.get(lever.value, {}).get("persons", 0),
            "filter": {"lever": lever.value},
        }
        for lever in Lever
    ]
    region_rows = [
        {
            "key": row["departement__region_id"],
            "label": row["departement__region__name"],
            "households": row["households"],
            "persons": row["persons"],
            "filter": {"region": row["departement__region_id"]},
        }
        for row in relocations.values("departement__region_id", "departement__region__name")
        .annotate(**counts)
        .order_by("-households", "departement__region__name")
    ]
    moved = Relocation.persons.through.objects.filter(relocation__in=relocations)
    by_protection = {
        row["person__protection_status"]: row
        for row in moved.values("person__protection_status")
        .annotate(
            persons=Count("person", distinct=True),
            households=Count("relocation__household", distinct=True),
        )
        .order_by()
    }
    protection_rows = [
        {
            "key": value,
            "label": label,
            "persons": by_protection.get(value, {}).get("persons", 0),
            "households": by_protection.get(value, {}).get("households", 0),
            "filter": {"protection": value or "none"},
        }
        for value, label in [*ProtectionStatus.choices, ("", _("Not stated"))]
        if value in by_protection or value
    ]
    # Every year up to the period's end, so that one year is seen against the others.
    history = Relocation.objects.filter(scope.sites("household__"), moved_on__lte=scope.end)
    year_rows = [
        {
            "key": row["year"],
            "label": str(row["year"]),
            "households": row["households"],
            "persons": row["persons"],
            "filter": {"year": row["year"]},
        }
        for row in history.annotate(year=ExtractYear("moved_on"))
        .values("year")
        .annotate(**counts)
        .order_by("year")
    ]
    return {
        "households": totals["households"],
        "persons": totals["persons"],
        "by_lever": lever_rows,
        "by_region": region_rows,
        "by_protection": protection_rows,
        "by_year": year_rows,
    }


def workshop_indicators(scope: Scope) -> dict:
    """2. Workshops held, attendances, distinct households and persons informed."""
    people = present_registrations(scope).aggregate(
        attendances=Count("pk"),
        households=Count("person__household", distinct=True),
        persons=Count("person", distinct=True),
    )
    return {"held": workshops_held(scope), **people}


def interview_indicators(scope: Scope) -> dict:
    """3a. Interviews held, by kind."""
    found = interviews_by_kind(scope, households=True)
    rows = [
        {
            "key": kind.value,
            "label": kind.label,
            "interviews": found[kind.value]["interviews"],
            "households": found[kind.value]["households"],
            "filter": {"kind": kind.value},
        }
        for kind in InterviewKind
    ]
    return {"total": sum(row["interviews"] for row in rows), "by_kind": rows}


def funnel_indicators(scope: Scope) -> dict:
    """3b. Households reaching each funnel step during the period, and the conversion rates of
    the households referred in the period (one GROUP BY over the status history)."""
    referred_in_period = scope.dated(f"d_{Status.REFERRED}")
    aggregates = {}
    for step in FUNNEL_STEPS:
        aggregates[f"flow_{step}"] = Count("household", filter=scope.dated(f"d_{step}"))
        aggregates[f"cohort_{step}"] = Count(
            "household", filter=referred_in_period & Q(**{f"d_{step}__lte": scope.end})
        )
    counts = milestones_queryset(scope).aggregate(**aggregates)
    rows = []
    previous = None
    for step in FUNNEL_STEPS:
        cohort = counts[f"cohort_{step}"]
        rows.append(
            {
                "key": step.value,
                "label": step.label,
                "households": counts[f"flow_{step}"],
                "cohort": cohort,
                "conversion": None if previous is None else _pct(cohort, previous),
                "filter": {"step": step.value},
            }
        )
        previous = cohort
    return {"steps": rows, "referred": rows[0]["households"]}


def reception_centre_indicators(scope: Scope) -> dict:
    """4. Reception centres that referred a household or sent staff to a training."""
    referred, trained = _centre_referred(scope), _centre_trained(scope)
    return Partner.objects.filter(kind=PartnerKind.RECEPTION_CENTRE).aggregate(
        total=Count("pk", filter=referred | trained),
        referral=Count("pk", filter=referred),
        training=Count("pk", filter=trained),
    )


def training_indicators(scope: Scope) -> dict:
    """5. Professionals trained, training sessions held, training hours."""
    sessions = trainings_held_queryset(scope).aggregate(
        sessions=Count("pk"), hours=Sum("duration_hours")
    )
    people = trainee_presences(scope).aggregate(
        professionals=Count("trainee", distinct=True),
        organisations=Count("trainee__organisation", distinct=True),
        trainee_hours=Sum("training__duration_hours"),
    )
    return {
        "sessions": sessions["sessions"],
        "hours": sessions["hours"] or Decimal("0"),
        "professionals": people["professionals"],
        "organisations": people["organisations"],
        "trainee_hours": people["trainee_hours"] or Decimal("0"),
    }


def _first_information() -> Least:
    """The first information of the relocation's household, as an SQL expression."""
    household = OuterRef("household")
    first_workshop = (
        WorkshopRegistration.objects.filter(
            person__household=household,
            attendance=Attendance.PRESENT,
            workshop__cancelled_at__isnull=True,
        )
        .order_by("workshop__date")
        .values("workshop__date")[:1]
    )
    first_interview = (
        Interview.objects.filter(household=household).order_by("held_on").values("held_on")[:1]
    )
    # Cases entered without their workshop or interview: their first step after the referral.
    first_step = (
        StatusChange.objects.filter(household=household, to_status__in=_steps_from(Status.INFORMED))
        .order_by("occurred_on")
        .values("occurred_on")[:1]
    )
    far = Value(FAR_FUTURE, output_field=DateField())
    return Least(
        Coalesce(Subquery(first_workshop, output_field=DateField()), far),
        Coalesce(Subquery(first_interview, output_field=DateField()), far),
        Coalesce(Subquery(first_step, output_field=DateField()), F("moved_on")),
        output_field=DateField(),
    )


def duration_indicators(scope: Scope) -> dict:
    """6. Mean and median months from first information to the move."""
    # Grouped by relocation so that the database computes each duration once (a plain
    # annotation would be inlined, its subqueries run once for the mean and again for the
    # median).
    durations = (
        relocations_queryset(scope)
        .values("pk")
        .annotate(days=Min(DaysBetween(F("moved_on"), _first_information())))
        .order_by()
    )
    if connections[durations.db].vendor == "postgresql":
        figures = durations.aggregate(mean=Avg("days"), median=Median("days"), n=Count("pk"))
    else:
        values = list(durations.values_list("days", flat=True))
        figures = {
            "mean": statistics.fmean(values) if values else None,
            "median": statistics.median(values) if values else None,
            "n": len(values),
        }
    return {
        "relocations": figures["n"],
        "mean_months": _months(figures["mean"]),
        "median_months": _months(figures["median"]),
    }


def followup_indicators(scope: Scope) -> dict:
    """7. Follow-up outcomes at 3, 6 and 12 months."""
    followups = followups_queryset(scope)
    outcomes = [] if followups is None else list(followup_outcomes().items())
    found = {}
    if followups is not None:
        found = {
            row["months_after"]: row
            for row in followups.values("months_after")
            .annotate(
                done=Count("pk"),
                **{key: Count("pk", filter=q) for key, (_label, q) in outcomes},
            )
            .order_by()
        }
    rows = []
    for months in FOLLOWUP_MONTHS:
        row = found.get(months, {})
        done = row.get("done", 0)
        rows.append(
            {
                "months": months,
                "done": done,
                "outcomes": [
                    {
                        "key": key,
                        "label": label,
                        "households": row.get(key, 0),
                        "share": _pct(row.get(key, 0), done),
                    }
                    for key, (label, _q) in outcomes
                ],
            }
        )
    labels = [{"key": key, "label": label} for key, (label, _q) in outcomes]
    return {"by_months": rows, "outcomes": labels}


def withdrawal_indicators(scope: Scope) -> dict:
    """8a. Withdrawals by reason."""
    found = dict(
        withdrawals_queryset(scope)
        .values("reason")
        .annotate(households=Count("household", distinct=True))
        .order_by()
        .values_list("reason", "households")
    )
    rows = [
        {
            "key": value,
            "label": label,
            "households": found.get(value, 0),
            "filter": {"reason": value},
        }
        for value, label in WithdrawalReason.choices
    ]
    total = withdrawals_queryset(scope).aggregate(n=Count("household", distinct=True))["n"]
    return {"total": total, "by_reason": rows}


def caseload_indicators(scope: Scope) -> dict:
    """8b. Households open during the period, by their social worker."""
    rows = (
        open_households_queryset(scope)
        .values(
            "social_worker",
            "social_worker__first_name",
            "social_worker__last_name",
            "social_worker__username",
        )
        .annotate(households=Count("pk"), open_now=Count("pk", filter=~Q(status__in=ENDED)))
        .order_by("-households", "social_worker__last_name")
    )
    return {
        "by_social_worker": [
            {
                "key": row["social_worker"],
                "label": (
                    " ".join(
                        part
                        for part in (
                            row["social_worker__first_name"],
                            row["social_worker__last_name"],
                        )
                        if part
                    )
                    or row["social_worker__username"]
                    or _("Not assigned")
                ),
                "households": row["households"],
                "open_now": row["open_now"],
                "filter": {"social_worker": row["social_worker"] or "none"},
            }
            for row in rows
        ]
    }


def indicators_for_scope(scope: Scope) -> dict:
    funnel = funnel_indicators(scope)
    return {
        "scope": scope,
        "relocations": relocation_indicators(scope),
        "workshops": workshop_indicators(scope),
        "interviews": interview_indicators(scope),
        "funnel": funnel,
        "reception_centres": reception_centre_indicators(scope),
        "trainings": training_indicators(scope),
        "duration": duration_indicators(scope),
        "followups": followup_indicators(scope),
        "withdrawals": withdrawal_indicators(scope),
        "caseload": caseload_indicators(scope),
    }


def compute_indicators(
    *,
    period_start: datetime.date | None,
    period_end: datetime.date,
    site_ids=None,
    grant=None,
    cumulative: bool = False,
) -> dict:
    """Every indicator of the programme for a period (or since the programme began) and sites.

    `site_ids` None means every site; `grant` is accepted and ignored until grants exist. The
    result is a dict of families (relocations, workshops, interviews, funnel, ...), each made of
    plain numbers and rows of {key, label, figures…, filter} where `filter` names the
    drill-down list behind the row.
    """
    scope = make_scope(
        period_start=period_start,
        period_end=period_end,
        site_ids=site_ids,
        grant=grant,
        cumulative=cumulative,
    )
    return indicators_for_scope(scope)
