"""The nightly retention pass reads the grants once for every archived household: its number
of queries does not grow with the households it looks at, and each household still gets its
own answer."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from privacy.retention_run import retention_apply
from tests.factories import make_household, make_person
from tests.funding.factories import make_grant
from tests.interviews.builders import days_ago, record_interview

FAR = 365 * 20


def _met_household(site, social_worker):
    household = make_household(site=site, by=social_worker, social_worker=social_worker)
    make_person(household=household, by=social_worker)
    record_interview(household=household, by=social_worker, held_on=days_ago(60))
    return household


def _dry_run_queries() -> int:
    far = timezone.localdate() + datetime.timedelta(days=FAR)
    with CaptureQueriesContext(connection) as queries:
        retention_apply(on=far, dry_run=True)
    return len(queries)


@pytest.mark.django_db
def test_the_retention_pass_costs_the_same_queries_for_more_households(
    site_a, site_b, social_worker, social_worker_b, director
):
    make_grant(by=director, sites=[site_a], signed=True)
    make_grant(by=director, sites=[site_b], signed=True)
    _met_household(site_a, social_worker)
    _met_household(site_b, social_worker_b)
    few = _dry_run_queries()
    for _ in range(4):
        _met_household(site_a, social_worker)
        _met_household(site_b, social_worker_b)
    assert _dry_run_queries() == few


@pytest.mark.django_db
def test_each_household_is_kept_only_by_the_grants_that_funded_it(
    site_a, site_b, social_worker, social_worker_b, director
):
    grant = make_grant(by=director, sites=[site_a], signed=True)
    funded = _met_household(site_a, social_worker)
    elsewhere = _met_household(site_b, social_worker_b)
    never_met = make_household(site=site_a, by=social_worker, social_worker=social_worker)
    far = timezone.localdate() + datetime.timedelta(days=FAR)
    run = retention_apply(on=far, dry_run=True)
    assert run.kept == {funded.reference: [grant.agreement_reference]}
    # A household with no activity (a referral is none) is no grant's either.
    assert sorted(run.anonymised) == sorted([elsewhere.reference, never_met.reference])
