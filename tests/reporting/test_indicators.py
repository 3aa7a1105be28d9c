"""Each indicator on the hand-built programme of conftest.py, whose right answers are known."""

import datetime

import pytest

from reporting.indicators import compute_indicators
from tests.factories import make_household

D = datetime.date
pytestmark = pytest.mark.django_db


def year(year_, site_ids=None):
    return compute_indicators(
        period_start=D(year_, 1, 1), period_end=D(year_, 12, 31), site_ids=site_ids
    )


def rows(family, value="households"):
    return {row["key"]: row[value] for row in family}


def test_relocations_count_the_move_in_its_year_and_only_persons_who_moved(programme):
    figures = year(2025)["relocations"]
    # H1 (referred 2024, moved 2025), H2 (one member stayed), H6.
    assert figures["households"] == 3
    assert figures["persons"] == 5
    assert rows(figures["by_lever"]) == {"employment": 2, "training": 0, "housing": 1}
    assert rows(figures["by_lever"], "persons") == {"employment": 3, "training": 0, "housing": 2}
    assert rows(figures["by_region"]) == {"53": 2, "84": 1}
    assert rows(figures["by_protection"], "persons") == {
        "refugee": 2,
        "subsidiary": 1,
        "stateless": 1,
        "family_reunification": 0,
        "regularised": 0,
        "other": 0,
        "": 1,
    }
    # Every year up to the end of the period, the imported 2019 move included.
    assert rows(figures["by_year"]) == {2019: 1, 2025: 3}


def test_relocations_of_the_previous_year_and_of_one_site(programme, site_a):
    assert year(2024)["relocations"]["households"] == 0
    site_a_only = year(2025, site_ids=[site_a.pk])["relocations"]
    assert (site_a_only["households"], site_a_only["persons"]) == (2, 4)


def test_workshops_count_attendances_households_and_persons_informed(programme):
    figures = year(2025)["workshops"]
    # Three workshops with someone present; the cancelled one never counts.
    assert figures == {"held": 3, "attendances": 5, "households": 3, "persons": 5}
    assert year(2024)["workshops"] == {"held": 1, "attendances": 2, "households": 1, "persons": 2}


def test_interviews_by_kind(programme):
    figures = year(2025)["interviews"]
    assert rows(figures["by_kind"], "interviews") == {
        "diagnostic": 3,
        "mobility_plan": 3,
        "other": 0,
    }
    assert figures["total"] == 6


def test_funnel_counts_steps_reached_in_the_period_and_converts_its_referrals(programme):
    steps = {row["key"]: row for row in year(2025)["funnel"]["steps"]}
    # H3 skipped the workshop: its diagnostic made it "informed" too.
    assert {key: row["households"] for key, row in steps.items()} == {
        "referred": 4,
        "informed": 4,
        "diagnosed": 3,
        "plan_signed": 3,
        "relocated": 3,
        "followed_up": 2,
    }
    # Households referred in 2025: H2, H3, H4, H6.
    assert {key: row["cohort"] for key, row in steps.items()} == {
        "referred": 4,
        "informed": 4,
        "diagnosed": 3,
        "plan_signed": 2,
        "relocated": 2,
        "followed_up": 1,
    }
    assert [row["conversion"] for row in steps.values()] == [None, 100.0, 75.0, 66.7, 100.0, 50.0]


def test_reception_centres_that_referred_or_sent_staff_to_a_training(programme):
    assert year(2025)["reception_centres"] == {"total": 3, "referral": 2, "training": 1}
    # 2024: CADA Y referred H1, CADA X was trained.
    assert year(2024)["reception_centres"] == {"total": 2, "referral": 1, "training": 1}


def test_a_centre_that_referred_and_sent_staff_counts_once(programme, site_a, social_worker):
    # CADA X, trained in 2025, now also refers a household that year.
    make_household(
        site=site_a,
        by=social_worker,
        social_worker=social_worker,
        referral_date=D(2025, 6, 1),
        referring_partner=programme.cada_x,
    )
    assert year(2025)["reception_centres"] == {"total": 3, "referral": 3, "training": 1}


def test_trainings_held_professionals_and_hours(programme):
    figures = year(2025)["trainings"]
    assert figures["sessions"] == 1  # nobody came to the November session
    assert figures["professionals"] == 2
    assert figures["organisations"] == 1
    assert float(figures["hours"]) == 3.5
    assert float(figures["trainee_hours"]) == 7.0


def test_duration_from_first_information_to_the_move(programme):
    # H1 120 days (workshop 2024-11-05), H2 113 days, H6 183 days.
    figures = year(2025)["duration"]
    assert figures == {"relocations": 3, "mean_months": 4.6, "median_months": 3.9}


def test_follow_up_outcomes_at_3_6_and_12_months(programme):
    by_months = {row["months"]: row for row in year(2025)["followups"]["by_months"]}
    three = {o["key"]: o["households"] for o in by_months[3]["outcomes"]}
    assert by_months[3]["done"] == 2
    assert three == {
        "housed": 1,
        "employed": 1,
        "in_training": 0,
        "in_region": 1,
        "returned_idf": 1,
    }
    six = {o["key"]: o["households"] for o in by_months[6]["outcomes"]}
    assert by_months[6]["done"] == 1
    assert six["in_training"] == 1 and six["housed"] == 1
    # H1's 12-month follow-up was done in 2026.
    assert by_months[12]["done"] == 0
    twelve = {row["months"]: row for row in year(2026)["followups"]["by_months"]}[12]
    assert {o["key"]: o["households"] for o in twelve["outcomes"]}["returned_idf"] == 1


def test_withdrawals_by_reason(programme):
    figures = year(2025)["withdrawals"]
    assert figures["total"] == 2
    assert {k: v for k, v in rows(figures["by_reason"]).items() if v} == {
        "solution_idf": 1,
        "not_willing": 1,
    }
    assert year(2024)["withdrawals"]["total"] == 0


def test_caseload_counts_households_open_during_the_period(programme, social_worker):
    caseload = {row["key"]: row for row in year(2025)["caseload"]["by_social_worker"]}
    # ts.a: H1-H5 (H5 moved in 2019 and was never closed); H3 and H4 withdrawn since.
    assert caseload[social_worker.pk]["households"] == 5
    assert caseload[social_worker.pk]["open_now"] == 3
    assert sum(row["households"] for row in caseload.values()) == 6


def test_cumulative_mode_counts_everything_up_to_the_end_with_past_cases(programme):
    figures = compute_indicators(
        period_start=D(2025, 1, 1), period_end=D(2025, 12, 31), site_ids=None, cumulative=True
    )
    assert figures["relocations"]["households"] == 4
    assert figures["relocations"]["persons"] == 6
    assert rows(figures["relocations"]["by_lever"])["training"] == 1
    # 120, 113, 183 and 153 days (H5: diagnostic 2019-04-01, move 2019-09-01).
    assert figures["duration"] == {"relocations": 4, "mean_months": 4.7, "median_months": 4.5}
    assert figures["funnel"]["referred"] == 6
    assert figures["workshops"]["held"] == 4


def test_indicators_take_a_fixed_number_of_queries(programme, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        year(2025)
