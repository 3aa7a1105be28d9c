"""headline_counts(): the few figures a funder asks first, the same as compute_indicators()."""

import datetime

import pytest

from reporting.indicators import compute_indicators, headline_counts

D = datetime.date
pytestmark = pytest.mark.django_db


def figures_of(indicators: dict) -> dict:
    """The headline figures as compute_indicators() gives them."""
    return {
        "households_relocated": indicators["relocations"]["households"],
        "persons_relocated": indicators["relocations"]["persons"],
        "workshops_held": indicators["workshops"]["held"],
        "interviews": {
            row["key"]: row["interviews"] for row in indicators["interviews"]["by_kind"]
        },
    }


@pytest.mark.parametrize("year", [2024, 2025])
def test_headline_counts_equal_the_figures_of_compute_indicators(programme, year):
    period = {"period_start": D(year, 1, 1), "period_end": D(year, 12, 31)}
    headline = headline_counts(**period, site_ids=None)
    assert headline == figures_of(compute_indicators(**period, site_ids=None))


def test_headline_counts_of_2025_on_the_hand_built_programme(programme):
    assert headline_counts(
        period_start=D(2025, 1, 1), period_end=D(2025, 12, 31), site_ids=None
    ) == {
        "households_relocated": 3,
        "persons_relocated": 5,
        "workshops_held": 3,
        "interviews": {"diagnostic": 3, "mobility_plan": 3, "other": 0},
    }


def test_headline_counts_of_one_site(programme, site_a):
    period = {"period_start": D(2025, 1, 1), "period_end": D(2025, 12, 31)}
    headline = headline_counts(**period, site_ids=[site_a.pk])
    assert (headline["households_relocated"], headline["persons_relocated"]) == (2, 4)
    assert headline == figures_of(compute_indicators(**period, site_ids=[site_a.pk]))


def test_headline_counts_take_three_queries(programme, django_assert_num_queries):
    with django_assert_num_queries(3):
        headline_counts(period_start=D(2025, 1, 1), period_end=D(2025, 12, 31), site_ids=None)
