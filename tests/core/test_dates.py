"""add_months: the same day some months later, clipped to the end of a shorter month."""

import calendar
import datetime

from hypothesis import assume, given
from hypothesis import strategies as st

from core.dates import add_months, age_on

days = st.dates(datetime.date(1950, 1, 1), datetime.date(2100, 12, 31))


@given(days, st.integers(0, 240))
def test_the_month_moves_by_exactly_that_many_months(day, months):
    later = add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months


@given(days, st.integers(0, 240))
def test_the_day_is_kept_or_clipped_to_the_months_last_day(day, months):
    later = add_months(day, months)
    last = calendar.monthrange(later.year, later.month)[1]
    assert later.day == min(day.day, last)
    assert later >= day


def test_month_ends_and_leap_years():
    assert add_months(datetime.date(2025, 1, 31), 1) == datetime.date(2025, 2, 28)
    assert add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)
    assert add_months(datetime.date(2025, 11, 15), 3) == datetime.date(2026, 2, 15)


@given(days, st.integers(0, 100))
def test_age_grows_by_one_on_each_birthday(birth, years):
    # Born on 29 February: the birthday of a common year falls on 1 March, not 28 February.
    assume((birth.month, birth.day) != (2, 29))
    birthday = add_months(birth, 12 * years)
    assert age_on(birth, birthday) == years
    if birthday > birth:
        assert age_on(birth, birthday - datetime.timedelta(days=1)) == years - 1


def test_a_leap_day_baby_comes_of_age_on_the_first_of_march():
    born = datetime.date(2008, 2, 29)
    assert age_on(born, datetime.date(2026, 2, 28)) == 17
    assert age_on(born, datetime.date(2026, 3, 1)) == 18
