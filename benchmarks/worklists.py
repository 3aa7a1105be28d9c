"""The work lists on the 100,000-household database: queries and time per page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdf_bench DEBUG=true \\
        .venv/bin/python benchmarks/worklists.py [--runs 7]

Opens with Django's test Client the social worker's home (their caseload), the coordinator's
home ("/", which shows their sites' overview), the site overview page itself and a page of
the late list behind it, as the generated social worker with the biggest active caseload and
the coordinator of the most sites (the most active households as tie-break). Prints the
queries of one request (CaptureQueriesContext) and the median and fastest server time of
`--runs` requests after a warm-up.
"""

import argparse
import time

import common


def busiest_social_worker():
    """The social worker holding the most active households."""
    from django.db.models import Count, Q

    from accounts.models import Role, User
    from followups.selectors import INACTIVE

    return (
        User.objects.filter(is_active=True, memberships__role=Role.SOCIAL_WORKER)
        .annotate(
            active=Count(
                "caseload",
                filter=~Q(caseload__status__in=INACTIVE),
                distinct=True,
            )
        )
        .order_by("-active", "pk")
        .first()
    )


def busiest_coordinator():
    """The coordinator of the most sites, then of the most active households."""
    from django.db.models import Count, Q

    from accounts.models import Role, User
    from followups.selectors import INACTIVE

    coordinated = Q(memberships__role=Role.COORDINATOR)
    return (
        User.objects.filter(is_active=True)
        .filter(coordinated)
        .annotate(
            sites=Count("memberships__site", filter=coordinated, distinct=True),
            active=Count(
                "memberships__site__households",
                filter=coordinated & ~Q(memberships__site__households__status__in=INACTIVE),
                distinct=True,
            ),
        )
        .order_by("-sites", "-active", "pk")
        .first()
    )


def measure(client, url: str, runs: int) -> tuple[int, float, float]:
    """Queries of one request, median and fastest milliseconds of `runs` after a warm-up."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up: templates, translations, the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    count = len(queries)  # now: the next request empties the connection's query log
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - began) * 1000)
    return count, common.median(timings), min(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    common.setup_django()
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from followups.selectors import caseload_households, coordinated_site_ids

    setup_test_environment()  # lets the test Client's "testserver" host in
    worker = busiest_social_worker()
    coordinator = busiest_coordinator()
    print(f"machine            {common.machine()}")
    print(f"social worker      {worker.username}: {worker.active} active households")
    print(
        f"coordinator        {coordinator.username}: "
        f"{len(coordinated_site_ids(user=coordinator))} site(s), "
        f"{coordinator.active} active households, "
        f"own caseload {caseload_households(user=coordinator).count()}"
    )
    pages = [
        ("social worker home", worker, reverse("home")),
        ("coordinator home", coordinator, reverse("home")),
        ("site overview", coordinator, reverse("followups:site_overview")),
        ("late list, page 2", coordinator, f"{reverse('followups:late')}?page=2"),
    ]
    for label, user, url in pages:
        client = Client()
        client.force_login(user)
        queries, median, fastest = measure(client, url, args.runs)
        print(
            f"{label:<18} {url:<18} {queries:3d} queries  median {median:6.0f} ms"
            f"  fastest {fastest:6.0f} ms  ({args.runs} runs)"
        )


if __name__ == "__main__":
    main()
