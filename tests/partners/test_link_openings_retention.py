"""The openings of answer links are kept as long as the access log, then purged every night."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from partners.link_models import OpeningOutcome, ReferralLinkOpening
from partners.tasks import purge_link_openings_task
from tests.partners.helpers import (
    give_sharing_consent,
    make_offer,
    make_partner,
    make_plan,
    send_referral,
)
from tests.partners.link_helpers import make_contact, send_link

pytestmark = pytest.mark.django_db

PARIS = datetime.timezone(datetime.timedelta(hours=1))
NOW = datetime.datetime(2026, 12, 1, 3, 40, tzinfo=PARIS)


@pytest.fixture
def sent(household, person, social_worker):
    plan = make_plan(household=household, by=social_worker, persons=[person])
    give_sharing_consent(household=household, by=social_worker)
    partner = make_partner()
    referral = send_referral(
        plan=plan, partner=partner, offer=make_offer(partner=partner), by=social_worker
    )
    return send_link(referral=referral, contact=make_contact(partner=partner), by=social_worker)


def _open_at(client, token, moment):
    with time_machine.travel(moment, tick=False):
        client.get(reverse("partners:link_answer", args=[token]))
    return ReferralLinkOpening.objects.latest("pk")


def test_the_purge_keeps_11_months_and_removes_13_and_the_link_stays(client, sent):
    link, token = sent
    old = _open_at(client, token, NOW - datetime.timedelta(days=396))
    kept = _open_at(client, token, NOW - datetime.timedelta(days=335))
    assert old.outcome == OpeningOutcome.SHOWN

    with time_machine.travel(NOW, tick=False):
        assert purge_link_openings_task.delay().get() == 1

    assert list(ReferralLinkOpening.objects.all()) == [kept]
    link.refresh_from_db()
    assert link.referral_id is not None


def test_the_purge_follows_the_access_logs_configured_retention(settings, client, sent):
    settings.ACCESS_LOG_RETENTION_MONTHS = 6
    _link, token = sent
    _open_at(client, token, NOW - datetime.timedelta(days=200))
    kept = _open_at(client, token, NOW - datetime.timedelta(days=150))
    with time_machine.travel(NOW, tick=False):
        assert purge_link_openings_task() == 1
    assert list(ReferralLinkOpening.objects.all()) == [kept]


def test_the_purge_runs_every_night_after_the_access_logs():
    entry = settings.CELERY_BEAT_SCHEDULE["purge-link-openings"]
    assert entry["task"] == purge_link_openings_task.name
    assert entry["schedule"].hour == {3}
