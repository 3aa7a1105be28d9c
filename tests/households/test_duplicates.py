"""A possible duplicate at another site: the user learns that it exists and whom to ask,
never the other file's reference, spelling of the names or anything else it holds."""

import datetime

import pytest
from django.urls import reverse

from accounts.access import user_access
from households.models import Relation
from households.selectors import person_duplicate_warnings
from tests.factories import Role, SiteFactory, make_household, make_person, user_with_role


@pytest.fixture
def other_file(site_a, social_worker):
    """A household of site A whose head is spelt "AMÍNA" Haidari, with details of its own."""
    household = make_household(
        site=site_a, by=social_worker, commune="Saint-Denis", mobility_wishes="Bretagne"
    )
    person = make_person(household=household, by=social_worker, first_name="AMÍNA")
    return household, person


def _register(client, household, person, **extra):
    return client.post(
        reverse("households:person_create", kwargs={"pk": household.pk}),
        {
            "first_name": "Amina",
            "last_name": "Haidari",
            "sex": "F",
            "birth_date": person.birth_date.isoformat(),
            "relation": Relation.HEAD,
            **extra,
        },
    )


def test_a_duplicate_at_another_site_names_the_site_and_its_coordinators_only(
    client_for, site_a, site_b, social_worker_b, other_file
):
    household, person = other_file
    user_with_role(Role.COORDINATOR, site_a, first_name="Claire", last_name="Martin")
    user_with_role(Role.COORDINATOR, site_a, first_name="Yann", last_name="Le Goff")
    user_with_role(Role.COORDINATOR, site_b, first_name="Bob", last_name="Ailleurs")
    mine = make_household(site=site_b, by=social_worker_b)

    response = _register(client_for(social_worker_b), mine, person)

    assert response.status_code == 200
    assert mine.members.count() == 0  # held until confirmed
    body = response.content.decode()
    warning = body[body.index('id="duplicates"') :]
    warning = warning[: warning.index("</div>")]
    assert "data-duplicate-elsewhere" in warning
    assert site_a.name in warning
    assert "Claire Martin" in warning and "Yann Le Goff" in warning
    assert "Bob Ailleurs" not in warning  # a coordinator of the user's own site
    for detail in (household.reference, "AMÍNA", "Saint-Denis", "Bretagne"):
        assert detail not in body, detail
    assert reverse("households:detail", kwargs={"pk": household.pk}) not in body
    # By last name.
    assert response.context["duplicates"] == [
        {"site": site_a, "coordinators": ["Yann Le Goff", "Claire Martin"]}
    ]


def test_the_duplicate_is_confirmed_as_another_person_and_saved(
    client_for, site_b, social_worker_b, other_file
):
    _, person = other_file
    mine = make_household(site=site_b, by=social_worker_b)

    confirmed = _register(client_for(social_worker_b), mine, person, confirm_not_duplicate="on")

    assert confirmed.status_code == 302
    assert mine.members.count() == 1


def test_a_site_without_a_coordinator_still_says_whom_to_ask(site_b, social_worker_b, other_file):
    _, person = other_file

    warnings = person_duplicate_warnings(
        user=social_worker_b,
        first_name="amina",
        last_name="HAIDARI",
        birth_date=person.birth_date,
    )

    assert [w["site"].pk for w in warnings] == [person.household.site_id]
    assert warnings[0]["coordinators"] == []
    assert "person" not in warnings[0]


def test_a_duplicate_in_a_file_the_user_opens_is_linked(
    client_for, site_a, social_worker, other_file
):
    household, person = other_file
    mine = make_household(site=site_a, by=social_worker)

    response = _register(client_for(social_worker), mine, person)

    assert response.context["duplicates"] == [{"person": person}]
    assert reverse("households:detail", kwargs={"pk": household.pk}) in response.content.decode()


def test_the_warnings_read_a_fixed_number_of_queries(
    site_a, site_b, social_worker, social_worker_b, django_assert_num_queries
):
    site_c = SiteFactory(name="Évry", code="evry")
    worker_c = user_with_role(Role.SOCIAL_WORKER, site_c, username="ts.c")
    for n in range(6):
        site, worker = [
            (site_b, social_worker_b),
            (site_a, social_worker),
            (site_c, worker_c),
        ][n % 3]
        make_person(household=make_household(site=site, by=worker), by=worker)
        user_with_role(Role.COORDINATOR, site)
    user_access(social_worker_b)  # computed once a request, outside the count
    # The matches, the ones the user may open, the coordinators of the other sites: three
    # queries however many other sites hold a match.
    with django_assert_num_queries(3):
        warnings = person_duplicate_warnings(
            user=social_worker_b,
            first_name="Amina",
            last_name="Haidari",
            birth_date=datetime.date(1990, 5, 17),
        )
    assert len(warnings) == 4  # two files of site B linked, sites A and C once each
