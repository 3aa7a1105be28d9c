"""The statement of a hand-built grant whose right answer is worked out by hand below."""

import re
from decimal import Decimal

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from funding import services
from funding.beneficiaries import grant_beneficiaries, pseudonym
from funding.models import Grant, StaffCostMethod, TimeSource
from funding.statement import Apart, Part, grant_statement
from tests.factories import make_household
from tests.interviews.builders import record_interview

from .factories import make_grant
from .statement_world import D


def test_the_statement_of_a_hand_built_grant(grant_2026, charged):
    statement = grant_statement(grant_2026)

    assert statement.hours == Decimal("6.5")  # 3.5 + 2 + the eligible household's interview
    assert statement.staff_costs == Decimal("190.00")  # 70 + 100 + 20
    assert statement.other_costs == Decimal("400.00")
    assert statement.indirect_costs == Decimal("28.50")  # 15 % of direct staff costs
    assert statement.total == Decimal("618.50")
    assert statement.budget == Decimal("10000.00")
    assert statement.consumed_percent == Decimal("6.2")
    assert statement.co_financing_due == Decimal("463.88")  # 75 % of 618.50, half up
    assert statement.apart_hours == Decimal("2.50")  # the director's hour + the 90 minutes
    assert statement.apart_staff_costs == Decimal("30.00")
    assert statement.apart_other_costs == Decimal("0")


def test_each_figure_is_the_sum_of_its_rows(grant_2026, charged):
    statement = grant_statement(grant_2026)

    staff = statement.rows(Part.STAFF)
    assert sum(row.amount for row in staff) == statement.staff_costs
    assert sum(row.hours for row in staff) == statement.hours
    assert sum(row.amount for row in statement.rows(Part.OTHER)) == statement.other_costs
    apart = {row.apart for row in statement.rows(Part.STAFF_APART)}
    assert apart == {Apart.NO_STAFF_COST, Apart.INELIGIBLE_HOUSEHOLD}
    interview_rows = [row for row in statement.staff_rows if row.source == TimeSource.INTERVIEW]
    assert sorted((row.hours, row.apart) for row in interview_rows) == [
        (Decimal("1.00"), None),
        (Decimal("1.50"), Apart.INELIGIBLE_HOUSEHOLD),
    ]


def test_the_indirect_base_may_be_every_direct_cost(grant_2026, charged):
    Grant.objects.filter(pk=grant_2026.pk).update(indirect_cost_base="direct_eligible")
    grant_2026.refresh_from_db()

    statement = grant_statement(grant_2026)

    assert statement.indirect_costs == Decimal("88.50")  # 15 % of 190 + 400
    assert statement.total == Decimal("678.50")


def test_costs_outside_the_grant_period_are_shown_apart(grant_2026, charged):
    # The agreement was amended to start in June: May's invoice is no longer in its period.
    Grant.objects.filter(pk=grant_2026.pk).update(starts_on=D(2026, 6, 1))
    grant_2026.refresh_from_db()

    statement = grant_statement(grant_2026, D(2026, 1, 1), D(2026, 12, 31))

    assert statement.other_costs == 0
    assert statement.apart_other_costs == Decimal("400.00")
    assert [row.apart for row in statement.rows(Part.OTHER_APART)] == [Apart.OUTSIDE_PERIOD]


def test_a_narrower_period_keeps_only_its_rows(grant_2026, charged):
    statement = grant_statement(grant_2026, D(2026, 6, 3), D(2026, 6, 30))

    assert statement.staff_costs == Decimal("120.00")  # coordinator 100 + interview 20
    assert statement.other_costs == 0


def test_fixed_share_grants_cost_the_share_of_the_months_in_the_period(
    june_2026, director, social_worker, site_a
):
    grant = make_grant(
        by=director,
        sites=[site_a],
        signed=True,
        starts_on=D(2026, 1, 1),
        ends_on=D(2026, 12, 31),
        staff_cost_method=StaffCostMethod.FIXED_SHARE,
        indirect_cost_rate=Decimal("7.00"),
    )
    services.staff_cost_set(
        by=director,
        staff=social_worker,
        year=2026,
        annual_cost=Decimal("36000"),
        fixed_share=Decimal("50"),
        fixed_share_grant=grant,
    )

    whole = grant_statement(grant)
    quarter = grant_statement(grant, D(2026, 4, 15), D(2026, 6, 30))

    assert whole.staff_costs == Decimal("18000.00")  # 50 % of 36,000
    assert whole.indirect_costs == Decimal("1260.00")
    assert quarter.staff_costs == Decimal("4500.00")  # April to June: 3 months
    assert [row.months for row in quarter.rows(Part.STAFF)] == [3]


def test_the_statement_reads_a_fixed_number_of_queries(grant_2026, charged, social_worker, site_a):
    with CaptureQueriesContext(connection) as small:
        grant_statement(grant_2026)
    for day in range(10, 20):
        household = make_household(site=site_a, by=social_worker)
        record_interview(household=household, by=social_worker, held_on=D(2026, 6, day))
    with CaptureQueriesContext(connection) as large:
        statement = grant_statement(grant_2026)

    assert len(statement.staff_rows) == 15  # 3 by hand, 2 + 10 interviews
    assert len(large) == len(small) <= 16


def test_beneficiaries_have_their_eligibility_and_a_keyed_pseudonym(grant_2026, charged):
    beneficiaries = {b.household.pk: b for b in grant_beneficiaries(grant_2026)}

    eligible, ineligible = charged["eligible"], charged["ineligible"]
    assert set(beneficiaries) == {eligible.pk, ineligible.pk}
    assert beneficiaries[eligible.pk].eligible
    assert beneficiaries[eligible.pk].first_activity_on == D(2026, 6, 8)
    assert beneficiaries[ineligible.pk].eligibility.reason == "status_not_covered"
    name = beneficiaries[eligible.pk].pseudonym
    assert name == pseudonym(grant_2026, eligible.pk)
    assert re.fullmatch(r"B-[0-9A-F]{16}", name)
    assert pseudonym(Grant(pk=grant_2026.pk + 1), eligible.pk) != name
    with override_settings(PSEUDONYM_KEY="another key"):
        assert pseudonym(grant_2026, eligible.pk) != name
    # A period with no activity has no beneficiary.
    assert grant_beneficiaries(grant_2026, D(2026, 1, 1), D(2026, 3, 31)) == []
