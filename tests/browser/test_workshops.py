"""A coordinator's workshop day, in a real browser: schedule, register, take attendance, print."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from households.models import Status
from tests.workshops.conftest import make_family, make_workshop
from workshops import services
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
        page.get_by_text("Inscrits\u00a0:").wait_for()
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


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_attendance_buttons_before_the_day_are_disabled_and_say_from_when(
    page, login, site_a, coordinator
):
    day = timezone.localdate() + datetime.timedelta(days=3)
    workshop = make_workshop(site=site_a, by=coordinator, date=day)
    family = make_family(site=site_a, by=coordinator, last_name="Rahimi", size=1)
    services.workshop_register_household(workshop=workshop, household=family, by=coordinator)
    login(coordinator)

    page.goto(f"/workshops/{workshop.pk}/attendance/")

    buttons = page.locator(f"#household-{family.pk}").get_by_role("button")
    expect(buttons).to_have_count(4)  # the whole household, then present, absent, excused
    for button in buttons.all():
        expect(button).to_be_disabled()
        # The reason, read with the button, names the session's day.
        expect(button).to_have_accessible_description(re.compile(rf"\b{day.day}\b.*{day.year}"))
    expect(page.locator("#attendance-closed")).to_be_visible()
