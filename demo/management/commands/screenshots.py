"""PNG screenshots of the main pages and of the yearly PDF report, on a scratch demo database.

Never on the developer's own database: every step that touches one runs in a child process
whose DATABASE_URL and MEDIA_ROOT point into the output folder's `scratch/`, made anew each
time (migrate, load_demo, the report), and a runserver on that database serves the pages that
Debian's Chromium opens through Playwright. The pictures are written to var/screenshots/.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.dates import today
from demo import screenshots

SERVER_START_SECONDS = 60


class Command(BaseCommand):
    help = (
        "PNG screenshots of the main pages (every role's home, a household, a workshop, the "
        "calendar, the dashboard) and of each page of the yearly PDF report, taken with "
        "Debian's Chromium on a scratch SQLite database loaded with the demo data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=str(settings.BASE_DIR / "var" / "screenshots"),
            help="Folder of the PNG files (default: var/screenshots/).",
        )
        parser.add_argument(
            "--year", type=int, default=None, help="Year of the PDF report (default: this year)."
        )
        # The step run inside the scratch environment: build the report, name what to show.
        parser.add_argument("--prepare", action="store_true", help="(internal)")

    def handle(self, *args, **options):
        year = options["year"] or today().year
        if options["prepare"]:
            try:
                self.stdout.write(json.dumps(screenshots.prepare(year=year)))
            except ValueError as error:
                raise CommandError(str(error)) from error
            return
        chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
        if not chromium:
            raise CommandError("Chromium is not installed (apt-get install chromium).")
        out = Path(options["output"]).resolve()
        scratch = out / "scratch"
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(parents=True)
        for old in out.glob("*.png"):
            old.unlink()
        env = _scratch_environment(scratch)

        self.stdout.write("Scratch database: migrate, load the demo data, build the report…")
        self._manage(env, "migrate", "--noinput", "-v0")
        self._manage(env, "load_demo")
        prepared = json.loads(
            self._manage(env, "screenshots", "--prepare", f"--year={year}").splitlines()[-1]
        )
        port = _free_port()
        with open(scratch / "server.log", "wb") as log:
            server = subprocess.Popen(  # noqa: S603 - our own manage.py, no shell
                [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                base_url = f"http://127.0.0.1:{port}"
                _wait_for(server, base_url, scratch / "server.log")
                pages = screenshots.shots(
                    household=prepared["household"], workshop=prepared["workshop"]
                )
                written = screenshots.take(
                    base_url=base_url, chromium=chromium, pages=pages, out=out
                )
            except RuntimeError as error:
                raise CommandError(str(error)) from error
            finally:
                server.terminate()
                server.wait(timeout=10)
        written += screenshots.pdf_to_png(pdf=Path(prepared["pdf"]), out=out)
        for path in sorted(written):
            self.stdout.write(f"  {path.relative_to(out)}")
        self.stdout.write(self.style.SUCCESS(f"{len(written)} screenshots in {out}"))

    def _manage(self, env: dict, *arguments: str) -> str:
        result = subprocess.run(  # noqa: S603 - our own manage.py, no shell
            [sys.executable, "manage.py", *arguments],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            raise CommandError(
                f"manage.py {' '.join(arguments)} failed:\n{result.stderr or result.stdout}"
            )
        return result.stdout


def _scratch_environment(scratch: Path) -> dict:
    env = {**os.environ, "DEBUG": "true"}
    env["DATABASE_URL"] = f"sqlite:///{scratch / 'demo.sqlite3'}"
    env["MEDIA_ROOT"] = str(scratch / "media")
    # No broker: Celery builds the report in-process, on the scratch database.
    env.pop("REDIS_URL", None)
    return env


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(server: subprocess.Popen, base_url: str, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"The server stopped:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{base_url}/accounts/login/", timeout=2):  # noqa: S310
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise RuntimeError(f"The server did not answer within {SERVER_START_SECONDS} s.")
