"""The exact cache of the indicator families (reporting.figures_cache), on PostgreSQL.

The database writes one change row per transaction and watched table; a family is served
from the cache only while none of the tables it reads changed. What is checked: the rows the
triggers write (one per transaction, none for a column the figures ignore, none left by a
rolled-back savepoint), that every family reads only the tables and columns it declares and
that the triggers installed watch exactly those, that a cached family equals a fresh
computation after a change to each of its tables, and that an unchanged family is read
without touching its tables.
"""

import datetime
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from followups.models import FollowUp
from funding import services as funding_services
from funding.models import EvidenceKind
from households.models import Household, Person
from mobility_plans.models import Relocation
from reporting import figures_cache
from reporting.indicators import compute_indicators, make_scope
from reporting.indicators.compute import FAMILIES
from reporting.models import FiguresBase, FiguresChange
from territories.models import Region
from tests.factories import make_household
from tests.reporting import grant_world as gw
from tests.reporting.sql_read import columns_read, tables_read
from workshops.models import WorkshopRegistration

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the figures' triggers are PostgreSQL's"
)
D = datetime.date
YEAR_2025 = {"period_start": D(2025, 1, 1), "period_end": D(2025, 12, 31)}


def changes(source: str) -> int:
    return FiguresChange.objects.filter(source=source).count()


def fresh(**period) -> dict:
    """The figures computed without the cache (outside any snapshot, every family)."""
    scope = make_scope(**period)
    return {name: family(scope) for name, family in FAMILIES.items()}


def cached(**period) -> dict:
    figures = compute_indicators(**period)
    return {name: figures[name] for name in FAMILIES}


# --- the change rows written by the database ------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_one_change_row_per_transaction_and_table(site_a, social_worker):
    before = changes("households_household")
    with transaction.atomic():
        for _ in range(3):
            make_household(site=site_a, by=social_worker)
    assert changes("households_household") == before + 1
    make_household(site=site_a, by=social_worker)
    assert changes("households_household") == before + 2


@pytest.mark.django_db(transaction=True)
def test_a_change_the_figures_ignore_writes_no_row(household):
    before = changes("households_household")
    Household.objects.filter(pk=household.pk).update(
        mobility_wishes="Bretagne, près de la mer", commune="Bobigny"
    )
    assert changes("households_household") == before
    Household.objects.filter(pk=household.pk).update(referral_date=D(2020, 1, 1))
    assert changes("households_household") == before + 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_savepoint_leaves_no_row_and_no_mark(site_a, social_worker):
    before = changes("households_household")
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            make_household(site=site_a, by=social_worker)
            raise RuntimeError
        assert changes("households_household") == before
        make_household(site=site_a, by=social_worker)
    assert changes("households_household") == before + 1


@pytest.mark.django_db(transaction=True)
def test_folding_keeps_every_version(household, person):
    Person.objects.filter(pk=person.pk).update(protection_status="stateless")
    with figures_cache.figures_snapshot():
        before = figures_cache.read_versions()
    folded = figures_cache.changes_fold()
    assert folded >= 2
    assert not FiguresChange.objects.exists()
    assert FiguresBase.objects.get(source="households_person").changes >= 2
    with figures_cache.figures_snapshot():
        assert figures_cache.read_versions() == before
    Person.objects.filter(pk=person.pk).update(protection_status="refugee")
    with figures_cache.figures_snapshot():
        after = figures_cache.read_versions()
    assert after["households_person"] != before["households_person"]
    assert after["households_household"] == before["households_household"]


# --- what each family reads, and what the triggers watch --------------------------------------


@pytest.mark.django_db
def test_every_family_reads_only_the_tables_and_columns_it_declares(
    site_a, social_worker, coordinator, director
):
    grant = gw.eligible_world(site_a, social_worker, coordinator, director)
    with CaptureQueriesContext(connection) as grant_queries:
        scope = make_scope(**YEAR_2025, grant=grant)
    assert scope.household_ids
    scopes = [
        scope,
        make_scope(**YEAR_2025),
        make_scope(**YEAR_2025, site_ids=[site_a.pk]),
        make_scope(period_start=None, period_end=D(2025, 12, 31), cumulative=True),
    ]
    read = {"grant": list(grant_queries.captured_queries)}
    for name, family in FAMILIES.items():
        read[name] = []
        for each in scopes:
            with CaptureQueriesContext(connection) as queries:
                family(each)
            read[name] += queries.captured_queries
    for name, queries in read.items():
        declared = set(figures_cache.SOURCES[name])
        assert tables_read(queries) <= declared, name
        for table, columns in figures_cache.WATCHED_COLUMNS.items():
            assert columns_read(queries, table) <= set(columns), (name, table)


@pytest.mark.django_db
def test_the_triggers_watch_exactly_the_declared_tables_and_columns():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text, tgname, pg_get_triggerdef(oid) FROM pg_trigger "
            "WHERE tgname LIKE 'figures_%%'"
        )
        triggers = cursor.fetchall()
    by_name: dict[str, set[str]] = {}
    for table, name, _definition in triggers:
        by_name.setdefault(name, set()).add(table)
    watched = set(figures_cache.WATCHED_TABLES)
    kinds = ("figures_written", "figures_updated", "figures_truncated")
    assert by_name == dict.fromkeys(kinds, watched)
    for table, _name, definition in triggers:
        if "AFTER UPDATE" not in definition:
            continue
        named = set(re.findall(r"old\.(\w+)", definition, flags=re.IGNORECASE))
        if table in figures_cache.WATCHED_COLUMNS:
            assert named == set(figures_cache.WATCHED_COLUMNS[table]), table
        else:
            assert "old.* IS DISTINCT FROM new.*" in definition.replace("OLD", "old").replace(
                "NEW", "new"
            ), table


# --- the cache itself -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_unchanged_figures_are_read_without_touching_their_tables(programme):
    first = cached(**YEAR_2025)
    assert first == fresh(**YEAR_2025)
    with CaptureQueriesContext(connection) as queries:
        again = cached(**YEAR_2025)
    assert again == first
    assert tables_read(queries.captured_queries) <= {"reporting_figureschange",
                                                     "reporting_figuresbase"}  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_a_change_recomputes_only_the_families_reading_that_table(programme, social_worker_b):
    cached(**YEAR_2025)
    household = Household.objects.get(pk=programme.h6.pk)
    gw.diagnostic(household, social_worker_b, D(2025, 11, 2))  # an interview
    with CaptureQueriesContext(connection) as queries:
        figures = cached(**YEAR_2025)
    assert figures == fresh(**YEAR_2025)
    read = tables_read(queries.captured_queries)
    # The interviews, and what reads the milestone rows (the funnel step, the durations).
    assert {"interviews_interview", "reporting_householdmilestones"} <= read
    # Neither the relocations (their persons), nor the workshops, follow-ups or trainings.
    assert not read & {
        "mobility_plans_relocation_persons",
        "workshops_workshopregistration",
        "followups_followup",
        "workshops_professionaltraining",
    }


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "change",
    [
        "site_of_household",
        "protection_status",
        "relocation_date",
        "attendance",
        "followup",
        "social_worker_name",
        "region_name",
    ],
)
def test_after_any_change_the_cached_figures_equal_fresh_ones(
    programme, change, site_a, site_b, social_worker
):
    scopes = [
        YEAR_2025,
        {**YEAR_2025, "site_ids": [site_a.pk]},
        {"period_start": None, "period_end": D(2025, 12, 31), "cumulative": True},
    ]
    before = [cached(**scope) for scope in scopes]
    assert before == [fresh(**scope) for scope in scopes]
    relocation = Relocation.objects.select_related("departement").get(household=programme.h1)
    if change == "site_of_household":
        Household.objects.filter(pk=programme.h1.pk).update(site=site_b)
    elif change == "protection_status":
        Person.objects.filter(household=programme.h1).update(protection_status="stateless")
    elif change == "relocation_date":
        Relocation.objects.filter(pk=relocation.pk).update(moved_on=D(2024, 12, 1))
    elif change == "attendance":
        WorkshopRegistration.objects.filter(person__household=programme.h2).delete()
    elif change == "followup":
        FollowUp.objects.filter(household=programme.h1).delete()
    elif change == "social_worker_name":
        User.objects.filter(pk=social_worker.pk).update(last_name="Nouveau")
    else:
        Region.objects.filter(pk=relocation.departement.region_id).update(name="Armorique")
    after = [cached(**scope) for scope in scopes]
    assert after == [fresh(**scope) for scope in scopes]
    assert after != before


@pytest.mark.django_db(transaction=True)
def test_a_grant_scope_is_cached_and_follows_new_evidence(
    site_a, social_worker, coordinator, director
):
    grant = gw.eligible_world(site_a, social_worker, coordinator, director)
    first = compute_indicators(**YEAR_2025, grant=grant)
    with CaptureQueriesContext(connection) as queries:
        again = compute_indicators(**YEAR_2025, grant=grant)
    assert again["relocations"] == first["relocations"] and again["supported"] == 1
    assert "funding_eligibilityevidence" not in tables_read(queries.captured_queries)
    # A second eligible household: its evidence changes the grant's households and figures.
    other, head = gw.household(site_a, social_worker, "refugee")
    gw.diagnostic(other, social_worker, D(2025, 6, 1))
    assert compute_indicators(**YEAR_2025, grant=grant)["supported"] == 1
    funding_services.evidence_record(
        by=social_worker,
        person=head,
        kind=EvidenceKind.REFUGEE_RESIDENT_CARD,
        number="7507654321",
        issued_on=D(2024, 1, 1),
        expires_on=None,
    )
    assert compute_indicators(**YEAR_2025, grant=grant)["supported"] == 2


@pytest.mark.django_db
def test_inside_a_transaction_that_changed_the_figures_nothing_stale_is_served(programme):
    with transaction.atomic():
        cached(**YEAR_2025)
        Relocation.objects.filter(household=programme.h6).update(moved_on=D(2024, 5, 1))
        assert cached(**YEAR_2025) == fresh(**YEAR_2025)


@pytest.mark.django_db(transaction=True)
def test_the_dashboard_reads_cached_figures(programme, director, client_for):
    client = client_for(director)
    url = reverse("reporting:dashboard") + "?year=2025"
    first = client.get(url)
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    assert again.status_code == 200
    assert "mobility_plans_relocation" not in tables_read(queries.captured_queries)
    # The page adds the links of its lists to the figures it was given: the same on both.
    assert {name: again.context["ind"][name] for name in FAMILIES} == {
        name: first.context["ind"][name] for name in FAMILIES
    }
