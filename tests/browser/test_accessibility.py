"""axe-core on one page of every URL pattern, for every role: no serious or critical violation.

The pages are those tests/test_url_access.py walks (the URL-by-role rules of every app), opened
in Chromium as each role; a page that is a download (CSV, XLSX, PDF, ZIP) is skipped, as is a
page the rule does not open for that role (403, 404, redirect).
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from tests.access import ROLES
from tests.test_url_access import RULES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERIOUS = {"serious", "critical"}
AXE = Axe()


def _violations(page) -> list[str]:
    results = AXE.run(page)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] in SERIOUS:
            targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
            found.append(f"{violation['id']} ({violation['impact']}): {'; '.join(targets)}")
    return found


@pytest.mark.parametrize("role", ROLES)
def test_no_serious_accessibility_violation(page, login, built_world, role):
    if role != "anonymous":
        login(built_world.users[role])
    failures = []
    for name, rule in sorted(RULES.items()):
        if rule.get[role] != 200:
            continue
        url = reverse(name, kwargs=rule.kwargs(built_world))
        # Asked first with the page's cookies: a download cannot be opened as a page, and a
        # fragment htmx swaps into a page (search results, progress) is checked inside it.
        head = page.request.get(url)
        if "text/html" not in (head.headers.get("content-type") or ""):
            continue
        if not head.text().lstrip().lower().startswith("<!doctype html"):
            continue
        page.goto(url)
        failures += [f"{name} {url}: {v}" for v in _violations(page)]
    assert not failures, "\n".join(failures)


def test_the_check_fails_when_the_navbar_is_back_to_bootstrap_blue(page, login, world):
    """The check is not blind: Bootstrap's own navbar (light links on #0d6efd) is refused."""
    login(world.users["social_worker"])
    page.goto(reverse("households:list"))
    assert _violations(page) == []
    page.evaluate("document.querySelector('nav.navbar').classList.replace('cdf-nav', 'bg-primary')")
    found = _violations(page)
    assert any(
        v.startswith("color-contrast (serious)") and 'a[href$="workshops/"]' in v for v in found
    ), found
