"""Reads of mobility plans and relocations, always starting from what the user may see."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from core.dates import today
from core.history import history_rows
from households.models import Household

from .models import MobilityPlan, PlanStep, PlanTarget, Relocation
from .signals import relocation_prefill_requested


def plan_active_for_household(*, household: Household) -> MobilityPlan | None:
    """The household's plan in draft or signed state, if any (at most one by constraint)."""
    return MobilityPlan.objects.active().filter(household=household).first()


def plan_get_for_user(*, user, pk: int) -> MobilityPlan:
    """The plan, or 404 when its household lies outside the user's sites."""
    return get_object_or_404(
        MobilityPlan.objects.visible_to(user).select_related(
            "household", "household__site", "interview", "created_by"
        ),
        pk=pk,
    )


def plan_detail_parts(*, plan: MobilityPlan) -> dict:
    """Targets, steps, persons and relocation of one plan, in a fixed number of queries."""
    relocation = Relocation.objects.filter(plan=plan).select_related("departement").first()
    steps = list(plan.steps.all())
    on = today()
    for step in steps:
        step.late_by = step.days_late(on)
    return {
        "targets": list(plan.targets.select_related("region", "departement")),
        "steps": steps,
        "persons": list(plan.persons.all()),
        "relocation": relocation,
        "relocated_persons": list(relocation.persons.all()) if relocation else [],
    }


def plans_for_household(*, household: Household) -> list[MobilityPlan]:
    """Every plan of the household (active first, then newest) with its targets and step
    counts (`steps_total`, `steps_done`), in two queries whatever their number."""
    plans = list(
        household.mobility_plans.select_related("relocation")
        .annotate(
            steps_total=Count("steps"),
            steps_done=Count("steps", filter=Q(steps__done_on__isnull=False)),
        )
        .prefetch_related(
            Prefetch("targets", queryset=PlanTarget.objects.select_related("region", "departement"))
        )
    )
    return sorted(plans, key=lambda p: (not p.is_active, -p.created_at.timestamp()))


def step_get_for_user(*, user, pk: int) -> PlanStep:
    """The plan step, or 404 when its household lies outside the user's sites."""
    return get_object_or_404(
        PlanStep.objects.filter(plan__in=MobilityPlan.objects.visible_to(user)).select_related(
            "plan", "plan__household"
        ),
        pk=pk,
    )


def relocation_list(*, user) -> QuerySet[Relocation]:
    """Relocations of the user's sites, newest move first, in one query.

    The follow-up schedule (followups app) starts from these rows and their `moved_on`.
    """
    return Relocation.objects.visible_to(user).select_related(
        "household", "household__site", "departement", "departement__region", "plan"
    )


# Free text about the household, left out of the history shown to auditors.


def _describe(record) -> str:
    if record.instance_type is PlanStep:
        return _("step “%(action)s”") % {"action": record.action}
    if record.instance_type is PlanTarget:
        return _("target area %(rank)s") % {"rank": record.preference}
    return ""


def plan_history(*, plan: MobilityPlan, include_notes: bool) -> list[dict]:
    """Who changed the plan, its target areas and its steps, what, when and why; newest
    first, in a fixed number of queries."""
    records = [
        *MobilityPlan.history.filter(id=plan.pk).select_related("history_user")[:500],
        *PlanTarget.history.filter(plan_id=plan.pk).select_related("history_user")[:500],
        *PlanStep.history.filter(plan_id=plan.pk).select_related("history_user")[:500],
    ]
    return history_rows(records, include_notes=include_notes, describe=_describe)


def relocation_prefill(*, plan: MobilityPlan) -> dict:
    """What is already known of the move, to start the relocation form from: the plan's
    first target area (region, département), then what the apps above know (the accepted
    referral: partner's offer, housing, job or training obtained…), which is more precise."""
    initial = {}
    target = plan.targets.order_by("preference", "id").first()
    if target is not None:
        initial = {"region": target.region_id}
        if target.departement_id:
            initial["departement"] = target.departement_id
    for _receiver, answer in relocation_prefill_requested.send(sender=MobilityPlan, plan=plan):
        values = {name: value for name, value in (answer or {}).items() if value}
        if "departement" in values and "region" not in values:
            # A département elsewhere than the target's region brings its own region.
            initial.pop("region", None)
        initial.update(values)
    return initial
