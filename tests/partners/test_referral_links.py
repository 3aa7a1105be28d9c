"""The answer link's life: sent, opened, answered, expired, revoked, stopped by the consent."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from clefdefrance.celery import app
from households.models import Consent, ConsentScope
from households.services import consent_withdraw
from households.timeline import timeline_for_household
from partners import referral_links
from partners.link_models import (
    OpeningOutcome,
    ReferralLink,
    ReferralLinkOpening,
    RevocationReason,
    token_hash,
)
from partners.models import Answer, Referral
from partners.services import PartnerRuleError, referral_record_answer
from tests.factories import make_household, make_person
from tests.partners.helpers import give_sharing_consent, make_offer, make_partner, make_plan
from tests.partners.helpers import send_referral as _send_referral
from tests.partners.link_helpers import TOKEN_IN_MAIL, make_contact, send_link

pytestmark = pytest.mark.django_db

SHARED = "Cariste expérimentée, CACES 3"
WISHES = "Souhaite rester près de sa sœur"
OBJECTIVES = "Objectif confidentiel du plan"


@pytest.fixture
def referral(household, person, social_worker):
    make_person(household=household, by=social_worker, first_name="Omid", relation="spouse")
    plan = make_plan(household=household, by=social_worker, persons=[person])
    plan.objectives = OBJECTIVES
    plan.save()
    give_sharing_consent(household=household, by=social_worker)
    partner = make_partner()
    return _send_referral(
        plan=plan,
        partner=partner,
        offer=make_offer(partner=partner),
        by=social_worker,
        persons=[person],
        shared_information=SHARED,
    )


@pytest.fixture
def contact(referral):
    return make_contact(partner=referral.partner)


@pytest.fixture
def sent(referral, contact, social_worker):
    """(link, token) of a link sent to the contact."""
    return send_link(referral=referral, contact=contact, by=social_worker)


def _in_days(days):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def _url(token):
    return reverse("partners:link_answer", args=[token])


def _main(response):
    # The page's own part: the layout around it carries a fresh CSRF token each time.
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def _outcomes(link):
    return list(link.openings.order_by("id").values_list("outcome", flat=True))


def _answer(client, token, **data):
    return client.post(_url(token), data)


# Sending


def test_the_mail_task_sends_one_email_with_the_link_to_the_contact(
    referral, contact, social_worker, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://cdf.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        link = referral_links.referral_link_create(
            referral=referral, contact=contact, by=social_worker
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lea.martin@example.org"]
    token = TOKEN_IN_MAIL.search(message.body).group(1)
    assert f"https://cdf.example.org/partners/answer/{token}/" in message.body
    link.refresh_from_db()
    # Only the hash is kept: the token itself is nowhere in the row.
    assert link.token_hash == token_hash(token) != token
    assert token not in str(ReferralLink.objects.filter(pk=link.pk).values().get())
    assert link.sent_at is not None
    assert link.expires_at == link.created_at + datetime.timedelta(days=30)
    # Nothing about the household in the e-mail.
    assert "Haidari" not in message.body and SHARED not in message.body


def test_a_message_delivered_twice_sends_one_email(sent):
    link, _token = sent
    before = len(mail.outbox)
    assert referral_links.referral_link_deliver(link_id=link.pk) is None
    assert len(mail.outbox) == before


def test_the_mail_task_goes_to_the_mail_queue():
    app.loader.import_default_modules()
    assert "partners.tasks.send_referral_link_task" in app.tasks
    route = app.amqp.router.route({}, "partners.tasks.send_referral_link_task")
    assert route["queue"].name == "mail"


def test_sending_again_replaces_the_previous_link(sent, referral, contact, social_worker, client):
    first, first_token = sent
    _second, second_token = send_link(referral=referral, contact=contact, by=social_worker)
    first.refresh_from_db()
    assert first.revocation_reason == RevocationReason.REPLACED
    assert client.get(_url(first_token)).status_code == 404
    assert client.get(_url(second_token)).status_code == 200


def test_no_link_for_a_contact_without_email_or_of_another_partner(referral, social_worker):
    silent = make_contact(partner=referral.partner, email="")
    other = make_contact(partner=make_partner(name="Autre"), email="x@example.org")
    for contact in (silent, other):
        with pytest.raises(PartnerRuleError):
            referral_links.referral_link_create(
                referral=referral, contact=contact, by=social_worker
            )
    assert not ReferralLink.objects.exists()


def test_no_link_once_the_referral_is_answered(referral, contact, social_worker):
    referral_record_answer(referral=referral, by=social_worker, answer=Answer.ACCEPTED)
    with pytest.raises(PartnerRuleError):
        referral_links.referral_link_create(referral=referral, contact=contact, by=social_worker)


def test_coordinator_may_send_auditor_and_director_may_not(
    referral, contact, coordinator, auditor, director
):
    for user in (auditor, director):
        with pytest.raises(PermissionDenied):
            referral_links.referral_link_create(referral=referral, contact=contact, by=user)
    link = referral_links.referral_link_create(referral=referral, contact=contact, by=coordinator)
    assert link.created_by == coordinator


# The page


def test_the_page_shows_only_what_the_consent_allows(sent, client, household, social_worker):
    household.constraints = "Suivi médical à l'hôpital Avicenne"
    household.mobility_wishes = WISHES
    household.save()
    _link, token = sent
    html = client.get(_url(token)).content.decode()
    assert "Amina H." in html
    assert SHARED in html
    assert "Agent de production" in html  # the offer: the request
    assert "2 personnes" in html  # the household's size
    for secret in ("Haidari", "HAIDARI", "Omid", "1990", WISHES, "Avicenne", OBJECTIVES):
        assert secret not in html
    assert household.reference not in html


def test_the_page_reads_a_constant_number_of_queries(
    sent, client, household, social_worker, django_assert_max_num_queries
):
    _link, token = sent
    with django_assert_max_num_queries(12) as few:
        client.get(_url(token))
    for n in range(6):
        make_person(
            household=household, by=social_worker, first_name=f"Enfant{n}", relation="child"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(_url(token)).status_code == 200


def test_the_page_needs_no_session(sent, client, settings):
    _link, token = sent
    client.get(_url(token))
    client.post(_url(token), {"answer": "refused"})
    assert settings.SESSION_COOKIE_NAME not in client.cookies


def test_every_opening_is_logged(sent, client):
    link, token = sent
    client.get(_url(token))
    client.get(_url(token))
    assert _outcomes(link) == [OpeningOutcome.SHOWN, OpeningOutcome.SHOWN]


def test_an_unknown_token_gets_the_same_page_as_a_dead_link(sent, client, social_worker):
    link, token = sent
    unknown = client.get(_url("x" * 43))
    overlong = client.get(_url("x" * 500))
    referral_links.referral_link_revoke(link=link, by=social_worker)
    revoked = client.get(_url(token))
    assert unknown.status_code == overlong.status_code == revoked.status_code == 404
    assert "Ce lien ne fonctionne plus" in unknown.content.decode()
    assert _main(unknown) == _main(revoked)
    assert ReferralLinkOpening.objects.count() == 1  # the revoked one; an unknown has no row


# Answering


def test_the_partner_accepts(sent, client, referral, household, social_worker):
    link, token = sent
    response = _answer(client, token, answer="accepted")
    assert response.status_code == 200
    assert "Merci" in response.content.decode()
    referral.refresh_from_db()
    assert referral.answer == Answer.ACCEPTED
    assert referral.answered_on == timezone.localdate()
    record = referral.history.first()
    assert record.history_user is None
    assert record.history_change_reason == "answered by the partner through the link"
    link.refresh_from_db()
    assert link.answered_at is not None and link.answer == "accepted"
    entries = timeline_for_household(household=household, user=social_worker)
    answered = [e for e in entries if "Réponse de" in str(e.title)]
    assert answered and "lien de réponse" in answered[0].detail


def test_the_partner_refuses_with_a_reason_from_the_list(sent, client, referral):
    _link, token = sent
    _answer(client, token, answer="refused", refusal_reason="housing_size")
    referral.refresh_from_db()
    assert referral.answer == Answer.REFUSED
    assert referral.refusal_reason == "Le logement ne convient pas à la taille du ménage"


def test_the_partner_proposes_an_interview_date(sent, client, referral):
    _link, token = sent
    day = timezone.localdate() + datetime.timedelta(days=10)
    _answer(client, token, answer="interview", interview_on=day.isoformat())
    referral.refresh_from_db()
    assert referral.answer == Answer.ACCEPTED
    assert referral.visit_or_interview_on == day


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Ce champ est obligatoire"),
        ({"answer": "maybe"}, "Sélectionnez un choix valide"),
        ({"answer": "refused"}, "Choisissez le motif du refus dans la liste"),
        ({"answer": "refused", "refusal_reason": "budget"}, "Sélectionnez un choix valide"),
        ({"answer": "interview"}, "Indiquez la date de l’entretien"),
        ({"answer": "interview", "interview_on": "2020-01-01"}, "ne peut pas être passée"),
        ({"answer": "interview", "interview_on": _in_days(400)}, "plus d’un an"),
        ({"answer": "interview", "interview_on": "2999-01-01"}, "Saisissez une date entre"),
        ({"answer": "interview", "interview_on": "31/02/abc"}, "Saisissez une date valide"),
        ({"answer": "accepted\x00"}, ""),
    ],
)
def test_bad_input_on_the_public_form_changes_nothing(sent, client, referral, data, message):
    link, token = sent
    response = _answer(client, token, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    referral.refresh_from_db()
    link.refresh_from_db()
    assert referral.answer == Answer.PENDING and link.answered_at is None
    # Still usable: the partner corrects and answers.
    assert _answer(client, token, answer="accepted").status_code == 200


def test_a_link_used_once_answers_no_more(sent, client, referral):
    link, token = sent
    _answer(client, token, answer="accepted")
    again = _answer(client, token, answer="refused", refusal_reason="profile")
    assert again.status_code == 404
    assert client.get(_url(token)).status_code == 404
    referral.refresh_from_db()
    assert referral.answer == Answer.ACCEPTED and referral.refusal_reason == ""
    assert _outcomes(link)[-2:] == [OpeningOutcome.ALREADY_ANSWERED] * 2


def test_an_answer_recorded_by_staff_closes_the_link(sent, client, referral, social_worker):
    link, token = sent
    referral_record_answer(
        referral=referral, by=social_worker, answer=Answer.REFUSED, refusal_reason="Complet"
    )
    assert client.get(_url(token)).status_code == 404
    assert _outcomes(link) == [OpeningOutcome.ALREADY_ANSWERED]


# Expiry, revocation, consent


def test_the_link_expires_after_30_days(sent, client, referral):
    link, token = sent
    with time_machine.travel(link.created_at + datetime.timedelta(days=29, hours=23), tick=False):
        assert client.get(_url(token)).status_code == 200
    with time_machine.travel(link.created_at + datetime.timedelta(days=30), tick=False):
        assert client.get(_url(token)).status_code == 404
        assert _answer(client, token, answer="accepted").status_code == 404
    referral.refresh_from_db()
    assert referral.answer == Answer.PENDING
    assert _outcomes(link) == [OpeningOutcome.SHOWN, OpeningOutcome.EXPIRED, OpeningOutcome.EXPIRED]


def test_a_revoked_link_no_longer_works(sent, client, referral, social_worker):
    link, token = sent
    referral_links.referral_link_revoke(link=link, by=social_worker)
    assert _answer(client, token, answer="accepted").status_code == 404
    referral.refresh_from_db()
    assert referral.answer == Answer.PENDING
    assert _outcomes(link) == [OpeningOutcome.REVOKED]
    with pytest.raises(PartnerRuleError):
        referral_links.referral_link_revoke(link=link, by=social_worker)


def test_withdrawing_the_consent_revokes_the_households_links(
    sent, client, household, social_worker
):
    link, token = sent
    consent = Consent.objects.get(household=household, scope=ConsentScope.PARTNER_SHARING)
    consent_withdraw(consent=consent, by=social_worker)
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert link.revocation_reason == RevocationReason.CONSENT_WITHDRAWN
    assert _answer(client, token, answer="accepted").status_code == 404
    assert _outcomes(link) == [OpeningOutcome.CONSENT_WITHDRAWN]
    assert Referral.objects.get().answer == Answer.PENDING


def test_the_consent_is_read_again_at_each_opening(sent, client, household):
    """Even a withdrawal written without the service (an import, a fix) stops the link."""
    link, token = sent
    Consent.objects.filter(household=household).update(withdrawn_on=timezone.localdate())
    assert client.get(_url(token)).status_code == 404
    with pytest.raises(referral_links.LinkUnusable):
        referral_links.referral_link_answer(token=token, answer="accepted")
    assert _outcomes(link) == [OpeningOutcome.CONSENT_WITHDRAWN]


def test_no_link_without_the_consent_in_force(referral, contact, household, social_worker):
    consent_withdraw(consent=household.consents.get(), by=social_worker)
    with pytest.raises(PartnerRuleError):
        referral_links.referral_link_create(referral=referral, contact=contact, by=social_worker)


# The staff's side


def test_the_referral_page_shows_the_links_state(sent, client_for, social_worker, referral):
    link, token = sent
    client = client_for(social_worker)
    client.get(_url(token))
    client.get(_url(token))
    html = client.get(referral.get_absolute_url()).content.decode()
    assert "lea.martin@example.org" in html
    assert reverse("partners:referral_link_revoke", args=[link.pk]) in html
    row = html.split('data-testid="link-row"')[1]
    assert "<td>2</td>" in row and "En service" in row


def test_the_referral_page_reads_a_constant_number_of_queries(
    sent, client_for, social_worker, referral, contact, django_assert_max_num_queries
):
    client = client_for(social_worker)
    with django_assert_max_num_queries(60) as few:
        client.get(referral.get_absolute_url())
    for _n in range(3):
        send_link(referral=referral, contact=contact, by=social_worker)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(referral.get_absolute_url())


def test_staff_send_and_revoke_through_the_referral_page(
    referral, contact, client_for, social_worker, django_capture_on_commit_callbacks
):
    client = client_for(social_worker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("partners:referral_link_send", args=[referral.pk]), {"contact": contact.pk}
        )
    assert response.status_code == 302
    link = ReferralLink.objects.get()
    assert len(mail.outbox) == 1 and link.sent_at is not None
    client.post(reverse("partners:referral_link_revoke", args=[link.pk]))
    link.refresh_from_db()
    assert link.revocation_reason == RevocationReason.BY_STAFF and link.revoked_by == social_worker


def test_a_garbage_contact_is_refused_with_a_message(referral, client_for, social_worker):
    response = client_for(social_worker).post(
        reverse("partners:referral_link_send", args=[referral.pk]),
        {"contact": "'; DROP TABLE"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Choisissez un contact" in response.content.decode()
    assert not ReferralLink.objects.exists()


def test_auditor_may_not_revoke_and_another_site_does_not_see_the_link(
    sent, client_for, auditor, director, social_worker_b
):
    link, _token = sent
    url = reverse("partners:referral_link_revoke", args=[link.pk])
    assert client_for(auditor).post(url).status_code == 403
    assert client_for(director).post(url).status_code == 403
    assert client_for(social_worker_b).post(url).status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


def test_a_household_of_another_site_gets_no_link_from_its_worker(
    referral, contact, client_for, social_worker_b, site_b
):
    response = client_for(social_worker_b).post(
        reverse("partners:referral_link_send", args=[referral.pk]), {"contact": contact.pk}
    )
    assert response.status_code == 404
    assert not ReferralLink.objects.exists()
    other = make_household(site=site_b, by=social_worker_b)
    assert other.pk  # the other site's worker has households of its own, not this one


def test_administrators_read_links_and_openings_but_change_nothing(sent, client_for, admin_user):
    link, token = sent
    client = client_for(admin_user)
    client.get(_url(token))
    assert client.get(reverse("admin:partners_referrallink_changelist")).status_code == 200
    page = client.get(reverse("admin:partners_referrallink_change", args=[link.pk]))
    assert page.status_code == 200 and "Affiché" in page.content.decode()
    assert client.get(reverse("admin:partners_referrallink_add")).status_code == 403
