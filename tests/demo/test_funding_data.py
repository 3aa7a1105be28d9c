"""The money side of the generated data set and of the demo: the funding rules hold."""

import datetime
from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q, Sum

from accounts.models import Site, User
from funding import rules
from funding.models import (
    DAY_HOURS,
    EligibilityEvidence,
    Expense,
    ExpenseShare,
    Funder,
    Grant,
    GrantStatus,
    StaffCost,
    StaffCostMethod,
    TimeEntry,
    Timesheet,
    TimesheetStatus,
    TimeSource,
)
from funding.selectors import evidence_worklist, household_eligibility
from households.models import Household
from interviews.models import Interview
from workshops.models import ProfessionalTraining, Workshop

from .conftest import DEMO_NOW as NOW

HOUSEHOLDS = 150

TODAY = NOW.date()


def generate(households=HOUSEHOLDS, seed=3):
    call_command("generate_dataset", households=households, seed=seed, stdout=StringIO())


@pytest.fixture(scope="class")
def dataset(django_db_setup, django_db_blocker):
    """One small data set for the class (generated once), rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        with time_machine.travel(NOW, tick=False):
            generate()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def generated(dataset, db):
    """Each test in its own savepoint inside the generated data set."""


def big_grant() -> Grant:
    return Grant.objects.get(agreement_reference__startswith="FAMI-CADRE-")


class TestGeneratedDataset:
    """A small generated data set, generated once for the class."""

    def test_generates_the_three_funders_and_grants_of_every_kind(self, generated):
        assert Funder.objects.count() == 3
        statuses = set(Grant.objects.values_list("status", flat=True))
        assert statuses == {GrantStatus.DRAFT, GrantStatus.SIGNED, GrantStatus.CLOSED}
        methods = Counter(Grant.objects.values_list("staff_cost_method", flat=True))
        assert methods[StaffCostMethod.ACTUAL_TIME] > methods[StaffCostMethod.FIXED_SHARE] > 0
        for grant in Grant.objects.exclude(status=GrantStatus.DRAFT):
            assert grant.signed_on is not None and grant.signed_on <= TODAY
            assert grant.sites.exists()
            assert grant.indicators.exists()
            assert 0 < grant.co_financing_rate <= 100

    def test_the_big_grant_covers_every_household_with_an_activity(self, generated):
        grant = big_grant()

        assert set(grant.sites.values_list("pk", flat=True)) == set(
            Site.objects.values_list("pk", flat=True)
        )
        assert grant.status == GrantStatus.SIGNED
        assert grant.starts_on <= Household.objects.earliest("referral_date").referral_date
        assert grant.ends_on >= TODAY
        active = Household.objects.filter(
            Q(interviews__isnull=False) | Q(members__workshop_registrations__attendance="present")
        ).distinct()
        assert active.count() > HOUSEHOLDS * 0.6

    def test_every_eligibility_reason_is_represented(self, generated):
        current = Grant.objects.get(agreement_reference=f"CD94-TRAVAIL-{TODAY.year}")
        reasons = set()
        for household in Household.objects.order_by("pk")[:100]:
            for grant in (big_grant(), current):
                reasons.add(household_eligibility(household=household, grant=grant).reason)

        assert reasons == set(rules.Reason)

    def test_evidence_keeps_its_constraints_and_four_eyes(self, generated):
        evidence = EligibilityEvidence.objects.select_related("person__household")
        assert evidence.count() > HOUSEHOLDS // 2
        for item in evidence:
            assert item.issued_on <= TODAY
            assert item.expires_on is None or item.expires_on >= item.issued_on
            assert (item.checked_by_id is None) == (item.checked_at is None)
            assert item.checked_by_id != item.recorded_by_id

    def test_each_activity_gives_each_of_its_staff_one_entry_keyed_as_the_service_does(
        self, generated
    ):
        interviews = {f"interview:{i.pk}": i for i in Interview.objects.all()}
        entries = TimeEntry.objects.filter(source=TimeSource.INTERVIEW)
        assert set(entries.values_list("source_key", flat=True)) == set(interviews)
        for entry in entries:
            interview = interviews[entry.source_key]
            assert entry.staff_id == interview.social_worker_id
            assert entry.date == interview.held_on
            assert entry.hours == (Decimal(interview.duration_minutes) / 60).quantize(
                Decimal("0.01")
            )
        held = Workshop.objects.filter(cancelled_at__isnull=True).annotate(n=Count("facilitators"))
        workshop_keys = TimeEntry.objects.filter(source=TimeSource.WORKSHOP)
        assert workshop_keys.count() == sum(w.n for w in held)
        assert not workshop_keys.filter(
            source_key__in=[f"workshop:{w.pk}" for w in Workshop.objects.exclude(cancelled_at=None)]
        ).exists()
        assert TimeEntry.objects.filter(source=TimeSource.TRAINING).count() == sum(
            t.trainers.count() for t in ProfessionalTraining.objects.all()
        )
        keyed = TimeEntry.objects.exclude(source_key="")
        pairs = keyed.values("staff", "source_key").annotate(n=Count("pk"))
        assert max(p["n"] for p in pairs) == 1
        assert TimeEntry.objects.filter(source=TimeSource.MANUAL).exists()
        assert TimeEntry.objects.filter(
            source=TimeSource.CORRECTION, corrects__isnull=False
        ).exists()

    def test_entries_are_charged_to_a_grant_covering_their_site_and_day(self, generated):
        entries = TimeEntry.objects.exclude(source=TimeSource.CORRECTION).select_related("grant")
        assert entries.filter(grant=big_grant()).exists()
        assert not entries.filter(grant__isnull=True, date__lte=TODAY).exists()
        for entry in entries.filter(grant__isnull=False):
            assert entry.grant.covers(entry.date)
            assert entry.grant.status != GrantStatus.DRAFT
            assert entry.grant.staff_cost_method == StaffCostMethod.ACTUAL_TIME
        by_day = (
            TimeEntry.objects.exclude(source=TimeSource.CORRECTION)
            .values("staff", "date")
            .annotate(total=Sum("hours"))
        )
        assert all(0 < row["total"] <= DAY_HOURS for row in by_day)

    def test_past_months_are_countersigned_and_locked(self, generated):
        sheets = Timesheet.objects.all()
        assert sheets.exists()
        for sheet in sheets:
            assert sheet.month.day == 1 and sheet.month < TODAY.replace(day=1)
            assert sheet.validated_by_id == sheet.staff_id and sheet.validated_at is not None
            if sheet.status == TimesheetStatus.LOCKED:
                assert sheet.countersigned_by_id not in (None, sheet.staff_id)
                assert sheet.countersigned_at >= sheet.validated_at
        three_months_ago = TODAY.replace(day=1) - datetime.timedelta(days=92)
        old = TimeEntry.objects.filter(grant__isnull=False, date__lt=three_months_ago).exclude(
            source=TimeSource.CORRECTION
        )
        months = {(e.staff_id, e.grant_id, e.date.replace(day=1)) for e in old}
        locked = set(
            sheets.filter(status=TimesheetStatus.LOCKED).values_list("staff", "grant", "month")
        )
        assert months <= locked

    def test_staff_costs_once_a_year_with_the_fixed_share_on_its_grant(self, generated):
        costs = StaffCost.objects.select_related("fixed_share_grant")
        assert costs.count() == costs.values("staff", "year").distinct().count()
        fixed = [c for c in costs if c.fixed_share is not None]
        assert fixed
        for cost in fixed:
            grant = cost.fixed_share_grant
            assert grant.staff_cost_method == StaffCostMethod.FIXED_SHARE
            assert grant.starts_on.year <= cost.year <= grant.ends_on.year
        assert all(c.hourly_rate > 0 for c in costs)

    def test_expense_shares_stay_within_a_hundred_percent_and_the_grants_periods(self, generated):
        assert Expense.objects.exists()
        totals = ExpenseShare.objects.values("expense").annotate(total=Sum("percent"))
        assert totals and max(row["total"] for row in totals) <= 100
        for share in ExpenseShare.objects.select_related("expense", "grant"):
            assert share.grant.covers(share.expense.date)
            assert share.grant.status != GrantStatus.DRAFT
        assert not Expense.objects.filter(date__gt=TODAY).exists()

    def test_a_second_run_adds_households_and_keeps_the_rules(self, generated):
        grants = Grant.objects.count()
        with time_machine.travel(NOW, tick=False):
            generate(households=30, seed=4)

        assert Grant.objects.count() == grants
        assert Household.objects.count() == HOUSEHOLDS + 30
        pairs = TimeEntry.objects.exclude(source_key="").values("staff", "source_key")
        assert max(p["n"] for p in pairs.annotate(n=Count("pk"))) == 1


def test_no_funding_leaves_the_money_side_out(db):
    call_command("generate_dataset", households=10, seed=1, no_funding=True, stdout=StringIO())

    assert Household.objects.count() == 10
    assert not Grant.objects.exists() and not TimeEntry.objects.exists()


# The demo ---------------------------------------------------------------------------------


class TestDemoFunding:
    """The demo's money side, loaded once for the class through the services."""

    def test_three_funders_a_signed_grant_with_targets_and_a_draft(self, loaded):
        assert Funder.objects.count() == 3
        fund = Grant.objects.get(agreement_reference=f"FAMI-{TODAY.year}-CDF-01")
        assert fund.status == GrantStatus.SIGNED
        assert set(fund.sites.values_list("code", flat=True)) == {"paris", "creteil"}
        assert (fund.starts_on, fund.ends_on) == (
            datetime.date(TODAY.year, 1, 1),
            datetime.date(TODAY.year, 12, 31),
        )
        assert fund.indicators.count() >= 5
        assert Grant.objects.filter(status=GrantStatus.DRAFT).count() == 1

    def test_the_receivers_charged_the_casework_hours_to_the_signed_grants(self, loaded):
        fund = Grant.objects.get(agreement_reference=f"FAMI-{TODAY.year}-CDF-01")
        this_year = TimeEntry.objects.filter(
            source__in=(TimeSource.INTERVIEW, TimeSource.WORKSHOP), date__year=TODAY.year
        )
        assert this_year.exists()
        assert not this_year.exclude(grant=fund).exists()
        assert TimeEntry.objects.filter(
            source=TimeSource.INTERVIEW, date__year=TODAY.year - 1, grant__isnull=False
        ).exists()
        assert TimeEntry.objects.filter(source=TimeSource.MANUAL).count() == 3

    def test_evidence_leaves_one_household_missing_and_one_expired(self, loaded):
        assert EligibilityEvidence.objects.count() > 20
        assert EligibilityEvidence.objects.filter(checked_at__isnull=False).exists()
        with time_machine.travel(NOW, tick=False):
            rows = evidence_worklist(user=User.objects.get(username="direction"))
        assert [row["missing"] for row in rows].count(True) == 1
        assert any(not row["missing"] and row["expires_on"] < TODAY for row in rows)

    def test_staff_costs_expenses_and_timesheets(self, loaded):
        assert StaffCost.objects.filter(year=TODAY.year).count() == 4
        assert StaffCost.objects.filter(fixed_share__isnull=False).count() == 1
        assert Expense.objects.count() == 5
        totals = ExpenseShare.objects.values("expense").annotate(total=Sum("percent"))
        assert max(row["total"] for row in totals) <= 100
        statuses = Counter(Timesheet.objects.values_list("status", flat=True))
        assert statuses == {TimesheetStatus.VALIDATED: 1, TimesheetStatus.LOCKED: 1}

    def test_second_run_adds_no_money_rows(self, loaded):
        models = (Funder, Grant, EligibilityEvidence, StaffCost, Expense, TimeEntry, Timesheet)
        before = [model.objects.count() for model in models]

        call_command("load_demo", stdout=StringIO())

        assert [model.objects.count() for model in models] == before
