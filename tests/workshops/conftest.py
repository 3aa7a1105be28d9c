import datetime

import pytest
from django.utils import timezone

from accounts.models import Role
from households.models import Relation
from tests.factories import make_household, make_person, user_with_role
from workshops import services


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded sheets land in a throw-away folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


def make_workshop(*, site, by, date=None, capacity=10, **fields):
    defaults = {
        "start_time": datetime.time(9, 30),
        "end_time": datetime.time(12, 0),
        "place": "Maison des associations, salle 2",
        "topic": "Vivre et travailler en Nouvelle-Aquitaine",
        "language": "français",
    }
    defaults.update(fields)
    return services.workshop_create(
        by=by, site=site, date=date or timezone.localdate(), capacity=capacity, **defaults
    )


def make_family(*, site, by, last_name, size=2):
    """A household with a head and `size - 1` children, built through the real services."""
    household = make_household(site=site, by=by, social_worker=by)
    make_person(household=household, by=by, first_name="Parent", last_name=last_name)
    for n in range(size - 1):
        make_person(
            household=household,
            by=by,
            first_name=f"Enfant{n + 1}",
            last_name=last_name,
            relation=Relation.CHILD,
            birth_date=datetime.date(2012 + n, 3, 1),
        )
    return household


@pytest.fixture
def coordinator_b(site_b):
    return user_with_role(Role.COORDINATOR, site_b, username="coord.b")


@pytest.fixture
def workshop(site_a, coordinator):
    return make_workshop(site=site_a, by=coordinator)
