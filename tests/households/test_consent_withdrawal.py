"""Withdrawing the consent to share with partners stops the sharing at once and flags what a
partner already holds, until the household consents again."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from households.models import Consent, ConsentScope
from households.services import consent_withdraw
from households.timeline import timeline_for_household
from partners import services
from partners.consent_withdrawal import (
    consent_withdrawn_entries,
    referral_consent_withdrawn,
    referrals_to_stop,
    sharing_withdrawn_on,
)
from partners.models import Answer, Outcome, Referral
from tests.partners.helpers import give_sharing_consent, make_partner, make_plan, send_referral

pytestmark = pytest.mark.django_db

WARNING = (
    "consent withdrawn: contact the partner to stop the processing",
    "consentement retiré\u00a0: contacter le partenaire pour faire cesser le traitement",
)


@pytest.fixture
def plan(household, person, social_worker):
    return make_plan(household=household, by=social_worker, persons=[person])


@pytest.fixture
def partner():
    return make_partner(name="Habitat Alpin")


@pytest.fixture
def consent(household, social_worker):
    return give_sharing_consent(household=household, by=social_worker)


@pytest.fixture
def referral(plan, partner, social_worker, consent):
    return send_referral(plan=plan, partner=partner, by=social_worker)


def _withdraw(household, by):
    consent = Consent.objects.get(
        household=household, scope=ConsentScope.PARTNER_SHARING, withdrawn_on=None
    )
    return consent_withdraw(consent=consent, by=by)


def test_no_new_referral_once_the_consent_is_withdrawn(
    plan, partner, social_worker, household, referral
):
    _withdraw(household, social_worker)

    with translation.override("en"), pytest.raises(services.SharingConsentMissing) as error:
        send_referral(plan=plan, partner=partner, by=social_worker)
    assert "withdrew its consent" in error.value.message
    assert Referral.objects.count() == 1


def test_the_referral_form_refuses_and_says_why(
    client_for, plan, partner, social_worker, household, person, referral
):
    _withdraw(household, social_worker)
    response = client_for(social_worker).post(
        reverse("partners:referral_create", args=[household.pk]),
        {
            "partner": partner.pk,
            "persons": [person.pk],
            "sent_on": timezone.localdate().isoformat(),
            "channel": "email",
            "shared_information": "CV",
        },
    )
    assert response.status_code == 200
    assert Referral.objects.count() == 1
    errors = response.context["form"].non_field_errors()
    assert errors and any(
        s in errors[0] for s in ("withdrew its consent", "son consentement au partage")
    )


def test_the_referral_form_says_up_front_that_nothing_may_be_sent(
    client_for, household, social_worker, referral
):
    url = reverse("partners:referral_create", args=[household.pk])
    client = client_for(social_worker)
    assert b'id="sharing-withdrawn"' not in client.get(url).content
    _withdraw(household, social_worker)
    assert b'id="sharing-withdrawn"' in client.get(url).content


def test_referrals_in_progress_are_flagged_on_every_page(
    client_for, household, social_worker, referral
):
    assert not referral_consent_withdrawn(referral)
    _withdraw(household, social_worker)

    assert sharing_withdrawn_on(household_id=household.pk) == timezone.localdate()
    assert referral_consent_withdrawn(referral)
    assert referrals_to_stop(household=household) == [referral]
    client = client_for(social_worker)
    for url in (
        reverse("partners:referral_detail", args=[referral.pk]),
        reverse("households:detail", args=[household.pk]),
    ):
        html = client.get(url).content.decode()
        assert 'id="consent-withdrawn-warning"' in html, url
    household_page = client.get(reverse("households:detail", args=[household.pk])).content
    assert b"data-consent-withdrawn" in household_page
    assert any(s in household_page.decode() for s in WARNING)
    entries = timeline_for_household(household=household, user=social_worker)
    warnings = [e for e in entries if e.kind == "warning"]
    assert len(warnings) == 1
    assert warnings[0].url == reverse("partners:referral_detail", args=[referral.pk])
    assert "Habitat Alpin" in warnings[0].title


def test_giving_consent_again_lifts_the_flag(client_for, household, social_worker, referral):
    _withdraw(household, social_worker)
    give_sharing_consent(household=household, by=social_worker, given_on=timezone.localdate())

    assert sharing_withdrawn_on(household_id=household.pk) is None
    assert not referral_consent_withdrawn(referral)
    assert referrals_to_stop(household=household) == []
    html = client_for(social_worker).get(reverse("households:detail", args=[household.pk]))
    assert b"consent-withdrawn-warning" not in html.content
    assert not [
        e
        for e in timeline_for_household(household=household, user=social_worker)
        if e.kind == "warning"
    ]


def test_a_referral_that_is_over_is_not_flagged(household, social_worker, referral):
    services.referral_record_answer(
        referral=referral, by=social_worker, answer=Answer.ACCEPTED, outcome=Outcome.HIRED
    )
    _withdraw(household, social_worker)
    referral.refresh_from_db()
    assert not referral_consent_withdrawn(referral)
    assert referrals_to_stop(household=household) == []


def test_accepted_without_outcome_or_silent_partner_stays_in_progress(
    plan, partner, household, social_worker, referral
):
    silent = send_referral(plan=plan, partner=partner, by=social_worker)
    services.referral_record_answer(referral=referral, by=social_worker, answer=Answer.ACCEPTED)
    services.referral_record_answer(referral=silent, by=social_worker, answer=Answer.NO_ANSWER)
    _withdraw(household, social_worker)
    assert {r.pk for r in referrals_to_stop(household=household)} == {referral.pk, silent.pk}


def test_a_referral_sent_under_a_later_consent_is_not_flagged_by_an_older_withdrawal(
    plan, partner, household, social_worker
):
    old = give_sharing_consent(
        household=household,
        by=social_worker,
        given_on=timezone.localdate() - datetime.timedelta(days=20),
    )
    consent_withdraw(
        consent=old, by=social_worker, withdrawn_on=timezone.localdate() - datetime.timedelta(5)
    )
    give_sharing_consent(household=household, by=social_worker, given_on=timezone.localdate())
    referral = send_referral(plan=plan, partner=partner, by=social_worker)
    assert not referral_consent_withdrawn(referral)


def test_pages_stay_within_a_fixed_number_of_queries(
    client_for, django_assert_max_num_queries, household, social_worker, referral, plan, partner
):
    for _n in range(3):
        send_referral(plan=plan, partner=partner, by=social_worker)
    _withdraw(household, social_worker)
    with django_assert_max_num_queries(2):
        assert len(referrals_to_stop(household=household)) == 4
    with django_assert_max_num_queries(2):
        warnings = consent_withdrawn_entries(None, household=household, user=social_worker)
    assert len(warnings) == 4
