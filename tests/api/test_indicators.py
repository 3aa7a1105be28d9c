"""The dashboard's indicators through the API: same period form, same figures, same roles."""

import datetime

import pytest
from django.urls import reverse

from api.indicator_views import plain
from reporting.indicators import compute_indicators

pytestmark = pytest.mark.django_db

URL = "api:indicators"


def test_a_director_reads_the_year_figures(api, paris, director):
    response = api(director).get(reverse(URL), {"year": 2026})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["period_start"] == "2026-01-01" and body["period_end"] == "2026-12-31"
    expected = compute_indicators(
        period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31)
    )
    assert set(body["indicators"]) == set(expected) - {"scope"}
    # Same figures as the dashboard's: one referred household, one person in Paris.
    assert body["indicators"]["funnel"] == plain(expected["funnel"])


def test_a_coordinator_reads_their_sites_only(api, paris, coordinator, site_a, site_b):
    client = api(coordinator)
    assert client.get(reverse(URL)).json()["sites"] == [site_a.pk]
    # Another site's id is not a choice of the form: a 400, as the dashboard refuses it.
    assert client.get(reverse(URL), {"sites": site_b.pk}).status_code == 400


@pytest.mark.parametrize("role", ["social_worker", "auditor"])
def test_who_cannot_open_the_dashboard_gets_403(api, paris, role, request):
    assert api(request.getfixturevalue(role)).get(reverse(URL)).status_code == 403


def test_bad_periods_are_400(api, director):
    client = api(director)
    for query in (
        {"year": "deux mille"},
        {"year": "99999"},
        {"start": "2026-05-01"},
        {"start": "2026-05-01", "end": "2026-01-01"},
        {"sites": "abc"},
        {"sites": "99999999999999999999999"},
        {"start": "0001-01-01", "end": "9999-12-31"},
        {"year": "٢٠٢٦"},
    ):
        response = client.get(reverse(URL), query)
        assert response.status_code == 400, query
        assert response.json()


def test_cumulative(api, director):
    body = api(director).get(reverse(URL), {"year": 2026, "cumulative": "true"}).json()
    assert body["cumulative"] is True and body["period_start"] is None
