"""What the benchmarks share: Django set-up, a director to look through, the year measured, a
line describing the machine, and for the scripts that bring their own data (matching,
recommendations) a throwaway database and a transaction rolled back at the end.

The database of most is the one `generate.py` filled (DATABASE_URL, PostgreSQL).
"""

import datetime
import os
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The scripts run from benchmarks/: the project's packages must be importable before anything.
sys.path.insert(0, str(ROOT))

from core.dates import today  # noqa: E402  needs the project root on sys.path (above)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cdf_bench"


def setup_django() -> None:
    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        sys.exit("These benchmarks run on the PostgreSQL database filled by generate.py.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clefdefrance.settings")
    import django

    django.setup()
    from households.models import Household

    if not Household.objects.exists():
        sys.exit("The database is empty: run benchmarks/generate.py first.")


def setup_django_or_throwaway() -> str | None:
    """Django on DATABASE_URL (an already migrated database), or without it on a throwaway
    SQLite file migrated here; returns that file, for rolled_back() to delete."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clefdefrance.settings")
    throwaway = None
    if not os.environ.get("DATABASE_URL"):
        handle, throwaway = tempfile.mkstemp(prefix="cdf-bench-", suffix=".sqlite3")
        os.close(handle)
        os.environ["DATABASE_URL"] = f"sqlite:///{throwaway}"
    import django  # imported once the environment above chooses the database

    django.setup()
    if throwaway:
        from django.core.management import call_command  # needs the settings configured above

        call_command("migrate", verbosity=0)
    return throwaway


class _Rollback(Exception):
    pass


@contextmanager
def rolled_back(throwaway: str | None):
    """Everything written inside is rolled back at the end; the throwaway file is deleted."""
    from django.db import connection, transaction  # needs the settings chosen above

    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass
    finally:
        if throwaway:
            connection.close()
            Path(throwaway).unlink(missing_ok=True)


def wall_and_cpu(fn, runs: int) -> tuple[list[float], list[float], object]:
    """Milliseconds of wall time and of this process's CPU time of each of `runs` calls after
    one untimed warm-up (translations, templates, the ORM), and the last result."""
    result = fn()
    timings, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return timings, cpu, result


def director():
    """A director (reads every site), created on first use."""
    from accounts.models import Membership, Role, Site, User

    user, _created = User.objects.get_or_create(
        username="bench.director", defaults={"first_name": "Bench", "last_name": "Director"}
    )
    site = Site.objects.order_by("pk").first()
    Membership.objects.get_or_create(user=user, site=site, role=Role.DIRECTOR)
    return user


def last_full_year() -> int:

    return today().year - 1


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def timed(fn, runs: int, warm_up: int = 1) -> tuple[list[float], object]:
    """Seconds of each of `runs` calls after `warm_up` untimed ones, and the last result."""
    result = None
    for _ in range(warm_up):
        result = fn()
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        result = fn()
        timings.append(time.perf_counter() - began)
    return timings, result


def median(values) -> float:
    return statistics.median(values)


def machine() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    load = os.getloadavg()[0]
    return (
        f"{os.cpu_count()} CPUs, PostgreSQL {version.split()[0]}, "
        f"{datetime.date.today():%Y-%m-%d}, load average {load:.1f}"
    )


def verified_login(client, user) -> None:
    """Logs `user` in on the test Client with a verified second factor (directors reach no
    page without one): a confirmed TOTP device of theirs, as django_otp.login() keeps it."""
    import time

    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.two_factor import SECOND_FACTOR_AT_KEY

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="benchmark", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[SECOND_FACTOR_AT_KEY] = time.time()
    session.save()
