"""A coordinator's workshop day, in a real browser: schedule, register, take attendance, print."""

import pytest
from django.utils import timezone

from households.models import Status
from tests.workshops.conftest import make_family
from workshops.models import Workshop


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_coordinator_schedules_registers_takes_attendance_and_downloads_the_sheet(
    page, login, site_a, coordinator
):
    rahimi = make_family(site=site_a, by=coordinator, last_name="Rahimi", size=2)
    diallo = make_family(site=site_a, by=coordinator, last_name="Diallo", size=1)
    login(coordinator)

    # Schedule a workshop for today from the navigation.
    page.get_by_role("link", name="Ateliers", exact=True).click()
    page.get_by_role("link", name="Programmer un atelier").click()
    page.locator("#id_date").fill(timezone.localdate().isoformat())
    page.locator("#id_start_time").fill("09:30")
    page.locator("#id_end_time").fill("12:00")
    page.locator("#id_place").fill("Maison des associations")
    page.locator("#id_capacity").fill("10")
    page.locator("#id_topic").fill("Vivre et travailler en Bretagne")
    page.locator("#id_regions_presented").select_option("53")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("heading", name="Vivre et travailler en Bretagne").wait_for()
    workshop = Workshop.objects.get()

    # Register two households with search-as-you-type.
    page.get_by_role("link", name="Inscrire des ménages").click()
    for household in (rahimi, diallo):
        search = page.get_by_label("Rechercher un ménage ou une personne")
        search.fill(household.reference)
        page.get_by_role("button", name=f"Inscrire le ménage {household.reference}").click()
        page.get_by_text("Inscrits :").wait_for()
    assert workshop.registrations.count() == 3

    # Attendance: a whole household at once, then one person, without reloading the page.
    page.goto(f"/workshops/{workshop.pk}/attendance/")
    page.evaluate("window.notReloaded = true")
    page.get_by_role("button", name=f"Tout le ménage présent {rahimi.reference}").click()
    rahimi_block = page.locator(f"#household-{rahimi.pk}")
    rahimi_block.locator('[data-attendance="present"]').nth(1).wait_for()
    diallo_row = page.locator(f"#household-{diallo.pk} tr[id^=registration-]")
    diallo_row.get_by_role("button", name="Absent").click()
    diallo_row.locator('[data-attendance="absent"]').wait_for()
    assert page.evaluate("window.notReloaded") is True

    rahimi.refresh_from_db()
    diallo.refresh_from_db()
    assert rahimi.status == Status.INFORMED
    assert diallo.status == Status.REFERRED

    # The attendance sheet downloads as a PDF.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Feuille d’émargement (PDF)").click()
    path = download_info.value.path()
    with open(path, "rb") as sheet:
        assert sheet.read(4) == b"%PDF"
    assert download_info.value.suggested_filename.startswith(
        f"emargement-{timezone.localdate():%Y-%m-%d}"
    )
