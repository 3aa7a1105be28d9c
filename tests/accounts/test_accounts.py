import datetime
import re
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.access import user_access
from accounts.models import Membership, Role
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _login(client, username, password, ip="10.0.0.1"):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def test_login_page_is_french_by_default(client):
    body = client.get(reverse("accounts:login")).content.decode()
    assert "Connexion" in body
    assert 'lang="fr"' in body


def test_every_page_names_the_programme_favicon_served_from_our_static_files(client):
    body = client.get(reverse("accounts:login")).content.decode()
    assert re.search(
        r'<link rel="icon" type="image/svg\+xml" href="/static/favicon[.\w]*svg">', body
    )
    icon = finders.find("favicon.svg")
    assert icon
    assert Path(icon).read_text(encoding="utf-8").startswith("<svg")


def test_login_then_logout(client, social_worker):
    response = _login(client, social_worker.username, PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("households:list")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("households:list")).status_code == 302


def test_logout_erases_the_browser_drafts(client_for, social_worker):
    client = client_for(social_worker)

    response = client.post(reverse("accounts:logout"))

    assert response["Clear-Site-Data"] == '"storage"'
    assert response["Location"] == f"{reverse('accounts:login')}?logged_out=1"
    assert "data-draft-forget-all" in client.get(response["Location"]).text


def test_admin_logout_lands_on_the_page_that_erases_the_drafts(client_for, admin_user):
    response = client_for(admin_user).post(reverse("admin:logout"))

    assert response["Location"] == f"{reverse('accounts:login')}?logged_out=1"


def test_login_page_after_an_idle_session_keeps_the_drafts(client):
    # The idle session ended: the same user may log in again and find what they typed.
    response = client.get(reverse("households:list"), follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert "data-draft-forget-all" not in response.text
    assert "data-draft-user" not in response.text


def test_pages_name_the_user_whose_drafts_they_keep(client_for, social_worker):
    page = client_for(social_worker).get(reverse("home")).text

    assert f'data-draft-user="{social_worker.pk}"' in page


@pytest.mark.parametrize("password", ["court-123", "password1234", "123456789012"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_strong_password_is_accepted():
    validate_password("Un-mot-de-passe-solide-42")


def test_session_expires_after_idle_time_and_is_renewed_by_activity(client, social_worker):
    assert _login(client, social_worker.username, PASSWORD).status_code == 302
    url = reverse("households:list")
    start = timezone.now()
    # Activity every 20 minutes keeps the session alive past the 30-minute limit…
    for minutes in (20, 40):
        with time_machine.travel(start + datetime.timedelta(minutes=minutes)):
            assert client.get(url).status_code == 200
    # …but 31 minutes of silence ends it.
    with time_machine.travel(start + datetime.timedelta(minutes=71)):
        response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_auditor_may_still_log_out_and_change_language(client_for, auditor):
    client = client_for(auditor)
    assert client.post(reverse("set_language"), {"language": "en"}).status_code == 302
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_director_and_auditor_see_all_sites_and_write_nothing(director, auditor, site_a):
    for user in (director, auditor):
        access = user_access(user)
        assert access.sees_all_sites
        assert access.is_read_only
        assert not access.can_write_site(site_a.pk)
    assert user_access(auditor).reads_free_text is False
    assert user_access(director).reads_free_text is True


def test_membership_roles_combine_per_site(site_a, site_b):
    user = UserFactory()
    Membership.objects.create(user=user, site=site_a, role=Role.SOCIAL_WORKER)
    Membership.objects.create(user=user, site=site_b, role=Role.COORDINATOR)
    access = user_access(user)
    assert access.site_ids == {site_a.pk, site_b.pk}
    assert access.coordinates_site(site_b.pk) and not access.coordinates_site(site_a.pk)
    assert not access.sees_all_sites


def test_user_of_an_inactive_site_loses_it(social_worker, site_a):
    site_a.is_active = False
    site_a.save()
    assert user_access(social_worker).site_ids == frozenset()


def test_navigation_shows_only_what_the_role_may_use(
    client_for, social_worker, auditor, admin_user
):
    sw_page = client_for(social_worker).get(reverse("home")).content.decode()
    assert reverse("households:create") in sw_page
    assert reverse("admin:index") not in sw_page
    auditor_page = client_for(auditor).get(reverse("home")).content.decode()
    assert reverse("households:create") not in auditor_page
    admin_page = client_for(admin_user).get(reverse("home")).content.decode()
    assert reverse("admin:index") in admin_page


def test_settings_refuse_bad_values(monkeypatch):
    from clefdefrance import settings as project_settings

    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        project_settings.env_bool("X_FLAG")
    monkeypatch.setenv("X_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured):
        project_settings.env_int("X_NUMBER", 1)
    monkeypatch.setenv("X_NUMBER", "0")
    with pytest.raises(ImproperlyConfigured):
        project_settings.env_int("X_NUMBER", 1, minimum=1)


def test_production_settings_need_a_secret_key():
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY",)}
    env["DEBUG"] = "false"
    result = subprocess.run(
        [sys.executable, "-c", "import clefdefrance.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_interface_is_french_whatever_the_browser_says_until_english_is_chosen(client):
    url = reverse("accounts:login")
    assert "Connexion" in client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": url})
    assert "Log in" in client.get(url).content.decode()
