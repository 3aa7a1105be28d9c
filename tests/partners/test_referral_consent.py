"""A referral refused for want of the consent to share: the consent form, then back to the
referral with everything that was typed."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from households.models import ConsentScope
from partners.models import Referral
from tests.factories import make_household, make_person
from tests.partners.helpers import give_sharing_consent, make_offer, make_partner, make_plan

pytestmark = pytest.mark.django_db

SHARED = "CV de Mme Haidari ; permis B ; disponible dès janvier"


@pytest.fixture
def plan(household, person, social_worker):
    return make_plan(household=household, by=social_worker, persons=[person])


@pytest.fixture
def offer():
    return make_offer(partner=make_partner())


def _refer_url(household, query=""):
    return reverse("partners:referral_create", args=[household.pk]) + query


def _typed(offer, person):
    return {
        "partner": offer.partner_id,
        "offer": offer.pk,
        "persons": [person.pk],
        "sent_on": timezone.localdate().isoformat(),
        "channel": "phone",
        "shared_information": SHARED,
    }


def _refused(client, household, offer, person):
    return client.post(_refer_url(household, f"?offer={offer.pk}"), _typed(offer, person))


def test_refused_for_want_of_consent_the_form_keeps_the_text_and_links_to_the_consent(
    client_for, plan, offer, household, person, social_worker
):
    response = _refused(client_for(social_worker), household, offer, person)

    assert response.status_code == 200
    assert not Referral.objects.exists()
    html = response.content.decode()
    assert SHARED in html  # still on screen, in the textarea
    link = urlsplit(response.context["consent_url"])
    query = parse_qs(link.query)
    assert link.path == reverse("households:consent_create", args=[household.pk])
    assert query["scope"] == [ConsentScope.PARTNER_SHARING]
    back = urlsplit(query["next"][0])
    assert back.path == _refer_url(household)
    assert parse_qs(back.query) == {"offer": [str(offer.pk)], "draft": ["1"]}
    # The text itself is not in the link: it waits in the session.
    assert "Haidari" not in response.context["consent_url"]
    assert 'id="record-consent"' in html


def test_after_the_consent_the_referral_comes_back_as_typed_and_is_sent(
    client_for, plan, offer, household, person, social_worker
):
    client = client_for(social_worker)
    consent_url = _refused(client, household, offer, person).context["consent_url"]
    back = parse_qs(urlsplit(consent_url).query)["next"][0]

    recorded = client.post(
        consent_url,
        {
            "scope": ConsentScope.PARTNER_SHARING,
            "given_on": timezone.localdate().isoformat(),
            "next": back,
        },
    )
    assert recorded["Location"] == back

    page = client.get(back)
    form = page.context["form"]
    assert page.context["restored"] is True
    assert form.initial["shared_information"] == SHARED
    assert form.initial["channel"] == "phone"
    assert form.initial["persons"] == [str(person.pk)]
    assert form.initial["offer"] == str(offer.pk)
    assert SHARED in page.content.decode()

    sent = client.post(back, _typed(offer, person))

    referral = Referral.objects.get()
    assert sent.status_code == 302
    assert (referral.shared_information, referral.channel) == (SHARED, "phone")
    assert list(referral.persons.all()) == [person]
    # The draft is gone once sent: the form starts afresh.
    assert client.get(back).context["restored"] is False


def test_the_draft_comes_back_only_through_the_link(
    client_for, plan, offer, household, person, social_worker
):
    client = client_for(social_worker)
    _refused(client, household, offer, person)

    page = client.get(_refer_url(household))

    assert page.context["restored"] is False
    assert "shared_information" not in page.context["form"].initial


def test_a_draft_belongs_to_its_household(
    client_for, site_a, plan, offer, household, person, social_worker
):
    client = client_for(social_worker)
    _refused(client, household, offer, person)
    other = make_household(site=site_a, by=social_worker)
    make_plan(
        household=other, by=social_worker, persons=[make_person(household=other, by=social_worker)]
    )

    page = client.get(_refer_url(other, "?draft=1"))

    assert page.context["restored"] is False
    assert SHARED not in page.content.decode()


def test_another_refusal_does_not_send_to_the_consent_form(
    client_for, plan, offer, household, person, social_worker
):
    give_sharing_consent(household=household, by=social_worker)
    data = _typed(offer, person)
    data["sent_on"] = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()

    response = client_for(social_worker).post(_refer_url(household), data)

    assert response.context["form"].non_field_errors()
    assert response.context["consent_url"] == ""
    assert not Referral.objects.exists()
