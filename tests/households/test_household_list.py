"""The household list: what it shows, how it searches and filters, and its fixed cost."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from households.models import Relation
from tests.factories import make_household, make_person, user_with_role

pytestmark = pytest.mark.django_db


def test_household_list_query_count_does_not_grow_with_households(
    client_for, site_a, social_worker
):
    client = client_for(social_worker)

    def fill(n):
        for i in range(n):
            h = make_household(site=site_a, by=social_worker, social_worker=social_worker)
            make_person(household=h, by=social_worker, first_name=f"Prénom{i}")

    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("households:list"))
        assert response.status_code == 200
        return len(ctx.captured_queries)

    fill(5)
    with_five = count_queries()
    fill(45)
    with_fifty = count_queries()
    assert with_five == with_fifty
    # session, user, memberships (access), count, page, heads of household, filter choices
    assert with_fifty <= 12


def test_search_ignores_accents_and_case(client_for, site_a, social_worker):
    household = make_household(site=site_a, by=social_worker)
    make_person(household=household, by=social_worker, first_name="Zoé", last_name="Élégbédé")
    other = make_household(site=site_a, by=social_worker)
    make_person(household=other, by=social_worker, first_name="Karim", last_name="Osman")
    client = client_for(social_worker)
    for query in ("zoe", "ELEGBEDE", "zoé elegbede", household.reference.lower()):
        page = client.get(reverse("households:list"), {"q": query}).context["page"]
        assert [h.pk for h in page] == [household.pk], query


def test_search_stays_within_the_users_sites(client_for, site_b, social_worker, social_worker_b):
    foreign = make_household(site=site_b, by=social_worker_b)
    make_person(household=foreign, by=social_worker_b, first_name="Zoé", last_name="Secret")
    page = client_for(social_worker).get(reverse("households:list"), {"q": "zoe"}).context["page"]
    assert list(page) == []


def test_list_filters_by_protection_status_without_duplicates(client_for, site_a, social_worker):
    household = make_household(site=site_a, by=social_worker)
    make_person(household=household, by=social_worker, protection_status="refugee")
    make_person(
        household=household,
        by=social_worker,
        first_name="Omid",
        relation=Relation.CHILD,
        protection_status="refugee",
    )
    make_household(site=site_a, by=social_worker)
    page = (
        client_for(social_worker)
        .get(reverse("households:list"), {"protection_status": "refugee"})
        .context["page"]
    )
    assert [h.pk for h in page] == [household.pk]


def test_list_is_paginated(client_for, site_a, social_worker):
    for _ in range(27):
        make_household(site=site_a, by=social_worker)
    client = client_for(social_worker)
    assert len(client.get(reverse("households:list")).context["page"]) == 25
    assert len(client.get(reverse("households:list"), {"page": 2}).context["page"]) == 2
    # A page number out of range gives the last page, never an error.
    assert client.get(reverse("households:list"), {"page": "abc"}).status_code == 200


def test_the_site_column_is_shown_only_to_who_sees_several_sites(
    client_for, site_a, site_b, social_worker, director
):
    make_household(site=site_a, by=social_worker)
    one_site = client_for(social_worker).get(reverse("households:list"))
    assert one_site.context["show_site"] is False
    assert '<th scope="col">Site</th>' not in one_site.content.decode()
    user_with_role(Role.SOCIAL_WORKER, site_b, username="both.sites").memberships.create(
        site=site_a, role=Role.SOCIAL_WORKER
    )
    for user in (director, social_worker.__class__.objects.get(username="both.sites")):
        page = client_for(user).get(reverse("households:list"))
        assert page.context["show_site"] is True
        assert '<th scope="col">Site</th>' in page.content.decode()
