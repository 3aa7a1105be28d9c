"""The director's access log: filters, CSV/XLSX export, constant queries, who may open it."""

import csv
import datetime
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.access_log import access_log_record
from accounts.models import AccessEvent

pytestmark = pytest.mark.django_db

Action = AccessEvent.Action
URL = reverse("accounts:access_log")


def _csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def _listed(response) -> list[AccessEvent]:
    """The events listed, but those of the director's own login and exports."""
    assert response.status_code == 200
    return [event for event in response.context["page"] if event.username != "direction"]


@pytest.fixture
def events(social_worker, coordinator, household):
    """Three events on three days, of two users, about two households."""
    made = []
    for day, user, action, household_id in (
        (datetime.date(2026, 3, 1), social_worker, Action.VIEW, household.pk),
        (datetime.date(2026, 3, 5), coordinator, Action.EXPORT, None),
        (datetime.date(2026, 3, 9), social_worker, Action.DOWNLOAD, household.pk + 100),
    ):
        moment = datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC)
        with time_machine.travel(moment, tick=False):
            access_log_record(action=action, user=user, household_id=household_id)
        made.append(AccessEvent.objects.latest("pk"))
    return made


def test_the_director_sees_every_event_newest_first(client_for, director, events):
    assert _listed(client_for(director).get(URL)) == events[::-1]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"action": "export"}, [1]),
        ({"date_from": "2026-03-05"}, [2, 1]),
        ({"date_to": "2026-03-05"}, [1, 0]),
        ({"date_from": "2026-03-02", "date_to": "2026-03-08"}, [1]),
    ],
)
def test_filters_by_action_and_period(client_for, director, events, params, expected):
    listed = _listed(client_for(director).get(URL, params))
    assert listed == [events[i] for i in expected]


def test_filters_by_household_id_or_reference(client_for, director, events, household):
    client = client_for(director)
    assert _listed(client.get(URL, {"household": str(household.pk)})) == [events[0]]
    assert _listed(client.get(URL, {"household": household.reference.lower()})) == [events[0]]
    assert _listed(client.get(URL, {"household": "CDF-NONE"})) == []


def test_filters_by_user_and_person(
    client_for, director, coordinator, social_worker, events, person
):
    access_log_record(action=Action.SUBJECT_ACCESS, user=social_worker, person_id=person.pk)
    client = client_for(director)
    assert _listed(client.get(URL, {"user": coordinator.pk})) == [events[1]]
    [by_person] = _listed(client.get(URL, {"person": person.pk}))
    assert by_person.action == Action.SUBJECT_ACCESS


def test_the_csv_export_has_the_filtered_rows(client_for, director, events, household):
    response = client_for(director).get(
        reverse("accounts:access_log_export", args=["csv"]), {"household": household.pk}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv_rows(response)
    assert len(rows) == 2
    assert rows[1][1:2] + rows[1][3:4] == ["ts.a", str(household.pk)]
    # The export is itself an access, logged as it is sent.
    assert AccessEvent.objects.filter(action=Action.EXPORT, user=director).count() == 1


def test_the_xlsx_export_has_every_row(client_for, director, events):
    response = client_for(director).get(reverse("accounts:access_log_export", args=["xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert {row[1] for row in rows[1:]} == {"ts.a", "coord.a", "direction"}
    assert len([row for row in rows if row[1] != "direction"]) == 1 + len(events)


def test_an_unknown_export_format_is_not_found(client_for, director):
    url = reverse("accounts:access_log_export", args=["pdf"])
    assert client_for(director).get(url).status_code == 404


def test_export_cells_are_neutralised(client_for, director):
    access_log_record(action=Action.VIEW, user=director, subject="=HYPERLINK(1)")
    response = client_for(director).get(reverse("accounts:access_log_export", args=["csv"]))
    assert "'=HYPERLINK(1)" in [row[5] for row in _csv_rows(response)]


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
        assert response.status_code == 200
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    return len(ctx.captured_queries)


def _add_events(count, user, household_id):
    AccessEvent.objects.bulk_create(
        AccessEvent(
            action=Action.VIEW, user=user, username=user.username, household_id=household_id
        )
        for _ in range(count)
    )


def test_the_page_and_export_run_the_same_queries_for_5_or_50_events(
    client_for, director, social_worker, household
):
    client = client_for(director)
    export = reverse("accounts:access_log_export", args=["csv"])
    params = {"household": str(household.pk), "date_from": "2020-01-01"}
    _add_events(5, social_worker, household.pk)
    small = (_queries(client, URL, params), _queries(client, export, params))
    _add_events(45, social_worker, household.pk)
    large = (_queries(client, URL, params), _queries(client, export, params))
    assert small == large


def test_the_page_stays_within_its_query_budget(
    client_for, director, social_worker, household, django_assert_max_num_queries
):
    client = client_for(director)
    _add_events(60, social_worker, household.pk)
    client.get(URL)  # the session and second factor of the first request
    # Session, user, memberships, second factor; the count, one page, the filter's users.
    with django_assert_max_num_queries(12):
        assert client.get(URL).status_code == 200


@pytest.mark.parametrize("role", ["social_worker", "coordinator", "auditor"])
def test_other_roles_are_refused(client_for, request, role):
    client = client_for(request.getfixturevalue(role))
    assert client.get(URL).status_code == 403
    assert client.get(reverse("accounts:access_log_export", args=["csv"])).status_code == 403


def test_an_administrator_may_open_it(client_for, admin_user):
    assert client_for(admin_user).get(URL).status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"household": "9" * 30},
        {"household": "٣"},
        {"household": "a\x00b"},
        {"person": "99999999999999999999999999"},
        {"person": "²"},
        {"person": "-1"},
        {"user": "9" * 30},
        {"user": "'; drop table"},
        {"date_from": "0001-01-01"},
        {"date_to": "9999-12-31"},
        {"date_from": "2026-02-30"},
        {"action": "<script>"},
        {"page": "-3"},
        {"page": "9" * 40},
    ],
)
def test_hostile_filter_values_never_give_a_500(client_for, director, events, params):
    client = client_for(director)
    assert client.get(URL, params).status_code == 200
    export = client.get(reverse("accounts:access_log_export", args=["csv"]), params)
    assert export.status_code == 200
