"""3. Interviews held by kind, and households reaching each step of the funnel."""

from django.db.models import Count, Q

from households.models import Status
from interviews.models import Kind as InterviewKind

from .querysets import FUNNEL_STEPS, Scope, interviews_queryset, milestones_queryset, percent


def interviews_by_kind(scope: Scope, *, households: bool = False) -> dict[str, dict]:
    """Interview kind -> {"interviews": n} (and distinct "households" when asked), for every
    kind (DEFINITIONS "interviews"); a headline count."""
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
    the households referred in the period (one aggregate over the milestone rows)."""
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
                "conversion": None if previous is None else percent(cohort, previous),
                "filter": {"step": step.value},
            }
        )
        previous = cohort
    return {"steps": rows, "referred": rows[0]["households"]}
