import copy
import os
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.test.utils import override_settings

from accounts.models import Role
from territories.services import territories_load
from tests.access import rule_modules
from tests.factories import SiteFactory, UserFactory, make_household, make_person, user_with_role

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls there
# unless told it is safe, which it is for tests that talk to a live server (also set in
# pyproject.toml, this covers runs that bypass it).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def site_a(db):
    return SiteFactory(name="Paris", code="paris")


@pytest.fixture
def site_b(db):
    return SiteFactory(name="Créteil", code="creteil")


@pytest.fixture
def social_worker(site_a):
    return user_with_role(Role.SOCIAL_WORKER, site_a, username="ts.a")


@pytest.fixture
def social_worker_b(site_b):
    return user_with_role(Role.SOCIAL_WORKER, site_b, username="ts.b")


@pytest.fixture
def coordinator(site_a):
    return user_with_role(Role.COORDINATOR, site_a, username="coord.a")


@pytest.fixture
def director(site_a):
    return user_with_role(Role.DIRECTOR, site_a, username="direction")


@pytest.fixture
def auditor(site_a):
    return user_with_role(Role.AUDITOR, site_a, username="audit")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def household(site_a, social_worker):
    return make_household(site=site_a, by=social_worker, social_worker=social_worker)


@pytest.fixture
def person(household, social_worker):
    return make_person(household=household, by=social_worker)


@pytest.fixture
def world(
    site_a,
    site_b,
    social_worker,
    social_worker_b,
    coordinator,
    director,
    auditor,
    admin_user,
    household,
    person,
):
    """One of everything, for tests that walk every URL as every role."""
    return SimpleNamespace(
        site_a=site_a,
        site_b=site_b,
        household=household,
        person=person,
        users={
            "social_worker": social_worker,
            "social_worker_other_site": social_worker_b,
            "coordinator": coordinator,
            "director": director,
            "auditor": auditor,
            "admin": admin_user,
        },
    )


@pytest.fixture
def built_world(world):
    """The world, with what each app's access rules build on it (tests/<app>/access_rules.py)."""
    for module in rule_modules():
        build = getattr(module, "build", None)
        if build:
            build(world)
    return world


@pytest.fixture
def client_for(client):
    """Log a user in on the test client and return it."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def real_second_factor():
    """Ask for it in a test of two-factor authentication: logins then stop at the second step."""


@pytest.fixture(autouse=True)
def _logins_pass_the_second_factor(request):
    """A login in a test means a fully signed-in session, second factor included.

    `client.force_login(user)` and the login forms both end in Django's login(); for a user
    whose role needs two-factor authentication (accounts/two_factor.py) this also gives them a
    confirmed authenticator app if they have none and marks the session verified by it, as the
    login's second step would: the rest of the suite tests what a signed-in user sees. Tests of
    two-factor itself (the `real_second_factor` fixture) and browser tests (their `login`
    fixture types a real code) go through the second step for real.
    """
    if {"real_second_factor", "live_server"} & set(request.fixturenames):
        yield
        return
    from django.contrib.auth.signals import user_logged_in
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts import two_factor

    def verified(sender, request, user, **kwargs):
        if request is None or not two_factor.requires_two_factor(user):
            return
        device = two_factor.totp_device_of(user) or TOTPDevice.objects.create(
            user=user, name=two_factor.TOTP_DEVICE_NAME, confirmed=True
        )
        # force_login's request is a bare HttpRequest, which login() gives no user.
        request.user = getattr(request, "user", user)
        two_factor.session_verified(request, device)

    user_logged_in.connect(verified, dispatch_uid="tests_logins_pass_the_second_factor")
    yield
    user_logged_in.disconnect(dispatch_uid="tests_logins_pass_the_second_factor")


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, tmp_path):
    """Files a test sends (imports, scans, reports) never land in the checkout's var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _sessions_read_from_the_database(settings):
    """Query counts include the session's own read, as on a cold cache (a Redis restart).

    Production reads sessions from the cache first (cached_db, settings_infra.py): the counts
    then show the database's work of a page whatever the cache holds. tests/test_sessions.py
    tests the cached sessions themselves.
    """
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"


@pytest.fixture(autouse=True)
def _celery_runs_in_process(request):
    """Tasks run in the test's own process, except in tests that start a real worker."""
    from clefdefrance.celery import app

    if request.node.get_closest_marker("integration"):
        yield
        return
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def tasks_through_the_broker(_celery_runs_in_process):
    """Tasks are published, not run in-process (as with REDIS_URL), for this test only.

    Set after and undone before `_celery_runs_in_process`, which monkeypatch cannot promise:
    its undo may come after that fixture's and leave every later test without eager mode.
    """
    from clefdefrance.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = previous


def flushes_database(item) -> bool:
    """Whether the test ends with a flush: transactional tests (live server, races, worker)."""
    marker = item.get_closest_marker("django_db")
    return bool(
        (marker is not None and marker.kwargs.get("transaction"))
        or {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    )


def reload_territories() -> None:
    """Put back the regions and départements of the territories data migration."""
    territories_load()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Reload regions and départements after a test that flushed the database.

    Transactional tests end with a flush that also empties the rows loaded by the territories
    data migration, which every later test relies on. Fixtures are torn down (and the flush
    done) inside this hook, so the reload comes after.
    """
    yield
    # After the last test the test database is already dropped: nothing left to reload.
    if flushes_database(item) and nextitem is not None:
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            reload_territories()


# The fixture names of tests that publish through REDIS_URL's broker, as real-worker tests do.
BROKER_FIXTURES = {"tasks_through_the_broker"}


def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist (`make test`), the tests that reach Redis's broker run one at a time.

    Real workers consume the queues the app routes tasks to and all write the one heartbeat
    key /healthz reads (core/health.py): two of these tests at once, on two xdist workers,
    would take each other's messages or see each other's heartbeat. `--dist loadgroup` sends
    the whole group to one xdist worker; the other tests still run beside it, each xdist
    worker on a test database of its own (test_<name>_gw0, …).
    """
    if not config.pluginmanager.hasplugin("xdist"):
        return
    for item in items:
        if item.get_closest_marker("integration") or BROKER_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.xdist_group("broker"))


@pytest.fixture(autouse=True, scope="session")
def _cache_of_this_xdist_worker():
    """Each xdist worker keys the shared Redis cache apart (cdf-gw0:…, cdf-gw1:…), as each has
    its own test database: one worker's test never reads or deletes what another stored."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        yield
        return
    caches = copy.deepcopy(settings.CACHES)
    for cache in caches.values():
        cache["KEY_PREFIX"] = f"{cache.get('KEY_PREFIX', '')}-{worker}"
    with override_settings(CACHES=caches):
        yield
