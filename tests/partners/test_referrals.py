import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from households.services import consent_withdraw
from households.timeline import timeline_for_household
from mobility_plans.services import plan_abandon
from partners import services
from partners.models import Answer, Referral
from partners.selectors import referral_list, referrals_waiting
from tests.factories import make_household, make_person
from tests.partners.helpers import (
    give_sharing_consent,
    make_offer,
    make_partner,
    make_plan,
    send_referral,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(household, person, social_worker):
    return make_plan(household=household, by=social_worker, persons=[person])


@pytest.fixture
def partner():
    return make_partner()


@pytest.fixture
def offer(partner):
    return make_offer(partner=partner)


@pytest.fixture
def consented(household, social_worker):
    return give_sharing_consent(household=household, by=social_worker)


def test_referral_needs_the_consent_to_share_with_partners(plan, partner, social_worker):
    with pytest.raises(services.PartnerRuleError) as error:
        send_referral(plan=plan, partner=partner, by=social_worker)
    assert "consent" in error.value.message
    assert not Referral.objects.exists()


def test_a_withdrawn_consent_no_longer_allows_referrals(plan, partner, social_worker, consented):
    consent_withdraw(consent=consented, by=social_worker)
    with pytest.raises(services.PartnerRuleError):
        send_referral(plan=plan, partner=partner, by=social_worker)
    assert not Referral.objects.exists()


def test_referral_with_consent_is_recorded_pending(
    plan, partner, offer, person, social_worker, consented
):
    referral = send_referral(
        plan=plan,
        partner=partner,
        offer=offer,
        persons=[person],
        by=social_worker,
        shared_information="CV et niveau de français",
    )
    assert referral.answer == Answer.PENDING
    assert referral.household == plan.household
    assert list(referral.persons.all()) == [person]


def test_referral_refused_from_an_abandoned_plan(plan, partner, social_worker, consented):
    plan_abandon(plan=plan, by=social_worker, reason="Ne souhaite plus partir")
    plan.refresh_from_db()
    with pytest.raises(services.PartnerRuleError):
        send_referral(plan=plan, partner=partner, by=social_worker)


def test_referral_to_an_offer_of_another_partner_or_a_closed_offer_is_refused(
    plan, partner, offer, social_worker, consented
):
    other = make_partner(name="Autre")
    with pytest.raises(services.PartnerRuleError):
        send_referral(plan=plan, partner=other, offer=offer, by=social_worker)
    services.offer_set_status(offer=offer, status="filled", by=None)
    with pytest.raises(services.PartnerRuleError):
        send_referral(plan=plan, partner=partner, offer=offer, by=social_worker)
    assert not Referral.objects.exists()


def test_only_members_of_the_household_can_be_referred(
    plan, partner, site_a, social_worker, consented
):
    stranger = make_person(
        household=make_household(site=site_a, by=social_worker), by=social_worker
    )
    with pytest.raises(services.PartnerRuleError):
        send_referral(plan=plan, partner=partner, persons=[stranger], by=social_worker)


def test_referral_cannot_be_dated_in_the_future(plan, partner, social_worker, consented):
    with pytest.raises(services.PartnerRuleError):
        send_referral(
            plan=plan,
            partner=partner,
            by=social_worker,
            sent_on=timezone.localdate() + datetime.timedelta(days=1),
        )


@pytest.fixture
def referral(plan, partner, offer, social_worker, consented):
    return send_referral(
        plan=plan,
        partner=partner,
        offer=offer,
        by=social_worker,
        sent_on=timezone.localdate() - datetime.timedelta(days=3),
    )


def test_acceptance_then_visit_and_outcome(referral, social_worker):
    today = timezone.localdate()
    services.referral_record_answer(
        referral=referral,
        by=social_worker,
        answer=Answer.ACCEPTED,
        answered_on=today,
        visit_or_interview_on=today,
    )
    referral = services.referral_record_answer(
        referral=referral,
        by=social_worker,
        answer=Answer.ACCEPTED,
        answered_on=today,
        visit_or_interview_on=today,
        outcome="hired",
        outcome_comment="CDI signé",
    )
    assert (referral.answer, referral.outcome) == (Answer.ACCEPTED, "hired")


def test_refusal_needs_a_reason(referral, social_worker):
    with pytest.raises(services.PartnerRuleError):
        services.referral_record_answer(referral=referral, by=social_worker, answer=Answer.REFUSED)
    referral.refresh_from_db()
    assert referral.answer == Answer.PENDING
    services.referral_record_answer(
        referral=referral,
        by=social_worker,
        answer=Answer.REFUSED,
        refusal_reason="Poste pourvu en interne",
    )
    referral.refresh_from_db()
    assert referral.refusal_reason == "Poste pourvu en interne"


def test_a_final_answer_cannot_be_changed(referral, social_worker):
    services.referral_record_answer(referral=referral, by=social_worker, answer=Answer.ACCEPTED)
    with pytest.raises(services.PartnerRuleError):
        services.referral_record_answer(
            referral=referral, by=social_worker, answer=Answer.REFUSED, refusal_reason="x"
        )
    with pytest.raises(services.PartnerRuleError):
        services.referral_record_answer(referral=referral, by=social_worker, answer=Answer.PENDING)


def test_no_answer_may_still_turn_into_an_acceptance(referral, social_worker):
    services.referral_record_answer(referral=referral, by=social_worker, answer=Answer.NO_ANSWER)
    referral = services.referral_record_answer(
        referral=referral, by=social_worker, answer=Answer.ACCEPTED
    )
    assert referral.answer == Answer.ACCEPTED


def test_outcome_only_after_an_acceptance(referral, social_worker):
    with pytest.raises(services.PartnerRuleError):
        services.referral_record_answer(
            referral=referral, by=social_worker, answer=Answer.NO_ANSWER, outcome="hired"
        )


def test_answer_cannot_come_before_the_referral(referral, social_worker):
    with pytest.raises(services.PartnerRuleError):
        services.referral_record_answer(
            referral=referral,
            by=social_worker,
            answer=Answer.ACCEPTED,
            answered_on=referral.sent_on - datetime.timedelta(days=1),
        )


def test_pending_for_more_than_fourteen_days_is_a_reminder(
    referral, social_worker, social_worker_b
):
    sent = referral.sent_on
    with time_machine.travel(sent + datetime.timedelta(days=14), tick=False):
        assert list(referrals_waiting(user=social_worker)) == []
    with time_machine.travel(sent + datetime.timedelta(days=15), tick=False):
        assert list(referrals_waiting(user=social_worker)) == [referral]
        assert list(referrals_waiting(user=social_worker_b)) == []
        services.referral_record_answer(referral=referral, by=social_worker, answer=Answer.ACCEPTED)
        assert list(referrals_waiting(user=social_worker)) == []


def test_my_referrals_page_shows_reminders(client_for, referral, social_worker):
    with time_machine.travel(referral.sent_on + datetime.timedelta(days=20), tick=False):
        response = client_for(social_worker).get(reverse("partners:my_referrals"))
    assert list(response.context["waiting"]) == [referral]
    assert referral in referral_list(user=social_worker)


def test_referral_is_on_the_household_timeline_and_the_partner_page(
    client_for, referral, social_worker, household, partner
):
    services.referral_record_answer(referral=referral, by=social_worker, answer=Answer.ACCEPTED)
    entries = [
        e
        for e in timeline_for_household(household=household, user=social_worker)
        if e.kind == "referral"
    ]
    assert len(entries) == 2
    assert all(e.url == reverse("partners:referral_detail", args=[referral.pk]) for e in entries)
    response = client_for(social_worker).get(reverse("partners:detail", args=[partner.pk]))
    assert list(response.context["referrals"]) == [referral]


def test_partner_page_hides_referrals_of_other_sites(
    client_for, referral, social_worker_b, partner
):
    response = client_for(social_worker_b).get(reverse("partners:detail", args=[partner.pk]))
    assert list(response.context["referrals"]) == []
    assert (
        client_for(social_worker_b)
        .get(reverse("partners:referral_detail", args=[referral.pk]))
        .status_code
        == 404
    )


def test_referral_page_without_a_plan_in_progress_says_why(client_for, household, social_worker):
    response = client_for(social_worker).get(
        reverse("partners:referral_create", args=[household.pk])
    )

    assert response.status_code == 200
    assert response.context["plan"] is None
    assert 'name="sent_on"' not in response.content.decode()


def test_referral_form_refuses_without_consent_and_saves_nothing(
    client_for, plan, offer, household, social_worker
):
    response = client_for(social_worker).post(
        reverse("partners:referral_create", args=[household.pk]),
        {
            "partner": offer.partner_id,
            "offer": offer.pk,
            "sent_on": timezone.localdate(),
            "channel": "email",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Referral.objects.exists()


def test_referral_form_sends_with_consent(
    client_for, plan, offer, household, person, social_worker, consented
):
    response = client_for(social_worker).post(
        reverse("partners:referral_create", args=[household.pk]) + f"?offer={offer.pk}",
        {
            "offer": offer.pk,
            "persons": [person.pk],
            "sent_on": timezone.localdate(),
            "channel": "phone",
            "shared_information": "CV",
        },
    )
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert referral.partner_id == offer.partner_id
    assert referral.channel == "phone"


def test_household_page_lists_its_referrals(client_for, referral, household, social_worker):
    response = client_for(social_worker).get(reverse("households:detail", args=[household.pk]))
    html = response.content.decode()
    assert reverse("partners:referral_detail", args=[referral.pk]) in html
    assert reverse("partners:household_matches", args=[household.pk]) in html
