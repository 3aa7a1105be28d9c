"""The main journey runs under the Content-Security-Policy without a single refusal.

A refused inline style or script shows as a `securitypolicyviolation` event and a console
error; the listener comes from an init script, which the page's policy does not govern.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import make_household, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


@pytest.fixture
def watched(page):
    """The page, with every console error and policy violation of each document it shows."""
    problems = []
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda message: (
            problems.append(f"console: {message.text}") if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))

    def violations():
        # Read before leaving each document: the next one starts a fresh list.
        problems.extend(f"violation: {v}" for v in page.evaluate("window.__cspViolations"))
        page.evaluate("window.__cspViolations = []")
        return problems

    return page, violations


def test_household_journey_and_dashboard_raise_no_violation(
    watched, login, social_worker, director, site_a
):
    page, violations = watched
    household = make_household(site=site_a, by=social_worker, social_worker=social_worker)
    make_person(household=household, by=social_worker)

    login(social_worker)  # lands on the social worker's home page
    assert violations() == []
    page.goto("/households/")
    # The filter form swaps the table in with htmx as one types.
    page.get_by_role("searchbox", name="Recherche").press_sequentially(
        household.reference, delay=20
    )
    expect(page.locator("#household-results tbody tr")).to_have_count(1)
    assert violations() == []

    page.get_by_role("link", name=household.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(household.reference)
    assert violations() == []

    page.goto(f"/households/{household.pk}/edit/")
    expect(page.locator("main form")).to_be_visible()
    assert violations() == []

    page.context.clear_cookies()
    login(director)  # lands on the director's home page, with its chart
    expect(page.locator("svg.cdf-chart").first).to_be_visible()
    assert violations() == []
    page.goto("/reporting/")
    expect(page.locator("svg.cdf-chart").first).to_be_visible()
    page.locator("details summary").first.click()
    assert violations() == []

    # The listener does hear a refusal: markup with a style attribute is refused.
    page.evaluate("""document.body.insertAdjacentHTML("beforeend", '<p style="color:red">x</p>')""")
    page.wait_for_function("window.__cspViolations.length > 0")
    assert any(re.search(r"style-src", p) for p in violations())
