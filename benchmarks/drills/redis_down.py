"""Drill: Redis down. Pages keep working, a report request says clearly that it could not be
started and is kept, and everything works again once Redis is back.

Starts its own redis-server on a free port (never the shared one) and a throwaway PostgreSQL
cluster with the demo data, serves the app with gunicorn and runs one Celery worker of every
queue against them, then: a report requested with Redis up is built; Redis is killed (SIGKILL);
the login page, a sign-in, the household list and a household's page are asked for; a report
is requested and its answer read; Redis is started again on the same port; the failed report
is retried through its button and built by the worker. Prints each step's status and time.

    .venv/bin/python benchmarks/drills/redis_down.py
"""

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Run as a script: the drills' folder holds common.py.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    DEMO_PASSWORD,
    ROOT,
    VENV_BIN,
    Browser,
    Cluster,
    app_env,
    free_port,
    gunicorn,
    stop_group,
    wait_for_port,
)

COORDINATOR = "coordination"  # of the demo data: requests reports, no second factor
QUEUES = "default,reports,imports,mail"
# The message of the request page, French and English (reporting/views.py _requested).
NOT_BUILT = ("n’a pas pu être produit", "could not be built")
WAIT = 90


def redis_start(port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    wait_for_port(port)
    return process


def redis_kill(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


@contextlib.contextmanager
def worker(env: dict):
    log = tempfile.NamedTemporaryFile(  # noqa: SIM115  closed below
        mode="w+", prefix="drill-worker-", suffix=".log", delete=False
    )
    process = subprocess.Popen(
        [str(VENV_BIN / "celery"), "-A", "clefdefrance", "worker", "--pool=solo", "-Q", QUEUES],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield Path(log.name)
    finally:
        stop_group(process)
        log.close()


def timed(what: str, call):
    started = time.monotonic()
    status, page, _headers = call()
    print(f"  {what}: {status} in {time.monotonic() - started:.2f} s")
    return status, page


def report_rows(cluster: Cluster) -> list[list[str]]:
    return cluster.sql("SELECT id, status, left(error, 90) FROM reporting_report ORDER BY id")


def wait_report(cluster: Cluster, report_id: str, statuses=("done", "failed")) -> str:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        query = f"SELECT status FROM reporting_report WHERE id = {int(report_id)}"  # noqa: S608
        (status,) = cluster.sql(query)[0]
        if status in statuses:
            return status
        time.sleep(0.5)
    return "still " + status


def pages(browser: Browser, household: str) -> list[int]:
    visitor = Browser(browser.base)
    answers = [
        timed("login page", lambda: visitor.get("/accounts/login/"))[0],
        timed("sign-in", lambda: (visitor.login(COORDINATOR, DEMO_PASSWORD), "", {}))[0],
        timed("household list", lambda: browser.get("/households/"))[0],
        timed("household page", lambda: browser.get(f"/households/{household}/"))[0],
    ]
    return answers


def request_report(browser: Browser, year: int) -> tuple[int, str, dict]:
    """Post the form, then read the page it sends back to (its message)."""
    status, page, headers = browser.post("/reporting/reports/", {"year": str(year)})
    if status != 302:
        return status, page, headers
    return browser.get(headers.get("Location", "/reporting/reports/"))


def drill(cluster: Cluster, redis_port: int, base: str, redis: subprocess.Popen) -> dict:
    results = {}
    browser = Browser(base)
    assert browser.login(COORDINATOR, DEMO_PASSWORD) == 302, "the coordinator could not log in"
    household = cluster.sql("SELECT min(id) FROM households_household")[0][0]

    print("Redis up:")
    results["pages up"] = pages(browser, household)
    status, _page = timed("report request", lambda: request_report(browser, 2025))
    first = report_rows(cluster)[-1][0]
    results["report up"] = (status, wait_report(cluster, first))
    print(f"  report {first}: {results['report up'][1]}")

    redis_kill(redis)
    print("Redis killed:")
    results["pages down"] = pages(browser, household)
    status, page = timed("report request", lambda: request_report(browser, 2024))
    rows = report_rows(cluster)
    second = rows[-1]
    results["report down"] = (status, any(m in page for m in NOT_BUILT), second)
    print(f"  the page says it could not be built: {results['report down'][1]}")
    print(f"  report {second[0]} kept: status {second[1]}, reason: {second[2]}")

    redis = redis_start(redis_port)
    print("Redis started again:")
    time.sleep(2)  # the worker reconnects on its own
    results["pages back"] = pages(browser, household)
    timed("retry", lambda: browser.post(f"/reporting/reports/{second[0]}/retry/", {}))
    results["report back"] = wait_report(cluster, second[0])
    print(f"  report {second[0]} after its retry: {results['report back']}")
    results["reports"] = len(report_rows(cluster))
    print(f"  reports in the database: {results['reports']} (two requested)")
    return results, redis


def main() -> None:
    redis_port = free_port()
    redis = redis_start(redis_port)
    try:
        with Cluster("cdfdrillredis") as cluster:
            env = app_env(DATABASE_URL=cluster.url, REDIS_URL=f"redis://127.0.0.1:{redis_port}/0")
            cluster.fill(env)
            with worker(env) as worker_log, gunicorn(env) as (base, log):
                results, redis = drill(cluster, redis_port, base, redis)
                print(f"gunicorn log: {log}\nworker log: {worker_log}")
    finally:
        redis_kill(redis)
    ok = (
        set(results["pages down"]) == {200, 302}
        and results["report down"][1]
        and results["report back"] == "done"
        and results["reports"] == 2
    )
    print("RESULT:", "pass" if ok else "FAIL")


if __name__ == "__main__":
    main()
