"""1. Households and persons relocated, by lever, target region, protection status and year."""

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from households.models import ProtectionStatus
from mobility_plans.models import Lever, Relocation

from .querysets import Scope, relocation_history, relocations_queryset


def relocation_totals(scope: Scope) -> dict:
    """Households relocated and persons who moved (DEFINITIONS "relocated" and
    "persons_relocated"); a headline count."""
    return relocations_queryset(scope).aggregate(
        households=Count("household", distinct=True), persons=Count("persons", distinct=True)
    )


def relocation_indicators(scope: Scope) -> dict:
    """1. Households and persons relocated, by lever, target region, protection status, year."""
    relocations = relocations_queryset(scope)
    totals = relocation_totals(scope)
    counts = {
        "households": Count("household", distinct=True),
        "persons": Count("persons", distinct=True),
    }
    by_lever = {
        row["lever_used"]: row
        for row in relocations.values("lever_used").annotate(**counts).order_by()
    }
    lever_rows = [
        {
            "key": lever.value,
            "label": lever.label,
            "households": by_lever.get(lever.value, {}).get("households", 0),
            "persons": by_lever.get(lever.value, {}).get("persons", 0),
            "filter": {"lever": lever.value},
        }
        for lever in Lever
    ]
    region_rows = [
        {
            "key": row["departement__region_id"],
            "label": row["departement__region__name"],
            "households": row["households"],
            "persons": row["persons"],
            "filter": {"region": row["departement__region_id"]},
        }
        for row in relocations.values("departement__region_id", "departement__region__name")
        .annotate(**counts)
        .order_by("-households", "departement__region__name")
    ]
    moved = Relocation.persons.through.objects.filter(relocation__in=relocations)
    by_protection = {
        row["person__protection_status"]: row
        for row in moved.values("person__protection_status")
        .annotate(
            persons=Count("person", distinct=True),
            households=Count("relocation__household", distinct=True),
        )
        .order_by()
    }
    protection_rows = [
        {
            "key": value,
            "label": label,
            "persons": by_protection.get(value, {}).get("persons", 0),
            "households": by_protection.get(value, {}).get("households", 0),
            "filter": {"protection": value or "none"},
        }
        for value, label in [*ProtectionStatus.choices, ("", _("Not stated"))]
        if value in by_protection or value
    ]
    # Every year up to the period's end, so that one year is seen against the others.
    history = relocation_history(scope)
    year_rows = [
        {
            "key": row["year"],
            "label": str(row["year"]),
            "households": row["households"],
            "persons": row["persons"],
            "filter": {"year": row["year"]},
        }
        for row in history.annotate(year=ExtractYear("moved_on"))
        .values("year")
        .annotate(**counts)
        .order_by("year")
    ]
    return {
        "households": totals["households"],
        "persons": totals["persons"],
        "by_lever": lever_rows,
        "by_region": region_rows,
        "by_protection": protection_rows,
        "by_year": year_rows,
    }
