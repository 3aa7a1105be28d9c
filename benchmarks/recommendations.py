"""Recommending départements to one household against full national reference data: median
time of recommendations_for_household() and of the fragment it renders.

    DATABASE_URL=postgres://… DEBUG=true .venv/bin/python benchmarks/recommendations.py \
        [--families 200] [--communes 350] [--offers 5000] [--runs 15]

The data are generated into the (already migrated) database in DATABASE_URL inside a
transaction rolled back at the end: every département × `--families` occupation families of
hiring needs, `--communes` communes per département with their zone, `--offers` open offers.
Without DATABASE_URL a throwaway SQLite file is migrated first and deleted afterwards. The
programme's history is that of the database's relocations (none in a fresh one; the
100,000-household `cdf_bench` database of generate.py has thousands).
"""

import argparse
import datetime
import random
import statistics
from decimal import Decimal

import common  # puts the project on sys.path

_WORD_TEXT = (
    "aides soignants infirmiers cuisiniers serveurs maçons électriciens plombiers couvreurs "
    "conducteurs routiers caristes magasiniers vendeurs caissiers boulangers bouchers "
    "agriculteurs viticulteurs jardiniers paysagistes mécaniciens soudeurs chaudronniers "
    "menuisiers charpentiers peintres carreleurs coiffeurs esthéticiens comptables secrétaires "
    "animateurs éducateurs enseignants formateurs informaticiens développeurs techniciens "
    "ingénieurs commerciaux assistants laveurs nettoyeurs pâtissiers plongeurs réceptionnistes"
)
WORDS = tuple(_WORD_TEXT.split())


def families(count: int, rng: random.Random) -> list[tuple[str, str]]:
    """`count` occupation families with BMO-like codes and two-word labels; the first ones
    are the household's own trades, so that the ranking has matches to weigh."""
    labels = ["Aides-soignants", "Maçons", "Cuisiniers"]
    while len(labels) < count:
        label = f"{rng.choice(WORDS).capitalize()} et {rng.choice(WORDS)} {len(labels)}"
        labels.append(label)
    return [(f"B{n:04d}", label) for n, label in enumerate(labels[:count])]


def build(n_families: int, n_communes: int, n_offers: int):
    """The reference data, one household of four (two adults) and its social worker."""
    # The project's modules load only after django.setup() in common.setup_django_or_throwaway().
    from accounts.models import Membership, Role, Site, User
    from households.models import Relation
    from households.services import household_create, person_add
    from partners.models import Offer, OfferKind, Partner, PartnerKind
    from recommendations.models import Dataset, DatasetKind, HiringNeed, HousingZone, Zone
    from recommendations.services import dataset_summarise
    from territories.models import Departement

    rng = random.Random(16)  # the same data on every run
    departements = list(Departement.objects.values_list("code", flat=True))
    trades = families(n_families, rng)
    hiring = Dataset.objects.create(kind=DatasetKind.HIRING_NEEDS, source="Bench", year=2099)
    rows = [
        HiringNeed(
            dataset=hiring,
            family_code=code,
            family_label=label,
            departement_id=dep,
            planned_hires=rng.randint(0, 2000),
            difficult_share=Decimal(rng.randint(0, 1000)) / 10,
            seasonal_share=Decimal(rng.randint(0, 1000)) / 10,
        )
        for dep in departements
        for code, label in trades
    ]
    HiringNeed.objects.bulk_create(rows, batch_size=5000)
    dataset_summarise(dataset=hiring)
    zoning = Dataset.objects.create(kind=DatasetKind.HOUSING_ZONES, source="Bench", year=2099)
    HousingZone.objects.bulk_create(
        (
            HousingZone(
                dataset=zoning,
                commune_code=f"{dep[:2]}{n:03d}",
                departement_id=dep,
                zone=rng.choice(Zone.values),
            )
            for dep in departements
            for n in range(n_communes)
        ),
        batch_size=5000,
    )
    dataset_summarise(dataset=zoning)
    partners = Partner.objects.bulk_create(
        Partner(
            name=f"Partenaire {i}",
            kind=PartnerKind.EMPLOYER,
            departement_id=rng.choice(departements),
            search_name=f"partenaire {i}",
        )
        for i in range(300)
    )
    Offer.objects.bulk_create(
        (
            Offer(
                partner=rng.choice(partners),
                kind=rng.choice(OfferKind.values),
                title=f"Offre {i}",
                departement_id=rng.choice(departements),
                starts_on=datetime.date(2026, 1, 1),
            )
            for i in range(n_offers)
        ),
        batch_size=2000,
    )
    site = Site.objects.create(name="Bench reco", code="bench-reco")
    user = User.objects.create(username="bench-reco")
    Membership.objects.create(user=user, site=site, role=Role.SOCIAL_WORKER)
    household = household_create(by=user, site=site, referral_date=datetime.date(2026, 1, 5))
    people = [
        ("Amina", Relation.HEAD, "Aide-soignante", "cuisine collective"),
        ("Karim", Relation.SPOUSE, "Maçon", ""),
        ("Sara", Relation.CHILD, "", ""),
        ("Yanis", Relation.CHILD, "", ""),
    ]
    for first, relation, occupation, skills in people:
        person_add(
            household=household,
            by=user,
            first_name=first,
            last_name="Bench",
            sex="X",
            birth_date=datetime.date(1990, 1, 1),
            relation=relation,
            occupation=occupation,
            skills=skills,
        )
    return household, user, len(rows)


def measure(household, user, runs: int):
    # These modules load only after django.setup().
    from django.template.loader import render_to_string
    from django.test import RequestFactory
    from django.utils import translation

    from recommendations.selectors import recommendations_for_household

    request = RequestFactory().get("/")
    request.user = user
    translation.activate("fr")

    def once():
        context = recommendations_for_household(household=household, user=user)
        render_to_string("recommendations/_recommendations.html", context, request=request)
        return context

    return common.wall_and_cpu(once, runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=200)
    parser.add_argument("--communes", type=int, default=350)
    parser.add_argument("--offers", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    throwaway = common.setup_django_or_throwaway()
    from django.db import connection  # needs the settings chosen above

    with common.rolled_back(throwaway):
        household, user, rows = build(args.families, args.communes, args.offers)
        timings, cpu, context = measure(household, user, args.runs)
    first = context["recommendations"][0]
    print(f"database: {connection.vendor}")
    print(
        f"hiring rows: {rows} · communes: {args.communes} per département · offers: {args.offers}"
    )
    print(f"first: {first.place.name} ({first.place.code}) · {' ; '.join(first.reasons)}")
    print(f"min {min(timings):.1f} ms · max {max(timings):.1f} ms")
    print(f"median CPU time: {statistics.median(cpu):.1f} ms")
    print(f"median: {statistics.median(timings):.1f} ms over {args.runs} runs")


if __name__ == "__main__":
    main()
