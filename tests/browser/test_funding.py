"""The money side in a real browser: a director follows a statement figure to its rows, an
auditor requests a grant's control pack and downloads it."""

import datetime
import json
import re
import zipfile
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from funding import services
from tests.factories import Role, SiteFactory, user_with_role
from tests.funding.factories import make_grant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def grant_with_costs(settings, tmp_path):
    """A signed grant with one hour of a 20 €/h social worker and a 500 € invoice at 50 %."""
    settings.MEDIA_ROOT = tmp_path / "media"
    site = SiteFactory(name="Paris", code="paris")
    director = user_with_role(Role.DIRECTOR, site, username="direction.fonds")
    worker = user_with_role(Role.SOCIAL_WORKER, site, username="ts.fonds")
    grant = make_grant(
        by=director,
        sites=[site],
        signed=True,
        agreement_reference="FAMI-2026-IDF-01",
        starts_on=_from_today(-200),
        ends_on=_from_today(165),
    )
    today = timezone.localdate()
    services.staff_cost_set(
        by=director, staff=worker, year=today.year, annual_cost=Decimal("34400")
    )
    services.time_entry_add(
        by=worker,
        staff=worker,
        date=today,
        hours=Decimal("1"),
        activity="Visite du bailleur à Rennes",
        grant=grant,
    )
    services.expense_record(
        by=director,
        date=today,
        supplier="Interprètes Solidaires",
        category="interpreting",
        amount=Decimal("500.00"),
        invoice_reference="INT-2026-044",
        shares=[(grant, Decimal("50"))],
    )
    return director, grant


def test_director_follows_a_statement_figure_to_its_rows(page, login, grant_with_costs):
    director, grant = grant_with_costs
    login(director)

    page.locator("nav a[href='/funding/grants/']").click()
    page.get_by_role("link", name=re.compile(grant.agreement_reference)).first.click()
    page.wait_for_url(re.compile(rf"/funding/grants/{grant.pk}/$"))
    page.get_by_role("link", name="Relevé financier").click()
    page.wait_for_url(re.compile(r"/statement/$"))
    expect(page.locator("[data-figure=staff]")).to_have_text("20,00")
    expect(page.locator("[data-figure=other]")).to_have_text("250,00")

    page.locator("[data-figure=other]").click()
    page.wait_for_url(re.compile(r"/statement/rows/\?part=other"))
    expect(page.locator("[data-figure=rows-total]")).to_have_text("250,00")
    expect(page.get_by_role("cell", name="INT-2026-044")).to_be_visible()

    page.go_back()
    page.locator("[data-figure=staff]").click()
    page.wait_for_url(re.compile(r"part=staff"))
    expect(page.get_by_role("cell", name="Visite du bailleur à Rennes")).to_be_visible()
    expect(page.locator("[data-figure=rows-total]")).to_have_text("20,00")


def test_auditor_requests_the_control_pack_of_a_year_and_downloads_it(
    page, login, grant_with_costs
):
    _director, grant = grant_with_costs
    auditor = user_with_role(Role.AUDITOR, grant.sites.get(), username="audit.fonds")
    login(auditor)

    page.locator("nav a[href='/funding/grants/']").click()
    page.get_by_role("link", name=re.compile(grant.agreement_reference)).first.click()
    page.wait_for_url(re.compile(rf"/funding/grants/{grant.pk}/$"))
    page.get_by_role("link", name="Préparer le dossier de contrôle").click()
    page.wait_for_url(re.compile(r"/reporting/.*\?grant="))
    expect(page.get_by_label("Subvention")).to_have_value(str(grant.pk))
    page.get_by_label("Année").select_option(str(timezone.localdate().year))
    page.get_by_role("button", name="Préparer le dossier de contrôle").click()

    download_link = page.locator("a[href$='/download/']").first
    expect(download_link).to_be_visible(timeout=30_000)
    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".zip")
    with zipfile.ZipFile(download.path()) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = set(archive.namelist())
    assert {"beneficiaries.csv", "money/statement.csv", "summary.pdf"} <= names
    assert manifest["parameters"]["grant"] == grant.pk
