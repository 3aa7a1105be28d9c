"""Time the import of a file of past cases (history_import) for 10,000 households on PostgreSQL.

    SECRET_KEY=bench-only-key .venv/bin/python benchmarks/import_history.py \\
        [--households 10000] [--seed 1] [--keep] [--profile] [--url postgres://…/cdf_bench_import]

The script drops and creates its own PostgreSQL database (`cdf_bench_import` on the local
server unless --url names another one starting with `cdf_bench_import`: the 100,000-household
`cdf_bench` of the other benchmarks is never touched), migrates it, creates a site, its
coordinator and six social workers, then:

1. writes a CSV file of N households under the template's headings (seeded, not timed);
2. times the dry run, `import_preview()` (read, type and judge every row; writes nothing);
3. times `import_file(dry_run=False)`, what the management command does: `import_execute()`,
   which checks the file and writes every case in one transaction; the queries are counted,
   the writer's own (from its first query, on the partner directory, to its last row) apart;
4. times the same file imported a second time (every case already imported: nothing written).

The database is dropped at the end unless --keep. Uploaded files go to a temporary MEDIA_ROOT.
Target: 10,000 households imported in under 60 s.
"""

import argparse
import cProfile
import io
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from history_file import WORKERS, case_file  # noqa: E402  (beside this script)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cdf_bench_import"
TARGET_SECONDS = 60
FILE_NAME = "historique.csv"

# --- The database -------------------------------------------------------------------------------


def recreate_database(url: str) -> None:
    """Drop and create the database of `url`, connected to the server's "postgres" database."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(url: str) -> None:
    import psycopg
    from django.db import connections
    from psycopg import sql

    connections.close_all()
    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(parts.path.lstrip("/"))
            )
        )


def staff():
    """The site, its coordinator (who imports) and the social workers the file names."""
    from accounts.models import Membership, Role, Site, User

    site = Site.objects.create(name="Bench import", code="bench-import")
    coordinator = User.objects.create(
        username="bench.coordinator", first_name="Bench", last_name="Coordinator"
    )
    Membership.objects.create(user=coordinator, site=site, role=Role.COORDINATOR)
    for username in WORKERS:
        worker = User.objects.create(username=username, email=f"{username}@example.org")
        Membership.objects.create(user=worker, site=site, role=Role.SOCIAL_WORKER)
    return site, coordinator


class Queries:
    """Counts the queries run through Django (start, seconds, statement's start), in order."""

    def __init__(self):
        self.log: list[tuple[float, float, str]] = []

    def __call__(self, execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.log.append((began, time.perf_counter() - began, sql[:200]))

    def writer(self) -> tuple[int, float, float]:
        """The writer's queries, their seconds in the database and its wall-clock seconds.

        Writer.write() starts by reading the partner directory, which no check reads, and
        ends with the last statement before the ImportRun is saved imported.
        """
        first = next(
            (i for i, (_t, _d, sql) in enumerate(self.log) if '"partners_partner"' in sql), None
        )
        if first is None:
            return 0, 0.0, 0.0
        last = max(
            i for i, (_t, _d, sql) in enumerate(self.log) if "history_import_importrun" not in sql
        )
        chosen = self.log[first : last + 1]
        wall = chosen[-1][0] + chosen[-1][1] - chosen[0][0]
        return len(chosen), sum(d for _t, d, _s in chosen), wall

    def writes(self) -> int:
        return sum(1 for _t, _d, sql in self.log if sql.lstrip().upper().startswith("INSERT"))


def counts() -> dict[str, int]:
    from followups.models import FollowUp
    from funding.models import EligibilityEvidence
    from households.models import Household, Person, StatusChange
    from interviews.models import Interview
    from mobility_plans.models import MobilityPlan, Relocation
    from workshops.models import Workshop, WorkshopRegistration

    models = (
        Household,
        Person,
        StatusChange,
        Workshop,
        WorkshopRegistration,
        Interview,
        MobilityPlan,
        Relocation,
        FollowUp,
        EligibilityEvidence,
    )
    found = {model._meta.verbose_name_plural: model.objects.count() for model in models}
    found["history (households)"] = Household.history.count()
    found["history (persons)"] = Person.history.count()
    return found


class Clock:
    """Wall-clock and CPU seconds of this process (the machine is often shared), and the load."""

    def __enter__(self):
        self.began, self.began_cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.began
        self.cpu = time.process_time() - self.began_cpu
        self.load = os.getloadavg()[0]

    def __str__(self) -> str:
        return f"{self.wall:8.1f} s  (CPU {self.cpu:.1f} s, load {self.load:.1f})"


def profiled(fn, top: int):
    profile = cProfile.Profile()
    result = profile.runcall(fn)
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    print(out.getvalue())
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--url", default=DEFAULT_URL, help="a PostgreSQL cdf_bench_import* URL")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--profile", action="store_true", help="cProfile dry run and import")
    parser.add_argument("--top", type=int, default=30, help="profile lines shown")
    args = parser.parse_args()

    name = urlsplit(args.url).path.lstrip("/")
    if not args.url.startswith("postgres") or not name.startswith("cdf_bench_import"):
        sys.exit("Refusing: this benchmark drops its database, named cdf_bench_import*.")
    # Its own database whatever the shell exports (DATABASE_URL often names cdf_bench).
    os.environ["DATABASE_URL"] = args.url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clefdefrance.settings")
    media = tempfile.mkdtemp(prefix="cdf-bench-import-media-")
    os.environ["MEDIA_ROOT"] = media
    recreate_database(args.url)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import translation

    from core.dates import today
    from history_import.preview import import_preview
    from history_import.services import import_file

    translation.activate(settings.LANGUAGE_CODE)
    try:
        with Clock() as migrated:
            call_command("migrate", verbosity=0)
        site, coordinator = staff()

        with Clock() as generated:
            data, made = case_file(args.households, args.seed, today())
        megabytes = len(data) / (1024 * 1024)
        if megabytes > settings.MAX_UPLOAD_MB:
            print(f"note: {megabytes:.1f} MB, over MAX_UPLOAD_MB={settings.MAX_UPLOAD_MB}")

        queries = Queries()

        def dry_run():
            return import_preview(data, name=FILE_NAME, site=site, user=coordinator)

        with connection.execute_wrapper(queries), Clock() as checked:
            preview = profiled(dry_run, args.top) if args.profile else dry_run()
        check_queries = len(queries.log)
        if preview.errors:
            for error in preview.errors[:15]:
                print(f"row {error.row}, {error.column}: {error.message}")
            sys.exit(f"The generated file has {len(preview.errors)} errors: nothing imported.")

        def full():
            return import_file(data, name=FILE_NAME, site=site, by=coordinator, dry_run=False)

        queries = Queries()
        with connection.execute_wrapper(queries), Clock() as imported:
            run = profiled(full, args.top) if args.profile else full()
        if run.status != "imported":
            sys.exit(f"The import ended {run.status}: {run.failure or run.errors[:5]}")
        writer_queries, writer_db, writer_wall = queries.writer()
        import_queries, import_inserts = len(queries.log), queries.writes()
        written = run.summary.get("written", {})
        rows = counts()

        queries = Queries()
        with connection.execute_wrapper(queries), Clock() as reimported:
            again = import_file(data, name=FILE_NAME, site=site, by=coordinator, dry_run=False)
        created_again = sum(again.summary.get("written", {}).values())
        exists = sum(1 for case in again.cases if case["action"] == "exists")

        load = os.getloadavg()[0]
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0].split()[0]
    finally:
        shutil.rmtree(media, ignore_errors=True)
    if not args.keep:
        drop_database(args.url)

    print()
    print(
        f"machine            {os.cpu_count()} CPUs, PostgreSQL {version}, load average {load:.1f}"
    )
    print(
        f"database           {name} ({'kept' if args.keep else 'dropped'}), DEBUG={settings.DEBUG}"
    )
    print(f"migrate            {migrated}")
    print(
        f"file (not timed)   {generated.wall:8.1f} s  {made['rows']:,} rows, "
        f"{made['households']:,} households ({made['persons'] / made['households']:.2f} "
        f"persons each, {made['moved']:,} moved, {made['withdrawn']:,} withdrawn, "
        f"{made['closed']:,} closed), {megabytes:.1f} MB"
    )
    print(
        f"dry run            {checked}  import_preview: {preview.rows:,} rows, "
        f"{preview.summary['households']:,} households to create, {check_queries} queries"
    )
    print(
        f"import             {imported}  import_file(dry_run=False): check and "
        f"write; {import_queries} queries ({import_inserts} INSERT)"
    )
    print(
        f"  of which writing {writer_wall:8.1f} s  Writer.write: {writer_queries} queries, "
        f"{writer_db:.1f} s of them in the database"
    )
    print(f"re-import          {reimported}  {exists:,} cases already imported, "
          f"{created_again} rows created, {len(queries.log)} queries")  # fmt: skip
    print("written            " + ", ".join(f"{k} {v:,}" for k, v in sorted(written.items())))
    print("rows in database   " + ", ".join(f"{k} {v:,}" for k, v in rows.items()))
    verdict = "met" if imported.wall < TARGET_SECONDS else "MISSED"
    print(f"target             {verdict} (import under {TARGET_SECONDS} s: {imported.wall:.1f} s)")


if __name__ == "__main__":
    main()
