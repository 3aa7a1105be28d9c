"""Playwright driving Debian's Chromium against the live test server.

Without a browser the tests skip on a developer's machine, but CI sets BROWSER_TESTS=required
and a missing browser then fails the run instead of hiding it.
"""

import os
import shutil

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from tests.factories import PASSWORD

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def _live_server_leaves_no_session(django_db_setup, django_db_blocker):
    """End the database sessions the live server's request threads may leave open.

    A request thread still holding a browser's keep-alive connection when the server stops
    never closes its database connection, and PostgreSQL then refuses to drop the test
    database. Torn down after the live server and before the test database.
    """
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(scope="session")
def browser(_live_server_leaves_no_session):
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not path:
        if os.environ.get("BROWSER_TESTS") == "required":
            pytest.fail("Browser tests are required but no chromium was found")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def totp_code(device) -> str:
    """The code the user's authenticator app shows now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def login(page):
    """Log in through the real login form, then its second step for whoever needs one.

    A director, an auditor or an administrator is given a confirmed authenticator app (if they
    have none) and types the code it shows now, as they would from their phone.
    """

    def do_login(user):
        device = None
        if two_factor.requires_two_factor(user):
            device = two_factor.totp_device_of(user) or TOTPDevice.objects.create(
                user=user, name=two_factor.TOTP_DEVICE_NAME, confirmed=True
            )
        page.goto("/accounts/login/")
        page.get_by_label("Nom d’utilisateur").fill(user.username)
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Connexion").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        if device is not None:
            page.wait_for_url("**/accounts/two-factor/verify/**")
            page.locator("#id_token").fill(totp_code(device))
            page.locator("#two-factor-verify").click()
            page.wait_for_url(lambda url: "/accounts/two-factor/" not in url)
        return page

    return do_login
