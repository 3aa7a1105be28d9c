"""5. Professionals trained, training sessions held, training hours."""

from decimal import Decimal

from django.db.models import Count, Sum

from .querysets import Scope, trainee_presences, trainings_held_queryset


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
