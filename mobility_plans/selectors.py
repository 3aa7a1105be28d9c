"""Reads of mobility plans and relocations, always starting from what the user may see."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from households.models import Household

from .models import MobilityPlan, PlanStep, PlanTarget, Relocation


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
    return {
        "targets": list(plan.targets.select_related("region", "departement")),
        "steps": list(plan.steps.all()),
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
