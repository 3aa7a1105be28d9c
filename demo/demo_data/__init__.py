"""Demo data: two sites, one login per role and thirty households along the funnel.

Idempotent: running it again changes nothing once the demo households exist. Every household
reaches its status through the programme's real events, written by each app's own services:
it attends an awareness workshop (informed), has its diagnostic interview (diagnosed), signs a
mobility plan at the second interview (plan signed), is referred to partners, moves (relocated,
which schedules its follow-ups), is followed up and finally closed. The dates run backwards
from today over about fourteen months, in funnel order and never in the future, so that the
dashboards of this year and of the previous one both have figures behind them.

The money side (`funding`) frames the casework: its grants are signed before the first event,
so that the hours of each interview and workshop are charged to them as they are recorded,
and the evidence, costs, expenses and timesheets follow the last one.

One module per phase, called in the order below: `people` (sites, logins, households),
`sessions` (workshops and trainings), `plans` (interviews and plans), `referrals` (partners
and referrals) and `moves` (relocations and follow-ups); `data` holds the fixed tables.
"""

from typing import TextIO

from django.core.management.color import Style, no_style
from django.db import transaction

from core import dates
from demo.demo_data import funding
from demo.demo_data.context import Case, Demo, site_code_of
from demo.demo_data.data import FAMILIES, LEVERS, TARGETS, WITH_PLAN, WITHDRAWN_AFTER_DIAGNOSTIC
from demo.demo_data.moves import follow_up, relocate
from demo.demo_data.people import (
    case_register,
    journey_draw,
    sites_get_or_create,
    users_get_or_create,
)
from demo.demo_data.plans import diagnostic_interview, plan_interview
from demo.demo_data.referrals import referring_partners, regional_partners
from demo.demo_data.sessions import attend_workshop, professional_training, upcoming_workshop
from households import funnel
from households.models import Household, Status, WithdrawalReason
from recommendations.services import samples_load


@transaction.atomic
def load_demo(*, stdout: TextIO, style: Style | None = None) -> None:
    """Load the demo sites, logins and households, unless the households are already there.

    Sites and logins are made (or found) first so a second run still repairs a missing login;
    the households and everything behind them are written only once. Progress goes to
    `stdout`, coloured with `style` (the management command passes its own).
    """
    style = style or no_style()
    sites = sites_get_or_create()
    users = users_get_or_create(sites)
    # The reference data of the recommendations, marked as samples (loaded once).
    samples_load()
    if Household.objects.filter(site__in=sites.values()).exists():
        stdout.write("Demo data already loaded.")
        return
    demo = Demo(sites=sites, users=users, today=dates.today())
    grants = funding.grants_create(sites=sites, users=users, today=demo.today)
    build(demo)
    funding.funding_complete(users=users, grants=grants, today=demo.today)
    stdout.write(
        style.SUCCESS(
            f"Demo data loaded: {len(FAMILIES)} households, "
            f"{len(demo.workshops)} workshops, one professional training, three grants."
        )
    )


def build(demo: Demo) -> None:
    """Write the whole demo, phase by phase; the order of the calls is the order of the
    random draws, so it must not change."""
    referrers = referring_partners(demo)
    regional_partners(demo)
    plans = [index for index, target in enumerate(TARGETS) if target in WITH_PLAN]
    journeys = [
        journey_draw(demo, index, target, site_code_of(index))
        for index, target in enumerate(TARGETS)
    ]
    # Registered in the order they were referred, so references follow the dates; then
    # taken through the funnel in that order too.
    order = sorted(range(len(FAMILIES)), key=lambda index: (journeys[index].referral, index))
    cases = [
        case_register(
            demo,
            index,
            FAMILIES[index],
            TARGETS[index],
            journeys[index],
            LEVERS[plans.index(index) % len(LEVERS)] if index in plans else None,
            referrers,
        )
        for index in order
    ]
    for case in cases:
        _advance(demo, case)
    upcoming_workshop(demo, cases)
    professional_training(demo, referrers)


def _advance(demo: Demo, case: Case) -> None:
    """Take one household through the funnel, event by event, up to its target status."""
    journey = case.journey
    if journey.workshop:
        attend_workshop(demo, case, journey.workshop)
    if journey.diagnostic:
        diagnostic_interview(demo, case)
    if journey.signed:
        plan, offer, lever = plan_interview(demo, case)
        if journey.moved:
            relocation = relocate(demo, case, plan, offer, lever)
            if case.target in (Status.FOLLOWED_UP, Status.CLOSED):
                follow_up(demo, case, relocation, lever)
            if case.target == Status.CLOSED:
                funnel.household_close(household=case.household, by=case.worker)
    if case.target == Status.WITHDRAWN:
        after_diagnostic = case.index == WITHDRAWN_AFTER_DIAGNOSTIC
        funnel.household_transition(
            household=case.household,
            to_status=Status.WITHDRAWN,
            by=case.worker,
            occurred_on=journey.stopped,
            reason=WithdrawalReason.NO_LONGER_WILLING
            if after_diagnostic
            else WithdrawalReason.SOLUTION_IN_IDF,
            comment="La famille préfère rester près de ses proches en Île-de-France."
            if after_diagnostic
            else "",
        )
    elif case.target == Status.ON_HOLD:
        funnel.household_transition(
            household=case.household,
            to_status=Status.ON_HOLD,
            by=case.worker,
            occurred_on=journey.stopped,
            comment="Hospitalisation d'un enfant.",
        )
