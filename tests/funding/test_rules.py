"""Property tests of the money rules (funding/rules.py): plain values, no database."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from funding import rules
from funding.rules import Reason

costs = st.decimals(min_value=Decimal("1000"), max_value=Decimal("250000"), places=2)
shares = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100"), places=2)
hours = st.decimals(min_value=Decimal("100"), max_value=Decimal("2500"), places=2)
HALF_CENT = Decimal("0.005")


@settings(max_examples=200)
@given(cost=costs)
def test_full_time_rate_times_1720_hours_gives_back_the_annual_cost(cost):
    rate = rules.hourly_rate(cost)
    assert rate == rate.quantize(rules.CENT)
    # Rounding the rate moves each hour by at most half a cent.
    assert abs(rate * 1720 - cost) <= HALF_CENT * 1720


@settings(max_examples=200)
@given(full_time_cost=costs, share=shares)
def test_part_time_on_the_same_pay_scale_has_the_full_time_rate(full_time_cost, share):
    part_time_cost = full_time_cost * share / 100
    rate = rules.hourly_rate(part_time_cost, working_time_share=share)
    assert abs(rate - rules.hourly_rate(full_time_cost)) <= rules.CENT
    assert abs(rate * 1720 * share / 100 - part_time_cost) <= HALF_CENT * 1720


@settings(max_examples=200)
@given(cost=costs, contract_hours=hours)
def test_contract_hours_replace_the_1720_hours(cost, contract_hours):
    rate = rules.hourly_rate(cost, contract_hours=contract_hours)
    assert abs(rate * contract_hours - cost) <= HALF_CENT * contract_hours


def test_hourly_rate_rounds_half_up_to_the_cent():
    # 1,720 × 20.005 = 34,408.60: the exact rate is 20.005, rounded up.
    assert rules.hourly_rate(Decimal("34408.60")) == Decimal("20.01")
    assert rules.hourly_rate(Decimal("34400"), working_time_share=Decimal(50)) == Decimal("40.00")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"annual_cost": Decimal(0)},
        {"annual_cost": Decimal(-1)},
        {"annual_cost": Decimal(1000), "contract_hours": Decimal(0)},
        {"annual_cost": Decimal(1000), "working_time_share": Decimal(0)},
        {"annual_cost": Decimal(1000), "working_time_share": Decimal("100.01")},
        {"annual_cost": Decimal(1000), "contract_hours": Decimal(1), "working_time_share": 50},
    ],
)
def test_hourly_rate_refuses_zero_negative_or_out_of_range(kwargs):
    cost = kwargs.pop("annual_cost")
    with pytest.raises(ValueError):
        rules.hourly_rate(cost, **kwargs)


def test_staff_fixed_share_and_indirect_costs():
    assert rules.staff_cost(Decimal("12.5"), Decimal("23.26")) == Decimal("290.75")
    assert rules.fixed_share_cost(Decimal("40000"), Decimal(30)) == Decimal("12000.00")
    assert rules.fixed_share_cost(Decimal("40000"), Decimal(30), months=6) == Decimal("6000.00")
    assert rules.indirect_costs(Decimal("1000.05"), Decimal(15)) == Decimal("150.01")
    with pytest.raises(ValueError):
        rules.fixed_share_cost(Decimal("40000"), Decimal(30), months=13)
    with pytest.raises(ValueError):
        rules.indirect_costs(Decimal(100), Decimal(101))


@settings(max_examples=200)
@given(cost=costs, share=shares, months=st.integers(min_value=1, max_value=12))
def test_fixed_share_never_exceeds_the_annual_cost(cost, share, months):
    assert 0 <= rules.fixed_share_cost(cost, share, months) <= cost


@settings(max_examples=200)
@given(values=st.lists(shares, max_size=6))
def test_shares_are_ok_exactly_when_they_total_at_most_100(values):
    assert rules.shares_ok(values) == (sum(values) <= 100)
    assert rules.shares_ok(list(reversed(values))) == rules.shares_ok(values)


@pytest.mark.parametrize("bad", [Decimal(0), Decimal(-5), Decimal("100.01")])
def test_a_share_out_of_range_is_never_ok(bad):
    assert not rules.shares_ok([bad])


# --- eligibility -----------------------------------------------------------------------------

STATUSES = ["refugee", "subsidiary", "stateless", "family_reunification", "regularised", ""]
DAY = datetime.date(2025, 3, 15)
days = st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2030, 12, 31))


@st.composite
def evidence_dates(draw):
    issued_on = draw(days)
    length = draw(st.none() | st.integers(min_value=0, max_value=3650))
    return issued_on, None if length is None else issued_on + datetime.timedelta(days=length)


members = st.lists(
    st.tuples(st.sampled_from(STATUSES), st.lists(evidence_dates(), max_size=3)), max_size=4
)
grant_statuses = st.lists(st.sampled_from(STATUSES[:-1]), unique=True, max_size=3)


def judge(members, statuses=("refugee",), first_activity_on=DAY, site_ids=(1,)):
    return rules.eligibility(
        grant_statuses=statuses,
        grant_site_ids=site_ids,
        household_site_id=1,
        members=members,
        first_activity_on=first_activity_on,
    )


@settings(max_examples=300)
@given(members=members, statuses=grant_statuses, index=st.integers(min_value=0, max_value=3))
def test_adding_valid_evidence_never_makes_an_eligible_household_ineligible(
    members, statuses, index
):
    before = judge(members, statuses)
    if not members:
        return
    position = index % len(members)
    status, evidence = members[position]
    with_more = list(members)
    with_more[position] = (status, [*evidence, (DAY, None)])
    after = judge(with_more, statuses)
    if before.eligible:
        assert after.eligible
    if status in statuses:
        assert after == rules.Eligibility(True, Reason.ELIGIBLE)


@settings(max_examples=200)
@given(members=members, expired_days_before=st.integers(min_value=1, max_value=2000))
def test_evidence_that_expired_before_the_first_activity_gives_evidence_expired(
    members, expired_days_before
):
    expired = (
        DAY - datetime.timedelta(days=3000),
        DAY - datetime.timedelta(days=expired_days_before),
    )
    household = [("refugee", [expired]), *((s, []) for s, _evidence in members)]
    assert judge(household).reason == Reason.EVIDENCE_EXPIRED


def test_evidence_is_valid_through_its_expiry_day_and_from_its_issue_day():
    assert judge([("refugee", [(DAY, DAY)])]).eligible
    tomorrow = DAY + datetime.timedelta(days=1)
    assert judge([("refugee", [(tomorrow, None)])]).reason == Reason.EVIDENCE_EXPIRED


@settings(max_examples=200)
@given(members=members, statuses=grant_statuses)
def test_the_site_and_the_activity_come_first(members, statuses):
    assert judge(members, statuses, site_ids=(2,)).reason == Reason.SITE_NOT_COVERED
    assert judge(members, statuses, first_activity_on=None).reason == Reason.NO_ACTIVITY


@settings(max_examples=200)
@given(members=members, statuses=grant_statuses)
def test_eligible_exactly_when_a_covered_member_has_valid_evidence(members, statuses):
    result = judge(members, statuses)
    expected = any(
        status in statuses and any(rules.evidence_valid_on(e, DAY) for e in evidence)
        for status, evidence in members
    )
    assert result.eligible == expected
    assert result.eligible == (result.reason == Reason.ELIGIBLE)
    assert str(result.message)


def test_each_reason_in_turn():
    assert judge([("stateless", [(DAY, None)])]).reason == Reason.STATUS_NOT_COVERED
    assert judge([("refugee", []), ("stateless", [(DAY, None)])]).reason == (
        Reason.EVIDENCE_MISSING
    )
    assert judge([("refugee", [(DAY, None)])]).reason == Reason.ELIGIBLE
    assert set(rules.REASON_MESSAGES) == set(Reason)
