"""What the access log records of pages: one event per file shown, exported or downloaded,
with ids and URL names only, and every refusal a signed-in user meets."""

import pytest
from django.urls import reverse

from accounts.access_log import access_events_for, access_events_for_household
from accounts.models import AccessEvent
from funding import services as funding_services
from funding.models import EvidenceKind
from tests.factories import make_person
from tests.funding.factories import days_from_today, pdf_upload

pytestmark = pytest.mark.django_db

Action = AccessEvent.Action


def _page_events():
    """Every event but the logins of the test client (force_login is a login too)."""
    return AccessEvent.objects.exclude(action=Action.LOGIN)


def _event_text(event) -> str:
    return " ".join(
        str(getattr(event, field.attname)) for field in AccessEvent._meta.concrete_fields
    )


def test_viewing_a_household_page_writes_one_event_with_its_id_and_no_names(
    client_for, household, social_worker
):
    member = make_person(
        household=household, by=social_worker, first_name="Zahra", last_name="Nouri"
    )
    url = reverse("households:detail", kwargs={"pk": household.pk})

    assert client_for(social_worker).get(url, REMOTE_ADDR="10.1.2.3").status_code == 200

    event = _page_events().get()
    assert (event.action, event.user, event.username) == (Action.VIEW, social_worker, "ts.a")
    assert (event.household_id, event.person_id) == (household.pk, None)
    assert event.subject == f"households:detail:{household.pk}"
    assert event.ip == "10.1.2.3"
    text = _event_text(event)
    for personal in (member.first_name, member.last_name, household.reference):
        assert personal not in text


def test_a_person_page_is_recorded_with_its_household(client_for, person, social_worker):
    url = reverse("households:person_update", kwargs={"pk": person.pk})
    assert client_for(social_worker).get(url).status_code == 200
    event = _page_events().get()
    assert (event.action, event.household_id, event.person_id) == (
        Action.VIEW,
        person.household_id,
        person.pk,
    )


def test_a_form_sent_to_a_logged_page_is_no_view(client_for, household, social_worker):
    # A POST changes the file (its history records it); only a GET shows it.
    client_for(social_worker).post(reverse("households:update", kwargs={"pk": household.pk}), {})
    assert not AccessEvent.objects.filter(action=Action.VIEW).exists()


def test_a_document_download_writes_one_event(client_for, person, social_worker):
    evidence = funding_services.evidence_record(
        by=social_worker,
        person=person,
        kind=EvidenceKind.OFPRA_DECISION,
        number="OFPRA-123456",
        issued_on=days_from_today(-200),
        scan=pdf_upload(),
    )
    response = client_for(social_worker).get(reverse("funding:evidence_scan", args=[evidence.pk]))
    assert response.status_code == 200
    b"".join(response.streaming_content)

    event = _page_events().get()
    assert (event.action, event.household_id, event.person_id) == (
        Action.DOWNLOAD,
        person.household_id,
        person.pk,
    )
    assert event.subject == f"funding:evidence_scan:{evidence.pk}"
    assert "Haidari" not in _event_text(event)


def test_an_export_writes_one_event(client_for, household, director):
    response = client_for(director).get(
        reverse("reporting:export", args=["households"]), {"year": "2025"}
    )
    assert response.status_code == 200
    b"".join(response.streaming_content)
    event = _page_events().get()
    assert (event.action, event.user, event.subject) == (
        Action.EXPORT,
        director,
        "reporting:export:households",
    )


def test_an_export_refused_by_its_form_writes_no_export(client_for, director):
    response = client_for(director).get(
        reverse("reporting:export", args=["households"]), {"year": "not a year"}
    )
    assert response.status_code == 400
    assert not AccessEvent.objects.filter(action=Action.EXPORT).exists()


def test_a_404_on_a_file_of_another_site_is_refused_with_its_household_id(
    client_for, household, social_worker_b
):
    url = reverse("households:detail", kwargs={"pk": household.pk})
    assert client_for(social_worker_b).get(url).status_code == 404
    event = _page_events().get()
    assert (event.action, event.user, event.household_id) == (
        Action.REFUSED,
        social_worker_b,
        household.pk,
    )
    assert event.subject == f"404:households:detail:{household.pk}"


def test_a_403_is_refused(client_for, social_worker):
    assert client_for(social_worker).get(reverse("accounts:access_log")).status_code == 403
    event = _page_events().get()
    assert (event.action, event.user, event.subject) == (
        Action.REFUSED,
        social_worker,
        "403:accounts:access_log",
    )


def test_a_write_refused_to_an_auditor_before_any_view_is_refused(client_for, household, auditor):
    url = reverse("households:update", kwargs={"pk": household.pk})
    assert client_for(auditor).post(url, {}).status_code == 403
    event = _page_events().get()
    assert (event.action, event.household_id) == (Action.REFUSED, household.pk)


def test_a_404_on_no_page_at_all_or_for_a_visitor_is_not_logged(client, client_for, household):
    assert client.get(reverse("households:detail", kwargs={"pk": household.pk})).status_code == 302
    assert client.get("/no-such-page/").status_code in (302, 404)
    assert not _page_events().exists()


def test_a_signed_in_user_mistyping_a_url_is_not_logged(client_for, social_worker):
    assert client_for(social_worker).get("/no-such-page/").status_code == 404
    assert not _page_events().exists()


def test_events_of_a_household_include_its_persons_newest_first(household, person, social_worker):
    from accounts.access_log import access_log_record

    access_log_record(action=Action.VIEW, user=social_worker, household_id=household.pk)
    access_log_record(action=Action.SUBJECT_ACCESS, user=social_worker, person_id=person.pk)
    access_log_record(action=Action.VIEW, user=social_worker, household_id=household.pk + 1)

    assert [e.action for e in access_events_for_household(household.pk)] == [Action.VIEW]
    both = access_events_for(household_id=household.pk, person_ids=[person.pk])
    assert [e.action for e in both] == [Action.SUBJECT_ACCESS, Action.VIEW]
