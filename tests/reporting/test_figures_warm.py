"""The dashboards opened lately, computed ahead after a change (reporting.figures_warm)."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from households.models import Household
from reporting import figures_warm
from reporting.indicators import make_scope
from tests.funding.factories import make_grant
from tests.reporting import grant_world as gw
from tests.reporting.sql_read import tables_read

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the figures' triggers are PostgreSQL's"
)
D = datetime.date


@pytest.fixture(autouse=True)
def _nothing_noted():
    cache.delete_many([figures_warm.RECENT_KEY, figures_warm.WARMED_KEY, figures_warm.RUNNING_KEY])


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_dashboard_opened_is_computed_again_after_a_change(
    programme, director, client_for, social_worker_b, language, settings
):
    client = client_for(director)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # warmed in the language shown
    url = reverse("reporting:dashboard") + "?year=2025"
    before = client.get(url).context["ind"]["interviews"]["total"]
    # The worker runs in a language of its own, here the other one.
    worker_language = translation.override("en" if language == "fr" else "fr")
    with worker_language:
        assert figures_warm.figures_warm() >= 3  # this year, since the start, and 2025
        assert figures_warm.figures_warm() == 0  # nothing changed since

    gw.diagnostic(Household.objects.get(pk=programme.h6.pk), social_worker_b, D(2025, 11, 2))
    with worker_language:
        assert figures_warm.figures_warm() >= 3
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert "interviews_interview" not in tables_read(queries.captured_queries)
    # Of the milestones, only the first year offered by the period's form (one index read).
    milestones = [q["sql"] for q in queries.captured_queries if "milestones" in q["sql"]]
    assert all('MIN("reporting_householdmilestones"."first_change_on")' in q for q in milestones)
    assert response.context["ind"]["interviews"]["total"] == before + 1  # the new diagnostic


@pytest.mark.django_db
def test_only_the_latest_scopes_are_kept():
    for year in range(2000, 2000 + figures_warm.RECENT + 5):
        figures_warm.scope_opened(
            make_scope(period_start=D(year, 1, 1), period_end=D(year, 12, 31))
        )
    kept = [args[:5] for args, _when in cache.get(figures_warm.RECENT_KEY).values()]
    assert len(kept) == figures_warm.RECENT
    assert ("2000-01-01", "2000-12-31", None, False, None) not in kept
    assert ("2024-01-01", "2024-12-31", None, False, None) in kept


@pytest.mark.django_db(transaction=True)
def test_a_grant_scope_is_warmed_and_a_deleted_grant_is_left_out(site_a, director):
    grant = make_grant(
        by=director, sites=[site_a], starts_on=D(2025, 1, 1), ends_on=D(2025, 12, 31)
    )
    other = make_grant(
        by=director, sites=[site_a], starts_on=D(2025, 1, 1), ends_on=D(2025, 12, 31)
    )
    for each in (grant, other):
        figures_warm.scope_opened(
            make_scope(period_start=D(2025, 1, 1), period_end=D(2025, 12, 31), grant=each)
        )
    other.delete()
    # The two standard scopes and the remaining grant's.
    assert figures_warm.figures_warm() == 3


@pytest.mark.django_db(transaction=True)
def test_a_new_code_version_is_warmed_though_no_data_changed(site_a, monkeypatch):
    assert figures_warm.figures_warm() == 2  # this year and since the start
    assert figures_warm.figures_warm() == 0
    # A deployment: the cache keys change with the code, so nothing stored is read any more.
    monkeypatch.setattr(figures_warm, "CODE_VERSION", "another-release")
    assert figures_warm.figures_warm() == 2
    assert figures_warm.figures_warm() == 0


@pytest.mark.django_db(transaction=True)
def test_no_second_warm_up_while_one_runs_and_the_next_one_catches_up(site_a):
    cache.add(figures_warm.RUNNING_KEY, "another worker", timeout=60)
    assert figures_warm.figures_warm() == 0
    assert cache.get(figures_warm.WARMED_KEY) is None  # left for the next minute
    cache.delete(figures_warm.RUNNING_KEY)
    assert figures_warm.figures_warm() == 2
    assert cache.get(figures_warm.RUNNING_KEY) is None


@pytest.mark.django_db(transaction=True)
def test_a_failed_warm_up_releases_its_lock_and_marks_nothing(site_a, monkeypatch):
    def broken(scope):
        raise RuntimeError("database gone")

    monkeypatch.setattr(figures_warm, "indicators_for_scope", broken)
    with pytest.raises(RuntimeError):
        figures_warm.figures_warm()
    assert cache.get(figures_warm.RUNNING_KEY) is None
    assert cache.get(figures_warm.WARMED_KEY) is None
