"""The auditor's control pack of the biggest grant, built as an auditor-like director would.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/clefdefrance_ds DEBUG=true \\
        .venv/bin/python benchmarks/control_pack.py [--grant REF] [--year YYYY]

Renders the registered "control_pack" exporter (reporting.exporters.EXPORTERS) for one grant
over its whole period (or one year of it): the biggest grant of the database by default, the
one whose sites hold the most households, or the grant whose agreement reference is given.
The ZIP goes to a temporary file, as in the report task. Prints the beneficiaries, the files
of the ZIP, its size, the queries and the seconds. Everything written (the director login the
benchmarks look through) is rolled back. Target: under 60 s for 10,000 beneficiaries.
"""

import argparse
import time
import zipfile

import common


def biggest_grant():
    from django.db.models import Count, IntegerField, OuterRef, Subquery

    from funding.models import Grant
    from households.models import Household

    households = (
        Household.objects.filter(site__grants=OuterRef("pk"))
        .order_by()
        .values("site__grants")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Grant.objects.select_related("funder")
        .annotate(households=Subquery(households, output_field=IntegerField()))
        .order_by("-households", "pk")
        .first()
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grant", help="agreement reference of the grant (default: biggest)")
    parser.add_argument("--year", type=int, help="one year of the grant (default: all of it)")
    options = parser.parse_args()
    common.setup_django()
    from django.conf import settings
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from funding.beneficiaries import clip_period, grant_beneficiaries
    from funding.models import Grant
    from reporting.exporters import EXPORTERS

    settings.DEBUG = False
    with transaction.atomic():
        user = common.director()
        if options.grant:
            grant = Grant.objects.filter(agreement_reference=options.grant).first()
            if grant is None:
                raise SystemExit(f"No grant {options.grant!r}.")
        else:
            grant = biggest_grant()
            if grant is None:
                raise SystemExit("No grant in the database.")
        params = {"grant": grant.pk}
        if options.year:
            params["year"] = options.year
        start, end = clip_period(
            grant,
            *(
                (common.year_bounds(options.year)[0], common.year_bounds(options.year)[1])
                if options.year
                else (None, None)
            ),
        )
        beneficiaries = len(grant_beneficiaries(grant, start, end))
        exporter = EXPORTERS["control_pack"]()
        began = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            filename, _mimetype, content = exporter.render(params, user)
        seconds = time.perf_counter() - began
        with content:
            content.seek(0, 2)
            size = content.tell()
            content.seek(0)
            files = len(zipfile.ZipFile(content).namelist())
        transaction.set_rollback(True)
    print(f"grant {grant.agreement_reference}, {start} → {end}: {filename}")
    print(
        f"{beneficiaries} beneficiaries, {files} files, {size / 1e6:.1f} MB, "
        f"{len(queries)} queries, {seconds:.1f} s"
    )
    print(common.machine())


if __name__ == "__main__":
    main()
