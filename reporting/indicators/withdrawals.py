"""8. Withdrawals by reason, and the caseload per social worker."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from households.models import ENDED, WithdrawalReason

from .querysets import Scope, open_milestones, withdrawals_queryset


def withdrawal_indicators(scope: Scope) -> dict:
    """8a. Withdrawals by reason (one GROUP BY over the milestone rows)."""
    found = dict(
        withdrawals_queryset(scope)
        .values("withdrawal_reason")
        .annotate(households=Count("pk"))
        .order_by()
        .values_list("withdrawal_reason", "households")
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
    return {"total": sum(found.values()), "by_reason": rows}


def _social_worker_name(row: dict) -> str:
    first_last = (row["social_worker__first_name"], row["social_worker__last_name"])
    return (
        " ".join(part for part in first_last if part)
        or row["social_worker__username"]
        or _("Not assigned")
    )


def caseload_indicators(scope: Scope) -> dict:
    """8b. Households open during the period, by their social worker (over the milestone
    rows, which carry each household's social worker and status)."""
    rows = (
        open_milestones(scope)
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
                "label": _social_worker_name(row),
                "households": row["households"],
                "open_now": row["open_now"],
                "filter": {"social_worker": row["social_worker"] or "none"},
            }
            for row in rows
        ]
    }
