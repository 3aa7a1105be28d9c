"""Stale-edit protection on every edit form that had none: two people open the same form, the
first saves, the second is refused with what they typed kept, then saves knowingly."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from core.versioning import StaleEditError
from followups import services as followup_services
from followups.models import FollowUp
from funding import services as funding_services
from funding.models import Grant, GrantStatus
from partners import services as partner_services
from partners.models import Offer, Partner
from tests.factories import user_with_role
from tests.followups.helpers import OUTCOME, relocated_household
from tests.funding.factories import make_grant
from tests.partners.helpers import make_offer, make_partner
from workshops import services as workshop_services
from workshops.models import ProfessionalTraining, Workshop

pytestmark = pytest.mark.django_db


def make_followup(site, by) -> FollowUp:
    _household, relocation = relocated_household(site=site, by=by)
    return relocation.followups.order_by("due_on").first()


def make_workshop(site, by) -> Workshop:
    return workshop_services.workshop_create(
        by=by,
        site=site,
        date=timezone.localdate(),
        capacity=10,
        start_time=datetime.time(9, 30),
        end_time=datetime.time(12, 0),
        place="Maison des associations",
        topic="Vivre et travailler en Bretagne",
        language="français",
    )


def make_training(site, by) -> ProfessionalTraining:
    return workshop_services.training_create(
        by=by,
        site=site,
        date=timezone.localdate(),
        duration_hours=Decimal("3.00"),
        topic="Accompagner une mobilité",
        place="Salle 1",
        capacity=12,
    )


@dataclass(frozen=True)
class Case:
    """One edit form: who may use it, how its record is made, which field both people type."""

    name: str
    url_name: str
    role: str
    make: object  # make(site, by) -> the record
    field: str
    # Fields the form needs filled that the record may not have yet.
    needed: tuple = ()


CASES = [
    Case(
        "followup",
        "followups:record",
        Role.SOCIAL_WORKER,
        make_followup,
        "next_actions",
        needed=(("method", OUTCOME["method"]),),
    ),
    Case("workshop", "workshops:update", Role.COORDINATOR, make_workshop, "place"),
    Case("training", "workshops:training_update", Role.COORDINATOR, make_training, "place"),
    Case(
        "partner",
        "partners:update",
        Role.COORDINATOR,
        lambda site, by: make_partner(),
        "commune",
    ),
    Case(
        "offer",
        "partners:offer_update",
        Role.COORDINATOR,
        lambda site, by: make_offer(partner=make_partner()),
        "title",
    ),
    Case(
        "grant",
        "funding:grant_update",
        Role.DIRECTOR,
        lambda site, by: make_grant(by=by, sites=[site]),
        "title",
    ),
]


def form_data(form) -> dict:
    """What the browser posts back for a form as it was shown (files left as they are)."""
    data = {}
    for bound in form:
        field = bound.field
        if isinstance(field, forms.FileField) or field.disabled:
            continue
        value = bound.value()
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        else:
            data[bound.html_name] = "" if value is None else str(value)
    return data


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(params=CASES, ids=lambda case: case.name)
def opened(request, site_a):
    """The record, its form's URL, and two people who opened the form: (data, client) each."""
    case = request.param
    first = user_with_role(case.role, site_a, username="first")
    second = user_with_role(case.role, site_a, username="second")
    record = case.make(site_a, first)
    url = reverse(case.url_name, args=[record.pk])
    editors = []
    for user in (first, second):
        client = login(user)
        response = client.get(url)
        assert response.status_code == 200
        data = {**form_data(response.context["form"]), **dict(case.needed)}
        editors.append((data, client))
    return case, record, url, editors


def saved(record, field):
    record.refresh_from_db()
    return getattr(record, field)


def test_the_second_save_is_refused_then_saved_knowingly(opened):
    case, record, url, [(data_1, client_1), (data_2, client_2)] = opened
    version = record.version
    assert data_1["version"] == str(version)

    assert client_1.post(url, {**data_1, case.field: "Première saisie"}).status_code == 302
    assert saved(record, case.field) == "Première saisie"
    assert record.version == version + 1

    refused = client_2.post(url, {**data_2, case.field: "Seconde saisie"})
    assert refused.status_code == 200
    assert refused.context["stale"] is True
    form = refused.context["form"]
    assert [str(error) for error in form.non_field_errors()]
    assert b"data-stale" in refused.content
    # Nothing of the first save is lost, nothing of the second is written…
    assert saved(record, case.field) == "Première saisie"
    assert record.version == version + 1
    # …and what the second person typed is still in the form, with the version now saved.
    assert form[case.field].value() == "Seconde saisie"
    assert form.data["version"] == str(version + 1)

    again = client_2.post(url, form.data)
    assert again.status_code == 302
    assert saved(record, case.field) == "Seconde saisie"
    assert record.version == version + 2


@pytest.mark.parametrize("version", ["abc", "-1", "99999999999999999999", "1.5"])
def test_a_tampered_version_is_a_form_error_or_stale_never_a_500(opened, version):
    case, record, url, [(data, client), _second] = opened
    response = client.post(url, {**data, case.field: "Falsifié", "version": version})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors.get("version") or response.context["stale"]
    assert saved(record, case.field) != "Falsifié"


def test_a_missing_version_is_refused_as_stale(opened):
    case, record, url, [(data, client), _second] = opened
    data.pop("version")
    response = client.post(url, {**data, case.field: "Sans version"})
    assert response.status_code == 200
    assert response.context["stale"] is True
    assert saved(record, case.field) != "Sans version"
    # Shown again with the version saved: the next save goes through.
    assert response.context["form"].data["version"] == str(record.version)


def test_the_create_forms_carry_no_version(site_a):
    coordinator = user_with_role(Role.COORDINATOR, site_a, username="coord")
    director = user_with_role(Role.DIRECTOR, site_a, username="dir")
    for user, name in (
        (coordinator, "workshops:create"),
        (coordinator, "workshops:training_create"),
        (coordinator, "partners:create"),
        (director, "funding:grant_create"),
    ):
        response = login(user).get(reverse(name))
        assert response.status_code == 200
        assert "version" not in response.context["form"].fields


# The changes made without the form move the version on, so a form opened before is refused
# rather than undoing them.


def test_rescheduling_or_marking_missed_makes_an_open_record_form_stale(site_a, social_worker):
    followup = make_followup(site_a, social_worker)
    opened_on = followup.version
    followup_services.followup_reschedule(
        followup=followup, by=social_worker, due_on=followup.due_on + datetime.timedelta(days=7)
    )
    with pytest.raises(StaleEditError):
        followup_services.followup_record(
            followup=followup,
            by=social_worker,
            done_on=timezone.localdate(),
            expected_version=opened_on,
            **OUTCOME,
        )
    followup.refresh_from_db()
    assert followup.status == "scheduled" and followup.version == opened_on + 1
    followup_services.followup_mark_missed(followup=followup, by=social_worker)
    followup.refresh_from_db()
    assert followup.version == opened_on + 2
    # The version is left out of the history: the rows read as what changed.
    assert "version" not in {f.name for f in FollowUp.history.model._meta.fields}


def test_signing_a_grant_makes_an_open_edit_form_stale(site_a, director):
    grant = make_grant(by=director, sites=[site_a])
    opened_on = grant.version
    funding_services.grant_update(
        grant=grant, by=director, status=GrantStatus.SIGNED, signed_on=timezone.localdate()
    )
    with pytest.raises(StaleEditError):
        funding_services.grant_update(
            grant=grant, by=director, expected_version=opened_on, title="Ancien formulaire"
        )
    grant.refresh_from_db()
    assert (grant.status, grant.version) == (GrantStatus.SIGNED, opened_on + 1)
    assert grant.title != "Ancien formulaire"
    assert "version" not in {f.name for f in Grant.history.model._meta.fields}


def test_an_offer_status_change_makes_an_open_edit_form_stale(coordinator):
    offer = make_offer(partner=make_partner())
    opened_on = offer.version
    partner_services.offer_set_status(offer=offer, status="filled", by=coordinator)
    with pytest.raises(StaleEditError):
        partner_services.offer_update(
            offer=offer, by=coordinator, expected_version=opened_on, title="Ancien"
        )
    assert Offer.objects.get(pk=offer.pk).title != "Ancien"


def test_a_stale_session_change_keeps_the_seats_and_the_first_save(site_a, coordinator):
    workshop = make_workshop(site_a, coordinator)
    opened_on = workshop.version
    workshop_services.workshop_update(
        workshop=workshop, by=coordinator, expected_version=opened_on, capacity=20
    )
    with pytest.raises(StaleEditError):
        workshop_services.workshop_update(
            workshop=workshop, by=coordinator, expected_version=opened_on, capacity=5
        )
    workshop.refresh_from_db()
    assert (workshop.capacity, workshop.version) == (20, opened_on + 1)


def test_a_partner_changed_by_code_moves_its_version_on(coordinator):
    partner = make_partner()
    partner_services.partner_update(partner=partner, by=coordinator, commune="Voiron")
    assert Partner.objects.get(pk=partner.pk).version == partner.version + 1
