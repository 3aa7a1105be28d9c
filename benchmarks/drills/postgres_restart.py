"""Drill: PostgreSQL restarted under traffic. Requests fail cleanly (503, the French page), then
the app recovers by itself, without a restart.

Creates a throwaway cluster on a free port (pg_createcluster, run as root or postgres), migrates
and loads the demo data into it, serves the app with gunicorn (2 processes × 4 threads,
persistent connections: DB_CONN_MAX_AGE's default), and has a few threads ask, in a loop, for
a signed-in page (the household list) and the login page. In the middle the cluster is
stopped, left down for DOWN_SECONDS, and started again. Prints the answers by page and status,
how many 503 answers carried the French page, whether any 500 happened, and the time from the
database being back to the first good answer of each page. The cluster is dropped at the end.

    .venv/bin/python benchmarks/drills/postgres_restart.py
"""

import collections
import sys
import threading
import time
from pathlib import Path

# Run as a script: the drills' folder holds common.py.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    FRENCH_503,
    Browser,
    Cluster,
    app_env,
    gunicorn,
)

THREADS = 4
BEFORE_SECONDS = 5
DOWN_SECONDS = 4
AFTER_SECONDS = 8
PAGES = {"households (signed in)": "/households/", "login page": "/accounts/login/"}


class Traffic:
    def __init__(self, base: str):
        self.base = base
        self.answers: list[tuple[float, str, int, bool]] = []  # (time, page, status, french)
        self.lock = threading.Lock()
        self.stop = threading.Event()

    def ask(self, signed_in: Browser, visitor: Browser) -> None:
        while not self.stop.is_set():
            for label, path in PAGES.items():
                browser = signed_in if path == "/households/" else visitor
                try:
                    status, page, _headers = browser.get(path)
                except OSError:  # refused or timed out: no answer at all
                    status, page = 0, ""
                with self.lock:
                    self.answers.append((time.monotonic(), label, status, FRENCH_503 in page))
            time.sleep(0.05)


def drill(base: str, cluster: Cluster) -> dict:
    traffic = Traffic(base)
    browsers = []
    for _n in range(THREADS):
        signed_in = Browser(base)
        assert signed_in.login() == 302, "the demo social worker could not log in"
        browsers.append((signed_in, Browser(base)))
    threads = [threading.Thread(target=traffic.ask, args=pair) for pair in browsers]
    for thread in threads:
        thread.start()
    time.sleep(BEFORE_SECONDS)
    stopped = time.monotonic()
    cluster.ctl("stop", "-m", "fast")
    down = time.monotonic()
    time.sleep(DOWN_SECONDS)
    back = time.monotonic()  # the start is asked for; it answers before pg_ctlcluster returns
    cluster.ctl("start")
    started = time.monotonic()
    time.sleep(AFTER_SECONDS)
    traffic.stop.set()
    for thread in threads:
        thread.join()
    return {
        "answers": traffic.answers,
        "stopped": stopped,
        "back": back,
        "timings": (down - stopped, back - down, started - back),
    }


def summary(result: dict) -> None:
    answers, stopped, back = result["answers"], result["stopped"], result["back"]
    stopping, down, starting = result["timings"]
    print(
        f"stop took {stopping:.1f} s, down {down:.1f} s, start took {starting:.1f} s "
        "(times below are from the stop asked for, and from the start asked for)"
    )
    by_page = collections.defaultdict(collections.Counter)
    for _at, label, status, _french in answers:
        by_page[label][status] += 1
    for label, counts in by_page.items():
        shown = ", ".join(f"{status or 'no answer'}: {n}" for status, n in sorted(counts.items()))
        print(f"{label}: {sum(counts.values())} answers ({shown})")
    unavailable = [a for a in answers if a[2] == 503]
    print(
        f"503 answers: {len(unavailable)}, with the French page: {sum(a[3] for a in unavailable)}"
    )
    print(f"500 answers: {sum(1 for a in answers if a[2] == 500)}")
    for label in PAGES:
        bad = [a for a in answers if a[1] == label and a[2] != 200]
        if not bad:
            print(f"{label}: never failed")
            continue
        good_after = [a for a in answers if a[1] == label and a[2] == 200 and a[0] > bad[-1][0]]
        first_bad = bad[0][0] - stopped
        recovered = (good_after[0][0] - back) if good_after else float("nan")
        print(
            f"{label}: first failure {first_bad:+.2f} s after the stop, last one "
            f"{bad[-1][0] - back:+.2f} s after the start, first good answer {recovered:+.2f} s "
            "after the start"
        )


def main() -> None:
    with Cluster("cdfdrillpg") as cluster:
        env = app_env(DATABASE_URL=cluster.url)
        cluster.fill(env)
        with gunicorn(env) as (base, log):
            result = drill(base, cluster)
            print(f"gunicorn log: {log}")
    summary(result)


if __name__ == "__main__":
    main()
