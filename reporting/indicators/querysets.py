"""The period and sites asked for, and the querysets that select the rows behind the figures.

The drill-down lists (reporting.drilldown) start from the same querysets as the figures, so a
figure and its list can never disagree.

Limited to a grant (make_scope(grant=…)), the period is clipped to the grant's, the sites are
those of the grant (among the ones asked for) and every figure about households counts only
the grant's eligible households (the rule of funding.beneficiaries, read by .eligible: a
covered status with evidence valid on the first activity in the grant's period, and an
activity in the clipped period), passed to every query as one parameter (.ids):
relocations, persons relocated, attendances and persons informed, interviews, funnel steps,
durations, follow-ups, withdrawals, caseload, and the reception centres through the households
they referred. Awareness workshops count when at least one member of an eligible household
was present (a workshop only ineligible households attended was not held for the grant).
Professional trainings, the professionals trained and the training hours are not about
households: they count every training of the grant's sites within its period.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.ids import AmongIds
from followups.models import FollowUp, FollowUpStatus, Location
from funding.models import Grant
from households.models import ENDED, FUNNEL, Employment, Household, Status
from interviews.models import Interview
from mobility_plans.models import Relocation
from partners.models import Partner, PartnerKind
from workshops.models import (
    Attendance,
    ProfessionalTraining,
    TraineeRegistration,
    Workshop,
    WorkshopRegistration,
)

from ..models import HouseholdMilestones
from .grant_households import grant_eligible_ids

FOLLOWUP_MONTHS = (3, 6, 12)
# The funnel steps shown (closing a case is an administrative step, not an achievement).
FUNNEL_STEPS = [step for step in FUNNEL if step != Status.CLOSED]


# --- the period and sites asked for ----------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Which events count: dated within [start, end] (or up to `end` when cumulative), at the
    given sites (None: every site), and, limited to a grant, of its eligible households only
    (`household_ids`; None: no limit)."""

    start: datetime.date | None
    end: datetime.date
    site_ids: tuple[int, ...] | None
    cumulative: bool = False
    grant_id: int | None = None
    household_ids: tuple[int, ...] | None = field(default=None, repr=False)

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

    def households(self, path: str = "pk") -> Q:
        """Q for rows of the grant's eligible households; `path` reaches the household's id
        (e.g. "household", "person__household"). No limit without a grant."""
        if self.household_ids is None:
            return Q()
        return Q(AmongIds(path, self.household_ids))


def make_scope(
    *,
    period_start: datetime.date | None,
    period_end: datetime.date,
    site_ids=None,
    cumulative: bool = False,
    grant: Grant | None = None,
) -> Scope:
    """The Scope of a request; refuses a period without a start (unless cumulative) or
    ending before it starts.

    With a `grant`, the period is clipped to the grant's (cumulative: since the grant began),
    the sites narrowed to the grant's and the households to its eligible ones (the grant's
    sites, then the rule of funding.beneficiaries, through .grant_households): a fixed
    number of queries whatever the number of households. Refuses a period outside the
    grant's."""
    if not cumulative and period_start is None:
        raise ValueError("A period needs a start unless it is cumulative.")
    if period_start and period_start > period_end:
        raise ValueError("The period ends before it starts.")
    site_ids = None if site_ids is None else tuple(sorted(int(s) for s in site_ids))
    if grant is not None:
        return _grant_scope(grant, period_start, period_end, site_ids, cumulative)
    return Scope(
        start=None if cumulative else period_start,
        end=period_end,
        site_ids=site_ids,
        cumulative=cumulative,
    )


def _grant_scope(grant: Grant, start, end, site_ids, cumulative: bool) -> Scope:
    start = grant.starts_on if cumulative else max(start, grant.starts_on)
    end = min(end, grant.ends_on)
    if start > end:
        raise ValueError("The period lies outside the grant's.")
    covered = tuple(sorted(grant.sites.order_by().values_list("pk", flat=True)))
    sites = covered if site_ids is None else tuple(sorted(set(covered) & set(site_ids)))
    eligible = grant_eligible_ids(grant, start, end, covered, sites)
    return Scope(start=start, end=end, site_ids=sites, grant_id=grant.pk, household_ids=eligible)


def percent(part: int, whole: int) -> float | None:
    """`part` as a percentage of `whole`, one decimal; None when there is no whole."""
    return round(100 * part / whole, 1) if whole else None


def steps_from(step: str) -> list[str]:
    """The step and every later step of the funnel (closing proves no step: a case may be
    closed straight after the move, without a follow-up)."""
    return FUNNEL_STEPS[FUNNEL_STEPS.index(step) :]


# --- querysets behind the figures (shared with the drill-down lists) ---------------------------


def relocations_queryset(scope: Scope) -> QuerySet:
    return Relocation.objects.filter(
        scope.sites("household__"), scope.households("household"), scope.dated("moved_on")
    )


def relocation_history(scope: Scope) -> QuerySet:
    """Every move up to the period's end (the relocations per year); limited to a grant, only
    those of its eligible households since the grant began."""
    moves = Relocation.objects.filter(
        scope.sites("household__"), scope.households("household"), moved_on__lte=scope.end
    )
    if scope.grant_id is not None:
        moves = moves.filter(moved_on__gte=scope.start)
    return moves


def milestone_rows(scope: Scope) -> QuerySet:
    """The milestone rows (reporting.milestones) of the households of the scope's sites, and
    of the grant's eligible ones under a grant: one row per household, its current site."""
    return HouseholdMilestones.objects.filter(scope.sites(), scope.households("household"))


def milestones_queryset(scope: Scope) -> QuerySet:
    """One row per household of the sites that reached a funnel step by the period's end:
    "household" and the first date it reached each step ("d_<step>", the step or any later
    one, see steps_from), read from its milestone row.

    A first date after the period's end is never within the period, so every figure filters
    on the dates themselves (funnel_indicators, funnel_households); a household whose last
    step came before the period's start reached none in it and is left out at once."""
    rows = milestone_rows(scope).filter(d_referred__lte=scope.end)
    if not scope.cumulative and scope.start:
        rows = rows.filter(last_step_on__gte=scope.start)
    return rows.values("household", *(f"d_{step}" for step in FUNNEL_STEPS)).order_by()


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
        scope.households("person__household"),
        scope.dated("workshop__date"),
        workshop__cancelled_at__isnull=True,
        attendance=Attendance.PRESENT,
    )


def workshops_held_queryset(scope: Scope) -> QuerySet:
    present = WorkshopRegistration.objects.filter(
        scope.households("person__household"),
        workshop=OuterRef("pk"),
        attendance=Attendance.PRESENT,
    )
    return Workshop.objects.filter(
        scope.sites(), scope.dated("date"), Exists(present), cancelled_at__isnull=True
    )


def interviews_queryset(scope: Scope) -> QuerySet:
    return Interview.objects.filter(
        scope.sites("household__"), scope.households("household"), scope.dated("held_on")
    )


def supported_households_queryset(scope: Scope) -> QuerySet:
    """Limited to a grant: its eligible households with an activity in the period (the
    households supported), at the scope's sites. Without a grant: none."""
    if scope.household_ids is None:
        return Household.objects.none()
    return Household.objects.filter(scope.sites(), scope.households())


def trainee_presences(scope: Scope) -> QuerySet:
    return TraineeRegistration.objects.filter(
        scope.sites("training__"), scope.dated("training__date"), attendance=Attendance.PRESENT
    )


def trainings_held_queryset(scope: Scope) -> QuerySet:
    present = TraineeRegistration.objects.filter(
        training=OuterRef("pk"), attendance=Attendance.PRESENT
    )
    return ProfessionalTraining.objects.filter(scope.sites(), scope.dated("date"), Exists(present))


def centre_referred(scope: Scope) -> Q:
    """Q on a Partner: it referred a household of the sites during the period."""
    referred = Household.objects.filter(
        scope.sites(), scope.households(), scope.dated("referral_date")
    ).values("referring_partner")
    return Q(pk__in=referred)


def centre_trained(scope: Scope) -> Q:
    """Q on a Partner: its staff attended a training of the sites during the period."""
    return Q(pk__in=trainee_presences(scope).values("trainee__organisation"))


def reception_centres_queryset(scope: Scope, via: str = "") -> QuerySet:
    if via == "referral":
        condition = centre_referred(scope)
    elif via == "training":
        condition = centre_trained(scope)
    else:
        condition = centre_referred(scope) | centre_trained(scope)
    return Partner.objects.filter(condition, kind=PartnerKind.RECEPTION_CENTRE)


def withdrawals_queryset(scope: Scope) -> QuerySet:
    """Milestone rows of the households withdrawn within the period (a withdrawal ends the
    case: a household has at most one), with their "withdrawal_reason"."""
    return milestone_rows(scope).filter(scope.dated("withdrawn_on"))


def open_milestones(scope: Scope) -> QuerySet:
    """Milestone rows of the households open at some point of the period: referred by its
    end and not closed or withdrawn before it began."""
    rows = milestone_rows(scope).filter(referral_date__lte=scope.end)
    if scope.cumulative or scope.start is None:
        return rows
    return rows.exclude(Q(status__in=ENDED) & Q(ended_on__lt=scope.start))


def open_households_queryset(scope: Scope) -> QuerySet:
    """Households open at some point of the period (the caseload, the household export)."""
    return Household.objects.filter(pk__in=open_milestones(scope).values("household"))


def followups_queryset(scope: Scope) -> QuerySet:
    return FollowUp.objects.filter(
        scope.sites("household__"),
        scope.households("household"),
        scope.dated("done_on"),
        status=FollowUpStatus.DONE,
        months_after__in=FOLLOWUP_MONTHS,
    )


def followup_outcomes() -> dict[str, tuple]:
    """Outcome key -> (label, Q on a FollowUp)."""
    return {
        "housed": (_("Still housed"), Q(housing_kept=True)),
        "employed": (_("Employed"), Q(employment=Employment.EMPLOYED)),
        "in_training": (_("In training"), Q(in_training=True)),
        "in_region": (_("Still in the target region"), Q(location=Location.TARGET_REGION)),
        "returned_idf": (_("Returned to Île-de-France"), Q(location=Location.RETURNED_IDF)),
    }
