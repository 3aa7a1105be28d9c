"""Every read of a household's file through the API is in that file's access log, as on the
pages: a person, a page of persons (each of their households), a referral, a move."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessEvent
from households.models import Household
from households.services import household_mark_contact
from partners.models import Answer, Referral
from tests.factories import make_household, make_person
from tests.followups.helpers import moved_in_the_past

pytestmark = pytest.mark.django_db

VIEW = AccessEvent.Action.VIEW


def _views(user):
    return list(
        AccessEvent.objects.filter(action=VIEW, user=user)
        .order_by("household_id")
        .values_list("household_id", "subject")
    )


def test_a_page_of_persons_is_in_each_households_log_in_one_insert(
    api, paris, site_a, social_worker
):
    other = make_household(site=site_a, by=social_worker, social_worker=social_worker)
    make_person(household=other, by=social_worker)
    make_person(household=other, by=social_worker, relation="spouse")
    client = api(social_worker)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("api:person-list")).status_code == 200
    inserts = [
        q for q in queries.captured_queries if "INSERT" in q["sql"] and "accessevent" in q["sql"]
    ]
    assert len(inserts) == 1
    assert _views(social_worker) == sorted(
        [(paris.household.pk, "api:person-list"), (other.pk, "api:person-list")]
    )


def test_a_filtered_page_logs_only_that_household(api, paris, site_a, social_worker):
    other = make_household(site=site_a, by=social_worker, social_worker=social_worker)
    make_person(household=other, by=social_worker)
    response = api(social_worker).get(reverse("api:person-list"), {"household": other.pk})
    assert response.status_code == 200
    assert _views(social_worker) == [(other.pk, "api:person-list")]


def test_a_referral_and_a_move_read_are_logged_on_their_household(
    api, paris, site_a, social_worker
):
    client = api(social_worker)
    url = reverse("api:referral-detail", kwargs={"pk": paris.referral.pk})
    assert client.get(url).status_code == 200
    assert _views(social_worker) == [
        (paris.household.pk, f"api:referral-detail:{paris.referral.pk}")
    ]
    moved, relocation = moved_in_the_past(
        site=site_a, by=social_worker, moved_on=timezone.localdate() - datetime.timedelta(days=40)
    )
    url = reverse("api:relocation-detail", kwargs={"pk": relocation.pk})
    assert client.get(url).status_code == 200
    assert (moved.pk, f"api:relocation-detail:{relocation.pk}") in _views(social_worker)


def test_lists_without_a_file_in_them_write_nothing(api, paris, auditor):
    client = api(auditor)
    for name in ("api:household-list", "api:workshop-list", "api:referral-list"):
        assert client.get(reverse(name)).status_code == 200
    assert _views(auditor) == []


# Dates the page's form refuses are refused here too, and none moves a file's last contact
# into the future (the retention rule counts from it).


def _answer(client, paris, **data):
    url = reverse("api:referral-answer", kwargs={"pk": paris.referral.pk})
    return client.post(url, json.dumps(data), content_type="application/json")


@pytest.mark.parametrize("day", ["9999-12-31", "1899-12-31", "2101-01-01"])
def test_a_date_outside_the_forms_years_is_a_400(api, paris, social_worker, day):
    response = _answer(api(social_worker), paris, answer="accepted", visit_or_interview_on=day)
    assert response.status_code == 400
    assert "visit_or_interview_on" in response.json()
    assert Referral.objects.get(pk=paris.referral.pk).answer == Answer.PENDING


def test_a_visit_more_than_a_year_ahead_is_refused_with_a_message(api, paris, social_worker):
    ahead = (timezone.localdate() + datetime.timedelta(days=400)).isoformat()
    response = _answer(api(social_worker), paris, answer="accepted", visit_or_interview_on=ahead)
    assert response.status_code == 400
    assert "plus d’un an" in response.json()["detail"][0]
    assert Referral.objects.get(pk=paris.referral.pk).answer == Answer.PENDING


def test_a_visit_planned_ahead_counts_as_a_contact_today(api, paris, social_worker):
    ahead = timezone.localdate() + datetime.timedelta(days=30)
    response = _answer(
        api(social_worker), paris, answer="accepted", visit_or_interview_on=ahead.isoformat()
    )
    assert response.status_code == 200, response.content
    assert Household.objects.get(pk=paris.household.pk).last_contact_on == timezone.localdate()


def test_a_contact_dated_ahead_is_never_stored_ahead(household):
    household_mark_contact(
        household_id=household.pk, on=timezone.localdate() + datetime.timedelta(days=3000)
    )
    assert Household.objects.get(pk=household.pk).last_contact_on == timezone.localdate()
