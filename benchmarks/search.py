"""The household search on a large database: time per query, and whether the index serves it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdf_bench_s DEBUG=true \\
        .venv/bin/python benchmarks/search.py [--runs 7] [--without-index] [--role director]

For queries taken from the data (a surname, a first name and surname, a partial reference, an
accented first name, a short word beside a longer one, a short word alone), opens the household
list with the search as a user of --role (a director, or a social worker or a coordinator
of the largest site) through Django's test Client, then times
`household_search()` on its own: its count and its first page, as the list runs them. Prints
the medians, the number of persons and how EXPLAIN ANALYZE reaches the rows (the trigram
index, the referral-date order or a sequential scan) for the count and for the page.

--without-index drops the index inside a transaction that is rolled back at the end: the
"before" figures, on the same data, leaving the database as it was.
"""

import argparse
import re

import common

INDEX = "households_household_search_trgm"
PAGE_SIZE = 25  # households.views.PAGE_SIZE
ROLES = ("director", "coordinator", "social_worker")


class RolledBack(Exception):
    pass


def queries() -> list[tuple[str, str]]:
    """(label, query) pairs built from a household in the middle of the data."""
    from households.models import Household, Person, Relation

    count = Household.objects.count()
    household = Household.objects.order_by("pk")[count // 2]
    head = household.members.filter(relation=Relation.HEAD).first() or household.members.first()
    accented = (
        Person.objects.filter(first_name="Hélène").first()
        or Person.objects.filter(first_name__regex=r"[éèêëàâîïôöûüç]").order_by("pk").first()
    )
    year, number = re.match(r".*-(\d{4})-(\d+)$", household.reference).groups()
    return [
        ("surname", head.last_name),
        ("first name + surname", f"{head.first_name} {head.last_name}"),
        ("partial reference", f"{year}-{number[:2]}"),
        ("whole reference", household.reference),
        ("accented first name", accented.first_name),
        ("short word + surname", f"{head.first_name[:2]} {head.last_name}"),
        ("short word alone", head.last_name[:2]),
    ]


def bench_user(role: str):
    """A director (common.director), or a user of that role at the site of most households."""
    from django.db.models import Count

    from accounts.models import Membership, Site, User

    if role == "director":
        return common.director()
    user, _created = User.objects.get_or_create(
        username=f"bench.{role}", defaults={"first_name": "Bench", "last_name": role}
    )
    site = Site.objects.annotate(n=Count("households")).order_by("-n").first()
    Membership.objects.get_or_create(user=user, site=site, role=role)
    return user


def access(plan: str) -> str:
    """How a plan reaches the households: the trigram index, the referral-date order (a page
    of many matches: the newest rows are read until 25 match), or a sequential scan."""
    if INDEX in plan:
        return "trigram"
    if "Seq Scan on households_household" in plan:
        return "SEQ SCAN"
    return "date order" if "referra" in plan else "other"


def plans(queryset) -> str:
    """EXPLAIN ANALYZE of the count (the filter alone) and of the first page."""
    count_plan = queryset.order_by().values("pk").explain(analyze=True)
    page_plan = queryset[:PAGE_SIZE].explain(analyze=True)
    return f"{access(count_plan)} / {access(page_plan)}"


def measure(runs: int, role: str) -> None:
    from django.template import Template
    from django.test import Client, utils
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from households.models import Household, Person
    from households.selectors import household_list, household_search

    setup_test_environment()  # lets the test Client's "testserver" host in
    # ...but a served page renders its templates without the test instrumentation (a copy of
    # the context sent for every template and option), which would triple the rendering time.
    Template._render = utils._TestState.saved_data.template_render
    director = bench_user(role)
    client = Client()
    common.verified_login(client, director)
    url = reverse("households:list")
    print(f"machine            {common.machine()}")
    print(f"as                 {role} ({director.username})")
    print(
        f"data               {Person.objects.count():,} persons "
        f"in {Household.objects.count():,} households"
    )
    print(
        f"{'query':<22} {'text':<26} {'found':>7} {'list page':>10} {'search':>8}"
        "  count / page plan"
    )
    for label, query in [("(no search)", ""), *queries()]:

        def search(query=query):
            rows = household_search(household_list(user=director), query)
            return rows.count(), list(rows[:PAGE_SIZE])

        def page(query=query):
            response = client.get(url, {"q": query})
            assert response.status_code == 200, response.status_code
            return response

        page_times, _response = common.timed(page, runs)
        search_times, (found, _rows) = common.timed(search, runs)
        plan = plans(household_search(household_list(user=director), query))
        print(
            f"{label:<22} {query[:26]:<26} {found:7,} "
            f"{common.median(page_times) * 1000:7.0f} ms "
            f"{common.median(search_times) * 1000:5.0f} ms  {plan}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--without-index", action="store_true")
    parser.add_argument("--role", choices=ROLES, default="director")
    args = parser.parse_args()
    common.setup_django()
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE households_household")
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [INDEX])
        present = cursor.fetchone() is not None
    if not args.without_index:
        print(f"trigram index      {'present' if present else 'ABSENT (migrate households)'}")
        measure(args.runs, args.role)
        return
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")
            print("trigram index      dropped for this run (rolled back at the end)")
            measure(args.runs, args.role)
            raise RolledBack
    except RolledBack:
        pass


if __name__ == "__main__":
    main()
