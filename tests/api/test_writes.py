"""Writes through the API call the pages' services after the pages' checks: a social worker of
the site records attendance and answers a referral; directors and auditors get 403, other
sites 404; a refusal of the service or bad input is a 400 that changes nothing."""

import json

import pytest
from django.urls import reverse

from partners.models import Answer, Referral
from workshops.models import Attendance, WorkshopRegistration

pytestmark = pytest.mark.django_db


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def _attendance_url(paris):
    return reverse("api:registration-attendance", kwargs={"pk": paris.registration.pk})


def _answer_url(paris):
    return reverse("api:referral-answer", kwargs={"pk": paris.referral.pk})


def test_a_social_worker_records_attendance(api, paris, social_worker):
    response = _post(api(social_worker), _attendance_url(paris), {"attendance": "present"})
    assert response.status_code == 200, response.content
    assert response.json()["attendance"] == Attendance.PRESENT
    registration = WorkshopRegistration.objects.get(pk=paris.registration.pk)
    assert registration.attendance == Attendance.PRESENT
    assert registration.attendance_recorded_by == social_worker
    # Present at a workshop: the referred household is now informed, as on the page.
    paris.household.refresh_from_db()
    assert paris.household.status == "informed"


def test_a_social_worker_answers_a_referral(api, paris, social_worker):
    data = {"answer": "refused", "refusal_reason": "Poste pourvu"}
    response = _post(api(social_worker), _answer_url(paris), data)
    assert response.status_code == 200, response.content
    referral = Referral.objects.get(pk=paris.referral.pk)
    assert (referral.answer, referral.refusal_reason) == (Answer.REFUSED, "Poste pourvu")
    assert referral.history.first().history_user == social_worker


@pytest.mark.parametrize("role", ["auditor", "director"])
def test_auditors_and_directors_write_nothing(api, paris, role, request):
    client = api(request.getfixturevalue(role))
    assert _post(client, _attendance_url(paris), {"attendance": "present"}).status_code == 403
    refused = _post(client, _answer_url(paris), {"answer": "accepted"})
    assert refused.status_code == 403
    assert WorkshopRegistration.objects.get(pk=paris.registration.pk).attendance == "unknown"
    assert Referral.objects.get(pk=paris.referral.pk).answer == Answer.PENDING


def test_another_site_cannot_write(api, paris, social_worker_b):
    client = api(social_worker_b)
    assert _post(client, _attendance_url(paris), {"attendance": "present"}).status_code == 404
    assert _post(client, _answer_url(paris), {"answer": "accepted"}).status_code == 404


def test_bad_input_and_refusals_are_400_and_change_nothing(api, paris, social_worker):
    client = api(social_worker)
    for data in ({}, {"attendance": "peut-être"}, {"attendance": ["present"]}):
        assert _post(client, _attendance_url(paris), data).status_code == 400, data
    # The service refuses a refusal without a reason: its message comes back.
    response = _post(client, _answer_url(paris), {"answer": "refused"})
    assert response.status_code == 400
    assert response.json()["detail"]
    future = _post(client, _answer_url(paris), {"answer": "accepted", "answered_on": "2999-01-01"})
    assert future.status_code == 400
    garbage = client.post(_answer_url(paris), "{not json", content_type="application/json")
    assert garbage.status_code == 400
    assert Referral.objects.get(pk=paris.referral.pk).answer == Answer.PENDING
    assert WorkshopRegistration.objects.get(pk=paris.registration.pk).attendance == "unknown"


def test_a_session_without_token_cannot_write(client_for, paris, social_worker):
    # No session authentication on the API: a forged cross-site POST has nothing to ride on.
    client = client_for(social_worker)
    assert _post(client, _attendance_url(paris), {"attendance": "present"}).status_code == 401
