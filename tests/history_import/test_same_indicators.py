"""The indicators of an imported history equal those of the same history entered by hand.

Three hundred households' stories (withdrawals at every step, persons who stayed behind, cases
referred in one year and moved in the next, follow-ups done, missed or not in the archive) are
imported at one site and entered through the services at another; every indicator of each
year and since the beginning must then be the same at both sites. Today is frozen on TODAY.
"""

import datetime

import pytest
import time_machine
from django.utils import translation

from accounts.models import Membership, Role
from history_import.models import RunStatus
from history_import.services import import_file
from reporting.indicators import compute_indicators
from territories.services import territories_load
from tests.factories import PartnerFactory, SiteFactory, user_with_role
from tests.history_import.helpers import csv_bytes
from tests.history_import.histories import (
    CENTRES,
    TODAY,
    as_rows,
    enter_through_services,
    generate,
)

pytestmark = pytest.mark.django_db

HOUSEHOLDS = 300
YEARS = range(2017, TODAY.year + 1)


def _plain(value):
    """The indicators as plain values: labels are lazy translations."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, int | float | str | bool | datetime.date | type(None)):
        return value
    return str(value)


def _indicators(site, year=None) -> dict:
    if year is None:
        found = compute_indicators(
            period_start=None, period_end=TODAY, site_ids=[site.pk], cumulative=True
        )
    else:
        found = compute_indicators(
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31),
            site_ids=[site.pk],
        )
    # The scope names the site asked for: the one thing that differs on purpose.
    found.pop("scope")
    return _plain(found)


def _differences(imported, entered, path="") -> list[str]:
    if isinstance(imported, dict) and isinstance(entered, dict):
        found = []
        for key in sorted(set(imported) | set(entered), key=str):
            found += _differences(imported.get(key), entered.get(key), f"{path}.{key}")
        return found
    if isinstance(imported, list) and isinstance(entered, list) and len(imported) == len(entered):
        found = []
        for index, (one, other) in enumerate(zip(imported, entered, strict=True)):
            key = one.get("key", index) if isinstance(one, dict) else index
            found += _differences(one, other, f"{path}[{key}]")
        return found
    return [] if imported == entered else [f"{path}: imported {imported!r}, entered {entered!r}"]


@pytest.fixture
def two_sites(db):
    territories_load()  # a transactional test may have flushed the data migration's rows
    for name in CENTRES:
        PartnerFactory(name=name)
    imported = SiteFactory(name="Archives", code="archives")
    entered = SiteFactory(name="Saisie", code="saisie")
    # One social worker at both sites, so that the caseload rows can be compared too.
    worker = user_with_role(Role.SOCIAL_WORKER, imported, username="ts.archives")
    Membership.objects.create(user=worker, site=entered, role=Role.SOCIAL_WORKER)
    return (
        imported,
        entered,
        worker,
        user_with_role(Role.COORDINATOR, imported, username="coord.archives"),
        user_with_role(Role.COORDINATOR, entered, username="coord.saisie"),
    )


def test_imported_history_has_the_indicators_of_the_same_history_entered_by_hand(two_sites):
    imported, entered, worker, coordinator, coordinator_b = two_sites
    stories = generate(HOUSEHOLDS, seed=2026)
    noon = datetime.datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=datetime.UTC)
    with time_machine.travel(noon, tick=False), translation.override("en"):
        data = csv_bytes(as_rows(stories, social_worker=worker.username))
        # The import first: it would refuse the persons already registered by hand elsewhere.
        run = import_file(data, name="archives.csv", site=imported, by=coordinator, dry_run=False)
        assert run.errors == []
        assert run.status == RunStatus.IMPORTED
        enter_through_services(stories, site=entered, by=coordinator_b, social_worker=worker)

        differences = []
        for year in [*YEARS, None]:
            for line in _differences(_indicators(imported, year), _indicators(entered, year)):
                differences.append(f"{year or 'since the beginning'} {line}")
    assert differences == [], "\n".join(differences)
