"""A social worker clears an overdue follow-up from the home page, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from followups import services
from followups.models import FollowUpStatus
from households.models import Status
from tests.factories import Role, SiteFactory, user_with_role
from tests.followups.helpers import reload_territories, relocated_household
from tests.interviews.builders import days_ago

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def overdue_followup():
    reload_territories()
    site = SiteFactory(name="Paris", code="paris")
    worker = user_with_role(Role.SOCIAL_WORKER, site, username="ts.suivi")
    household, _relocation = relocated_household(site=site, by=worker)
    first = household.followups.order_by("due_on").first()
    late = services.followup_reschedule(followup=first, by=worker, due_on=days_ago(1))
    return worker, late


def test_social_worker_records_an_overdue_follow_up_from_the_home_page(
    page, login, overdue_followup
):
    worker, late = overdue_followup
    login(worker)

    page.goto("/")
    overdue = page.locator("#followups-overdue")
    expect(overdue.get_by_role("link")).to_have_count(1)
    overdue.get_by_role("link", name=re.compile(late.household.reference)).click()
    page.wait_for_url(f"**/followups/{late.pk}/record/")

    page.select_option("select[name=method]", "visit")
    page.select_option("select[name=housing_kept]", "true")
    page.select_option("select[name=housing_kind]", "social")
    page.select_option("select[name=employment]", "employed")
    page.select_option("select[name=location]", "target_region")
    page.check("input[name=health_insurance_opened]")
    page.fill("textarea[name=next_actions]", "Préparer le dossier de logement pérenne.")
    page.get_by_role("button", name="Enregistrer le suivi").click()
    page.wait_for_url(re.compile(rf"/households/{late.household_id}/$"))
    expect(page.locator(".alert-success")).to_be_visible()

    page.goto("/")
    expect(page.locator("#followups-overdue").get_by_role("link")).to_have_count(0)

    late.refresh_from_db()
    late.household.refresh_from_db()
    assert late.status == FollowUpStatus.DONE
    assert late.health_insurance_opened
    assert late.household.status == Status.FOLLOWED_UP
