"""The milestone rows equal what the events say, whatever path wrote the events.

Random histories are built through the real services (hypothesis); imports, anonymisation,
site moves and re-dated steps are checked one by one. Each time the rows are compared with
the same rows computed again from the events in Python (milestone_reference), and the funnel
and withdrawals with the figures grouped from the status history as they were before.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.rules import RuleError
from households.caseload import household_assign, household_transfer_site
from households.funnel import household_transition
from households.models import Relation, Status, WithdrawalReason
from households.transitions import allowed_targets
from interviews.models import Kind
from mobility_plans.corrections import plan_correct
from privacy.anonymise import household_anonymise
from reporting.indicators import funnel_indicators, make_scope, withdrawal_indicators
from reporting.milestones import milestones_rebuild, milestones_refresh
from reporting.models import HouseholdMilestones
from tests.factories import make_household, make_person
from tests.history_import.files import moved_case, run, withdrawn_case
from tests.interviews.builders import plan_data, record_interview
from workshops import services as ws

from .milestone_reference import old_funnel, old_withdrawals, rows_from_events, table_rows

D = datetime.date
TODAY = D(2026, 3, 15)  # the reporting tests' frozen day (conftest)
YEARS = (2024, 2025, 2026)


def _scopes(site_ids):
    for sites in (None, site_ids):
        for year in YEARS:
            yield make_scope(period_start=D(year, 1, 1), period_end=D(year, 12, 31), site_ids=sites)
        yield make_scope(period_start=None, period_end=TODAY, site_ids=sites, cumulative=True)


def assert_rows_and_figures_match_the_events(site_ids):
    assert table_rows() == rows_from_events()
    for scope in _scopes(site_ids):
        funnel = {
            row["key"]: (row["households"], row["cohort"])
            for row in funnel_indicators(scope)["steps"]
        }
        assert funnel == old_funnel(scope), scope
        withdrawn = {
            row["key"]: row["households"] for row in withdrawal_indicators(scope)["by_reason"]
        }
        old = old_withdrawals(scope)
        assert {key: n for key, n in withdrawn.items() if n} == old, scope


def _workshop(site, by, on):
    return ws.workshop_create(
        by=by,
        site=site,
        date=on,
        place="Salle 1",
        capacity=20,
        topic="Vivre en région",
        start_time=datetime.time(9),
        end_time=datetime.time(12),
        language="français",
    )


# One operation of a history: what it does, and how many days after the previous one.
OPERATIONS = st.sampled_from(
    ["forward", "forward", "forward", "hold", "resume", "withdraw", "workshop", "interview",
     "transfer", "assign"]
)  # fmt: skip
HISTORY = st.tuples(
    st.integers(min_value=0, max_value=700),  # referral: days after 1 January 2024
    st.lists(st.tuples(OPERATIONS, st.integers(0, 90)), max_size=7),
)


class _Skip(Exception):
    pass


def _apply(operation, household, day, world, draw_index):
    site_a, site_b, sw_a, sw_b, _coordinator, admin = world
    current = household.status
    targets = allowed_targets(current, household.status_before_hold)
    by = sw_a if household.site_id == site_a.pk else sw_b
    if operation == "forward":
        forward = sorted(t for t in targets if t not in (Status.WITHDRAWN, Status.ON_HOLD))
        if not forward:
            raise _Skip
        to = forward[draw_index % len(forward)]
        household_transition(household=household, to_status=to, by=by, occurred_on=day)
    elif operation == "hold":
        household_transition(
            household=household, to_status=Status.ON_HOLD, by=by, occurred_on=day, comment="x"
        )
    elif operation == "resume":
        if current != Status.ON_HOLD:
            raise _Skip
        household_transition(
            household=household, to_status=household.status_before_hold, by=by, occurred_on=day
        )
    elif operation == "withdraw":
        reasons = WithdrawalReason.values
        household_transition(
            household=household,
            to_status=Status.WITHDRAWN,
            by=by,
            occurred_on=day,
            reason=reasons[draw_index % len(reasons)],
        )
    elif operation == "workshop":
        workshop = _workshop(household.site, admin, day)
        ws.workshop_register_household(workshop=workshop, household=household, by=admin)
        ws.workshop_household_present(workshop=workshop, household=household, by=admin)
    elif operation == "interview":
        record_interview(household=household, by=by, kind=Kind.OTHER, held_on=day)
    elif operation == "transfer":
        to_site, worker = (site_b, sw_b) if household.site_id == site_a.pk else (site_a, sw_a)
        household_transfer_site(
            household=household, to_site=to_site, social_worker=worker, by=admin, reason="move"
        )
    elif operation == "assign":
        household_assign(household=household, social_worker=None, by=admin)


@pytest.fixture
def world(site_a, site_b, social_worker, social_worker_b, coordinator, admin_user):
    return site_a, site_b, social_worker, social_worker_b, coordinator, admin_user


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(histories=st.lists(HISTORY, min_size=1, max_size=3))
def test_rows_of_random_histories_built_through_the_services_match_the_events(world, histories):
    site_a, site_b, sw_a, *_rest = world
    with transaction.atomic():
        for index, (referral, operations) in enumerate(histories):
            day = min(D(2024, 1, 1) + datetime.timedelta(referral), TODAY)
            site, worker = (site_a, sw_a) if index % 2 == 0 else (site_b, world[3])
            household = make_household(
                site=site, by=worker, social_worker=worker, referral_date=day
            )
            make_person(household=household, by=worker, first_name="A", relation=Relation.HEAD)
            for draw_index, (operation, days) in enumerate(operations):
                day = min(day + datetime.timedelta(days), TODAY)
                household.refresh_from_db()
                try:
                    with transaction.atomic():
                        _apply(operation, household, day, world, draw_index + referral)
                except (_Skip, RuleError):
                    pass
        assert_rows_and_figures_match_the_events([site_a.pk])
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_rows_after_a_history_import(programme, site_a, site_b, coordinator):
    imported = run([moved_case(), withdrawn_case()], site=site_a, by=coordinator)
    assert imported.errors == []
    assert HouseholdMilestones.objects.filter(household__import_key__gt="").count() == 2
    assert_rows_and_figures_match_the_events([site_b.pk])


@pytest.mark.django_db
def test_rows_after_an_anonymisation_are_unchanged_and_match_the_events(programme, site_a):
    before = table_rows()
    household_anonymise(household=programme.h1, reason="retention")
    assert table_rows() == before
    assert_rows_and_figures_match_the_events([site_a.pk])


@pytest.mark.django_db
def test_a_site_move_moves_the_row_and_its_figures(
    programme, site_a, site_b, social_worker_b, admin_user
):
    scope_b = make_scope(
        period_start=D(2024, 1, 1), period_end=D(2024, 12, 31), site_ids=[site_b.pk]
    )
    referred_b = funnel_indicators(scope_b)["referred"]
    household_transfer_site(
        household=programme.h1,
        to_site=site_b,
        social_worker=social_worker_b,
        by=admin_user,
        reason="x",
    )
    row = HouseholdMilestones.objects.get(household=programme.h1)
    assert (row.site_id, row.social_worker_id) == (site_b.pk, social_worker_b.pk)
    assert funnel_indicators(scope_b)["referred"] == referred_b + 1
    assert_rows_and_figures_match_the_events([site_a.pk])


@pytest.mark.django_db
def test_a_re_dated_plan_signature_re_dates_the_step(site_a, social_worker, coordinator):
    household = make_household(site=site_a, by=social_worker, referral_date=D(2025, 1, 10))
    make_person(household=household, by=social_worker, first_name="A", relation=Relation.HEAD)
    record_interview(
        household=household, by=social_worker, kind=Kind.DIAGNOSTIC, held_on=D(2025, 2, 1)
    )
    interview = record_interview(
        household=household,
        by=social_worker,
        kind=Kind.MOBILITY_PLAN,
        held_on=D(2025, 3, 1),
        plan=plan_data(household, signed_on=D(2025, 3, 1)),
    )
    plan = interview.plan
    plan_correct(
        plan=plan,
        by=coordinator,
        expected_version=plan.version,
        reason="typed on the wrong day",
        objectives=plan.objectives,
        signed_on=D(2025, 3, 4),
    )
    assert HouseholdMilestones.objects.get(household=household).d_plan_signed == D(2025, 3, 4)
    assert_rows_and_figures_match_the_events([site_a.pk])


@pytest.mark.django_db
def test_rebuild_gives_the_rows_the_services_keep(programme, site_a):
    kept = table_rows()
    HouseholdMilestones.objects.all().delete()
    call_command("milestones_rebuild", stdout=io.StringIO())
    assert table_rows() == kept
    assert milestones_rebuild(chunk=2) == len(kept)
    assert table_rows() == kept


@pytest.mark.django_db
def test_refresh_takes_two_statements_for_one_household_or_many(
    programme, django_assert_num_queries
):
    ids = list(HouseholdMilestones.objects.values_list("household", flat=True))
    with django_assert_num_queries(2):  # the DELETE, the INSERT … SELECT
        milestones_refresh(ids[:1])
    with django_assert_num_queries(2):
        milestones_refresh(ids)
    assert table_rows() == rows_from_events()
