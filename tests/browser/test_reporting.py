"""A director reads the dashboard, opens the households behind a figure, gets the PDF, writes
its commentary and gets the PDF built again with it."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from households.models import Relation
from mobility_plans.models import HousingObtained, Lever
from mobility_plans.services import relocation_record
from territories.models import Departement
from tests.factories import Role, SiteFactory, make_household, make_person, user_with_role
from tests.interviews.builders import plan_data, record_interview

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def relocated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # the report's file goes there
    site = SiteFactory(name="Paris", code="paris")
    worker = user_with_role(Role.SOCIAL_WORKER, site, username="ts.rapport")
    director = user_with_role(Role.DIRECTOR, site, username="direction.rapport")
    household = make_household(site=site, by=worker, social_worker=worker, referral_date=_ago(90))
    person = make_person(household=household, by=worker, relation=Relation.HEAD)
    record_interview(household=household, by=worker, kind="diagnostic", held_on=_ago(80))
    interview = record_interview(
        household=household,
        by=worker,
        kind="mobility_plan",
        held_on=_ago(60),
        plan=plan_data(household, signed_on=_ago(60)),
    )
    relocation_record(
        plan=interview.plan,
        by=worker,
        moved_on=_ago(10),
        commune="Rennes",
        departement=Departement.objects.get(code="35"),
        lever_used=Lever.EMPLOYMENT,
        housing_obtained=HousingObtained.SOCIAL,
        persons=[person],
    )
    return director, household


def test_director_follows_a_figure_then_downloads_the_yearly_pdf(page, login, relocated):
    director, household = relocated
    login(director)

    page.locator("nav a[href='/reporting/']").click()
    page.wait_for_url(re.compile(r"/reporting/$"))
    # The last twelve months, whatever the day the test runs.
    page.locator("details summary").first.click()
    page.fill("input[name=start]", _ago(365).isoformat())
    page.fill("input[name=end]", timezone.localdate().isoformat())
    page.locator("input[type=submit][name=submit]").click()
    page.wait_for_url(re.compile(r"start="))
    expect(page.locator("svg").first).to_be_visible()

    # "Households relocated" → the households behind it.
    page.locator(".card a[href*='key=relocated']").first.click()
    page.wait_for_url(re.compile(r"/reporting/list/\?key=relocated"))
    page.get_by_role("link", name=household.reference).click()
    page.wait_for_url(re.compile(rf"/households/{household.pk}/$"))

    # The yearly PDF, built in the background, then downloaded.
    page.go_back()
    page.go_back()
    page.locator("a[href^='/reporting/reports/']").first.click()
    page.wait_for_url(re.compile(r"/reporting/reports/"))
    page.locator("form[method=post] input[type=submit]").click()
    download_link = page.locator("a[href$='/download/']").first
    expect(download_link).to_be_visible(timeout=30_000)
    # Built at once (no broker): never said to be "being prepared" beside the finished row.
    in_preparation = re.compile("en cours de préparation|being prepared")
    expect(page.locator("main")).not_to_contain_text(in_preparation)
    expect(page.locator("main")).to_contain_text("Le rapport est prêt")
    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert re.fullmatch(r"rapport-(annuel|indicateurs)-[\d-]+\.pdf", download.suggested_filename)
    with open(download.path(), "rb") as handle:
        assert handle.read(4) == b"%PDF"

    # The director's commentary: written once the PDF is made, which is then built again.
    page.locator("a[href$='/commentary/']").first.click()
    page.wait_for_url(re.compile(r"/commentary/$"))
    page.locator("textarea[name=commentary]").fill("Une année de consolidation.")
    page.locator("form[method=post] input[type=submit]").click()
    page.wait_for_url(re.compile(r"/reporting/reports/(#report-\d+)?$"))
    expect(page.locator("tbody details").first).to_contain_text("Une année de consolidation.")
    expect(page.locator("a[href$='/download/']").first).to_be_visible(timeout=30_000)
