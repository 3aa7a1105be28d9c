"""Ranking 5,000 open offers against one household: median time of offers_for_household().

    DEBUG=true .venv/bin/python benchmarks/matching.py [--offers 5000] [--runs 15]

Without DATABASE_URL the data goes into a throwaway SQLite file that is migrated first and
deleted afterwards. With DATABASE_URL (an already migrated database, PostgreSQL for instance)
everything is written inside a transaction that is rolled back at the end.
"""

import argparse
import datetime
import random
import statistics

import common  # puts the project on sys.path


def build(n_offers: int):
    """One household of four with a plan on two regions, and n open offers in those regions."""
    # The project's modules load only after django.setup() in common.setup_django_or_throwaway().
    from accounts.models import Membership, Role, Site, User
    from households.models import DrivingLicence, Relation
    from households.services import household_create, person_add
    from mobility_plans.models import Lever, MobilityPlan, PlanTarget
    from partners.models import Offer, OfferKind, Partner, PartnerKind
    from territories.models import Departement

    rng = random.Random(42)  # the same data on every run
    site = Site.objects.create(name="Bench", code="bench")
    user = User.objects.create(username="bench")
    Membership.objects.create(user=user, site=site, role=Role.SOCIAL_WORKER)
    household = household_create(by=user, site=site, referral_date=datetime.date(2026, 1, 5))
    people = [
        ("Amina", Relation.HEAD, datetime.date(1988, 4, 2), "A2", DrivingLicence.FOREIGN),
        ("Karim", Relation.SPOUSE, datetime.date(1986, 9, 12), "B1", DrivingLicence.NONE),
        ("Sara", Relation.CHILD, datetime.date(2015, 1, 20), "", ""),
        ("Yanis", Relation.CHILD, datetime.date(2019, 6, 1), "", ""),
    ]
    for first, relation, born, level, licence in people:
        person_add(
            household=household,
            by=user,
            first_name=first,
            last_name="Bench",
            sex="X",
            birth_date=born,
            relation=relation,
            french_level=level,
            driving_licence=licence,
        )
    # Built directly: the benchmark measures matching, not the plan rules.
    plan = MobilityPlan.objects.create(household=household, lever=Lever.EMPLOYMENT, created_by=user)
    PlanTarget.objects.create(plan=plan, region_id="84", departement_id="38", preference=1)
    PlanTarget.objects.create(plan=plan, region_id="53", preference=2)
    departements = list(Departement.objects.filter(region_id__in=["84", "53"]))
    partners = Partner.objects.bulk_create(
        Partner(
            name=f"Partenaire {i}",
            kind=rng.choice(PartnerKind.values),
            departement=rng.choice(departements),
            search_name=f"partenaire {i}",
        )
        for i in range(250)
    )
    levels = ["", "", "A1", "A2", "B1", "B2"]
    offers = []
    for i in range(n_offers):
        kind = rng.choice(OfferKind.values)
        offers.append(
            Offer(
                partner=rng.choice(partners),
                kind=kind,
                title=f"Offre {i}",
                departement=rng.choice(departements),
                commune="Commune",
                starts_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randint(0, 400)),
                capacity=rng.randint(1, 7) if kind == OfferKind.HOUSING else None,
                french_level_required=rng.choice(levels),
                driving_licence_required=rng.random() < 0.3,
            )
        )
    Offer.objects.bulk_create(offers, batch_size=1000)
    return household


def measure(household, runs: int) -> tuple[list[float], list[float], int]:
    from partners.matching import offers_for_household  # loads only after django.setup()

    timings, cpu, (_plan, matches) = common.wall_and_cpu(
        lambda: offers_for_household(household=household), runs
    )
    return timings, cpu, len(matches)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    throwaway = common.setup_django_or_throwaway()
    from django.db import connection  # needs the settings chosen above

    with common.rolled_back(throwaway):
        household = build(args.offers)
        timings, cpu, ranked = measure(household, args.runs)
    print(f"database: {connection.vendor}")
    print(f"offers ranked: {ranked} (over {args.runs} runs)")
    print(f"min {min(timings):.1f} ms · max {max(timings):.1f} ms")
    # CPU time of this process: what the ranking costs when the machine is busy elsewhere
    # (with SQLite it includes the query; with PostgreSQL the server's share is left out).
    print(f"median CPU time: {statistics.median(cpu):.1f} ms")
    print(f"median: {statistics.median(timings):.1f} ms")


if __name__ == "__main__":
    main()
