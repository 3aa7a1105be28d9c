"""Time `generate_dataset` for 100,000 households into a fresh PostgreSQL database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdf_bench DEBUG=true \\
        .venv/bin/python benchmarks/generate.py [--households 100000] [--seed 1]

The database named in DATABASE_URL is dropped, created again and migrated first, then filled;
it is left in place for the other benchmarks (indicators, export, report_pdf, dashboard).
Target: under 10 minutes for 100,000 households.
"""

import argparse
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cdf_bench"


def recreate_database(url: str) -> None:
    """Drop and create the database of `url`, connected to the server's "postgres" database."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.startswith("cdf_bench"):
        sys.exit(f"Refusing to drop {name!r}: benchmark databases are named cdf_bench*.")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        sys.exit("This benchmark measures PostgreSQL: set DATABASE_URL=postgres://…/cdf_bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clefdefrance.settings")
    recreate_database(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter() - began

    began = time.perf_counter()
    call_command("generate_dataset", households=args.households, seed=args.seed)
    generated = time.perf_counter() - began

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
    print()
    print(f"database          {connection.settings_dict['NAME']} ({size})")
    print(f"migrate           {migrated:8.1f} s")
    print(
        f"generate_dataset  {generated:8.1f} s  ({args.households:,} households, seed {args.seed})"
    )
    print(f"target            {'met' if generated < 600 else 'MISSED'} (under 600 s)")


if __name__ == "__main__":
    main()
