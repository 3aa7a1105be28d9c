"""After an invalid submission a form opens on an alert summing up its errors, each linked to its
field, and each invalid field is marked and described by its own message (templates/bootstrap5/)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _summary(page):
    return page.locator("[data-error-summary]")


def _assert_tied_to_its_message(page, field_id: str) -> str:
    field = page.locator(f"#{field_id}")
    expect(field).to_have_attribute("aria-invalid", "true")
    assert f"{field_id}_error" in field.get_attribute("aria-describedby").split()
    message = page.locator(f"#{field_id}_error").inner_text().strip()
    assert message
    # What a screen reader reads with the field: its message.
    expect(field).to_have_accessible_description(re.compile(re.escape(message)))
    return message


def test_household_form_errors_are_announced_and_lead_to_their_field(page, login, social_worker):
    login(social_worker)
    page.goto(reverse("households:create"))
    page.locator("#id_commune").fill("Montreuil")
    page.locator("#id_referral_date").fill("2099-01-01")
    # Without the browser's own check of required fields, so that the server answers for
    # every field at once (required boxes left empty as well as the date).
    page.evaluate("document.querySelector('main form').noValidate = true")
    page.locator("main form [type=submit]").click()

    summary = _summary(page)
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_be_focused()
    message = _assert_tied_to_its_message(page, "id_referral_date")
    link = summary.locator("a[href='#id_referral_date']")
    expect(link).to_contain_text(message)
    # Every field marked invalid is listed and described, whatever the form holds.
    invalid = page.locator("main [aria-invalid=true]")
    expect(invalid.first).to_be_visible()
    for field_id in invalid.evaluate_all("fields => fields.map(field => field.id)"):
        _assert_tied_to_its_message(page, field_id)
        expect(summary.locator(f"a[href='#{field_id}']")).to_have_count(1)
    expect(page.locator("#id_commune")).to_have_value("Montreuil")
    expect(page.locator("#id_commune")).not_to_have_attribute("aria-invalid", "true")

    # From the summary, the keyboard goes to the link, and the link to the field.
    page.keyboard.press("Tab")
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#id_referral_date")).to_be_focused()


def test_login_and_password_change_errors_are_announced(page, social_worker):
    # A wrong password is the form's own error: announced, with no field to link to.
    page.goto(reverse("accounts:login"))
    page.locator("#id_username").fill(social_worker.username)
    page.locator("#id_password").fill("not-the-password")
    page.locator("main form [type=submit]").click()
    summary = _summary(page)
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_be_focused()
    expect(summary.locator("li")).to_have_count(1)
    expect(summary.locator("a")).to_have_count(0)
    expect(page.locator("#id_username")).to_have_value(social_worker.username)

    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form [type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    # Two fields in error at once: each is listed, linked, marked and described.
    page.goto(reverse("accounts:password_change"))
    page.locator("#id_old_password").fill("not-the-password")
    page.locator("#id_new_password1").fill("Une-toute-nouvelle-phrase-2026")
    page.locator("#id_new_password2").fill("Une-autre-phrase-2026")
    page.locator("main form [type=submit]").click()
    summary = _summary(page)
    expect(summary).to_be_focused()
    for field_id in ("id_old_password", "id_new_password2"):
        message = _assert_tied_to_its_message(page, field_id)
        expect(summary.locator(f"a[href='#{field_id}']")).to_contain_text(message)
    expect(page.locator("#id_new_password1")).not_to_have_attribute("aria-invalid", "true")
