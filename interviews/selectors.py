"""Reads of interviews, always starting from what the user may see."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from households.models import Household
from mobility_plans.models import PlanStatus

from .models import Interview, Kind


def interview_get_for_user(*, user, pk: int) -> Interview:
    """The interview, or 404 when its household lies outside the user's sites."""
    return get_object_or_404(
        Interview.objects.visible_to(user).select_related(
            "household", "household__site", "social_worker", "assessment", "plan"
        ),
        pk=pk,
    )


def interviews_for_household(*, household: Household) -> QuerySet[Interview]:
    """The household's interviews, newest first, in one query (the caller has already
    checked the household is visible)."""
    return household.interviews.select_related("social_worker")


def interview_suggested_kind(*, household: Household) -> str:
    """The kind a new interview most likely is: the diagnostic first, then the plan."""
    kinds = set(household.interviews.values_list("kind", flat=True))
    if Kind.DIAGNOSTIC not in kinds:
        return Kind.DIAGNOSTIC
    if not household.mobility_plans.exclude(status=PlanStatus.ABANDONED).exists():
        return Kind.MOBILITY_PLAN
    return Kind.OTHER


def interview_last_language(*, household: Household) -> str:
    """The language of the household's last interview, to prefill the next one."""
    return (
        household.interviews.exclude(language="").values_list("language", flat=True).first() or ""
    )
