"""The money side of the generated data set: funders, grants and their targets, staff costs.

Built once before the households, like setup.py, with plain bulk inserts (no service, no
history): three funders, one multi-year framework grant of the EU asylum-migration-integration
fund covering every site over the whole twenty years (the grant with every household behind
it), yearly grants of the Île-de-France region (all sites, the last ten years) and of the
labour ministry through the Val-de-Marne county (its sites only, by a fixed share of working
time, the last six years), and next year's regional grant still a draft. Grants of the years
before last are closed, the others signed. Existing rows are reused (funders by name, grants by
agreement reference, staff costs by member of staff and year), so a second run adds nothing
twice.

`Funding.charge` says which grant an hour of a site and day goes to: the one signed grant
counting actual time that covers them, as funding.services.time does; when several do, the
service leaves the hour unallocated and staff allocate it by hand, which is drawn here.
"""

import datetime
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import Membership, Role, User
from core.bulk import BulkInserter
from funding.models import (
    Funder,
    FunderKind,
    Grant,
    GrantIndicator,
    GrantStatus,
    IndicatorKind,
    IndirectCostBase,
    StaffCost,
    StaffCostMethod,
)
from households.models import ProtectionStatus

from .setup import Context

# (name, kind): shared with the demo data (demo.demo_data.funding), names are unique.
FAMI = ("Fonds asile, migration et intégration (FAMI) — ministère de l’Intérieur",
        FunderKind.EU_FUND)  # fmt: skip
LABOUR = ("Ministère du Travail — Conseil départemental du Val-de-Marne", FunderKind.MINISTRY)
REGION = ("Conseil régional d'Île-de-France", FunderKind.REGION)
FUNDERS = (FAMI, LABOUR, REGION)

TITLE = "Mobilité géographique des bénéficiaires d'une protection internationale"
PROTECTED = (
    ProtectionStatus.REFUGEE,
    ProtectionStatus.SUBSIDIARY,
    ProtectionStatus.STATELESS,
    ProtectionStatus.FAMILY_REUNIFICATION,
)
REGION_YEARS = 10  # the region has funded the programme for the last ten years
LABOUR_YEARS = 6
# Hours an activity of several covering grants goes to, by hand: the framework grant first.
BIG_GRANT_WEIGHT = 3
DIRECTOR_USERNAME = "dataset.direction"
# Yearly gross employment cost in the first year, by role; +2 % a year after.
ANNUAL_COST = {"worker": 39000, "coordinator": 48000, "director": 72000}
IN_FORCE = (GrantStatus.SIGNED, GrantStatus.CLOSED)


@dataclass(frozen=True)
class GrantInfo:
    """What the writers need of a grant, without a query."""

    pk: int
    reference: str
    site_ids: frozenset
    starts_on: datetime.date
    ends_on: datetime.date
    status: str
    method: str

    def covers(self, site_id: int, day: datetime.date) -> bool:
        return site_id in self.site_ids and self.starts_on <= day <= self.ends_on


@dataclass
class Funding:
    """The grants in force, the director who countersigns, the staff and their sites."""

    grants: list[GrantInfo] = field(default_factory=list)
    big: GrantInfo | None = None
    director_id: int = 0
    staff_site: dict[int, int] = field(default_factory=dict)  # user id -> site id
    households_by_year: Counter = field(default_factory=Counter)  # referrals drawn, by year
    _covering: dict = field(default_factory=dict)

    def in_force(self, site_id: int, day: datetime.date) -> tuple[GrantInfo, ...]:
        """The signed (or since closed) grants covering the site on that day."""
        key = (site_id, day)
        if key not in self._covering:
            self._covering[key] = tuple(
                g for g in self.grants if g.status in IN_FORCE and g.covers(site_id, day)
            )
        return self._covering[key]

    def charge(self, rng: random.Random, site_id: int, day: datetime.date) -> int | None:
        """The grant the hours of that site and day are charged to, or None."""
        grants = [g for g in self.in_force(site_id, day) if g.method == StaffCostMethod.ACTUAL_TIME]
        if len(grants) <= 1:
            return grants[0].pk if grants else None
        weights = [BIG_GRANT_WEIGHT if g is self.big else 1 for g in grants]
        return rng.choices(grants, weights=weights)[0].pk


def _val_de_marne(ctx: Context) -> list[int]:
    """The sites in Val-de-Marne (a 94 postcode), else the last site."""
    found = [s.pk for s in ctx.sites if re.search(r"\b94\d{3}\b", s.address or "")]
    return found or [ctx.site_ids[-1]]


def _funders() -> dict[str, Funder]:
    existing = {f.name: f for f in Funder.objects.filter(name__in=[n for n, _k in FUNDERS])}
    Funder.objects.bulk_create(
        Funder(name=name, kind=kind) for name, kind in FUNDERS if name not in existing
    )
    return {f.name: f for f in Funder.objects.filter(name__in=[n for n, _k in FUNDERS])}


def _director(ctx: Context) -> int:
    """The director who countersigns timesheets and records costs."""
    user = User.objects.filter(username=DIRECTOR_USERNAME).first()
    if user is None:
        user = User.objects.create(
            username=DIRECTOR_USERNAME,
            first_name="Hélène",
            last_name="Rousseau",
            password=make_password(None),
        )
    Membership.objects.bulk_create(
        [Membership(user=user, site=ctx.sites[0], role=Role.DIRECTOR)], ignore_conflicts=True
    )
    return user.pk


def _year_status(year: int, today: datetime.date) -> str:
    return GrantStatus.CLOSED if year <= today.year - 2 else GrantStatus.SIGNED


def _grant_specs(ctx, today, start, households_by_year: Counter, funders) -> list[dict]:
    """Every grant the data set holds, with its sites and indicator targets."""
    first, last = start.year, today.year
    all_sites, vdm = ctx.site_ids, _val_de_marne(ctx)
    vdm_share = Decimal(len(vdm)) / len(all_sites)
    specs = []

    def add(funder, reference, sites, year_from, year_to, status, households, **fields):
        specs.append(
            {
                "funder": funders[funder[0]],
                "agreement_reference": reference,
                "title": TITLE,
                "starts_on": datetime.date(year_from, 1, 1),
                "ends_on": datetime.date(year_to, 12, 31),
                "status": status,
                "sites": sites,
                "households": households,
                **fields,
            }
        )

    def signed_on(year):
        return min(datetime.date(year, 3, 15), today) if year <= today.year else None

    total = sum(households_by_year.values())
    add(FAMI, f"FAMI-CADRE-{first}-{last}", all_sites, first, last, GrantStatus.SIGNED, total,
        budget=Decimal(total * 450), co_financing_rate=Decimal(75),
        eligible_statuses=list(PROTECTED), staff_cost_method=StaffCostMethod.ACTUAL_TIME,
        indirect_cost_base=IndirectCostBase.DIRECT_ELIGIBLE, indirect_cost_rate=Decimal(7),
        signed_on=datetime.date(first - 1, 12, 10))  # fmt: skip
    for year in range(max(first, last - REGION_YEARS + 1), last + 2):
        households = households_by_year.get(year, households_by_year.get(last, 0))
        status = _year_status(year, today) if year <= last else GrantStatus.DRAFT
        add(REGION, f"CRIDF-MOB-{year}", all_sites, year, year, status, households,
            budget=Decimal(households * 180), co_financing_rate=Decimal(50),
            eligible_statuses=[ProtectionStatus.REFUGEE, ProtectionStatus.SUBSIDIARY,
                               ProtectionStatus.STATELESS, ProtectionStatus.REGULARISED],
            staff_cost_method=StaffCostMethod.ACTUAL_TIME,
            indirect_cost_base=IndirectCostBase.DIRECT_STAFF, indirect_cost_rate=Decimal(15),
            signed_on=signed_on(year),
            final_payment_on=datetime.date(year + 1, 6, 30)
            if status == GrantStatus.CLOSED else None)  # fmt: skip
    for year in range(max(first, last - LABOUR_YEARS + 1), last + 1):
        households = int(households_by_year.get(year, 0) * vdm_share)
        status = _year_status(year, today)
        add(LABOUR, f"CD94-TRAVAIL-{year}", vdm, year, year, status, households,
            budget=Decimal(households * 220), co_financing_rate=Decimal(40),
            eligible_statuses=[ProtectionStatus.REFUGEE, ProtectionStatus.SUBSIDIARY,
                               ProtectionStatus.FAMILY_REUNIFICATION,
                               ProtectionStatus.REGULARISED, ProtectionStatus.OTHER],
            staff_cost_method=StaffCostMethod.FIXED_SHARE,
            indirect_cost_base=IndirectCostBase.DIRECT_STAFF, indirect_cost_rate=Decimal(10),
            signed_on=signed_on(year),
            final_payment_on=datetime.date(year + 1, 9, 30)
            if status == GrantStatus.CLOSED else None)  # fmt: skip
    return specs


def _targets(spec: dict, sites: int) -> dict[str, Decimal]:
    """The agreement's targets, from the households expected over the grant's period."""
    households = spec["households"]
    years = spec["ends_on"].year - spec["starts_on"].year + 1
    return {
        IndicatorKind.HOUSEHOLDS_SUPPORTED: Decimal(round(households * 0.75)),
        IndicatorKind.PERSONS_INFORMED: Decimal(round(households * 1.2)),
        IndicatorKind.HOUSEHOLDS_RELOCATED: Decimal(round(households * 0.15)),
        IndicatorKind.PERSONS_RELOCATED: Decimal(round(households * 0.35)),
        IndicatorKind.WORKSHOPS_HELD: Decimal(60 * sites * years),
        IndicatorKind.PROFESSIONALS_TRAINED: Decimal(20 * sites * years),
        IndicatorKind.TRAINING_HOURS: Decimal(42 * sites * years),
    }


def _grants(db: BulkInserter, ctx, today, start, households_by_year, funders, director) -> None:
    specs = _grant_specs(ctx, today, start, households_by_year, funders)
    existing = set(
        Grant.objects.filter(
            agreement_reference__in=[s["agreement_reference"] for s in specs]
        ).values_list("agreement_reference", flat=True)
    )
    new = [s for s in specs if s["agreement_reference"] not in existing]
    skip = {"sites", "households"}
    created = Grant.objects.bulk_create(
        Grant(created_by_id=director, **{k: v for k, v in s.items() if k not in skip}) for s in new
    )
    ids = {g.agreement_reference: g.pk for g in created}
    links, targets = [], []
    for spec in new:
        pk = ids[spec["agreement_reference"]]
        links.extend((pk, site_id) for site_id in spec["sites"])
        for indicator, target in _targets(spec, len(spec["sites"])).items():
            targets.append({"grant_id": pk, "indicator": indicator, "target": target})
    db.counts["grants"] += len(created)
    db.insert_links(Grant, "sites", links, label="grant sites")
    db.insert(GrantIndicator, targets, label="grant indicator targets")


def _grant_infos(ctx: Context) -> tuple[list[GrantInfo], GrantInfo | None]:
    """Every grant covering one of the sites (made now, earlier, or by hand)."""
    sites: dict[int, set[int]] = {}
    for grant_id, site_id in Grant.sites.through.objects.filter(site__in=ctx.site_ids).values_list(
        "grant_id", "site_id"
    ):
        sites.setdefault(grant_id, set()).add(site_id)
    infos = [
        GrantInfo(
            pk=g.pk,
            reference=g.agreement_reference,
            site_ids=frozenset(sites[g.pk]),
            starts_on=g.starts_on,
            ends_on=g.ends_on,
            status=g.status,
            method=g.staff_cost_method,
        )
        for g in Grant.objects.filter(pk__in=list(sites)).order_by("pk")
    ]
    big = max(
        (g for g in infos if g.reference.startswith("FAMI-CADRE-") and g.status in IN_FORCE),
        key=lambda g: (g.ends_on - g.starts_on, g.pk),
        default=None,
    )
    return infos, big


def _staff_costs(db, rng, ctx, funding: Funding, start, today) -> None:
    """What each member of staff costs each year; the Val-de-Marne staff also work a fixed
    share on the county's grant of the year."""
    roles = [(pk, "worker") for workers in ctx.workers_by_site for pk in workers]
    roles += [(pk, "coordinator") for pk in ctx.coordinator_by_site]
    roles.append((funding.director_id, "director"))
    existing = set(
        StaffCost.objects.filter(staff__in=[pk for pk, _r in roles]).values_list("staff", "year")
    )
    fixed = {
        (site_id, g.starts_on.year): g.pk
        for g in funding.grants
        if g.method == StaffCostMethod.FIXED_SHARE and g.status in IN_FORCE
        for site_id in g.site_ids
    }
    rows = []
    for staff_id, role in roles:
        share = Decimal(80) if rng.random() < 0.2 else None
        hours = Decimal(1607) if share is None and rng.random() < 0.3 else None
        level = Decimal(rng.uniform(0.93, 1.08))
        for year in range(start.year, today.year + 1):
            if (staff_id, year) in existing:
                continue
            cost = Decimal(ANNUAL_COST[role]) * level * Decimal("1.02") ** (year - start.year)
            grant = fixed.get((funding.staff_site.get(staff_id), year))
            rows.append(
                {
                    "staff_id": staff_id,
                    "year": year,
                    "annual_cost": cost.quantize(Decimal("0.01")),
                    "contract_hours": hours,
                    "working_time_share": share,
                    "fixed_share": Decimal(rng.choice((30, 40, 50))) if grant else None,
                    "fixed_share_grant_id": grant,
                    "evidence_reference": f"Bulletins de paie {year}, contrat de travail",
                    "recorded_by_id": funding.director_id,
                }
            )
    db.insert(StaffCost, rows, label="staff costs")


@transaction.atomic
def build_funding(
    *,
    db: BulkInserter,
    ctx: Context,
    rng: random.Random,
    today: datetime.date,
    start: datetime.date,
    households_by_year: Counter,
) -> Funding:
    """Funders, grants with their sites and targets, the director and the staff costs."""
    funding = Funding(director_id=_director(ctx), households_by_year=households_by_year)
    for site_id, workers in zip(ctx.site_ids, ctx.workers_by_site, strict=True):
        funding.staff_site.update(dict.fromkeys(workers, site_id))
    for site_id, coordinator in zip(ctx.site_ids, ctx.coordinator_by_site, strict=True):
        funding.staff_site.setdefault(coordinator, site_id)
    funding.staff_site.setdefault(funding.director_id, ctx.site_ids[0])
    _grants(db, ctx, today, start, households_by_year, _funders(), funding.director_id)
    funding.grants, funding.big = _grant_infos(ctx)
    _staff_costs(db, rng, ctx, funding, start, today)
    return funding


# Suppliers of each kind of expense: (category, supplier, lowest, highest amount in €).
EXPENSES = (
    ("interpreting", "ISM Interprétariat", 90, 900),
    ("interpreting", "Inter Service Migrants", 120, 650),
    ("travel", "SNCF Voyageurs", 40, 620),
    ("travel", "FlixBus France", 25, 180),
    ("accommodation", "Hôtel du Centre — nuitées de visite", 70, 420),
    ("subsistence", "Restauration collective Sodexo", 15, 140),
    ("equipment", "Bureau Vallée", 60, 900),
    ("equipment", "UGAP — matériel informatique", 400, 2600),
    ("services", "Déménagements Solidaires", 300, 2400),
    ("services", "Orange Business", 80, 450),
    ("other", "La Poste", 10, 120),
)
SHARE_SPLITS = ((100,), (80,), (60, 40), (50, 30), (70, 30), (50, 50), (40, 30, 20))
