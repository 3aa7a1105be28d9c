"""Once the move is recorded, the household page offers only what follows it."""

import pytest
from django.urls import reverse

from households import funnel
from households.models import Household, Status
from tests.followups.helpers import relocated_household
from tests.interviews.builders import signed_plan

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("status", "before_hold", "moved"),
    [
        (Status.REFERRED, "", False),
        (Status.DIAGNOSED, "", False),
        (Status.PLAN_SIGNED, "", False),
        (Status.RELOCATED, "", True),
        (Status.FOLLOWED_UP, "", True),
        (Status.CLOSED, "", True),
        (Status.ON_HOLD, Status.PLAN_SIGNED, False),
        (Status.ON_HOLD, Status.RELOCATED, True),
    ],
)
def test_has_moved_reads_the_status(status, before_hold, moved):
    assert Household(status=status, status_before_hold=before_hold).has_moved is moved


def _page(client, household) -> str:
    return client.get(reverse("households:detail", kwargs={"pk": household.pk})).content.decode()


def _plan_interview_links(household) -> list[str]:
    create = reverse("interviews:create", args=[household.pk])
    return [f"{create}?kind=diagnostic", f"{create}?kind=mobility_plan"]


def _referral_links(household) -> list[str]:
    return [
        reverse("partners:referral_create", args=[household.pk]),
        reverse("partners:household_matches", args=[household.pk]),
    ]


def test_before_the_move_the_page_offers_interviews_and_referrals(
    client_for, household, person, social_worker
):
    signed_plan(household=household, by=social_worker)

    html = _page(client_for(social_worker), household)

    assert any(link in html for link in _plan_interview_links(household))
    assert all(link in html for link in _referral_links(household))


def test_after_the_move_steps_leading_to_it_are_hidden_and_follow_ups_kept(
    client_for, site_a, social_worker
):
    household, _relocation = relocated_household(site=site_a, by=social_worker)

    html = _page(client_for(social_worker), household)

    for link in (*_plan_interview_links(household), *_referral_links(household)):
        assert link not in html
    # A follow-up talk, and the follow-ups themselves, still apply.
    assert f"{reverse('interviews:create', args=[household.pk])}?kind=other" in html
    assert reverse("followups:add", args=[household.pk]) in html


def test_on_hold_after_the_move_still_hides_them(client_for, site_a, social_worker):
    household, _relocation = relocated_household(site=site_a, by=social_worker)
    funnel.household_transition(
        household=household, to_status=Status.ON_HOLD, by=social_worker, comment="Hospitalisé"
    )

    html = _page(client_for(social_worker), household)

    assert reverse("partners:referral_create", args=[household.pk]) not in html
