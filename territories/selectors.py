from django.db.models import QuerySet

from .models import Departement, Region


def regions_list() -> QuerySet[Region]:
    """Return every region, ordered by name."""
    return Region.objects.order_by("name")


def departements_for_region(code: str) -> QuerySet[Departement]:
    """Return the départements of the region with INSEE code ``code``, ordered by code.

    An unknown code yields an empty queryset rather than an error, so callers
    can pass user input straight through.
    """
    return Departement.objects.filter(region_id=code).select_related("region").order_by("code")
