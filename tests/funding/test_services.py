"""Each refusal of the funding services, one by one: nothing is written when they refuse."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role
from funding import services
from funding.models import (
    EligibilityEvidence,
    EvidenceKind,
    Expense,
    ExpenseCategory,
    ExpenseShare,
    Grant,
    GrantStatus,
    IndicatorKind,
    StaffCostMethod,
)
from funding.services import FundingRuleError
from tests.factories import user_with_role

from .factories import days_from_today, make_funder, make_grant, pdf_upload


def record_expense(*, by, shares=(), **fields):
    defaults = {
        "date": days_from_today(-30),
        "supplier": "SNCF Voyageurs",
        "category": ExpenseCategory.TRAVEL,
        "amount": Decimal("184.40"),
        "invoice_reference": "F-2025-0042",
    }
    defaults.update(fields)
    return services.expense_record(by=by, shares=shares, **defaults)


# --- grants ----------------------------------------------------------------------------------


def test_grant_create_keeps_its_sites_and_history(director, site_a, site_b):
    grant = make_grant(by=director, sites=[site_a, site_b])
    assert grant.status == GrantStatus.DRAFT
    assert set(grant.sites.all()) == {site_a, site_b}
    # One row for the grant, one for its sites (the history keeps the covered sites too).
    assert {row.history_user for row in grant.history.all()} == {director}
    assert set(grant.history.latest().sites.values_list("site", flat=True)) == {
        site_a.pk,
        site_b.pk,
    }


def test_grant_with_an_unknown_status_is_refused(director, site_a):
    with pytest.raises(FundingRuleError, match="protection"):
        make_grant(by=director, sites=[site_a], eligible_statuses=["refugee", "tourist"])
    assert not Grant.objects.exists()


def test_grant_ending_before_it_starts_is_refused(director):
    with pytest.raises(FundingRuleError):
        make_grant(by=director, starts_on=days_from_today(0), ends_on=days_from_today(-1))
    assert not Grant.objects.exists()


@pytest.mark.parametrize(
    "field", ["co_financing_rate", "indirect_cost_rate"], ids=["co-financing", "indirect"]
)
@pytest.mark.parametrize("value", [Decimal("-0.01"), Decimal("100.01")])
def test_grant_rates_out_of_range_are_refused(director, field, value):
    with pytest.raises(FundingRuleError):
        make_grant(by=director, **{field: value})
    assert not Grant.objects.exists()


def test_grant_agreement_reference_is_unique(director):
    make_grant(by=director, agreement_reference="FAMI-IDF-2025")
    with pytest.raises(FundingRuleError):
        make_grant(by=director, agreement_reference="FAMI-IDF-2025")
    assert Grant.objects.count() == 1


def test_indirect_rate_is_fixed_at_signature(director, grant):
    services.grant_update(grant=grant, by=director, indirect_cost_rate=Decimal("7.00"))
    grant = services.grant_update(
        grant=grant, by=director, status=GrantStatus.SIGNED, signed_on=days_from_today(-1)
    )
    with pytest.raises(FundingRuleError, match="fixed"):
        services.grant_update(grant=grant, by=director, indirect_cost_rate=Decimal("15.00"))
    with pytest.raises(FundingRuleError, match="fixed"):
        services.grant_update(grant=grant, by=director, indirect_cost_base="direct_eligible")
    grant.refresh_from_db()
    assert grant.indirect_cost_rate == Decimal("7.00")
    # The same value again is no change, and other fields still may change.
    services.grant_update(
        grant=grant, by=director, indirect_cost_rate=Decimal("7"), title="Nouveau titre"
    )


def test_grant_status_moves_draft_signed_closed_only(director, grant):
    with pytest.raises(FundingRuleError):
        services.grant_update(grant=grant, by=director, status=GrantStatus.SIGNED)
    with pytest.raises(FundingRuleError):
        services.grant_update(grant=grant, by=director, status=GrantStatus.CLOSED)
    grant = services.grant_update(
        grant=grant, by=director, status=GrantStatus.SIGNED, signed_on=days_from_today(-1)
    )
    with pytest.raises(FundingRuleError):
        services.grant_update(grant=grant, by=director, status=GrantStatus.DRAFT)
    grant = services.grant_update(grant=grant, by=director, status=GrantStatus.CLOSED)
    with pytest.raises(FundingRuleError):
        services.grant_update(grant=grant, by=director, title="Rouvert")
    with pytest.raises(FundingRuleError):
        services.grant_update(grant=grant, by=director, status=GrantStatus.SIGNED)
    grant = services.grant_update(grant=grant, by=director, final_payment_on=days_from_today(0))
    assert grant.status == GrantStatus.CLOSED
    statuses = list(grant.history.order_by("history_id").values_list("status", flat=True))
    assert statuses[-3:] == [GrantStatus.SIGNED, GrantStatus.CLOSED, GrantStatus.CLOSED]


def test_grant_signed_in_the_future_is_refused(director, grant):
    with pytest.raises(FundingRuleError):
        services.grant_update(
            grant=grant, by=director, status=GrantStatus.SIGNED, signed_on=days_from_today(1)
        )
    grant.refresh_from_db()
    assert grant.status == GrantStatus.DRAFT


def test_retention_runs_to_31_december_five_years_after_the_final_payment(director):
    grant = make_grant(by=director, final_payment_on=None)
    assert grant.retention_until is None
    grant.final_payment_on = datetime.date(2024, 1, 3)
    assert grant.retention_until == datetime.date(2029, 12, 31)


def test_grant_indicator_set_creates_then_updates(director, grant):
    services.grant_indicator_set(
        grant=grant, by=director, indicator=IndicatorKind.HOUSEHOLDS_RELOCATED, target=Decimal(30)
    )
    row = services.grant_indicator_set(
        grant=grant, by=director, indicator=IndicatorKind.HOUSEHOLDS_RELOCATED, target=Decimal(35)
    )
    assert grant.indicators.get() == row and row.target == 35
    with pytest.raises(FundingRuleError):
        services.grant_indicator_set(grant=grant, by=director, indicator="smiles", target=1)
    with pytest.raises(FundingRuleError):
        services.grant_indicator_set(
            grant=grant, by=director, indicator=IndicatorKind.WORKSHOPS_HELD, target=Decimal(-1)
        )


def test_funder_names_are_unique_whatever_the_case(director):
    make_funder(by=director, name="DGEF")
    with pytest.raises(FundingRuleError):
        make_funder(by=director, name="dgef")


# --- evidence --------------------------------------------------------------------------------


def record_evidence(*, person, by, **fields):
    defaults = {
        "kind": EvidenceKind.REFUGEE_RESIDENT_CARD,
        "number": "7501234567",
        "issued_on": days_from_today(-400),
        "expires_on": days_from_today(3250),
    }
    defaults.update(fields)
    return services.evidence_record(person=person, by=by, **defaults)


def test_evidence_is_recorded_with_its_scan_under_a_name_without_the_person(person, social_worker):
    evidence = record_evidence(person=person, by=social_worker, scan=pdf_upload())
    assert evidence.scan.name.startswith("funding/eligibilityevidence/")
    assert "Haidari" not in evidence.scan.name
    assert evidence.history.get().history_user == social_worker


def test_evidence_expiring_before_its_issue_is_refused(person, social_worker):
    with pytest.raises(FundingRuleError, match="expire"):
        record_evidence(
            person=person,
            by=social_worker,
            issued_on=days_from_today(-10),
            expires_on=days_from_today(-11),
        )
    assert not EligibilityEvidence.objects.exists()


def test_evidence_issued_in_the_future_is_refused(person, social_worker):
    with pytest.raises(FundingRuleError):
        record_evidence(person=person, by=social_worker, issued_on=days_from_today(1))
    assert not EligibilityEvidence.objects.exists()


def test_evidence_for_a_household_of_another_site_is_refused(social_worker_b, person, director):
    for user in (social_worker_b, director):
        with pytest.raises(FundingRuleError):
            record_evidence(person=person, by=user)
    assert not EligibilityEvidence.objects.exists()


def test_evidence_scan_must_be_a_real_pdf_or_image(person, social_worker):
    fake = SimpleUploadedFile("carte.pdf", b"MZ not a pdf", content_type="application/pdf")
    with pytest.raises(FundingRuleError, match="content"):
        record_evidence(person=person, by=social_worker, scan=fake)
    assert not EligibilityEvidence.objects.exists()


def test_evidence_scan_above_the_size_limit_is_refused(person, social_worker, settings):
    settings.MAX_UPLOAD_MB = 1
    big = pdf_upload(content=b"%PDF-" + b"0" * (1024 * 1024))
    with pytest.raises(FundingRuleError):
        record_evidence(person=person, by=social_worker, scan=big)
    assert not EligibilityEvidence.objects.exists()


def test_evidence_check_records_who_and_when_by_someone_else(
    person, social_worker, auditor, coordinator
):
    evidence = record_evidence(person=person, by=social_worker)
    with pytest.raises(FundingRuleError):
        services.evidence_check(evidence=evidence, by=social_worker)
    checked = services.evidence_check(evidence=evidence, by=auditor)
    assert checked.checked_by == auditor and checked.checked_at is not None
    with pytest.raises(FundingRuleError):
        services.evidence_check(evidence=evidence, by=coordinator)


def test_evidence_checked_only_by_the_site_coordinator_or_control(person, social_worker, site_b):
    other_coordinator = user_with_role(Role.COORDINATOR, site_b, username="coord.b")
    evidence = record_evidence(person=person, by=social_worker)
    with pytest.raises(FundingRuleError):
        services.evidence_check(evidence=evidence, by=other_coordinator)
    evidence.refresh_from_db()
    assert not evidence.is_checked


# --- staff costs -----------------------------------------------------------------------------


def test_staff_cost_set_creates_then_updates_the_year(director, social_worker):
    services.staff_cost_set(
        by=director, staff=social_worker, year=2025, annual_cost=Decimal("43000")
    )
    row = services.staff_cost_set(
        by=director,
        staff=social_worker,
        year=2025,
        annual_cost=Decimal("34400"),
        working_time_share=Decimal(80),
        evidence_reference="Bulletins 01–12/2025",
    )
    assert row.hourly_rate == Decimal("25.00")
    assert social_worker.staff_costs.count() == 1
    assert row.history.count() == 2


@pytest.mark.parametrize(
    "fields",
    [
        {"annual_cost": Decimal(0)},
        {"annual_cost": Decimal(1000), "working_time_share": Decimal(120)},
        {"annual_cost": Decimal(1000), "contract_hours": Decimal(0)},
        {"annual_cost": Decimal(1000), "contract_hours": 1600, "working_time_share": 80},
        {"annual_cost": Decimal(1000), "fixed_share": Decimal(30)},
    ],
)
def test_staff_cost_refusals(director, social_worker, fields):
    with pytest.raises(FundingRuleError):
        services.staff_cost_set(by=director, staff=social_worker, year=2025, **fields)
    assert not social_worker.staff_costs.exists()


def test_fixed_share_needs_a_fixed_share_grant_running_that_year(director, social_worker, grant):
    with pytest.raises(FundingRuleError, match="actual time"):
        services.staff_cost_set(
            by=director,
            staff=social_worker,
            year=grant.starts_on.year,
            annual_cost=Decimal("40000"),
            fixed_share=Decimal(30),
            fixed_share_grant=grant,
        )
    fixed = make_grant(by=director, staff_cost_method=StaffCostMethod.FIXED_SHARE)
    with pytest.raises(FundingRuleError):
        services.staff_cost_set(
            by=director,
            staff=social_worker,
            year=fixed.ends_on.year + 1,
            annual_cost=Decimal("40000"),
            fixed_share=Decimal(30),
            fixed_share_grant=fixed,
        )
    row = services.staff_cost_set(
        by=director,
        staff=social_worker,
        year=fixed.starts_on.year,
        annual_cost=Decimal("40000"),
        fixed_share=Decimal(30),
        fixed_share_grant=fixed,
    )
    assert row.fixed_share_grant == fixed


# --- expenses --------------------------------------------------------------------------------


def test_expense_is_recorded_with_its_shares(director, grant):
    other = make_grant(by=director)
    expense = record_expense(
        by=director, shares=[(grant, Decimal(60)), (other, Decimal(40))], scan=pdf_upload()
    )
    assert {s.grant: s.percent for s in expense.shares.all()} == {grant: 60, other: 40}
    assert expense.shares.get(grant=grant).amount == Decimal("110.64")
    assert "SNCF" not in expense.scan.name


def test_expense_shares_over_100_percent_are_refused(director, grant):
    other = make_grant(by=director)
    with pytest.raises(FundingRuleError, match="100"):
        record_expense(by=director, shares=[(grant, Decimal(60)), (other, Decimal("40.01"))])
    assert not Expense.objects.exists()
    assert not ExpenseShare.objects.exists()


def test_expense_outside_every_grant_period_is_refused(director, grant):
    with pytest.raises(FundingRuleError, match="period"):
        record_expense(
            by=director,
            date=grant.starts_on - datetime.timedelta(days=1),
            shares=[(grant, Decimal(50))],
        )
    assert not Expense.objects.exists()


def test_expense_on_a_closed_grant_is_refused_on_a_draft_allowed(director, grant):
    closed = make_grant(by=director, signed=True)
    services.grant_update(grant=closed, by=director, status=GrantStatus.CLOSED)
    with pytest.raises(FundingRuleError, match="closed"):
        record_expense(by=director, shares=[(closed, Decimal(50))])
    assert grant.status == GrantStatus.DRAFT
    record_expense(by=director, shares=[(grant, Decimal(50))])


def test_the_same_invoice_twice_is_one_expense(director):
    record_expense(by=director)
    with pytest.raises(FundingRuleError, match="already"):
        record_expense(by=director, supplier=" SNCF Voyageurs ")
    assert Expense.objects.count() == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"amount": Decimal(0)},
        {"amount": Decimal("-3")},
        {"category": "champagne"},
        {"date": days_from_today(1)},
        {"invoice_reference": "  "},
    ],
)
def test_expense_refusals(director, fields):
    with pytest.raises(FundingRuleError):
        record_expense(by=director, **fields)
    assert not Expense.objects.exists()


def test_expense_share_set_keeps_the_total_at_most_100(director, grant):
    other = make_grant(by=director)
    expense = record_expense(by=director, shares=[(grant, Decimal(70))])
    with pytest.raises(FundingRuleError, match="100"):
        services.expense_share_set(expense=expense, grant=other, percent=Decimal(31), by=director)
    services.expense_share_set(expense=expense, grant=other, percent=Decimal(30), by=director)
    # Changing a share counts it once, not beside its old value.
    services.expense_share_set(expense=expense, grant=grant, percent=Decimal(70), by=director)
    services.expense_share_set(expense=expense, grant=grant, percent=Decimal(0), by=director)
    assert {s.grant: s.percent for s in expense.shares.all()} == {other: 30}


def test_expense_share_set_refuses_a_grant_not_covering_the_date(director, grant):
    expense = record_expense(by=director)
    later = make_grant(by=director, starts_on=days_from_today(0))
    with pytest.raises(FundingRuleError, match="period"):
        services.expense_share_set(expense=expense, grant=later, percent=Decimal(10), by=director)
    assert not expense.shares.exists()
