"""The staff-cost pages: salaries recorded by directors, read by auditors, hidden from others."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Role
from funding import services
from funding.models import StaffCost, StaffCostMethod
from tests.factories import user_with_role

from .factories import make_grant

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 20, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def client(client, settings):
    """Pages in English, so that refusals are matched on their English source."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


# Staff costs


def cost_data(person, **changes):
    data = {
        "staff": person.pk,
        "year": "2026",
        "annual_cost": "34400",
        "contract_hours": "",
        "working_time_share": "80",
        "fixed_share": "",
        "fixed_share_grant": "",
        "evidence_reference": "Bulletins 2026",
    }
    data.update(changes)
    return data


def test_a_director_records_a_staff_cost_and_reads_its_rate(client, director, social_worker):
    client.force_login(director)
    response = client.post(reverse("funding:staff_cost_create"), cost_data(social_worker))
    assert response.status_code == 302
    cost = StaffCost.objects.get()
    assert (cost.working_time_share, cost.recorded_by) == (Decimal("80.00"), director)
    page = client.get(reverse("funding:staff_cost_list")).content.decode()
    assert str(cost.hourly_rate) in page
    assert cost.hourly_rate == Decimal("25.00")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"contract_hours": "1600"}, "not both"),
        ({"annual_cost": "-5"}, "greater than or equal to 0.01"),
        ({"working_time_share": "150"}, "less than or equal to 100"),
        ({"fixed_share": "20"}, "needs the grant"),
        ({"year": "1066"}, "greater than or equal to 2000"),
        ({"staff": "abc"}, "valid choice"),
    ],
)
def test_a_bad_staff_cost_is_a_form_error(client, director, social_worker, changes, message):
    client.force_login(director)
    response = client.post(
        reverse("funding:staff_cost_create"), cost_data(social_worker, **changes)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not StaffCost.objects.exists()


def test_a_fixed_share_needs_a_fixed_share_grant(client, director, social_worker, site_a):
    actual = make_grant(by=director, sites=[site_a], agreement_reference="FAMI-REEL")
    fixed = make_grant(
        by=director,
        sites=[site_a],
        agreement_reference="FAMI-FORFAIT",
        staff_cost_method=StaffCostMethod.FIXED_SHARE,
    )
    client.force_login(director)
    refused = client.post(
        reverse("funding:staff_cost_create"),
        cost_data(social_worker, fixed_share="30", fixed_share_grant=actual.pk),
    )
    assert refused.status_code == 200
    client.post(
        reverse("funding:staff_cost_create"),
        cost_data(social_worker, fixed_share="30", fixed_share_grant=fixed.pk),
    )
    assert StaffCost.objects.get().fixed_share_grant == fixed


def test_a_recorded_cost_is_changed_not_overwritten(client, director, social_worker):
    cost = services.staff_cost_set(
        by=director, staff=social_worker, year=2026, annual_cost=Decimal("30000")
    )
    client.force_login(director)
    again = client.post(reverse("funding:staff_cost_create"), cost_data(social_worker))
    assert "already recorded" in again.content.decode()
    response = client.post(
        reverse("funding:staff_cost_update", args=[cost.pk]),
        cost_data(social_worker, annual_cost="36000", working_time_share="", contract_hours="1600"),
    )
    assert response.status_code == 302
    cost.refresh_from_db()
    assert (cost.annual_cost, cost.contract_hours, cost.hourly_rate) == (
        Decimal("36000.00"),
        Decimal("1600.00"),
        Decimal("22.50"),
    )


def test_salaries_are_read_by_auditors_and_hidden_from_coordinators(
    client, auditor, coordinator, director, social_worker
):
    services.staff_cost_set(by=director, staff=social_worker, year=2026, annual_cost=Decimal("1"))
    client.force_login(auditor)
    page = client.get(reverse("funding:staff_cost_list")).content.decode()
    assert "Record a staff cost" not in page
    assert client.get(reverse("funding:staff_cost_create")).status_code == 403
    client.force_login(coordinator)
    assert client.get(reverse("funding:staff_cost_list")).status_code == 403


def test_staff_cost_list_takes_the_same_queries_whatever_the_number_of_rows(
    client, django_assert_num_queries, director, site_a
):
    client.force_login(director)
    client.get(reverse("funding:staff_cost_list"))

    def costs(count, start):
        for number in range(start, start + count):
            staff = user_with_role(Role.SOCIAL_WORKER, site_a, username=f"ts.{number}")
            services.staff_cost_set(
                by=director, staff=staff, year=2026, annual_cost=Decimal("30000")
            )

    costs(2, 0)
    # 1 session, 2 user, 3 the verified second-factor device, 4 memberships, 5 count, 6 the
    # page of costs with their staff and grant, 7-9 savepoint, session touched by the idle
    # timeout, release.
    with django_assert_num_queries(9):
        client.get(reverse("funding:staff_cost_list"))
    costs(18, 2)
    with django_assert_num_queries(9):
        response = client.get(reverse("funding:staff_cost_list"))
    assert len(response.context["page"]) == 20
