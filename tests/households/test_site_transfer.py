import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import Membership, Role
from core.versioning import StaleEditError
from households import caseload, funnel, selectors, services
from households.models import Household, Status, WithdrawalReason
from tests.factories import SiteFactory, user_with_role

pytestmark = pytest.mark.django_db

REASON = "Hébergée chez sa sœur à Créteil"


@pytest.fixture
def english():
    """Service messages matched in the source language (pages are checked in French)."""
    with translation.override("en"):
        yield


@pytest.fixture
def coordinator_of_both(site_a, site_b):
    user = user_with_role(Role.COORDINATOR, site_a, username="coord.ab")
    Membership.objects.create(user=user, site=site_b, role=Role.COORDINATOR)
    return user


def _move(household, *, by, to_site, social_worker, reason=REASON):
    return caseload.household_transfer_site(
        household=household, to_site=to_site, social_worker=social_worker, by=by, reason=reason
    )


def test_a_coordinator_of_both_sites_moves_the_household_and_its_history_says_so(
    household, site_a, site_b, social_worker, social_worker_b, coordinator_of_both
):
    _move(household, by=coordinator_of_both, to_site=site_b, social_worker=social_worker_b)

    household.refresh_from_db()
    assert (household.site, household.social_worker) == (site_b, social_worker_b)
    latest = household.history.first()
    assert (latest.history_user, latest.history_change_reason) == (coordinator_of_both, REASON)
    row = selectors.household_history(household=household)[0]
    changes = {c["name"]: (c["old"], c["new"]) for c in row["changes"]}
    assert changes["site"] == (site_a.name, site_b.name)
    assert changes["social_worker"] == (str(social_worker), str(social_worker_b))
    assert (row["user"], row["reason"]) == (coordinator_of_both, REASON)
    # The household now belongs to the new site's people only.
    assert list(Household.objects.visible_to(social_worker_b)) == [household]
    assert not Household.objects.visible_to(social_worker).exists()


def test_an_administrator_moves_a_household(household, site_b, social_worker_b, admin_user):
    _move(household, by=admin_user, to_site=site_b, social_worker=social_worker_b)

    household.refresh_from_db()
    assert household.site == site_b


def test_auditors_do_not_read_the_reason_in_the_history(
    household, site_b, social_worker_b, coordinator_of_both
):
    _move(household, by=coordinator_of_both, to_site=site_b, social_worker=social_worker_b)

    row = selectors.household_history(household=household, include_notes=False)[0]
    assert row["reason"] == ""


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("coordinated", ["origin", "destination"])
def test_a_coordinator_of_one_of_the_two_sites_only_is_refused(
    coordinated, household, site_a, site_b, social_worker_b
):
    user = user_with_role(Role.COORDINATOR, site_a if coordinated == "origin" else site_b)
    before = household.history.count()

    with pytest.raises(services.HouseholdRuleError, match="Only a coordinator of both sites"):
        _move(household, by=user, to_site=site_b, social_worker=social_worker_b)

    household.refresh_from_db()
    assert household.site == site_a
    assert household.history.count() == before


@pytest.mark.usefixtures("english")
def test_a_social_worker_cannot_move_a_household(household, site_b, social_worker, social_worker_b):
    Membership.objects.create(user=social_worker, site=site_b, role=Role.SOCIAL_WORKER)

    with pytest.raises(services.HouseholdRuleError, match="Only a coordinator of both sites"):
        _move(household, by=social_worker, to_site=site_b, social_worker=social_worker_b)


@pytest.mark.usefixtures("english")
def test_the_new_social_worker_must_work_at_the_new_site(
    household, site_a, site_b, social_worker, coordinator_of_both
):
    with pytest.raises(services.HouseholdRuleError, match="not a social worker of the site"):
        _move(household, by=coordinator_of_both, to_site=site_b, social_worker=social_worker)

    household.refresh_from_db()
    assert household.site == site_a


@pytest.mark.usefixtures("english")
def test_a_withdrawn_household_no_longer_moves(
    household, site_b, social_worker, social_worker_b, coordinator_of_both
):
    funnel.household_transition(
        household=household,
        to_status=Status.WITHDRAWN,
        by=social_worker,
        reason=WithdrawalReason.LOST_CONTACT,
    )

    with pytest.raises(services.HouseholdRuleError, match="can no longer move"):
        _move(household, by=coordinator_of_both, to_site=site_b, social_worker=social_worker_b)


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("reason", "message"), [("  ", "Explain why"), ("x" * 101, "under 100 characters")]
)
def test_the_reason_is_required_and_fits_the_history(
    reason, message, household, site_b, social_worker_b, coordinator_of_both
):
    with pytest.raises(services.HouseholdRuleError, match=message):
        _move(
            household,
            by=coordinator_of_both,
            to_site=site_b,
            social_worker=social_worker_b,
            reason=reason,
        )


@pytest.mark.usefixtures("english")
def test_editing_the_household_points_to_the_site_transfer(household, site_b, social_worker):
    with pytest.raises(services.HouseholdRuleError, match="Move to another site"):
        services.household_update(
            household=household,
            by=social_worker,
            expected_version=household.version,
            site=site_b,
        )


def _detail(client, household) -> str:
    return client.get(reverse("households:detail", args=[household.pk])).content.decode()


def test_the_household_page_offers_the_move_to_a_coordinator_of_another_site(
    client_for, household, coordinator, coordinator_of_both, social_worker
):
    url = reverse("households:transfer_site", args=[household.pk])
    assert url in _detail(client_for(coordinator_of_both), household)
    assert url not in _detail(client_for(coordinator), household)
    assert url not in _detail(client_for(social_worker), household)


def test_the_page_offers_the_sites_the_user_coordinates_and_their_workers(
    client_for, household, site_a, site_b, social_worker, social_worker_b, coordinator_of_both
):
    SiteFactory(name="Bobigny", code="bobigny")  # coordinated by somebody else

    form = (
        client_for(coordinator_of_both)
        .get(reverse("households:transfer_site", args=[household.pk]))
        .context["form"]
    )

    assert list(form.fields["to_site"].queryset) == [site_b]
    # Coordinators hold a caseload too.
    assert set(form.fields["social_worker"].queryset) == {social_worker_b, coordinator_of_both}


def test_a_coordinator_of_one_site_reads_why_the_page_offers_nothing(
    client_for, household, coordinator
):
    response = client_for(coordinator).get(reverse("households:transfer_site", args=[household.pk]))

    assert response.status_code == 200
    assert "Vous ne coordonnez aucun autre site" in response.content.decode()


def test_moving_a_household_from_its_page(
    client_for, household, site_b, social_worker_b, coordinator_of_both
):
    client = client_for(coordinator_of_both)
    response = client.post(
        reverse("households:transfer_site", args=[household.pk]),
        {"to_site": site_b.pk, "social_worker": social_worker_b.pk, "reason": REASON},
        follow=True,
    )

    assert response.redirect_chain == [(reverse("households:detail", args=[household.pk]), 302)]
    body = response.content.decode()
    assert "Ménage transféré sur le site Créteil." in body
    assert REASON in body
    household.refresh_from_db()
    assert household.site == site_b


def test_a_worker_of_a_third_site_is_refused_on_the_page(
    client_for, household, site_a, site_b, social_worker_b, coordinator_of_both
):
    third = SiteFactory(name="Bobigny", code="bobigny")
    Membership.objects.create(user=coordinator_of_both, site=third, role=Role.COORDINATOR)
    worker_of_third = user_with_role(Role.SOCIAL_WORKER, third)

    response = client_for(coordinator_of_both).post(
        reverse("households:transfer_site", args=[household.pk]),
        {"to_site": site_b.pk, "social_worker": worker_of_third.pk, "reason": REASON},
    )

    assert response.status_code == 200
    assert "n’est pas travailleur social du site Créteil" in str(
        response.context["form"].non_field_errors()
    )
    household.refresh_from_db()
    assert household.site == site_a


def test_an_edit_opened_before_the_move_is_refused_as_stale(
    household, site_b, social_worker, social_worker_b, coordinator_of_both
):
    opened_version = household.version
    _move(household, by=coordinator_of_both, to_site=site_b, social_worker=social_worker_b)
    with pytest.raises(StaleEditError):
        services.household_update(
            household=Household.objects.get(pk=household.pk),
            by=social_worker,
            expected_version=opened_version,
            commune="Montreuil",
        )
    household.refresh_from_db()
    assert household.social_worker == social_worker_b


def test_an_edit_opened_before_an_assignment_is_refused_as_stale(
    household, site_a, social_worker, coordinator
):
    colleague = user_with_role(Role.SOCIAL_WORKER, site_a, username="ts.colleague")
    opened_version = household.version
    caseload.household_assign(household=household, social_worker=colleague, by=coordinator)
    with pytest.raises(StaleEditError):
        services.household_update(
            household=household,
            by=social_worker,
            expected_version=opened_version,
            social_worker=social_worker,
        )
    household.refresh_from_db()
    assert household.social_worker == colleague
