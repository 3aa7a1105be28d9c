"""A grant with known costs, shared by the statement's tests (the sums are worked out below)."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from funding import services
from funding.models import EvidenceKind
from households.models import ProtectionStatus
from tests.factories import make_household, make_person
from tests.interviews.builders import record_interview

from .factories import make_grant

D = datetime.date
NOW = datetime.datetime(2026, 6, 20, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def june_2026():
    """Today is 20 June 2026 for the whole test (time stands still)."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def grant_2026(june_2026, director, site_a):
    return make_grant(
        by=director,
        sites=[site_a],
        signed=True,
        starts_on=D(2026, 1, 1),
        ends_on=D(2026, 12, 31),
        budget=Decimal("10000.00"),
        co_financing_rate=Decimal("75.00"),
        indirect_cost_rate=Decimal("15.00"),
    )


@pytest.fixture
def charged(grant_2026, director, coordinator, social_worker, site_a):
    """Known costs charged to the grant.

    - social worker: 34,400 € a year full time → 34,400 / 1,720 = 20.00 €/h;
      3.5 h by hand (70.00) + a 60-minute interview with an eligible household (20.00);
      a 90-minute interview with a household no member of which is covered (set apart: 30.00);
    - coordinator: 43,000 € at 50 % → 43,000 / 860 = 50.00 €/h; 2 h by hand (100.00);
    - director: 1 h by hand, no staff cost for 2026 (set apart, no amount);
    - an invoice of 1,000.00 € charged at 40 % (400.00).
    """
    services.staff_cost_set(
        by=director, staff=social_worker, year=2026, annual_cost=Decimal("34400")
    )
    services.staff_cost_set(
        by=director,
        staff=coordinator,
        year=2026,
        annual_cost=Decimal("43000"),
        working_time_share=Decimal("50"),
    )
    for staff, hours, day in (
        (social_worker, "3.5", D(2026, 6, 2)),
        (coordinator, "2", D(2026, 6, 3)),
        (director, "1", D(2026, 6, 4)),
    ):
        services.time_entry_add(
            by=staff,
            staff=staff,
            date=day,
            hours=Decimal(hours),
            activity="Réunion avec le bailleur",
            grant=grant_2026,
        )
    eligible = make_household(site=site_a, by=social_worker)
    refugee = make_person(
        household=eligible, by=social_worker, protection_status=ProtectionStatus.REFUGEE
    )
    services.evidence_record(
        by=social_worker,
        person=refugee,
        kind=EvidenceKind.REFUGEE_RESIDENT_CARD,
        number="CR-1",
        issued_on=D(2025, 1, 1),
    )
    record_interview(household=eligible, by=social_worker, held_on=D(2026, 6, 8))
    ineligible = make_household(site=site_a, by=social_worker)
    make_person(household=ineligible, by=social_worker, protection_status=ProtectionStatus.OTHER)
    record_interview(
        household=ineligible, by=social_worker, held_on=D(2026, 6, 9), duration_minutes=90
    )
    services.expense_record(
        by=director,
        date=D(2026, 5, 10),
        supplier="SNCF",
        category="travel",
        amount=Decimal("1000.00"),
        invoice_reference="F-2026-118",
        shares=[(grant_2026, Decimal("40"))],
    )
    return {"eligible": eligible, "ineligible": ineligible}
