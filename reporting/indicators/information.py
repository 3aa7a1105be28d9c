"""2. Awareness workshops held, attendances, distinct households and persons informed."""

from django.db.models import Count

from .querysets import Scope, present_registrations, workshops_held_queryset


def workshops_held(scope: Scope) -> int:
    """Workshops held (DEFINITIONS "workshops"); a headline count."""
    return workshops_held_queryset(scope).count()


def workshop_indicators(scope: Scope) -> dict:
    """2. Workshops held, attendances, distinct households and persons informed."""
    people = present_registrations(scope).aggregate(
        attendances=Count("pk"),
        households=Count("person__household", distinct=True),
        persons=Count("person", distinct=True),
    )
    return {"held": workshops_held(scope), **people}
