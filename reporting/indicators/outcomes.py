"""7. Follow-up outcomes at 3, 6 and 12 months after the move."""

from django.db.models import Count

from .querysets import FOLLOWUP_MONTHS, Scope, followup_outcomes, followups_queryset, percent


def followup_indicators(scope: Scope) -> dict:
    """7. Follow-up outcomes at 3, 6 and 12 months."""
    outcomes = list(followup_outcomes().items())
    found = {
        row["months_after"]: row
        for row in followups_queryset(scope)
        .values("months_after")
        .annotate(done=Count("pk"), **{key: Count("pk", filter=q) for key, (_label, q) in outcomes})
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
                        "share": percent(row.get(key, 0), done),
                    }
                    for key, (label, _q) in outcomes
                ],
            }
        )
    labels = [{"key": key, "label": label} for key, (label, _q) in outcomes]
    return {"by_months": rows, "outcomes": labels}
