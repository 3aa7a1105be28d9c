"""The database refuses bad rows written around the services."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from funding.models import (
    EligibilityEvidence,
    EvidenceKind,
    Expense,
    ExpenseCategory,
    ExpenseShare,
    Grant,
    GrantStatus,
    StaffCost,
)

from .factories import days_from_today, make_funder


def grant_row(*, by, **fields):
    values = {
        "funder": make_funder(by=by),
        "agreement_reference": "FAMI-DB",
        "title": "Contrôle",
        "starts_on": days_from_today(-10),
        "ends_on": days_from_today(10),
        "budget": Decimal(1000),
        "co_financing_rate": Decimal(50),
        "created_by": by,
    }
    values.update(fields)
    return Grant(**values)


def refused(instance):
    with pytest.raises(IntegrityError), transaction.atomic():
        instance.save()


@pytest.mark.parametrize(
    "fields",
    [
        {"ends_on": days_from_today(-11)},
        {"co_financing_rate": Decimal("100.01")},
        {"co_financing_rate": Decimal(-1)},
        {"indirect_cost_rate": Decimal(101)},
        {"budget": Decimal("-0.01")},
        {"status": GrantStatus.SIGNED, "signed_on": None},
    ],
)
def test_grant_constraints(director, fields):
    refused(grant_row(by=director, **fields))


def test_evidence_cannot_expire_before_its_issue(person, social_worker):
    refused(
        EligibilityEvidence(
            person=person,
            kind=EvidenceKind.RECEIPT,
            number="R1",
            issued_on=days_from_today(-5),
            expires_on=days_from_today(-6),
            recorded_by=social_worker,
        )
    )


@pytest.mark.parametrize("percent", [Decimal(0), Decimal("100.01"), Decimal(-1)])
def test_expense_share_in_0_100(director, percent):
    grant = grant_row(by=director)
    grant.save()
    expense = Expense.objects.create(
        date=days_from_today(-1),
        supplier="ISM Interprétariat",
        category=ExpenseCategory.INTERPRETING,
        amount=Decimal(90),
        invoice_reference="ISM-1",
        recorded_by=director,
    )
    refused(ExpenseShare(expense=expense, grant=grant, percent=percent))


def test_expense_amount_positive_and_once(director):
    values = {
        "date": days_from_today(-1),
        "supplier": "ISM Interprétariat",
        "category": ExpenseCategory.INTERPRETING,
        "invoice_reference": "ISM-1",
        "recorded_by": director,
    }
    refused(Expense(amount=Decimal(0), **values))
    Expense.objects.create(amount=Decimal(90), **values)
    refused(Expense(amount=Decimal(90), **values))


@pytest.mark.parametrize(
    "fields",
    [
        {"annual_cost": Decimal(0)},
        {"contract_hours": Decimal(1600), "working_time_share": Decimal(80)},
        {"working_time_share": Decimal(101)},
        {"fixed_share": Decimal(20)},
    ],
)
def test_staff_cost_constraints(director, social_worker, fields):
    values = {"staff": social_worker, "year": 2025, "annual_cost": Decimal(1000)}
    values.update(fields)
    refused(StaffCost(recorded_by=director, **values))
