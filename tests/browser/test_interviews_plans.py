"""A social worker's path from the diagnostic to the move, in a real browser."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from households.models import Status
from mobility_plans.models import PlanStatus
from tests.factories import Role, SiteFactory, make_household, make_person, user_with_role
from tests.interviews.builders import record_interview

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker_and_household():
    site = SiteFactory(name="Paris", code="paris")
    worker = user_with_role(Role.SOCIAL_WORKER, site, username="ts.navigateur")
    household = make_household(site=site, by=worker, social_worker=worker)
    make_person(household=household, by=worker)
    make_person(household=household, by=worker, first_name="Reza", relation="child")
    return worker, household


def test_social_worker_goes_from_diagnostic_to_relocation(page, login, worker_and_household):
    worker, household = worker_and_household
    login(worker)
    today = timezone.localdate().isoformat()

    # Interview 1: the diagnostic, from the household page.
    page.goto(f"/households/{household.pk}/")
    page.locator("a[href$='?kind=diagnostic']").first.click()
    expect(page.locator("input[name=held_on]")).to_have_value(today)
    expect(page.locator("input[name=persons_present]:checked")).to_have_count(2)
    page.select_option("select[name=assessment-french_level]", "A2")
    page.select_option("select[name=assessment-willingness_to_move]", "yes")
    page.fill("textarea[name=notes]", "Souhaite un emploi dans la logistique.")
    # Ctrl+Enter saves from any field.
    page.locator("textarea[name=notes]").press("Control+Enter")
    page.wait_for_url(re.compile(r"/interviews/\d+/$"))

    # Interview 2: the plan, with two steps.
    page.goto(f"/households/{household.pk}/")
    page.locator("a[href$='?kind=mobility_plan']").first.click()
    page.select_option("select[name=plan-lever]", "employment")
    page.fill("input[name=plan-signed_on]", today)
    page.fill("textarea[name=plan-objectives]", "Emploi de cariste en Bretagne")
    page.select_option("select[name=targets-0-region]", "53")
    # The département list follows the region: Loire-Atlantique (Pays de la Loire) is out.
    departement = "select[name=targets-0-departement]"
    assert page.eval_on_selector(f"{departement} option[value='44']", "o => o.disabled")
    page.select_option(departement, "35")
    page.fill("input[name=steps-0-action]", "Mettre à jour le CV")
    page.fill("input[name=steps-1-action]", "Visiter le logement proposé")
    page.locator("form[data-draft-key] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/plans/\d+/$"))
    expect(page.locator("#steps li")).to_have_count(2)

    # Tick the first step.
    page.locator("#steps form button[type=submit]").first.click()
    expect(page.locator("#steps li").first.locator("button[aria-pressed=true]")).to_have_count(1)

    # Record the move.
    page.locator("a[href$='/relocation/']").first.click()
    page.fill("input[name=commune]", "Rennes")
    page.select_option("select[name=departement]", "35")
    page.select_option("select[name=housing_obtained]", "social")
    page.fill("input[name=job_or_training]", "Cariste en CDI")
    page.locator("main form [type=submit]").last.click()
    page.wait_for_url(re.compile(rf"/households/{household.pk}/$"))

    # The funnel is complete up to "relocated", each step reached dated (referred, diagnosed,
    # plan signed; "informed" was skipped: no workshop).
    current = page.locator(".funnel li[aria-current=step]")
    expect(current).to_contain_text("Relogé en région")
    expect(current).to_contain_text(timezone.localdate().strftime("%d/%m/%Y"))
    expect(page.locator(".funnel li.done")).to_have_count(3)
    household.refresh_from_db()
    assert household.status == Status.RELOCATED
    assert household.mobility_plans.get().status == PlanStatus.REALISED
    assert household.mobility_plans.get().steps.filter(done_on__isnull=False).count() == 1


def test_what_was_typed_survives_leaving_the_form(page, login, worker_and_household):
    worker, household = worker_and_household
    login(worker)
    url = f"/interviews/household/{household.pk}/new/?kind=other"

    page.goto(url)
    page.fill("textarea[name=notes]", "Appel: rendez-vous à reprendre")
    page.fill("input[name=place]", "Téléphone")
    page.goto(f"/households/{household.pk}/")  # the session expires, a tab closes…
    page.goto(url)

    expect(page.locator("textarea[name=notes]")).to_have_value("Appel: rendez-vous à reprendre")
    expect(page.locator("input[name=place]")).to_have_value("Téléphone")
    expect(page.locator("[data-draft-notice]")).to_be_visible()

    # Once saved, the draft is forgotten.
    page.locator("form[data-draft-key] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/interviews/\d+/$"))
    page.goto(url)
    expect(page.locator("textarea[name=notes]")).to_have_value("")


def test_correcting_an_interview(page, login, worker_and_household):
    worker, household = worker_and_household
    interview = record_interview(household=household, by=worker, place="Antenne de Paris")
    login(worker)

    page.goto(f"/interviews/{interview.pk}/")
    page.locator(f"a[href$='/interviews/{interview.pk}/edit/']").click()
    expect(page.locator("input[name=place]")).to_have_value("Antenne de Paris")
    page.fill("input[name=place]", "Antenne de Créteil")
    page.fill("input[name=reason]", "Mauvais lieu saisi")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/interviews/{interview.pk}/$"))

    expect(page.locator("main dl")).to_contain_text("Antenne de Créteil")
    history = page.locator("[aria-labelledby=history-title] details")
    history.locator("summary").click()
    expect(history).to_contain_text("Mauvais lieu saisi")
    expect(history).to_contain_text("Antenne de Paris → Antenne de Créteil")
