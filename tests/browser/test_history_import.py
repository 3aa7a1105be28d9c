"""A coordinator imports an archive in a real browser: the template, a file with one refused row,
the fixed one, the import, then the households on the households list and the dashboard."""

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from history_import.columns import COLUMNS
from tests.factories import Role, SiteFactory, user_with_role
from tests.history_import.helpers import csv_bytes, person_row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DASHBOARD = "/reporting/?cumulative=on"  # since the programme began: the case is from 2019
REFERRED = "[aria-labelledby=key-figures] a[href*='step=referred']"  # households referred


@pytest.fixture
def coordinator(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # the sent files wait there
    site = SiteFactory(name="Paris", code="paris")
    return user_with_role(Role.COORDINATOR, site, username="coord.import")


def _archive(referral_date: str) -> dict:
    """Two cases; the second one's referral date is the one given (row 3 of the file)."""
    return {
        "name": "archive.csv",
        "mimeType": "text/csv",
        "buffer": csv_bytes(
            [
                person_row(
                    "2019-017",
                    "Haddad",
                    "Amina",
                    referral_date="04/02/2019",
                    relation="head",
                    birth_date="12/06/1988",
                ),
                person_row(
                    "2019-018",
                    "Nour",
                    "Karim",
                    referral_date=referral_date,
                    relation="head",
                    birth_date="03/09/1979",
                ),
            ]
        ),
    }


def _send(page, file: dict) -> None:
    page.goto("/imports/")
    page.set_input_files("input[name=file]", files=[file])
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/imports/\d+/$"))


def test_coordinator_imports_an_archive_after_fixing_it(page, login, coordinator):
    login(coordinator)
    page.goto(DASHBOARD)
    referred_before = int(page.locator(REFERRED).first.inner_text())

    page.locator("nav a[href='/imports/']").click()
    page.wait_for_url(re.compile(r"/imports/$"))
    with page.expect_download() as downloading:
        page.locator("a[href='/imports/template/']").click()
    assert downloading.value.suggested_filename.endswith(".xlsx")
    # The downloaded file has no extension, which load_workbook asks of a path.
    template = load_workbook(io.BytesIO(Path(downloading.value.path()).read_bytes()))
    assert [cell.value for cell in template.worksheets[0][1]] == [c.heading for c in COLUMNS]

    _send(page, _archive("31/02/2019"))
    refused = page.locator("#import-errors tbody tr")
    expect(refused).to_have_count(1)
    expect(refused).to_contain_text("Date d'orientation")
    expect(refused.locator("td").first).to_have_text("3")
    expect(refused).to_contain_text("31/02")
    expect(page.locator("form[action$='/confirm/']")).to_have_count(0)

    _send(page, _archive("14/02/2019"))
    expect(page.locator("#import-errors")).to_have_count(0)
    page.locator("form[action$='/confirm/'] button").click()
    page.wait_for_url(re.compile(r"/imports/\d+/$"))
    expect(page.locator("[data-status=imported]")).to_be_visible()

    page.locator("a.btn[href='/households/']").click()
    page.wait_for_url(re.compile(r"/households/$"))
    expect(page.get_by_role("cell", name="Amina HADDAD")).to_be_visible()
    expect(page.get_by_role("cell", name="Karim NOUR")).to_be_visible()

    page.goto(DASHBOARD)
    expect(page.locator(REFERRED).first).to_have_text(str(referred_before + 2))
