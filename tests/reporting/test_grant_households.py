"""A grant's eligible households through the figures' cache, whole and in parts
(reporting.indicators.grant_households), on PostgreSQL: each part reads only the tables it
declares, a change recomputes only the parts reading that table, and the set always equals the
rule computed afresh (funding.beneficiaries.eligible_household_ids)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from funding import beneficiaries
from funding import services as funding_services
from funding.models import EvidenceKind
from funding.selectors import ACTIVITY_SOURCES
from reporting import figures_cache
from reporting.indicators import make_scope
from reporting.indicators.grant_households import PARTS
from tests.reporting import grant_world as gw
from tests.reporting.sql_read import tables_read

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the figures' triggers are PostgreSQL's"
)
D = datetime.date
YEAR_2025 = {"period_start": D(2025, 1, 1), "period_end": D(2025, 12, 31)}
SPRING = {"period_start": D(2025, 3, 1), "period_end": D(2025, 5, 31)}


def households_of(grant, period) -> tuple[tuple[int, ...], set[str]]:
    """The scope's eligible households, as the dashboard reads them, and the tables read."""
    with CaptureQueriesContext(connection) as queries, figures_cache.figures_snapshot():
        scope = make_scope(**period, grant=grant)
    return scope.household_ids, tables_read(queries.captured_queries)


def afresh(grant, period) -> tuple[int, ...]:
    return beneficiaries.eligible_household_ids(
        grant, period["period_start"], period["period_end"], site_ids=[*grant.sites.all()]
    )


@pytest.mark.django_db
def test_each_part_reads_only_the_tables_it_declares(site_a, social_worker, coordinator, director):
    grant = gw.eligible_world(site_a, social_worker, coordinator, director)
    covered = [site_a.pk]
    for index, name in enumerate(PARTS):
        with CaptureQueriesContext(connection) as queries:
            rows = beneficiaries.activity_firsts(
                grant, index, D(2025, 1, 1), D(2025, 12, 31), site_ids=covered
            )
        assert tables_read(queries.captured_queries) <= set(figures_cache.SOURCES[name]), name
        if index in (0, 1, 3):  # its attendance, diagnostic and move (no referral, follow-up)
            assert rows, name
    firsts = beneficiaries.first_activities(grant)
    with CaptureQueriesContext(connection) as queries:
        eligible = beneficiaries.eligible_among(grant, firsts, site_ids=covered)
    assert eligible and len(PARTS) == len(ACTIVITY_SOURCES)
    declared = set(figures_cache.SOURCES["grant_eligible"])
    assert tables_read(queries.captured_queries) <= declared


@pytest.mark.django_db(transaction=True)
def test_an_interview_recomputes_the_interviews_part_only(
    site_a, social_worker, coordinator, director
):
    grant = gw.eligible_world(site_a, social_worker, coordinator, director)
    first, _read = households_of(grant, YEAR_2025)
    again, read = households_of(grant, YEAR_2025)
    assert again == first == afresh(grant, YEAR_2025)
    assert not read & {"interviews_interview", "funding_eligibilityevidence"}  # one cache hit

    # A second interview of the same household: no first activity moves.
    household = beneficiaries.Household.objects.get(pk=first[0])
    gw.diagnostic(household, social_worker, D(2025, 9, 1))
    after, read = households_of(grant, YEAR_2025)
    assert after == first == afresh(grant, YEAR_2025)
    assert "interviews_interview" in read
    assert not read & {
        "workshops_workshopregistration",
        "partners_referral",
        "mobility_plans_relocation",
        "funding_eligibilityevidence",  # the rule's part: same first activities, a cache hit
    }


@pytest.mark.django_db(transaction=True)
def test_a_first_activity_or_new_evidence_changes_the_households(
    site_a, social_worker, coordinator, director
):
    grant = gw.eligible_world(site_a, social_worker, coordinator, director)
    other, head = gw.household(site_a, social_worker, "refugee", evidence=(D(2025, 4, 1), None))
    assert households_of(grant, SPRING)[0] == afresh(grant, SPRING)
    before = len(households_of(grant, SPRING)[0])

    # Its first activity in the period, after its evidence was issued: eligible.
    gw.diagnostic(other, social_worker, D(2025, 5, 2))
    households, read = households_of(grant, SPRING)
    assert len(households) == before + 1 and other.pk in households
    assert households == afresh(grant, SPRING)
    assert "funding_eligibilityevidence" in read  # the first activities changed: rule again

    # An earlier activity, outside the spring but in the grant: it becomes the first, before
    # the evidence was issued — no longer eligible, though still active in the spring.
    gw.present(gw.workshop(site_a, coordinator, D(2025, 1, 20)), other, social_worker)
    households, _read = households_of(grant, SPRING)
    assert other.pk not in households and households == afresh(grant, SPRING)

    # Evidence issued before that first activity: eligible again.
    funding_services.evidence_record(
        by=social_worker,
        person=head,
        kind=EvidenceKind.REFUGEE_RESIDENT_CARD,
        number="7507654322",
        issued_on=D(2024, 6, 1),
        expires_on=None,
    )
    households, _read = households_of(grant, SPRING)
    assert other.pk in households and households == afresh(grant, SPRING)
