"""The API reads exactly what the pages show: a Créteil token reads nothing of Paris, an
auditor's token reads every site but no free text, and each file read is in the access log."""

import pytest
from django.urls import reverse

from accounts.models import AccessEvent
from tests.api.conftest import MARKER

pytestmark = pytest.mark.django_db

LISTS = (
    "api:household-list",
    "api:person-list",
    "api:workshop-list",
    "api:registration-list",
    "api:referral-list",
    "api:relocation-list",
)


def _details(paris):
    return {
        "api:household-detail": paris.household.pk,
        "api:person-detail": paris.person.pk,
        "api:workshop-detail": paris.workshop.pk,
        "api:workshop-attendance": paris.workshop.pk,
        "api:registration-detail": paris.registration.pk,
        "api:referral-detail": paris.referral.pk,
    }


def test_a_creteil_token_reads_nothing_of_paris(api, paris, creteil, social_worker_b):
    client = api(social_worker_b)
    households = client.get(reverse("api:household-list")).json()
    assert [row["id"] for row in households["results"]] == [creteil.household.pk]
    # Créteil has one household and its member, nothing else: every other list is empty.
    own = {"api:household-list": [creteil.household.pk], "api:person-list": [creteil.person.pk]}
    for name in LISTS:
        ids = [row["id"] for row in client.get(reverse(name)).json()["results"]]
        assert ids == own.get(name, []), name
    for name, pk in _details(paris).items():
        assert client.get(reverse(name, kwargs={"pk": pk})).status_code == 404, name


def test_a_paris_worker_reads_paris_and_not_creteil(api, paris, creteil, social_worker):
    client = api(social_worker)
    ids = [row["id"] for row in client.get(reverse("api:household-list")).json()["results"]]
    assert ids == [paris.household.pk]
    for name, pk in _details(paris).items():
        assert client.get(reverse(name, kwargs={"pk": pk})).status_code == 200, name
    url = reverse("api:household-detail", kwargs={"pk": creteil.household.pk})
    assert client.get(url).status_code == 404


def test_the_worker_reads_free_text_the_auditor_never(api, paris, social_worker, auditor):
    worker = api(social_worker)
    body = worker.get(reverse("api:household-detail", kwargs={"pk": paris.household.pk}))
    assert MARKER in body.content.decode()
    audit = api(auditor)
    for name, pk in _details(paris).items():
        response = audit.get(reverse(name, kwargs={"pk": pk}))
        assert response.status_code == 200, name
        assert MARKER not in response.content.decode(), name
    for name in LISTS:
        response = audit.get(reverse(name))
        assert response.json()["count"] >= 1 or name == "api:relocation-list"
        assert MARKER not in response.content.decode(), name
    person = audit.get(reverse("api:person-detail", kwargs={"pk": paris.person.pk})).json()
    assert "skills" not in person and "occupation" not in person
    assert person["first_name"] == paris.person.first_name


def test_directors_read_every_site(api, paris, creteil, director):
    ids = {row["id"] for row in api(director).get(reverse("api:household-list")).json()["results"]}
    assert ids == {paris.household.pk, creteil.household.pk}


def test_reading_a_file_is_in_the_access_log(api, paris, social_worker, social_worker_b):
    api(social_worker).get(reverse("api:person-detail", kwargs={"pk": paris.person.pk}))
    event = AccessEvent.objects.get(action=AccessEvent.Action.VIEW, user=social_worker)
    assert (event.household_id, event.person_id) == (paris.household.pk, paris.person.pk)
    # An outsider's attempt is logged as refused, as on the pages.
    url = reverse("api:household-detail", kwargs={"pk": paris.household.pk})
    assert api(social_worker_b).get(url).status_code == 404
    refused = AccessEvent.objects.get(action=AccessEvent.Action.REFUSED, user=social_worker_b)
    assert refused.subject.startswith("404:")


def test_bad_filters_are_a_400_with_a_message(api, paris, social_worker):
    client = api(social_worker)
    for query in (
        {"status": "nope"},
        {"referred_from": "2026-13-45"},
        {"household": "99999999999999999999999"},
        {"site": "x" * 200},
    ):
        name = "api:person-list" if "household" in query else "api:household-list"
        response = client.get(reverse(name), query)
        assert response.status_code == 400, query
        assert response.json()
    assert client.get(reverse("api:household-list"), {"page": "999"}).status_code == 404


def test_filters_narrow_the_list(api, paris, social_worker):
    client = api(social_worker)
    url = reverse("api:person-list")
    assert client.get(url, {"household": paris.household.pk}).json()["count"] == 1
    assert client.get(url, {"household": paris.household.pk + 1000}).json()["count"] == 0
    found = client.get(reverse("api:household-list"), {"q": paris.person.last_name}).json()
    assert found["count"] == 1
