"""What households point at: sites, staff, the partner directory, offers and trainees.

Built once before the households. Existing rows are reused (sites, users by username, partners
by name and kind) so that running the command again adds households without duplicating the
directory, and so that the same seed draws the same households against the same lists.
"""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import Membership, Role, Site, User
from partners.models import Offer, Partner
from partners.services import partner_search_name
from territories.models import ILE_DE_FRANCE_CODE, Departement, Region
from workshops.models import Trainee

from . import pools

DEFAULT_SITES = (
    ("paris", "Paris — Porte de la Villette", "15 rue de Flandre, 75019 Paris"),
    ("creteil", "Créteil — Val-de-Marne", "4 avenue du Général de Gaulle, 94000 Créteil"),
)
# Partner kinds that can carry each lever of a mobility plan.
LEVER_KINDS = {
    "employment": ("employer", "employment_service"),
    "housing": ("social_landlord", "housing_association"),
    "training": ("training_body",),
}


@dataclass
class Context:
    sites: list = field(default_factory=list)
    site_ids: list[int] = field(default_factory=list)
    workers_by_site: list[list[int]] = field(default_factory=list)
    coordinator_by_site: list[int] = field(default_factory=list)
    reception_centre_ids: list[int] = field(default_factory=list)
    # every reception centre, in and out of Île-de-France, for professional trainings
    all_reception_centre_ids: list[int] = field(default_factory=list)
    partners_by_lever: dict = field(default_factory=dict)
    partners_by_lever_region: dict = field(default_factory=dict)
    offers_by_partner: dict = field(default_factory=dict)
    trainee_ids: list[int] = field(default_factory=list)
    region_names: dict = field(default_factory=dict)
    target_regions: list[str] = field(default_factory=list)
    towns_by_region: dict = field(default_factory=dict)


def _sites() -> list[Site]:
    sites = list(Site.objects.filter(is_active=True).order_by("pk"))
    if not sites:
        sites = [
            Site.objects.create(code=code, name=name, address=address)
            for code, name, address in DEFAULT_SITES
        ]
    return sites


def _staff(rng: random.Random, sites: list[Site], households: int, ctx: Context) -> None:
    """Social workers (enough for a caseload of a few thousand each) and one coordinator."""
    per_site = max(2, min(30, round(households / 4000)))
    wanted = []  # (username, first, last, site, role)
    for site in sites:
        for number in range(1, per_site + 1):
            first, last = rng.choice(pools.FRENCH_FIRST_NAMES), rng.choice(pools.FRENCH_LAST_NAMES)
            wanted.append((f"{site.code}.ts{number:02d}", first, last, site, Role.SOCIAL_WORKER))
        first, last = rng.choice(pools.FRENCH_FIRST_NAMES), rng.choice(pools.FRENCH_LAST_NAMES)
        wanted.append((f"{site.code}.coordination", first, last, site, Role.COORDINATOR))
    existing = {u.username: u for u in User.objects.filter(username__in=[w[0] for w in wanted])}
    unusable = make_password(None)  # generated staff log in only after an admin sets a password
    User.objects.bulk_create(
        User(username=username, first_name=first, last_name=last, password=unusable)
        for username, first, last, _site, _role in wanted
        if username not in existing
    )
    users = {u.username: u for u in User.objects.filter(username__in=[w[0] for w in wanted])}
    Membership.objects.bulk_create(
        [Membership(user=users[w[0]], site=w[3], role=w[4]) for w in wanted],
        ignore_conflicts=True,
    )
    for site in sites:
        ctx.workers_by_site.append(
            [users[w[0]].pk for w in wanted if w[3] == site and w[4] == Role.SOCIAL_WORKER]
        )
        ctx.coordinator_by_site.append(users[f"{site.code}.coordination"].pk)


def _partner_specs(rng: random.Random, start: datetime.date) -> list[dict]:
    """The directory: reception centres around Paris, employers, landlords and trainers in the
    regions where households move."""
    specs = []

    def add(name, kind, commune, departement):
        signed = start + datetime.timedelta(days=rng.randrange(20 * 365))
        specs.append(
            {
                "name": name,
                "kind": kind,
                "commune": commune,
                "departement_id": departement,
                "agreement_signed_on": signed if rng.random() < 0.4 else None,
            }
        )

    idf = sorted(set(pools.IDF_COMMUNES))
    for commune, departement in idf:
        for kind in rng.sample(pools.RECEPTION_CENTRE_TYPES, k=rng.randint(1, 2)):
            add(f"{kind} de {commune}", "reception_centre", commune, departement)
    for commune, departement in pools.TOWNS:
        if rng.random() < 0.15:
            kind = rng.choice(pools.RECEPTION_CENTRE_TYPES)
            add(f"{kind} de {commune}", "reception_centre", commune, departement)
        for pattern in rng.sample(pools.EMPLOYER_NAMES, k=rng.randint(2, 4)):
            add(pattern.format(town=commune), "employer", commune, departement)
        add(f"France Travail {commune}", "employment_service", commune, departement)
        add(rng.choice(pools.LANDLORD_NAMES).format(town=commune), "social_landlord", commune,
            departement)  # fmt: skip
        if rng.random() < 0.5:
            pattern = rng.choice(pools.HOUSING_ASSOCIATION_NAMES)
            add(pattern.format(town=commune), "housing_association", commune, departement)
        if rng.random() < 0.6:
            pattern = rng.choice(pools.TRAINING_BODY_NAMES)
            add(pattern.format(town=commune), "training_body", commune, departement)
        if rng.random() < 0.3:
            add(f"Mairie de {commune}", "local_authority", commune, departement)
        if rng.random() < 0.3:
            add(f"Accueil solidaire {commune}", "association", commune, departement)
    return specs


def _offer_specs(rng: random.Random, spec: dict, start: datetime.date) -> list[dict]:
    kind = {"employer": "job", "social_landlord": "housing", "housing_association": "housing",
            "training_body": "training"}.get(spec["kind"])  # fmt: skip
    if kind is None:
        return []
    offers = []
    for _ in range(rng.randint(0, 2)):
        starts = start + datetime.timedelta(days=rng.randrange(20 * 365))
        offer = {
            "kind": kind,
            "status": rng.choices(("filled", "open", "withdrawn"), weights=(50, 35, 15))[0],
            "commune": spec["commune"],
            "departement_id": spec["departement_id"],
            "starts_on": starts,
        }
        if kind == "job":
            sector, job = rng.choice(pools.SECTORS)
            offer |= {
                "title": job,
                "sector": sector,
                "contract_type": rng.choice(("cdi", "cdd", "temporary", "apprenticeship")),
                "hours_per_week": rng.choice((24, 28, 35, 35, 39)),
            }
        elif kind == "housing":
            rooms = rng.randint(1, 4)
            offer |= {
                "title": f"T{rooms} à {spec['commune']}",
                "housing_type": rng.choice(("social", "social", "private", "residence")),
                "rooms": rooms,
                "rent": Decimal(250 + 120 * rooms + rng.randrange(80)),
                "capacity": rooms + 1,
            }
        else:
            domain = rng.choice(pools.TRAINING_DOMAINS)
            offer |= {
                "title": domain,
                "domain": domain,
                "allowance": Decimal(rng.choice((500, 650, 800))),
                "ends_on": starts + datetime.timedelta(days=rng.choice((90, 180, 270))),
            }
        offers.append(offer)
    return offers


def _partners(rng: random.Random, start: datetime.date, ctx: Context) -> None:
    specs = _partner_specs(rng, start)
    offer_specs = [_offer_specs(rng, spec, start) for spec in specs]
    trainee_specs = [
        [
            (
                f"{rng.choice(pools.FRENCH_FIRST_NAMES)} {rng.choice(pools.FRENCH_LAST_NAMES)}",
                rng.choice(pools.TRAINEE_JOB_TITLES),
            )
            for _ in range(rng.randint(2, 5))
        ]
        if spec["kind"] == "reception_centre"
        else []
        for spec in specs
    ]
    existing = {}
    for partner in Partner.objects.filter(name__in=[s["name"] for s in specs]).order_by("pk"):
        existing.setdefault((partner.name, partner.kind), partner)
    created = Partner.objects.bulk_create(
        _with_search_name(Partner(**s)) for s in specs if (s["name"], s["kind"]) not in existing
    )
    new_ids = {p.pk for p in created}
    for partner in created:
        existing[(partner.name, partner.kind)] = partner
    partners = [existing[(s["name"], s["kind"])] for s in specs]

    region_of = dict(Departement.objects.values_list("code", "region_id"))
    by_lever, by_lever_region = defaultdict(list), defaultdict(list)
    for partner in partners:
        if partner.kind == "reception_centre":
            ctx.all_reception_centre_ids.append(partner.pk)
            if region_of.get(partner.departement_id) == ILE_DE_FRANCE_CODE:
                ctx.reception_centre_ids.append(partner.pk)
        for lever, kinds in LEVER_KINDS.items():
            if partner.kind in kinds:
                by_lever[lever].append(partner.pk)
                by_lever_region[(lever, region_of[partner.departement_id])].append(partner.pk)
    ctx.partners_by_lever, ctx.partners_by_lever_region = dict(by_lever), dict(by_lever_region)

    creator = ctx.coordinator_by_site[0]
    _offers(partners, offer_specs, new_ids, creator, ctx)
    _trainees(partners, trainee_specs, new_ids, ctx)


def _offers(partners, offer_specs, new_ids, creator, ctx: Context) -> None:
    Offer.objects.bulk_create(
        Offer(partner_id=partner.pk, created_by_id=creator, **spec)
        for partner, specs in zip(partners, offer_specs, strict=True)
        if partner.pk in new_ids
        for spec in specs
    )
    offers = defaultdict(list)
    rows = Offer.objects.filter(partner__in=partners).order_by("pk").values_list("partner", "pk")
    for partner_id, offer_id in rows:
        offers[partner_id].append(offer_id)
    ctx.offers_by_partner = dict(offers)


def _trainees(partners, trainee_specs, new_ids, ctx: Context) -> None:
    Trainee.objects.bulk_create(
        Trainee(name=name, organisation_id=partner.pk, job_title=title)
        for partner, specs in zip(partners, trainee_specs, strict=True)
        if partner.pk in new_ids
        for name, title in specs
    )
    ctx.trainee_ids = list(
        Trainee.objects.filter(organisation__in=ctx.all_reception_centre_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _territories(ctx: Context) -> None:
    regions = {r.code: r for r in Region.objects.all()}
    ctx.region_names = {code: r.name for code, r in regions.items()}
    region_of = dict(Departement.objects.values_list("code", "region_id"))
    towns = defaultdict(list)
    for commune, departement in pools.TOWNS:
        region = region_of.get(departement)
        if region and region != ILE_DE_FRANCE_CODE and not regions[region].is_overseas:
            towns[region].append((commune, departement))
    ctx.towns_by_region = dict(towns)
    ctx.target_regions = sorted(towns)


@transaction.atomic
def build_context(*, rng: random.Random, households: int, start: datetime.date) -> Context:
    """Sites, staff and the partner directory the households will point at."""
    ctx = Context()
    ctx.sites = _sites()
    ctx.site_ids = [site.pk for site in ctx.sites]
    _territories(ctx)
    if not ctx.target_regions:
        raise RuntimeError("No régions loaded: run the migrations first.")
    _staff(rng, ctx.sites, households, ctx)
    _partners(rng, start, ctx)
    return ctx


def _with_search_name(partner):
    partner.search_name = partner_search_name(partner)
    return partner
