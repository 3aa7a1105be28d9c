"""What the fault drills share: free ports, the app served by gunicorn, a browser-like client.

Each drill brings up its own throwaway PostgreSQL cluster or Redis server on a free port and
serves the app against it, so that breaking it never touches the services other people use.
"""

import contextlib
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
DEMO_USER = "ts.paris"  # a social worker of the demo data: no second factor to type
DEMO_PASSWORD = "Clef-de-France-2026"  # noqa: S105  demo/demo_data/data.py
FRENCH_503 = "Service momentanément indisponible"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")


def run(*command: str) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


class Cluster:
    """A throwaway PostgreSQL 15 cluster on a free port (pg_createcluster: run as root or as
    postgres), with one database; dropped on leaving the `with` block."""

    VERSION = "15"

    def __init__(self, name: str):
        self.name = name
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/cdf_drill"

    def ctl(self, *args: str) -> None:
        run("pg_ctlcluster", self.VERSION, self.name, *args)

    def sql(self, query: str) -> list[list[str]]:
        answer = subprocess.run(
            ["psql", self.url, "-qAt", "-F", "\t", "-c", query],
            check=True,
            capture_output=True,
            text=True,
        )
        return [line.split("\t") for line in answer.stdout.splitlines()]

    def drop(self) -> None:
        subprocess.run(
            ["pg_dropcluster", "--stop", self.VERSION, self.name],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def fill(self, env: dict) -> None:
        print("migrating and loading the demo data…", flush=True)
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "load_demo")

    def __enter__(self):
        self.drop()  # what an interrupted drill left
        run(
            "pg_createcluster",
            self.VERSION,
            self.name,
            "--port",
            str(self.port),
            "--",
            "--auth=trust",
        )
        self.ctl("start")
        run(
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-qc",
            "CREATE DATABASE cdf_drill",
        )
        return self

    def __exit__(self, *exc):
        self.drop()


def manage(env: dict, *args: str) -> None:
    subprocess.run([str(VENV_BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True)


def app_env(**values: str) -> dict:
    """The app's environment for a drill: DEBUG on (no HTTPS, no collected static files),
    no broker unless the drill gives one."""
    dropped = ("REDIS_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update({"DEBUG": "true", "LOG_LEVEL": "WARNING", **values})
    return env


@contextlib.contextmanager
def stop_group(process: subprocess.Popen) -> None:
    """Stop a server started in its own process group: politely, then by force."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def gunicorn(env: dict, *, workers: int = 2, threads: int = 4):
    """Serve the app on a free port; yields its base URL and the path of its log."""
    port = free_port()
    log = tempfile.NamedTemporaryFile(  # noqa: SIM115  closed below
        mode="w+", prefix="drill-gunicorn-", suffix=".log", delete=False
    )
    process = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "clefdefrance.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}", Path(log.name)
    finally:
        stop_group(process)
        log.close()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies and the CSRF token, as a browser keeps them; answers are (status, text)."""

    def __init__(self, base: str, timeout: float = 20):
        self.base, self.timeout = base, timeout
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def _open(self, request) -> tuple[int, str, dict]:
        try:
            with self.opener.open(request, timeout=self.timeout) as answer:
                return answer.status, answer.read().decode(errors="replace"), dict(answer.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), dict(error.headers)

    def get(self, path: str) -> tuple[int, str, dict]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, data: dict, *, referer: str | None = None) -> tuple[int, str, dict]:
        token = self.csrf_token()
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}).encode()
        request = urllib.request.Request(
            self.base + path,
            data=body,
            headers={"Referer": self.base + (referer or path), "X-CSRFToken": token},
        )
        return self._open(request)

    def csrf_token(self) -> str:
        for cookie in self.cookies:
            if cookie.name == "csrftoken":
                return cookie.value
        return ""

    def login(self, username: str = DEMO_USER, password: str = DEMO_PASSWORD) -> int:
        status, page, _headers = self.get("/accounts/login/")
        if status != 200:
            return status
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        token = found.group(1) if found else self.csrf_token()
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": username, "password": password}
        ).encode()
        request = urllib.request.Request(
            self.base + "/accounts/login/",
            data=body,
            headers={"Referer": self.base + "/accounts/login/"},
        )
        status, _page, _headers = self._open(request)
        return status
