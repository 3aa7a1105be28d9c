import pytest
from django.utils import translation

from households.models import ProtectionStatus
from tests.factories import make_person

from .factories import make_grant
from .statement_world import charged, grant_2026, june_2026  # noqa: F401 (fixtures)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded scans land in a throw-away folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _messages_in_english():
    """Refusals are matched on their English source; the catalogue is checked elsewhere."""
    with translation.override("en"):
        yield


@pytest.fixture
def grant(director, site_a):
    return make_grant(by=director, sites=[site_a])


@pytest.fixture
def refugee(household, social_worker):
    return make_person(
        household=household, by=social_worker, protection_status=ProtectionStatus.REFUGEE
    )
