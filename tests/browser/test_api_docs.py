"""The API documentation (Swagger UI from the sidecar's local files) loads under the project's
Content-Security-Policy, lists the operations, and a token made on the token page is shown
once and then works."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import _violations
from tests.browser.test_csp import LISTEN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_docs_page_loads_under_the_csp(page, login, social_worker):
    problems = []
    page.add_init_script(LISTEN)
    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    login(social_worker)
    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .opblock-summary-path").first).to_be_visible()
    expect(page.get_by_text("/api/households/", exact=True).first).to_be_visible()
    problems += page.evaluate("window.__cspViolations")
    # Nothing fetched from another host: every script and sheet comes from our static files.
    sources = page.evaluate(
        "[...document.querySelectorAll('script[src], link[href]')].map(e => e.src || e.href)"
    )
    assert all(source.startswith(page.url.split("/api/")[0]) for source in sources), sources
    assert problems == []


def test_a_token_created_on_the_page_is_shown_once(page, login, social_worker):
    login(social_worker)
    page.goto("/api/tokens/")
    page.get_by_label("Nom").fill("Tableur")
    page.get_by_role("button", name="Créer le jeton").click()
    secret = page.get_by_label("Votre jeton").input_value()
    assert re.fullmatch(r"cdf_[\w-]{40,}", secret)
    response = page.request.get("/api/households/", headers={"Authorization": f"Bearer {secret}"})
    assert response.status == 200
    page.get_by_role("link", name="Retour à mes jetons").click()
    expect(page.get_by_role("cell", name="Tableur", exact=True)).to_be_visible()
    assert secret not in page.content()
    page.get_by_role("button", name="Révoquer Tableur").click()
    expect(page.get_by_text("révoqué le")).to_be_visible()
    again = page.request.get("/api/households/", headers={"Authorization": f"Bearer {secret}"})
    assert again.status == 401


@pytest.mark.parametrize("url", ["/api/tokens/", "/api/docs/"])
def test_api_pages_have_no_serious_accessibility_violation(page, login, social_worker, url):
    login(social_worker)
    page.goto(url)
    if url == "/api/docs/":
        expect(page.locator(".swagger-ui .opblock-summary-path").first).to_be_visible()
    found = _violations(page)
    assert found == [], "\n".join(found)
