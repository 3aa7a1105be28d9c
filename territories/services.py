from django.db import transaction

from .data import DEPARTEMENTS, REGIONS
from .models import Departement, Region


@transaction.atomic
def territories_load() -> None:
    """Put back any missing region or département (the data migration's rows).

    Used where the tables were emptied after the migrations ran, e.g. by a test database flush.
    """
    Region.objects.bulk_create(
        [Region(code=code, name=name, is_overseas=overseas) for code, name, overseas in REGIONS],
        ignore_conflicts=True,
    )
    Departement.objects.bulk_create(
        [
            Departement(code=code, name=name, region_id=region)
            for code, name, region in DEPARTEMENTS
        ],
        ignore_conflicts=True,
    )
