"""The grant pages: who reads them, who records and moves grants on, and what is refused."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from funding.models import Funder, FunderKind, Grant, GrantIndicator, GrantStatus, IndicatorKind
from households.models import ProtectionStatus
from tests.factories import user_with_role

from .factories import days_from_today, make_funder, make_grant

pytestmark = pytest.mark.django_db


def grant_post_data(funder, site, **changes):
    data = {
        "funder": funder.pk,
        "agreement_reference": "FAMI-2026-IDF-07",
        "title": "Mobilité vers les régions",
        "starts_on": days_from_today(-30).isoformat(),
        "ends_on": days_from_today(700).isoformat(),
        "budget": "120000.00",
        "co_financing_rate": "60",
        "sites": [site.pk],
        "eligible_statuses": [ProtectionStatus.REFUGEE],
        "staff_cost_method": "actual_time",
        "indirect_cost_base": "direct_staff",
        "indirect_cost_rate": "7",
        "signed_on": "",
        "final_payment_on": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("role", ["director", "auditor", "admin_user", "coordinator"])
def test_grant_list_shows_the_grants_to_readers(client, request, role, grant):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("funding:grant_list"))
    assert response.status_code == 200
    assert grant.agreement_reference in response.content.decode()


def test_grant_list_is_refused_to_social_workers(client, social_worker, grant):
    client.force_login(social_worker)
    assert client.get(reverse("funding:grant_list")).status_code == 403
    assert client.get(reverse("funding:grant_detail", args=[grant.pk])).status_code == 403


def test_coordinator_sees_only_the_grants_covering_their_sites(
    client, coordinator, director, grant, site_b
):
    elsewhere = make_grant(by=director, sites=[site_b], agreement_reference="FAMI-CRETEIL")
    client.force_login(coordinator)
    page = client.get(reverse("funding:grant_list")).content.decode()
    assert grant.agreement_reference in page
    assert "FAMI-CRETEIL" not in page
    assert client.get(reverse("funding:grant_detail", args=[elsewhere.pk])).status_code == 404
    assert client.get(reverse("funding:grant_detail", args=[grant.pk])).status_code == 200


def test_grant_list_takes_the_same_queries_whatever_the_number_of_grants(
    client, director, site_a, site_b
):
    client.force_login(director)
    client.get(reverse("funding:grant_list"))  # the first visit may create the session row

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("funding:grant_list")).status_code == 200
        return len(ctx.captured_queries)

    make_grant(by=director, sites=[site_a])
    with_one = count()
    for _ in range(6):
        make_grant(by=director, sites=[site_a, site_b])
    # session, user, the verified second-factor device, memberships (access), grants with
    # their funder, their sites, and the session's save (savepoint, update, release)
    assert count() == with_one <= 9


def test_grant_detail_shows_the_agreement(client, coordinator, director, grant):
    services_grant = make_grant(
        by=director, sites=grant.sites.all(), signed=True, final_payment_on=days_from_today(-1)
    )
    GrantIndicator.objects.create(
        grant=services_grant, indicator=IndicatorKind.HOUSEHOLDS_RELOCATED, target=Decimal(40)
    )
    client.force_login(coordinator)
    response = client.get(reverse("funding:grant_detail", args=[services_grant.pk]))
    page = response.content.decode()
    assert services_grant.funder.name in page
    assert "Paris" in page
    assert f"31 décembre {days_from_today(-1).year + 5}" in page
    assert "40" in page
    # Coordinators read; they get no button to change the grant.
    assert reverse("funding:grant_update", args=[services_grant.pk]) not in page
    assert reverse("funding:grant_close", args=[services_grant.pk]) not in page


def test_director_records_a_grant(client, director, site_a):
    funder = make_funder(by=director)
    client.force_login(director)
    response = client.post(reverse("funding:grant_create"), grant_post_data(funder, site_a))
    grant = Grant.objects.get(agreement_reference="FAMI-2026-IDF-07")
    assert response.status_code == 302
    assert response["Location"] == reverse("funding:grant_detail", args=[grant.pk])
    assert grant.status == GrantStatus.DRAFT
    assert list(grant.sites.all()) == [site_a]
    assert grant.eligible_statuses == [ProtectionStatus.REFUGEE]
    assert grant.created_by == director


def test_invalid_grant_shows_a_french_error_on_the_field_and_saves_nothing(
    client, director, site_a
):
    funder = make_funder(by=director)
    client.force_login(director)
    data = grant_post_data(
        funder, site_a, ends_on=days_from_today(-60).isoformat(), co_financing_rate="140"
    )
    response = client.post(reverse("funding:grant_create"), data, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["ends_on"] == [
        "Une subvention ne peut pas se terminer avant d’avoir commencé."
    ]
    assert "co_financing_rate" in form.errors
    page = response.content.decode()
    assert 'aria-invalid="true"' in page or "is-invalid" in page
    assert not Grant.objects.exists()


@pytest.mark.parametrize("role", ["coordinator", "auditor", "social_worker"])
def test_only_directors_and_admins_record_grants(client, request, role, director, site_a):
    funder = make_funder(by=director)
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("funding:grant_create")).status_code == 403
    response = client.post(reverse("funding:grant_create"), grant_post_data(funder, site_a))
    assert response.status_code == 403
    assert (
        client.post(reverse("funding:funder_create"), {"name": "X", "kind": "other"}).status_code
        == 403
    )
    assert not Grant.objects.exists()
    assert not Funder.objects.filter(name="X").exists()


@pytest.mark.parametrize("role", ["coordinator", "auditor"])
def test_readers_cannot_change_sign_or_close_a_grant(client, request, role, grant):
    client.force_login(request.getfixturevalue(role))
    for name in ("grant_update", "grant_sign", "grant_close", "grant_indicator_set"):
        assert client.post(reverse(f"funding:{name}", args=[grant.pk])).status_code == 403
    grant.refresh_from_db()
    assert grant.status == GrantStatus.DRAFT
    assert not grant.indicators.exists()


def test_director_updates_a_grant(client, director, grant, site_a, site_b):
    client.force_login(director)
    data = grant_post_data(grant.funder, site_b, title="Nouveau titre", version=grant.version)
    response = client.post(reverse("funding:grant_update", args=[grant.pk]), data)
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.title == "Nouveau titre"
    assert list(grant.sites.all()) == [site_b]
    # The reference names the agreement and does not change with the form.
    assert grant.agreement_reference != "FAMI-2026-IDF-07"


def test_director_signs_then_closes_a_grant(client, director, grant):
    client.force_login(director)
    assert client.post(reverse("funding:grant_sign", args=[grant.pk])).status_code == 302
    grant.refresh_from_db()
    assert grant.status == GrantStatus.SIGNED
    assert grant.signed_on == days_from_today(0)
    assert client.post(reverse("funding:grant_close", args=[grant.pk])).status_code == 302
    grant.refresh_from_db()
    assert grant.status == GrantStatus.CLOSED


def test_closing_a_draft_is_refused_with_a_message(client, director, grant):
    client.force_login(director)
    response = client.post(reverse("funding:grant_close", args=[grant.pk]), follow=True)
    grant.refresh_from_db()
    assert grant.status == GrantStatus.DRAFT
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_director_sets_an_indicator_target_from_the_grant_page(client, director, grant):
    client.force_login(director)
    url = reverse("funding:grant_indicator_set", args=[grant.pk])
    assert url in client.get(reverse("funding:grant_detail", args=[grant.pk])).content.decode()
    data = {"indicator": IndicatorKind.PERSONS_RELOCATED, "target": "120"}
    assert client.post(url, data).status_code == 302
    client.post(url, {"indicator": IndicatorKind.PERSONS_RELOCATED, "target": "150"})
    assert [(i.indicator, i.target) for i in grant.indicators.all()] == [
        (IndicatorKind.PERSONS_RELOCATED, Decimal(150))
    ]


def test_negative_target_is_refused_on_the_field(client, director, grant):
    client.force_login(director)
    url = reverse("funding:grant_indicator_set", args=[grant.pk])
    response = client.post(url, {"indicator": IndicatorKind.WORKSHOPS_HELD, "target": "-3"})
    assert response.status_code == 200
    assert "target" in response.context["form"].errors
    assert not grant.indicators.exists()


def test_director_adds_a_funder(client, director):
    client.force_login(director)
    data = {"name": "Conseil départemental du Cantal", "kind": FunderKind.COUNTY}
    response = client.post(reverse("funding:funder_create"), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("funding:grant_create")
    assert Funder.objects.filter(name="Conseil départemental du Cantal").exists()
    again = client.post(reverse("funding:funder_create"), data)
    assert again.status_code == 200
    assert "name" in again.context["form"].errors


def test_grants_item_in_the_menu_only_for_grant_readers(client, coordinator, site_a):
    url = reverse("funding:grant_list")
    client.force_login(coordinator)
    assert f'href="{url}"' in client.get(reverse("households:list")).content.decode()
    client.force_login(user_with_role(Role.SOCIAL_WORKER, site_a, username="ts.menu"))
    assert f'href="{url}"' not in client.get(reverse("households:list")).content.decode()


def test_signed_grant_keeps_its_indirect_rate(client, director, site_a):
    grant = make_grant(by=director, sites=[site_a], signed=True)
    client.force_login(director)
    url = reverse("funding:grant_update", args=[grant.pk])
    same_statuses = [ProtectionStatus.SUBSIDIARY, ProtectionStatus.REFUGEE]
    data = grant_post_data(
        grant.funder,
        site_a,
        indirect_cost_rate="15",
        eligible_statuses=same_statuses,
        signed_on=grant.signed_on.isoformat(),
        title="Titre corrigé",
        version=grant.version,
    )
    # The statuses come back in another order: that is no change, the update goes through.
    assert client.post(url, data).status_code == 302
    refused = client.post(url, {**data, "indirect_cost_rate": "20", "version": grant.version + 1})
    assert refused.status_code == 200
    assert refused.context["form"].non_field_errors()
    grant.refresh_from_db()
    assert (grant.title, grant.indirect_cost_rate) == ("Titre corrigé", Decimal("15.00"))
