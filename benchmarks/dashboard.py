"""The director's dashboard on the 100,000-household database: queries and time per page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdf_bench DEBUG=true \\
        .venv/bin/python benchmarks/dashboard.py

Opens the dashboard with Django's test Client as a director, for an early year (few cases),
the last full year, one site only and the "since the programme began" mode, counting queries
with CaptureQueriesContext. The number must not depend on the amount of data.
"""

import time

import common


def main() -> None:
    common.setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    from accounts.models import Site

    setup_test_environment()  # lets the test Client's "testserver" host in
    client = Client()
    client.force_login(common.director())
    url = reverse("reporting:dashboard")
    year = common.last_full_year()
    site = Site.objects.order_by("pk").first()
    cases = [
        (f"year {year - 18}", {"year": year - 18}),
        (f"year {year}", {"year": year}),
        (f"year {year}, site {site.code}", {"year": year, "sites": site.pk}),
        (f"since the programme began to {year}", {"year": year, "cumulative": "on"}),
    ]
    client.get(url, {"year": year})  # warm-up: templates, translations
    print(f"machine            {common.machine()}")
    counts = set()
    for label, params in cases:
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            response = client.get(url, params)
            elapsed = time.perf_counter() - began
        assert response.status_code == 200, response.status_code
        counts.add(len(queries))
        print(f"{label:<40} {len(queries):3d} queries  {elapsed * 1000:7.0f} ms")
    print(f"constant           {'yes' if len(counts) == 1 else f'NO: {sorted(counts)}'}")


if __name__ == "__main__":
    main()
