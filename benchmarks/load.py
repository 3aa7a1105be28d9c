"""The load test: prepares logins on the benchmark database, runs locust headless against a
running server, prints p50/p95/p99 per page and the errors.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdf_bench_100k DEBUG=true \\
        .venv/bin/python benchmarks/load.py --base-url http://127.0.0.1:8000 \\
        [--users 30] [--spawn-rate 5] [--run-time 3m] [--out var/load] [--prepare-only]

DATABASE_URL names the database the server uses (the 100,000-household data set of
benchmarks/generate.py). The preparation gives a known password to generated social workers
and coordinators, and creates directors (`bench.load.director1`…) with a TOTP device of a
known key, so that each simulated director types the current code at login as a person would.
It picks, for each simulated user, what it works on: a social worker's households, the
surnames to search, the "other" interviews to correct (never two users on the same one);
a coordinator's past workshops and registrations recorded absent, to record again.

The scenario is benchmarks/locustfile.py (30 users, 1–3 s think time). The statistics are
locust's CSV files under --out; the table printed is the one of benchmarks/README.md, with
the machine's load average over the run and what became of the reports requested.
"""

import argparse
import csv
import datetime
import itertools
import json
import os
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path

import common

HERE = Path(__file__).resolve().parent
PASSWORD = "charge-essai-Q7v2-benchmark"  # noqa: S105  benchmark databases only
DIRECTOR_PREFIX = "bench.load.director"
SOCIAL_WORKERS, COORDINATORS, DIRECTORS = 20, 5, 5  # the locustfile's 4:1:1 weights for 30


def _social_worker_slots(count: int) -> list[dict]:
    from accounts.models import Membership, Role, User
    from households.models import Household, Person
    from interviews.models import Interview, Kind

    by_site: dict[int, list[int]] = {}
    for user_id, site_id in (
        Membership.objects.filter(role=Role.SOCIAL_WORKER, user__is_active=True)
        .order_by("user_id")
        .values_list("user_id", "site_id")
    ):
        ids = by_site.setdefault(site_id, [])
        if user_id not in ids:
            ids.append(user_id)
    # The sites' workers in turn: the first of each site, then the second of each...
    order = [pk for row in itertools.zip_longest(*by_site.values()) for pk in row if pk]
    users = User.objects.in_bulk(order)
    accounts = []
    for user in (users[pk] for pk in dict.fromkeys(order)):
        households = list(
            Household.objects.filter(social_worker=user)
            .order_by("-referral_date")
            .values_list("pk", flat=True)[:200]
        )
        interviews = list(
            Interview.objects.filter(
                kind=Kind.OTHER,
                social_worker=user,
                household__social_worker=user,
                duration_minutes__isnull=False,
            )
            .order_by("-held_on", "-pk")
            .values_list("pk", flat=True)[: count * 10]
        )
        if households and interviews:
            surnames = sorted(
                set(
                    Person.objects.filter(household__in=households[:20]).values_list(
                        "last_name", flat=True
                    )
                )
            )
            accounts.append((user, households, interviews, surnames[:8]))
        if len(accounts) == count:
            break
    if not accounts:
        sys.exit("No social worker with households and interviews: is the data set generated?")
    slots = []
    for index in range(count):
        user, households, interviews, surnames = accounts[index % len(accounts)]
        share = len([i for i in range(count) if i % len(accounts) == index % len(accounts)])
        part = index // len(accounts)
        mine = interviews[part::share] or interviews[:1]
        slots.append(
            {
                "username": user.username,
                "households": households,
                "interviews": mine,
                "surnames": surnames,
            }
        )
    return slots


def _coordinator_slots(count: int) -> list[dict]:
    from accounts.models import Membership, Role, User
    from workshops.models import Attendance, RegistrationStatus, WorkshopRegistration

    today = common.today()
    slots = []
    for user in User.objects.filter(
        pk__in=Membership.objects.filter(role=Role.COORDINATOR).values("user_id"), is_active=True
    ).order_by("pk"):
        sites = Membership.objects.filter(user=user, role=Role.COORDINATOR).values("site_id")
        rows = list(
            WorkshopRegistration.objects.filter(
                workshop__site__in=sites,
                workshop__cancelled_at__isnull=True,
                workshop__date__lte=today,
                workshop__date__gte=today - datetime.timedelta(days=365),
                status=RegistrationStatus.REGISTERED,
                attendance=Attendance.ABSENT,
            )
            .order_by("-workshop__date", "pk")
            .values_list("workshop_id", "pk", "attendance")[:20]
        )
        if rows:
            slots.append({"username": user.username, "registrations": [list(r) for r in rows]})
        if len(slots) == count:
            break
    if not slots:
        sys.exit("No coordinator with a past workshop's absences in the last year.")
    return slots


def _director_slots(count: int) -> list[dict]:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import Membership, Role, Site, User

    site = Site.objects.order_by("pk").first()
    slots = []
    for number in range(1, count + 1):
        user, _created = User.objects.get_or_create(
            username=f"{DIRECTOR_PREFIX}{number}",
            defaults={"first_name": "Load", "last_name": f"Director {number}"},
        )
        Membership.objects.get_or_create(user=user, site=site, role=Role.DIRECTOR)
        TOTPDevice.objects.filter(user=user).delete()
        key = secrets.token_hex(20)
        TOTPDevice.objects.create(user=user, name="authenticator", key=key, confirmed=True)
        slots.append({"username": user.username, "totp_key": key})
    return slots


def prepare(*, social_workers: int, coordinators: int, directors: int) -> dict:
    """The plan the locustfile reads; known passwords on every account it names."""
    from accounts.models import User

    year = common.last_full_year()
    plan = {
        "password": PASSWORD,
        "years": [year, year - 1, year - 2],
        "social_workers": _social_worker_slots(social_workers),
        "coordinators": _coordinator_slots(coordinators),
        "directors": _director_slots(directors),
    }
    names = {slot["username"] for role in ("social_workers", "coordinators", "directors")
             for slot in plan[role]}  # fmt: skip
    for user in User.objects.filter(username__in=names):
        user.set_password(PASSWORD)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
    try:
        from axes.utils import reset

        for name in names:
            reset(username=name)
    except Exception as error:  # a lockout store out of reach only warns
        print(f"warning: login failures not reset ({error})")
    return plan


class LoadAverage(threading.Thread):
    """Samples the machine's 1-minute load average every 10 s while locust runs."""

    def __init__(self):
        super().__init__(daemon=True)
        self.samples: list[float] = []
        self.done = threading.Event()

    def run(self):
        while not self.done.wait(10):
            self.samples.append(os.getloadavg()[0])

    def summary(self) -> str:
        values = self.samples or [os.getloadavg()[0]]
        mean = sum(values) / len(values)
        return f"{min(values):.1f}–{max(values):.1f} (mean {mean:.1f})"


def run_locust(args, plan_path: Path, prefix: Path) -> int:
    command = [
        sys.executable, "-m", "locust", "-f", str(HERE / "locustfile.py"), "--headless",
        "--users", str(args.users), "--spawn-rate", str(args.spawn_rate),
        "--run-time", args.run_time, "--host", args.base_url.rstrip("/"),
        "--csv", str(prefix), "--only-summary",
    ]  # fmt: skip
    env = {**os.environ, "LOAD_PLAN": str(plan_path), "LOAD_REPORT_EVERY": str(args.report_every)}
    return subprocess.run(command, env=env, check=False).returncode  # noqa: S603


def print_stats(prefix: Path) -> None:
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    print()
    print("| page | requests | errors | p50 | p95 | p99 |")
    print("|---|---|---|---|---|---|")
    for row in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        name = "**all**" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
        print(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} "
            f"| {row['50%']} ms | {row['95%']} ms | {row['99%']} ms |"
        )
    with open(f"{prefix}_failures.csv", newline="", encoding="utf-8") as handle:
        failures = list(csv.DictReader(handle))
    for row in failures:
        print(f"error: {row['Method']} {row['Name']}: {row['Error']} ×{row['Occurrences']}")


def print_reports(since: datetime.datetime, wait: int) -> None:
    """What became of the reports the directors requested, once the worker had `wait` s."""
    from django.db.models import Count

    from reporting.models import Report

    reports = Report.objects.filter(
        requested_by__username__startswith=DIRECTOR_PREFIX, created_at__gte=since
    )
    deadline = time.monotonic() + wait
    while reports.exclude(status__in=("done", "failed")).exists() and time.monotonic() < deadline:
        time.sleep(5)
    counts = dict(reports.values_list("status").annotate(n=Count("pk")))
    print(f"reports requested  {sum(counts.values())} ({counts or 'none'})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--run-time", default="3m")
    parser.add_argument("--report-every", type=int, default=60, help="seconds between reports")
    parser.add_argument("--report-wait", type=int, default=180, help="for the worker, seconds")
    parser.add_argument("--out", default=str(HERE.parent / "var" / "load"))
    parser.add_argument("--prepare-only", action="store_true")
    args = parser.parse_args()
    common.setup_django()
    from django.utils import timezone

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    plan = prepare(social_workers=SOCIAL_WORKERS, coordinators=COORDINATORS, directors=DIRECTORS)
    plan_path = out / "plan.json"
    plan_path.write_text(json.dumps(plan, indent=1), encoding="utf-8")
    sizes = {role: len(plan[role]) for role in ("social_workers", "coordinators", "directors")}
    print(f"plan               {plan_path}: {sizes}")
    if args.prepare_only:
        return
    since = timezone.now()
    load = LoadAverage()
    load.start()
    began = time.monotonic()
    code = run_locust(args, plan_path, out / "load")
    load.done.set()
    print(f"machine            {common.machine()}")
    print(f"run                {args.users} users, {time.monotonic() - began:.0f} s, "
          f"{args.base_url}; load average {load.summary()}; locust exit code {code}")  # fmt: skip
    print_stats(out / "load")
    print_reports(since, args.report_wait)


if __name__ == "__main__":
    main()
