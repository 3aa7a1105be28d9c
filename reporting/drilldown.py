"""The list behind each figure of the dashboard, scoped to what the user may see.

Each key names an indicator; its parameters pick one bar (a lever, a region, a step…). The rows
come from the same querysets as the figures (reporting.indicators), intersected with the user's
own visible_to() scope, so a figure and its list agree and nobody lists another site's cases.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from core.fields import id_or_none, year_or_none
from households.models import Household, ProtectionStatus, Status, WithdrawalReason
from interviews.models import Kind as InterviewKind
from mobility_plans.models import Lever
from workshops.models import ProfessionalTraining, Trainee, Workshop

from . import indicators as ind
from .indicators import Scope


@dataclass
class DrillDown:
    kind: str  # households | workshops | trainings | partners | trainees
    title: str
    queryset: QuerySet


def _one_of(params: dict, name: str, allowed) -> str:
    value = params.get(name, "")
    if value and value not in allowed:
        raise Http404(f"Unknown {name}")
    return value


def _households(user, pks) -> QuerySet:
    return (
        Household.objects.visible_to(user)
        .filter(pk__in=pks)
        .select_related("site", "social_worker")
        .annotate(member_count=Count("members"))
        .order_by("reference")
    )


def _relocated(user, scope: Scope, params: dict) -> DrillDown:
    lever = _one_of(params, "lever", Lever.values)
    protection = _one_of(params, "protection", [*ProtectionStatus.values, "none"])
    region = params.get("region", "")
    if region and not (region.isascii() and region.isalnum() and len(region) <= 3):
        raise Http404("Bad region")
    year = params.get("year", "")
    if year:
        # Four ASCII digits within the years a relocation may hold: '²' or 10**20 is a 404.
        if year_or_none(year, low=2000) is None:
            raise Http404("Bad year")
        relocations = ind.relocation_history(scope).filter(moved_on__year=int(year))
    else:
        relocations = ind.relocations_queryset(scope)
    title = _("Households relocated")
    if lever:
        relocations = relocations.filter(lever_used=lever)
        title = f"{title} · {Lever(lever).label}"
    if region:
        relocations = relocations.filter(departement__region_id=region)
        title = f"{title} · {region}"
    if protection:
        relocations = relocations.filter(
            persons__protection_status="" if protection == "none" else protection
        )
        if protection != "none":
            title = f"{title} · {ProtectionStatus(protection).label}"
    if year:
        title = f"{title} · {year}"
    return DrillDown("households", title, _households(user, relocations.values("household")))


def _funnel(user, scope: Scope, params: dict) -> DrillDown:
    step = _one_of(params, "step", [s.value for s in ind.FUNNEL_STEPS]) or Status.REFERRED
    mode = _one_of(params, "mode", ["flow", "cohort"]) or "flow"
    reaching = _("Households reaching the step")
    title = f"{reaching} · {Status(step).label}"
    pks = ind.funnel_households(scope, step, mode)
    return DrillDown("households", title, _households(user, pks))


def _informed(user, scope: Scope, params: dict) -> DrillDown:
    pks = ind.present_registrations(scope).values("person__household")
    return DrillDown("households", _("Households informed"), _households(user, pks))


def _interviews(user, scope: Scope, params: dict) -> DrillDown:
    kind = _one_of(params, "kind", InterviewKind.values)
    interviews = ind.interviews_queryset(scope)
    title = _("Households interviewed")
    if kind:
        interviews = interviews.filter(kind=kind)
        title = f"{title} · {InterviewKind(kind).label}"
    return DrillDown("households", title, _households(user, interviews.values("household")))


def _withdrawals(user, scope: Scope, params: dict) -> DrillDown:
    reason = _one_of(params, "reason", WithdrawalReason.values)
    changes = ind.withdrawals_queryset(scope)
    title = _("Households withdrawn")
    if reason:
        changes = changes.filter(withdrawal_reason=reason)
        title = f"{title} · {WithdrawalReason(reason).label}"
    return DrillDown("households", title, _households(user, changes.values("household")))


def _caseload(user, scope: Scope, params: dict) -> DrillDown:
    worker = params.get("social_worker", "")
    households = ind.open_households_queryset(scope)
    if worker == "none":
        households = households.filter(social_worker__isnull=True)
    elif worker:
        worker_id = id_or_none(worker)
        if worker_id is None:
            raise Http404("Bad social worker")
        households = households.filter(social_worker_id=worker_id)
    return DrillDown(
        "households",
        _("Caseload per social worker"),
        _households(user, households.values("pk")),
    )


def _followups(user, scope: Scope, params: dict) -> DrillDown:
    followups = ind.followups_queryset(scope)
    months = _one_of(params, "months", [str(m) for m in ind.FOLLOWUP_MONTHS])
    outcomes = ind.followup_outcomes()
    outcome = _one_of(params, "outcome", list(outcomes))
    title = _("Follow-ups")
    if months:
        followups = followups.filter(months_after=int(months))
        after = _("%(months)s months") % {"months": months}
        title = f"{title} · {after}"
    if outcome:
        label, condition = outcomes[outcome]
        followups = followups.filter(condition)
        title = f"{title} · {label}"
    return DrillDown("households", title, _households(user, followups.values("household")))


def _supported(user, scope: Scope, params: dict) -> DrillDown:
    if scope.grant_id is None:
        raise Http404("Only under a grant")
    pks = ind.supported_households_queryset(scope).values("pk")
    return DrillDown("households", _("Households supported"), _households(user, pks))


def _sessions(user, model, held: QuerySet) -> QuerySet:
    """Workshops or trainings held in the scope that the user may see, with their presences."""
    return (
        model.objects.visible_to(user)
        .filter(pk__in=held.values("pk"))
        .select_related("site")
        .annotate(present=Count("registrations", filter=Q(registrations__attendance="present")))
        .order_by("date", "pk")
    )


def _workshops(user, scope: Scope, params: dict) -> DrillDown:
    workshops = _sessions(user, Workshop, ind.workshops_held_queryset(scope))
    return DrillDown("workshops", _("Awareness workshops held"), workshops)


def _trainings(user, scope: Scope, params: dict) -> DrillDown:
    trainings = _sessions(user, ProfessionalTraining, ind.trainings_held_queryset(scope))
    return DrillDown("trainings", _("Training sessions held"), trainings)


def _professionals(user, scope: Scope, params: dict) -> DrillDown:
    # Trainings are scoped by site: only presences at trainings the user may see are listed.
    visible = ProfessionalTraining.objects.visible_to(user).values("pk")
    presences = ind.trainee_presences(scope).filter(training__in=visible)
    trainees = (
        Trainee.objects.filter(pk__in=presences.values("trainee"))
        .select_related("organisation")
        .order_by("name", "pk")
    )
    return DrillDown("trainees", _("Professionals trained"), trainees)


def _reception_centres(user, scope: Scope, params: dict) -> DrillDown:
    via = _one_of(params, "via", ["referral", "training"])
    # The directory is shared by every site; the scope's sites already limit which referrals
    # and trainings count, and those sites are the user's own (see PeriodForm).
    partners = ind.reception_centres_queryset(scope, via).order_by("name")
    return DrillDown("partners", _("Reception centres participating"), partners)


HANDLERS = {
    "relocated": _relocated,
    "funnel": _funnel,
    "informed": _informed,
    "interviews": _interviews,
    "withdrawals": _withdrawals,
    "caseload": _caseload,
    "followups": _followups,
    "workshops": _workshops,
    "trainings": _trainings,
    "professionals": _professionals,
    "reception_centres": _reception_centres,
    "supported": _supported,
}


def drilldown_list(*, user, scope: Scope, key: str, params: dict) -> DrillDown:
    """The rows behind the figure `key` for that scope; 404 for an unknown key or value."""
    handler = HANDLERS.get(key)
    if handler is None:
        raise Http404("Unknown indicator")
    return handler(user, scope, params)
