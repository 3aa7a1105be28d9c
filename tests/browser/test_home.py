"""A director lands on their home page, reads the year against a grant's target and opens the
dashboard limited to that grant, which shows the same figure."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from funding import services as funding_services
from funding.models import IndicatorKind
from tests.factories import Role, SiteFactory, user_with_role
from tests.funding.factories import make_grant
from tests.reporting import grant_world as gw

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def year_with_a_grant():
    """One eligible household relocated this year, under a signed grant targeting four."""
    site = SiteFactory(name="Paris", code="paris")
    worker = user_with_role(Role.SOCIAL_WORKER, site, username="ts.accueil")
    director = user_with_role(Role.DIRECTOR, site, username="direction.accueil")
    today = timezone.localdate()
    # This year, whatever the day the test runs (on 1 January the move is today).
    moved_on = max(today - datetime.timedelta(days=10), datetime.date(today.year, 1, 1))
    household, head = gw.household(
        site, worker, "refugee", evidence=(datetime.date(2024, 1, 1), None)
    )
    gw.diagnostic(household, worker, moved_on - datetime.timedelta(days=40))
    gw.move(household, worker, moved_on - datetime.timedelta(days=20), moved_on, [head])
    grant = make_grant(by=director, sites=[site], agreement_reference="FAMI-ACCUEIL", signed=True)
    funding_services.grant_indicator_set(
        grant=grant, by=director, indicator=IndicatorKind.HOUSEHOLDS_RELOCATED, target=Decimal(4)
    )
    return director, grant


def test_director_reads_the_target_then_opens_the_dashboard_of_the_grant(
    page, login, year_with_a_grant
):
    director, grant = year_with_a_grant
    login(director)

    page.wait_for_url(re.compile(r"/$"))
    row = page.locator("#grant-targets tr[data-indicator=households_relocated]")
    expect(row.locator("td").nth(0)).to_have_text("4")
    expect(row.locator("td").nth(1)).to_have_text("1")
    expect(row.locator("td").nth(2)).to_have_text(re.compile(r"25,0\s%"))
    expect(page.locator("#key-figures .card").first).to_contain_text("1")

    page.locator(f"#grant-{grant.pk} caption a[href^='/reporting/?']").click()
    page.wait_for_url(re.compile(rf"/reporting/\?year=\d+&grant={grant.pk}$"))
    targets = page.locator("section[aria-labelledby=grant-targets] tbody tr")
    expect(targets).to_have_count(1)
    expect(targets.first.locator("td").nth(1)).to_have_text("1")
