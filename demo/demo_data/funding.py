"""The money side of the demo, written through the funding services.

The grants come first (`grants_create`), before any casework, so that the hours of each
interview, workshop and training are charged by funding.receivers to the one signed grant
covering their site and day: the fund's grant of this year, the region's of last year. The
rest follows the casework (`funding_complete`): the members' evidence of status (one household
with none, one whose receipt has lapsed, for the work list), this year's staff costs, a few
expenses with their shares, hours entered by hand, one timesheet validated and one
countersigned.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from accounts.models import Site, User
from core.dates import add_months
from demo.dataset.funding import FAMI, LABOUR, REGION, TITLE
from demo.demo_data.context import working_day
from funding import services
from funding.models import (
    EvidenceKind,
    Funder,
    Grant,
    GrantStatus,
    IndicatorKind,
    IndirectCostBase,
    StaffCostMethod,
)
from households.models import ENDED, Household, ProtectionStatus, Relation

COVERED = [
    ProtectionStatus.REFUGEE,
    ProtectionStatus.SUBSIDIARY,
    ProtectionStatus.STATELESS,
    ProtectionStatus.FAMILY_REUNIFICATION,
]
TARGETS = {
    IndicatorKind.HOUSEHOLDS_SUPPORTED: Decimal(24),
    IndicatorKind.PERSONS_INFORMED: Decimal(45),
    IndicatorKind.WORKSHOPS_HELD: Decimal(24),
    IndicatorKind.HOUSEHOLDS_RELOCATED: Decimal(8),
    IndicatorKind.PROFESSIONALS_TRAINED: Decimal(12),
    IndicatorKind.TRAINING_HOURS: Decimal(12),
}
# Each status's document: (kind, months of validity or None, days issued before referral).
EVIDENCE = {
    ProtectionStatus.REFUGEE: (EvidenceKind.REFUGEE_RESIDENT_CARD, 120, 240),
    ProtectionStatus.SUBSIDIARY: (EvidenceKind.SUBSIDIARY_CARD, 48, 180),
    ProtectionStatus.STATELESS: (EvidenceKind.OFPRA_DECISION, None, 400),
    ProtectionStatus.FAMILY_REUNIFICATION: (EvidenceKind.FAMILY_REUNIFICATION_VISA, 12, 45),
    ProtectionStatus.REGULARISED: (EvidenceKind.OTHER_PERMIT, 12, 90),
    ProtectionStatus.OTHER: (EvidenceKind.OTHER_PERMIT, 12, 90),
}


@dataclass
class DemoGrants:
    fund: Grant  # signed, this year, both sites: the hours of this year go to it
    region: Grant  # signed, last year, both sites
    county: Grant  # draft, this year, Créteil only, fixed share of working time


def _funder(by: User, name: str, kind: str) -> Funder:
    return Funder.objects.filter(name=name).first() or services.funder_create(
        by=by, name=name, kind=kind
    )


def _grant(by, funder, reference, sites, year, *, signed_on=None, **fields) -> Grant:
    grant = services.grant_create(
        by=by,
        funder=funder,
        agreement_reference=reference,
        sites=sites,
        title=TITLE,
        starts_on=datetime.date(year, 1, 1),
        ends_on=datetime.date(year, 12, 31),
        **fields,
    )
    if signed_on:
        grant = services.grant_update(
            grant=grant, by=by, status=GrantStatus.SIGNED, signed_on=signed_on
        )
    return grant


def grants_create(
    *, sites: dict[str, Site], users: dict[str, User], today: datetime.date
) -> DemoGrants:
    """The three funders and their grants, with the fund's targets for this year."""
    by, year = users["direction"], today.year
    both = list(sites.values())
    fund = _grant(
        by, _funder(by, *FAMI), f"FAMI-{year}-CDF-01", both, year,
        signed_on=min(datetime.date(year, 1, 20), today),
        budget=Decimal("180000.00"), co_financing_rate=Decimal(75), eligible_statuses=COVERED,
        staff_cost_method=StaffCostMethod.ACTUAL_TIME,
        indirect_cost_base=IndirectCostBase.DIRECT_ELIGIBLE, indirect_cost_rate=Decimal(7),
    )  # fmt: skip
    for indicator, target in TARGETS.items():
        services.grant_indicator_set(grant=fund, by=by, indicator=indicator, target=target)
    region = _grant(
        by, _funder(by, *REGION), f"CRIDF-{year - 1}-CDF-02", both, year - 1,
        signed_on=datetime.date(year - 1, 2, 10),
        budget=Decimal("60000.00"), co_financing_rate=Decimal(50),
        eligible_statuses=[*COVERED, ProtectionStatus.REGULARISED],
        staff_cost_method=StaffCostMethod.ACTUAL_TIME,
        indirect_cost_base=IndirectCostBase.DIRECT_STAFF, indirect_cost_rate=Decimal(15),
    )  # fmt: skip
    services.grant_indicator_set(
        grant=region, by=by, indicator=IndicatorKind.HOUSEHOLDS_SUPPORTED, target=Decimal(15)
    )
    county = _grant(
        by, _funder(by, *LABOUR), f"CD94-{year}-CDF-03", [sites["creteil"]], year,
        budget=Decimal("25000.00"), co_financing_rate=Decimal(40),
        eligible_statuses=[*COVERED, ProtectionStatus.REGULARISED, ProtectionStatus.OTHER],
        staff_cost_method=StaffCostMethod.FIXED_SHARE,
        indirect_cost_base=IndirectCostBase.DIRECT_STAFF, indirect_cost_rate=Decimal(10),
    )  # fmt: skip
    return DemoGrants(fund=fund, region=region, county=county)


def _evidence(users: dict[str, User], today: datetime.date) -> None:
    """Evidence for the adults of every household, but one household with none and one whose
    only document, a receipt, lapsed before it came: both on the work list."""
    households = Household.objects.filter(site__code__in=("paris", "creteil")).select_related(
        "site"
    )
    ongoing_covered = []
    for household in households.order_by("reference"):
        adults = list(
            household.members.filter(relation__in=(Relation.HEAD, Relation.SPOUSE)).order_by("pk")
        )
        if household.status not in ENDED and adults[0].protection_status in COVERED:
            ongoing_covered.append(household.pk)
        missing = len(ongoing_covered) == 2 and ongoing_covered[-1] == household.pk
        expired = len(ongoing_covered) == 4 and ongoing_covered[-1] == household.pk
        if missing:
            continue
        worker = household.social_worker or users[f"ts.{household.site.code}"]
        checker = users["coordination"] if household.site.code == "paris" else users["direction"]
        for rank, person in enumerate(adults):
            if expired:
                kind, months, before = EvidenceKind.RECEIPT, 6, 300
            else:
                kind, months, before = EVIDENCE[person.protection_status]
            issued = min(household.referral_date - datetime.timedelta(days=before + rank), today)
            evidence = services.evidence_record(
                by=worker,
                person=person,
                kind=kind,
                number=f"{kind[:3].upper()}-{issued:%Y}-{household.pk:04d}{rank}",
                issued_on=issued,
                expires_on=add_months(issued, months) if months else None,
            )
            if household.pk % 3:  # two in three checked, the rest waits on the work list
                services.evidence_check(evidence=evidence, by=checker)


def _staff_costs(users: dict[str, User], grants: DemoGrants, year: int) -> None:
    by = users["direction"]
    services.staff_cost_set(
        by=by, staff=users["ts.paris"], year=year, annual_cost=Decimal("41250.00"),
        evidence_reference=f"Bulletins de paie {year}, contrat CDI",
    )  # fmt: skip
    services.staff_cost_set(
        by=by, staff=users["ts.creteil"], year=year, annual_cost=Decimal("32800.00"),
        working_time_share=Decimal(80), fixed_share=Decimal(40),
        fixed_share_grant=grants.county, evidence_reference=f"Bulletins de paie {year}",
    )  # fmt: skip
    services.staff_cost_set(
        by=by, staff=users["coordination"], year=year, annual_cost=Decimal("49600.00"),
        contract_hours=Decimal(1607), evidence_reference=f"Bulletins de paie {year}",
    )  # fmt: skip
    services.staff_cost_set(
        by=by, staff=users["direction"], year=year, annual_cost=Decimal("71400.00"),
        evidence_reference=f"Bulletins de paie {year}",
    )  # fmt: skip


def _expenses(users: dict[str, User], grants: DemoGrants, today: datetime.date) -> None:
    by, year = users["direction"], today.year

    def this_year(days_ago: int) -> datetime.date:
        return max(
            working_day(today - datetime.timedelta(days=days_ago)), datetime.date(year, 1, 1)
        )

    rows = [
        (this_year(40), "SCI Flandre Bureaux", "rent", "4200.00", "LOY-0001",
         [(grants.fund, Decimal(60))]),
        (this_year(25), "ISM Interprétariat", "interpreting", "540.00", "ISM-7731",
         [(grants.fund, Decimal(100))]),
        (this_year(12), "SNCF Voyageurs", "travel", "186.40", "SNCF-55210",
         [(grants.fund, Decimal(50)), (grants.county, Decimal(30))]),
        (this_year(5), "Bureau Vallée", "equipment", "89.90", "BV-20931", []),
        (datetime.date(year - 1, 10, 14), "Déménagements Solidaires", "services", "1250.00",
         "DS-0412", [(grants.region, Decimal(80))]),
    ]  # fmt: skip
    for day, supplier, category, amount, reference, shares in rows:
        services.expense_record(
            by=by,
            date=day,
            supplier=supplier,
            category=category,
            amount=Decimal(amount),
            invoice_reference=reference,
            shares=shares,
        )


def _time_and_timesheets(users: dict[str, User], grants: DemoGrants, today) -> None:
    """Hours by hand last month, then its timesheets: validated in Paris, countersigned (so
    locked) in Créteil."""
    month = add_months(today.replace(day=1), -1)
    grant = grants.fund if month.year == today.year else grants.region
    for username, activity, hours in (
        ("ts.paris", "Visite d'un partenaire en région", Decimal(3)),
        ("ts.creteil", "Réunion avec un centre d'hébergement", Decimal("1.5")),
        ("coordination", "Comité de pilotage du programme", Decimal(2)),
    ):
        services.time_entry_add(
            by=users[username],
            staff=users[username],
            date=working_day(month + datetime.timedelta(days=12)),
            hours=hours,
            activity=activity,
            grant=grant,
        )
    paris, creteil = users["ts.paris"], users["ts.creteil"]
    services.timesheet_validate(staff=paris, grant=grant, month=month, by=paris)
    sheet = services.timesheet_validate(staff=creteil, grant=grant, month=month, by=creteil)
    services.timesheet_countersign(timesheet=sheet, by=users["direction"])


def funding_complete(*, users: dict[str, User], grants: DemoGrants, today: datetime.date) -> None:
    """What follows the casework: evidence, staff costs, expenses, hours and timesheets."""
    _evidence(users, today)
    _staff_costs(users, grants, today.year)
    _expenses(users, grants, today)
    _time_and_timesheets(users, grants, today)
