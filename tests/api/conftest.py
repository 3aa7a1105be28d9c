"""The API's test world: a Paris file with free text everywhere, a Créteil one, a workshop, a
referral; tokens made by the real service; a client that sends one."""

import datetime
import uuid
from types import SimpleNamespace

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from api.services import api_token_create
from api.throttling import PerUserRateThrottle
from households.models import Household, Person
from tests.factories import make_household, make_person
from tests.partners.helpers import (
    give_sharing_consent,
    make_offer,
    make_partner,
    make_plan,
    send_referral,
)
from workshops import services as workshop_services

MARKER = "NOTEQXMARKER"


@pytest.fixture(autouse=True)
def _fresh_throttle(monkeypatch):
    # The rate limit counts in the cache: each test starts with none spent, in a cache of its
    # own (clearing the shared one would wipe other test processes' keys; ids come again
    # after a rollback on SQLite, so old counts would follow a new user).
    monkeypatch.setattr(PerUserRateThrottle, "cache", LocMemCache(f"throttle-{uuid.uuid4()}", {}))


def token_for(user, **kwargs) -> str:
    """A token of the user, made as on the token page: in a signed-in session, so with the
    second factor the user's role asks for (enrolled here when it is missing)."""
    if two_factor.requires_two_factor(user) and not two_factor.has_second_factor(user):
        TOTPDevice.objects.create(user=user, name=two_factor.TOTP_DEVICE_NAME, confirmed=True)
    return api_token_create(user=user, by=user, name="test", **kwargs).secret


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def api():
    """api(user) -> a client sending a fresh token of that user (no session, no cookie)."""

    def client_for(user):
        return Client(enforce_csrf_checks=True, **bearer(token_for(user)))

    return client_for


@pytest.fixture
def paris(world, coordinator, social_worker):
    # Free text on every field that holds it, for the auditor's tests (an UPDATE: the
    # objects in hand are older than the search text the services wrote since).
    Household.objects.filter(pk=world.household.pk).update(
        mobility_wishes=f"{MARKER} wishes", constraints=f"{MARKER} constraints"
    )
    Person.objects.filter(pk=world.person.pk).update(
        skills=f"{MARKER} skills", occupation=f"{MARKER} occupation"
    )
    household = Household.objects.get(pk=world.household.pk)
    person = Person.objects.get(pk=world.person.pk)
    workshop = workshop_services.workshop_create(
        by=coordinator,
        site=world.site_a,
        date=timezone.localdate(),
        start_time=datetime.time(9, 30),
        end_time=datetime.time(12, 0),
        place="Salle 1",
        capacity=10,
        topic="Vivre et travailler en Bretagne",
        language="français",
    )
    registration = workshop_services.workshop_register_person(
        workshop=workshop, person=person, by=coordinator
    )
    plan = make_plan(household=household, by=social_worker, persons=[person])
    give_sharing_consent(household=household, by=social_worker)
    partner = make_partner()
    referral = send_referral(
        plan=plan,
        partner=partner,
        offer=make_offer(partner=partner),
        by=social_worker,
        shared_information=f"{MARKER} shared",
    )
    return SimpleNamespace(
        household=household,
        person=person,
        workshop=workshop,
        registration=registration,
        referral=referral,
    )


@pytest.fixture
def creteil(site_b, social_worker_b):
    household = make_household(site=site_b, by=social_worker_b, social_worker=social_worker_b)
    return SimpleNamespace(
        household=household, person=make_person(household=household, by=social_worker_b)
    )
