"""Eligibility of hand-built households, first activities and who sees which grant."""

import datetime
from decimal import Decimal

import pytest

from accounts.models import Role
from funding import selectors, services
from funding.models import EvidenceKind
from funding.rules import Reason
from households.models import ProtectionStatus, Relation
from tests.factories import make_household, make_person, user_with_role
from tests.interviews.builders import record_interview
from workshops import services as workshop_services

from .factories import attend_workshop, days_from_today, make_grant


def record_evidence(*, person, by, issued_on, expires_on=None):
    return services.evidence_record(
        person=person,
        by=by,
        kind=EvidenceKind.REFUGEE_RESIDENT_CARD,
        number="7501234567",
        issued_on=issued_on,
        expires_on=expires_on,
    )


def test_first_activity_is_the_earliest_in_the_period(
    household, person, coordinator, social_worker
):
    start, end = days_from_today(-45), days_from_today(0)
    assert selectors.household_first_activity_on(household, start, end) is None
    attend_workshop(household=household, by=coordinator, date=days_from_today(-30))
    record_interview(household=household, by=social_worker, held_on=days_from_today(-20))
    record_interview(household=household, by=social_worker, held_on=days_from_today(-55))
    assert selectors.household_first_activity_on(household, start, end) == days_from_today(-30)
    assert selectors.household_first_activity_on(
        household, days_from_today(-25), end
    ) == days_from_today(-20)


def test_a_workshop_not_attended_is_no_activity(household, person, coordinator):
    other = make_household(site=household.site, by=coordinator)
    make_person(household=other, by=coordinator, first_name="Yonas")
    workshop = attend_workshop(
        household=other,
        by=coordinator,
        date=days_from_today(-5),
    )
    workshop_services.workshop_register_household(
        workshop=workshop, household=household, by=coordinator
    )
    assert (
        selectors.household_first_activity_on(household, days_from_today(-10), days_from_today(0))
        is None
    )


def test_household_eligible_through_a_workshop_attended(
    household, refugee, coordinator, social_worker, grant, django_assert_num_queries
):
    record_evidence(person=refugee, by=social_worker, issued_on=days_from_today(-300))
    attend_workshop(household=household, by=coordinator, date=days_from_today(-10))
    with django_assert_num_queries(4):
        result = selectors.household_eligibility(household=household, grant=grant)
    assert result.eligible and result.reason == Reason.ELIGIBLE


def test_eligibility_queries_do_not_grow_with_the_household(
    household, refugee, social_worker, grant, django_assert_num_queries
):
    for n in range(3):
        child = make_person(
            household=household,
            by=social_worker,
            first_name=f"Enfant{n}",
            relation=Relation.CHILD,
            birth_date=datetime.date(2015 + n, 1, 1),
            protection_status=ProtectionStatus.REFUGEE,
        )
        record_evidence(person=child, by=social_worker, issued_on=days_from_today(-300))
    record_interview(household=household, by=social_worker, held_on=days_from_today(-3))
    with django_assert_num_queries(4):
        assert selectors.household_eligibility(household=household, grant=grant).eligible


def test_evidence_expired_before_the_first_interview(household, refugee, social_worker, grant):
    record_evidence(
        person=refugee,
        by=social_worker,
        issued_on=days_from_today(-700),
        expires_on=days_from_today(-60),
    )
    record_interview(household=household, by=social_worker, held_on=days_from_today(-50))
    result = selectors.household_eligibility(household=household, grant=grant)
    assert result.reason == Reason.EVIDENCE_EXPIRED
    # A renewed card valid on that day makes it eligible.
    record_evidence(person=refugee, by=social_worker, issued_on=days_from_today(-61))
    assert selectors.household_eligibility(household=household, grant=grant).eligible


@pytest.mark.parametrize(
    ("status", "evidence", "reason"),
    [
        (ProtectionStatus.STATELESS, True, Reason.STATUS_NOT_COVERED),
        (ProtectionStatus.REFUGEE, False, Reason.EVIDENCE_MISSING),
    ],
)
def test_household_not_eligible_reasons(household, social_worker, grant, status, evidence, reason):
    member = make_person(household=household, by=social_worker, protection_status=status)
    if evidence:
        record_evidence(person=member, by=social_worker, issued_on=days_from_today(-300))
    record_interview(household=household, by=social_worker, held_on=days_from_today(-3))
    assert selectors.household_eligibility(household=household, grant=grant).reason == reason


def test_household_of_a_site_not_covered_or_without_activity(
    household, refugee, social_worker, director, site_b, grant
):
    record_evidence(person=refugee, by=social_worker, issued_on=days_from_today(-300))
    assert selectors.household_eligibility(household=household, grant=grant).reason == (
        Reason.NO_ACTIVITY
    )
    elsewhere = make_grant(by=director, sites=[site_b])
    assert selectors.household_eligibility(household=household, grant=elsewhere).reason == (
        Reason.SITE_NOT_COVERED
    )


def test_grant_list_by_role(
    site_a, site_b, director, auditor, coordinator, social_worker, django_assert_num_queries
):
    ours = make_grant(by=director, sites=[site_a, site_b], budget=Decimal(1))
    theirs = make_grant(by=director, sites=[site_b])
    assert set(selectors.grant_list(director)) == {ours, theirs}
    assert set(selectors.grant_list(auditor)) == {ours, theirs}
    # A grant covering two of the coordinator's sites is listed once.
    coordinator_b = user_with_role(Role.COORDINATOR, site_b, username="coord.ab")
    coordinator_b.memberships.create(site=site_a, role=Role.COORDINATOR)
    assert list(selectors.grant_list(coordinator_b)).count(ours) == 1
    assert list(selectors.grant_list(coordinator)) == [ours]
    assert list(selectors.grant_list(social_worker)) == []
    # The user's access is computed once per request, as in a view.
    assert coordinator.access.is_coordinator
    with django_assert_num_queries(1):
        assert [g.funder.name for g in selectors.grant_list(coordinator)]
