"""Every API list runs the same number of queries for one row or many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_household, make_person
from tests.partners.helpers import give_sharing_consent, make_plan, send_referral
from workshops import services as workshop_services

pytestmark = pytest.mark.django_db

LISTS = (
    "api:household-list",
    "api:person-list",
    "api:workshop-list",
    "api:registration-list",
    "api:referral-list",
    "api:relocation-list",
)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _used(client):
    """The client, its token's use already written: that UPDATE runs at most once a minute,
    on the first request only, and would make the first count one higher."""
    assert client.get(reverse("api:workshop-list")).status_code == 200
    return client


def _more(paris, site, social_worker, coordinator, n=4):
    partner = paris.referral.partner
    for _ in range(n):
        household = make_household(site=site, by=social_worker, social_worker=social_worker)
        person = make_person(household=household, by=social_worker)
        workshop_services.workshop_register_person(
            workshop=paris.workshop, person=person, by=coordinator
        )
        plan = make_plan(household=household, by=social_worker, persons=[person])
        give_sharing_consent(household=household, by=social_worker)
        send_referral(plan=plan, partner=partner, by=social_worker)


@pytest.mark.parametrize("role", ["social_worker", "auditor"])
def test_lists_keep_a_constant_number_of_queries(
    api, paris, site_a, social_worker, coordinator, role, request
):
    client = _used(api(request.getfixturevalue(role)))
    before = {name: _queries(client, reverse(name)) for name in LISTS}
    _more(paris, site_a, social_worker, coordinator)
    after = {name: _queries(client, reverse(name)) for name in LISTS}
    assert after == before
    # The token and its user (1), the user's sites (1), the count and the page,
    # and at most one query per prefetched relation.
    assert max(after.values()) <= 7, after


def test_workshop_attendance_list_is_constant(api, paris, site_a, social_worker, coordinator):
    client = _used(api(social_worker))
    url = reverse("api:workshop-attendance", kwargs={"pk": paris.workshop.pk})
    before = _queries(client, url)
    _more(paris, site_a, social_worker, coordinator)
    assert _queries(client, url) == before
