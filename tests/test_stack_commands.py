"""docker-compose.yml and `make run-stack` (the Procfile) run the same processes.

The same gunicorn command and configuration, the same Celery worker and beat commands; the
per-queue workers of compose together consume exactly the queues of run-stack's one worker,
which are exactly the queues tasks are routed to, plus the default one.
"""

import os
import runpy
import shlex
import subprocess

import pytest
import yaml
from django.conf import settings

ROOT = settings.BASE_DIR


def _procfile() -> dict[str, list[str]]:
    processes = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, command = line.split(":", 1)
            processes[name.strip()] = shlex.split(command)
    return processes


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def _command(service: dict) -> list[str]:
    command = service.get("command", [])
    return shlex.split(command) if isinstance(command, str) else list(command)


def _without_queues(argv: list[str]) -> tuple[list[str], set[str]]:
    """The command without its -Q option, and the queues that option named."""
    index = argv.index("-Q")
    return argv[:index] + argv[index + 2 :], set(argv[index + 1].split(","))


PROCFILE = _procfile()
SERVICES = _compose()
WORKERS = {name: s for name, s in SERVICES.items() if name.startswith("worker-")}


def test_the_procfile_runs_web_one_worker_and_beat():
    assert set(PROCFILE) == {"web", "worker", "beat"}


def test_web_runs_the_same_gunicorn_command_and_config():
    assert _command(SERVICES["web"]) == PROCFILE["web"]
    assert PROCFILE["web"][:2] == ["gunicorn", "-c"]
    config = runpy.run_path(str(ROOT / PROCFILE["web"][2]))
    assert config["wsgi_app"] == "clefdefrance.wsgi:application"
    assert config["workers"] >= 1


def test_gunicorn_takes_its_workers_from_web_concurrency(monkeypatch):
    path = str(ROOT / PROCFILE["web"][2])
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    assert runpy.run_path(path)["workers"] == 3
    monkeypatch.setenv("WEB_CONCURRENCY", "5")
    assert runpy.run_path(path)["workers"] == 5


def test_compose_workers_run_the_run_stack_worker_command_one_queue_each():
    stack_command, stack_queues = _without_queues(PROCFILE["worker"])
    compose_queues = []
    for name, service in WORKERS.items():
        command, queues = _without_queues(_command(service))
        assert command == stack_command, name
        assert name == f"worker-{''.join(queues)}" and len(queues) == 1
        compose_queues.extend(queues)
    assert sorted(compose_queues) == sorted(stack_queues)  # each queue once, none left out


def test_the_worker_queues_are_the_routed_queues_and_the_default_one():
    _, stack_queues = _without_queues(PROCFILE["worker"])
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    assert stack_queues == routed | {settings.CELERY_TASK_DEFAULT_QUEUE}
    assert stack_queues == set(settings.TASK_QUEUES)


def test_make_worker_consumes_every_queue_too():
    makefile = (ROOT / "Makefile").read_text()
    worker = makefile.split("\nworker:", 1)[1].split("\n\n", 1)[0]
    _, queues = _without_queues(shlex.split(worker.splitlines()[1]))
    assert queues == set(settings.TASK_QUEUES)


def test_one_beat_with_the_same_command_its_schedule_and_lock_in_redis():
    beat = SERVICES["beat"]
    assert _command(beat) == PROCFILE["beat"]
    assert [name for name, s in SERVICES.items() if "beat" in _command(s)] == ["beat"]
    assert beat.get("deploy", {}).get("replicas", 1) == 1  # one is enough; two would be safe
    # With REDIS_URL (run-stack refuses to start without): RedBeat's lock, no schedule file.
    assert beat["environment"]["REDIS_URL"]
    assert "CELERY_BEAT_SCHEDULE_FILENAME" not in beat["environment"]
    assert beat["volumes"] == []


def test_migrations_run_once_before_web_starts():
    assert _command(SERVICES["migrate"]) == ["python", "manage.py", "migrate", "--noinput"]
    assert SERVICES["web"]["depends_on"]["migrate"] == {
        "condition": "service_completed_successfully"
    }
    assert SERVICES["migrate"].get("restart") == "no"


def test_two_web_replicas_behind_the_proxy_only():
    web = SERVICES["web"]
    assert web["deploy"]["replicas"] == 2
    assert "ports" not in web  # reached through the proxy only
    assert "deploy/healthcheck.py" in web["healthcheck"]["test"]
    proxy = SERVICES["proxy"]
    template = (ROOT / "deploy" / "nginx.conf.template").read_text()
    assert "proxy_pass http://web;" in template
    for header in ("X-Forwarded-For", "X-Forwarded-Proto", "X-Request-ID"):
        assert f"proxy_set_header {header}" in template
    body_limit = int(proxy["environment"]["PROXY_MAX_BODY_MB"].split(":-")[1].rstrip("}"))
    assert body_limit > settings.MAX_UPLOAD_MB  # the app's own page for a file too large


@pytest.mark.parametrize("service", ["web", "migrate", "beat", *WORKERS])
def test_every_app_container_uses_the_one_image_and_shares_the_media(service):
    assert SERVICES[service]["image"] == "clefdefrance:latest"
    assert "media:/srv/media" in SERVICES[service]["volumes"] or service == "beat"


def test_the_image_runs_the_web_command_by_default():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py"]' in dockerfile
    assert "collectstatic" in dockerfile


@pytest.mark.parametrize("missing", ["DATABASE_URL", "REDIS_URL"])
def test_run_stack_refuses_to_start_without_postgresql_or_redis(missing):
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://u@h/db",
        "REDIS_URL": "redis://h:6379/0",
    }
    del env[missing]
    result = subprocess.run(
        ["make", "-s", "stack-environment"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert f"set {missing}" in result.stdout
    # What run-stack checks first, before installing or migrating anything.
    makefile = (ROOT / "Makefile").read_text()
    assert "\nrun-stack: stack-environment " in makefile
