"""The reports page: what it says once a report is requested, and the years it offers."""

import pytest
from django.urls import reverse

from accounts.access import user_access
from reporting.forms import PeriodForm, year_choices
from reporting.models import Report, ReportStatus

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# Committed for real, as in production: with no broker the report is built as soon as its
# request is committed, before the page that follows is drawn.
@pytest.mark.django_db(transaction=True)
def test_a_report_built_at_once_is_never_said_to_be_in_preparation(
    programme, coordinator, client_for
):
    client = client_for(coordinator)
    response = client.post(reverse("reporting:reports"), {"year": "2025"}, follow=True)

    report = Report.objects.get()
    assert report.status == ReportStatus.DONE
    html = response.content.decode()
    assert "being prepared" not in html
    assert _messages(response) == ["The report is ready: download it from the list below."]
    assert reverse("reporting:report_download", args=[report.pk]) in html


def test_a_queued_report_is_said_requested_and_its_row_polls(
    programme, coordinator, client_for, django_capture_on_commit_callbacks
):
    client = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("reporting:reports"), {"year": "2025"}, follow=True)

    report = Report.objects.get()
    assert report.status == ReportStatus.QUEUED
    assert _messages(response) == ["The report was requested: the list below shows its progress."]
    assert reverse("reporting:report_progress", args=[report.pk]) in response.content.decode()


def test_the_years_start_at_the_first_year_with_data(programme, director, coordinator):
    # H5's past case was referred in 2019; today is 2026.
    assert [year for year, _ in year_choices(director)] == list(range(2026, 2018, -1))
    # A coordinator of site A sees the same first year, site B's coordinator only 2025 on.
    assert year_choices(programme.coordinator_b)[-1] == (2025, "2025")


def test_without_any_data_only_this_year_is_offered(director):
    assert year_choices(director) == [(2026, "2026")]


def test_a_year_not_offered_is_still_accepted_within_the_programmes_years(programme, director):
    # A link or a stored report naming a year without data stays valid: its figures are zeros.
    assert PeriodForm({"year": "2010"}, user=director).is_valid()
    for bad in ("1999", "2027", "deux-mille"):
        form = PeriodForm({"year": bad}, user=director)
        assert not form.is_valid() and "year" in form.errors, bad


def test_the_year_list_takes_three_queries_whatever_the_data(
    programme, director, django_assert_num_queries
):
    user_access(director)  # the user's access is computed once a request, outside the count
    with django_assert_num_queries(3):
        year_choices(director)


def test_a_period_form_runs_the_year_queries_only_when_its_list_is_drawn(
    programme, director, django_assert_num_queries
):
    user_access(director)
    with django_assert_num_queries(1):  # whether the user reads any grant, not the years
        form = PeriodForm({"year": "2025"}, user=director)
        form.fields["year"].valid_value("2025")
    with django_assert_num_queries(3):
        choices = list(form.fields["year"].choices)
    assert choices[0] == ("", "—") and choices[1] == (2026, "2026")
