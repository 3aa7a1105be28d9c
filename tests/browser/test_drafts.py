"""Browser drafts of a form belong to one user: another user of the same computer never gets
them, and logging out erases them (static/js/form-draft.js)."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import Role, SiteFactory, make_household, make_person, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTES = "Souhaite partir avec ses deux enfants ; craint la solitude."
PLACE = "Permanence de Montreuil"

# The names of the form's fields whose value is not the one the server sent.
CHANGED_FIELDS = """form => Array.from(form.elements).filter(el => {
    if (!el.name || el.type === "hidden" || el.type === "submit") return false;
    if (el.type === "checkbox" || el.type === "radio") return el.checked !== el.defaultChecked;
    if (el.tagName === "SELECT" && el.multiple) {
        return Array.from(el.options).some(o => o.selected !== o.defaultSelected);
    }
    if (el.tagName === "SELECT") {
        const sent = Array.from(el.options).findIndex(o => o.defaultSelected);
        return el.selectedIndex !== Math.max(sent, 0);
    }
    return el.value !== el.defaultValue;
}).map(el => el.name)"""

DRAFT_KEYS = """() => Object.keys(localStorage).filter(k => k.startsWith("cdf-draft:"))"""


@pytest.fixture
def team():
    site = SiteFactory(name="Paris", code="paris")
    worker = user_with_role(Role.SOCIAL_WORKER, site, username="ts.brouillon")
    coordinator = user_with_role(Role.COORDINATOR, site, username="coord.brouillon")
    household = make_household(site=site, by=worker, social_worker=worker)
    make_person(household=household, by=worker)
    return worker, coordinator, household


def _diagnostic_url(household):
    return f"/interviews/household/{household.pk}/new/?kind=diagnostic"


def _type_a_draft(page, user, household):
    page.goto(_diagnostic_url(household))
    page.fill("textarea[name=notes]", NOTES)
    page.fill("input[name=place]", PLACE)
    page.select_option("select[name=assessment-french_level]", "A2")
    key = f"cdf-draft:{user.pk}:interview:{household.pk}:diagnostic"
    page.wait_for_function(f"() => localStorage.getItem({key!r}) !== null")
    assert set(page.locator("form[data-draft-key]").evaluate(CHANGED_FIELDS)) >= {
        "notes",
        "place",
        "assessment-french_level",
    }


def _expect_a_blank_form(page, household):
    page.goto(_diagnostic_url(household))
    assert page.locator("form[data-draft-key]").evaluate(CHANGED_FIELDS) == []
    expect(page.locator("textarea[name=notes]")).to_have_value("")
    expect(page.locator("[data-draft-notice]")).to_be_hidden()


def _log_out_through_the_menu(page, user):
    page.get_by_role("button", name=user.get_full_name() or user.username).click()
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url("**/accounts/login/?logged_out=1")


def test_the_next_user_finds_no_draft_after_a_logout(page, login, team):
    worker, coordinator, household = team
    login(worker)
    _type_a_draft(page, worker, household)

    _log_out_through_the_menu(page, worker)
    assert page.evaluate(DRAFT_KEYS) == []

    login(coordinator)
    _expect_a_blank_form(page, household)
    assert page.evaluate(DRAFT_KEYS) == []


def test_the_same_user_gets_the_draft_back_after_the_session_ended(page, login, team):
    worker, coordinator, household = team
    login(worker)
    _type_a_draft(page, worker, household)

    # The idle session ends on the server: the next page asks to log in again.
    page.context.clear_cookies(name="sessionid")
    page.goto(_diagnostic_url(household))
    page.wait_for_url(re.compile(r"/accounts/login/\?next="))
    login(worker)
    page.goto(_diagnostic_url(household))

    expect(page.locator("textarea[name=notes]")).to_have_value(NOTES)
    expect(page.locator("input[name=place]")).to_have_value(PLACE)
    expect(page.locator("select[name=assessment-french_level]")).to_have_value("A2")
    expect(page.locator("[data-draft-notice]")).to_be_visible()

    # Someone else sitting down at the same computer instead never gets it, and it is gone.
    page.context.clear_cookies(name="sessionid")
    login(coordinator)
    assert page.evaluate(DRAFT_KEYS) == []
    _expect_a_blank_form(page, household)


def test_drafts_of_other_users_and_without_a_user_are_erased(page, login, team):
    worker, coordinator, household = team
    login(worker)
    own = f"cdf-draft:{worker.pk}:interview:{household.pk}:other"
    page.evaluate(
        """keys => keys.forEach(k => localStorage.setItem(k, '{"savedAt": 0, "values": {}}'))""",
        [
            own,
            f"cdf-draft:{coordinator.pk}:interview:{household.pk}:other",
            f"cdf-draft:interview:{household.pk}:other",
        ],
    )

    page.reload()

    assert page.evaluate(DRAFT_KEYS) == [own]
    # The login page shown after a logout erases them all, whatever the browser did with
    # the logout's Clear-Site-Data header.
    page.context.clear_cookies(name="sessionid")
    page.goto("/accounts/login/?logged_out=1")
    assert page.evaluate(DRAFT_KEYS) == []


def test_the_logout_button_itself_erases_the_drafts(page, login, team):
    worker, coordinator, household = team
    login(worker)
    _type_a_draft(page, worker, household)
    page.evaluate("""() => sessionStorage.setItem("cdf-draft:x", "{}")""")

    # A browser that ignores Clear-Site-Data and never reaches the login page after the
    # logout: the form's own submit handler is all that erases the drafts.
    def logout_without_the_other_two(route):
        route.fetch(max_redirects=0)  # the server logs out for real
        route.fulfill(status=200, content_type="text/html", body="<!DOCTYPE html><p>ok</p>")

    page.route("**/accounts/logout/", logout_without_the_other_two)
    page.get_by_role("button", name=worker.get_full_name() or worker.username).click()
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url("**/accounts/logout/")

    assert page.evaluate(DRAFT_KEYS) == []
    assert page.evaluate(DRAFT_KEYS.replace("localStorage", "sessionStorage")) == []
    login(coordinator)
    _expect_a_blank_form(page, household)
