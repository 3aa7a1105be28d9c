"""Reads of interviews, always starting from what the user may see."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from core.history import history_rows
from households.models import Household, Relation
from mobility_plans.models import PlanStatus

from .models import DiagnosticAssessment, Interview, Kind


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


def diagnostic_initial(*, household: Household) -> dict:
    """What the household's file already says, to start the diagnostic from: its current
    accommodation, and the French level, employment situation and driving licence of its head
    (or of its first member when no head is recorded). Empty answers are left out."""
    members = list(household.members.all())
    person = next((p for p in members if p.relation == Relation.HEAD), None) or next(
        iter(members), None
    )
    initial = {"housing_situation": household.accommodation}
    if person is not None:
        initial.update(
            french_level=person.french_level,
            employment_situation=person.employment_situation,
            driving_licence=person.driving_licence,
        )
    return {name: value for name, value in initial.items() if value}


# Free text about people, left out of the history shown to auditors.


def interview_history(*, interview: Interview, include_notes: bool) -> list[dict]:
    """Who corrected the interview (and its assessment), what, when and why; newest first, in
    a fixed number of queries."""
    records = [
        *Interview.history.filter(id=interview.pk).select_related("history_user")[:500],
        *DiagnosticAssessment.history.filter(interview_id=interview.pk).select_related(
            "history_user"
        )[:500],
    ]
    return history_rows(
        records,
        include_notes=include_notes,
        describe=lambda r: _("Diagnostic") if r.instance_type is DiagnosticAssessment else "",
    )
