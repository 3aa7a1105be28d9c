"""Cases entered as history count in the years they happened (today frozen on 15 March 2026)."""

import datetime

import pytest

from followups import services as followups
from households.funnel import household_close
from reporting.indicators import compute_indicators
from tests.followups.helpers import OUTCOME, moved_in_the_past

D = datetime.date
pytestmark = pytest.mark.django_db


def year(year_):
    return compute_indicators(period_start=D(year_, 1, 1), period_end=D(year_, 12, 31))


def caseload(year_):
    return {
        row["key"]: (row["households"], row["open_now"])
        for row in year(year_)["caseload"]["by_social_worker"]
    }


def done_by_months(year_):
    return {row["months"]: row["done"] for row in year(year_)["followups"]["by_months"]}


@pytest.fixture
def case_of_2019(site_a, social_worker):
    """Moved 2019-04-01 (entered as history), 3-month follow-up done and 6-month one missed
    according to the archive, closed 2019-12-15."""
    household, relocation = moved_in_the_past(site=site_a, by=social_worker, moved_on=D(2019, 4, 1))
    by_months = {f.months_after: f for f in relocation.followups.all()}
    followups.followup_record(
        followup=by_months[3], by=social_worker, done_on=D(2019, 7, 3), **OUTCOME
    )
    followups.followup_mark_missed(
        followup=by_months[6], by=social_worker, missed_on=D(2019, 10, 5)
    )
    household_close(household=household, by=social_worker, closed_on=D(2019, 12, 15))
    return household


def test_a_case_closed_in_2019_is_open_in_2019_and_not_in_2020(case_of_2019, social_worker):
    assert caseload(2019) == {social_worker.pk: (1, 0)}
    assert caseload(2020) == {}


def test_a_case_closed_today_stays_open_in_every_year_since(site_a, social_worker):
    household, _relocation = moved_in_the_past(
        site=site_a, by=social_worker, moved_on=D(2019, 4, 1)
    )
    household_close(household=household, by=social_worker)

    assert caseload(2020) == {social_worker.pk: (1, 0)}


def test_follow_ups_not_recorded_count_neither_as_done_nor_as_missed(case_of_2019):
    # Only the 3-month follow-up found in the archive counts; the 12-month one, never
    # recorded, and the missed 6-month one count in no year.
    assert done_by_months(2019) == {3: 1, 6: 0, 12: 0}
    assert done_by_months(2020) == {3: 0, 6: 0, 12: 0}
