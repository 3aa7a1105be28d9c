"""A social worker picks a recommended département for a plan, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from recommendations.services import samples_load
from tests.factories import Role, SiteFactory, make_household, make_person, user_with_role
from tests.interviews.builders import record_diagnostic, record_plan_interview

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker_and_plan():
    samples_load()
    site = SiteFactory(name="Paris", code="paris")
    worker = user_with_role(Role.SOCIAL_WORKER, site, username="ts.navigateur")
    household = make_household(site=site, by=worker, social_worker=worker)
    make_person(household=household, by=worker, occupation="Aide-soignante")
    record_diagnostic(household=household, by=worker)
    return worker, record_plan_interview(household=household, by=worker)


def test_social_worker_picks_a_recommended_departement_as_a_target(page, login, worker_and_plan):
    worker, plan = worker_and_plan
    login(worker)
    page.goto(f"/plans/{plan.pk}/")

    # The list arrives once the page is shown, ten départements with their reasons.
    items = page.locator("#recommendations li[data-departement]")
    expect(items).to_have_count(10)
    expect(page.locator("#recommendations")).to_contain_text("embauches prévues en Aides-soignants")
    expect(page.locator("#recommendations")).to_contain_text("données d’exemple")

    choice = page.locator("#recommendations li[data-departement]:has(form)").first
    code = choice.get_attribute("data-departement")
    name = choice.locator("h3").inner_text()
    choice.get_by_role("button", name=re.compile("Ajouter comme cible")).click()

    page.wait_for_url(re.compile(rf"/plans/{plan.pk}/$"))
    expect(page.get_by_role("status")).to_contain_text("ajouté aux zones cibles du plan")
    targets = page.locator("dl dd ol").first
    expect(targets.locator("li")).to_have_count(3)
    expect(targets.locator("li").last).to_contain_text(name.split(" (")[0])
    picked = page.locator(f"#recommendations li[data-departement='{code}']")
    expect(picked).to_contain_text("cible du plan")
    assert plan.targets.filter(departement_id=code).exists()
