"""Registration asks for the consents on the same form and records them with the household."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode

from households import services
from households.models import Consent, ConsentScope, Household, ReferenceCounter

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are matched in the source language."""
    with translation.override("en"):
        yield


def _registration(site, **overrides):
    data = {
        "site": site.pk,
        "referral_date": timezone.localdate().isoformat(),
        "commune": "Montreuil",
        "consent_processing": "on",
        "consents_given_on": timezone.localdate().isoformat(),
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def test_registration_records_the_ticked_consents_with_who_and_when(
    client_for, site_a, social_worker
):
    given_on = timezone.localdate() - datetime.timedelta(days=2)
    response = client_for(social_worker).post(
        reverse("households:create"),
        _registration(site_a, consent_partner_sharing="on", consents_given_on=given_on.isoformat()),
    )

    household = Household.objects.get()
    assert response["Location"] == reverse("households:detail", kwargs={"pk": household.pk})
    consents = {c.scope: c for c in household.consents.all()}
    assert set(consents) == {ConsentScope.PROCESSING, ConsentScope.PARTNER_SHARING}
    for consent in consents.values():
        assert (consent.given_on, consent.recorded_by, consent.is_active) == (
            given_on,
            social_worker,
            True,
        )
        assert consent.recorded_at is not None


def test_sharing_with_partners_may_be_left_for_later(client_for, site_a, social_worker):
    client_for(social_worker).post(reverse("households:create"), _registration(site_a))

    assert list(Household.objects.get().consents.values_list("scope", flat=True)) == [
        ConsentScope.PROCESSING
    ]


def test_registration_without_the_processing_consent_is_refused_on_its_box(
    client_for, site_a, social_worker
):
    response = client_for(social_worker).post(
        reverse("households:create"),
        _registration(site_a, consent_processing=None, consent_partner_sharing="on"),
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["consent_processing"]
    assert "il ne peut pas être enregistré" in errors["consent_processing"][0]
    # What was typed is still on the form, and nothing was written.
    assert 'value="Montreuil"' in response.content.decode()
    assert not Household.objects.exists()
    assert not Consent.objects.exists()


def test_the_registration_form_shows_the_consents_as_labelled_boxes(
    client_for, site_a, social_worker
):
    html = client_for(social_worker).get(reverse("households:create")).content.decode()

    for name in ("consent_processing", "consent_partner_sharing"):
        assert f'type="checkbox" name="{name}"' in html
        assert f'for="id_{name}"' in html
    assert 'name="consents_given_on"' in html


def test_editing_a_household_does_not_ask_for_consents_again(client_for, household, social_worker):
    html = (
        client_for(social_worker)
        .get(reverse("households:update", kwargs={"pk": household.pk}))
        .content.decode()
    )

    assert "consent_processing" not in html
    assert "consents_given_on" not in html


def test_the_service_refuses_a_registration_without_processing_consent(site_a, social_worker):
    with pytest.raises(services.HouseholdRuleError) as refused:
        services.household_register(
            by=social_worker,
            site=site_a,
            referral_date=timezone.localdate(),
            consents=[ConsentScope.PARTNER_SHARING],
            consents_given_on=timezone.localdate(),
        )

    assert "consent to the processing" in refused.value.message
    assert not Household.objects.exists()
    # No reference was taken for a registration that did not happen.
    assert not ReferenceCounter.objects.exists()


def test_household_and_consents_are_saved_together_or_not_at_all(site_a, social_worker):
    with pytest.raises(services.HouseholdRuleError):
        services.household_register(
            by=social_worker,
            site=site_a,
            referral_date=timezone.localdate(),
            consents=[ConsentScope.PROCESSING],
            consents_given_on=timezone.localdate() + datetime.timedelta(days=1),
        )

    assert not Household.objects.exists()
    assert not Consent.objects.exists()


def test_a_future_consent_date_is_a_field_error(client_for, site_a, social_worker):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client_for(social_worker).post(
        reverse("households:create"), _registration(site_a, consents_given_on=tomorrow.isoformat())
    )

    assert list(response.context["form"].errors) == ["consents_given_on"]
    assert not Household.objects.exists()


# --- the consent form and where it goes back to -----------------------------------------------


def _consent_url(household, **query):
    url = reverse("households:consent_create", kwargs={"pk": household.pk})
    return f"{url}?{urlencode(query)}" if query else url


def _consent_data(**extra):
    return {
        "scope": ConsentScope.PARTNER_SHARING,
        "given_on": timezone.localdate().isoformat(),
        **extra,
    }


def test_the_consent_form_preselects_the_scope_asked_for(client_for, household, social_worker):
    response = client_for(social_worker).get(
        _consent_url(household, scope=ConsentScope.PARTNER_SHARING)
    )

    assert response.context["form"].initial["scope"] == ConsentScope.PARTNER_SHARING


def test_after_the_consent_the_user_goes_back_to_the_local_next(
    client_for, household, social_worker
):
    back = f"/partners/households/{household.pk}/refer/?draft=1"
    client = client_for(social_worker)
    page = client.get(_consent_url(household, next=back))
    assert page.context["back_url"] == back
    assert 'id="consent-back"' in page.content.decode()

    response = client.post(_consent_url(household, next=back), _consent_data(next=back))

    assert response.status_code == 302
    assert response["Location"] == back
    assert household.consents.get().scope == ConsentScope.PARTNER_SHARING


@pytest.mark.parametrize(
    "outside",
    [
        "https://example.com/partners/",
        "//example.com/partners/",
        "http://testserver.example.com/",
        "javascript:alert(1)",
        "partners/households/1/refer/",
        "/\\example.com/",
    ],
)
def test_next_cannot_send_the_user_to_another_site(client_for, household, social_worker, outside):
    client = client_for(social_worker)
    page = client.get(_consent_url(household, next=outside))
    assert page.context["back_url"] == ""
    assert 'id="consent-back"' not in page.content.decode()

    response = client.post(_consent_url(household), _consent_data(next=outside))

    assert response["Location"] == reverse("households:detail", kwargs={"pk": household.pk})
    assert household.consents.exists()
