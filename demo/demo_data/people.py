"""People and households: the demo sites and logins, each family's household and members, and
the dates of its journey along the funnel."""

import datetime

from accounts.models import Membership, Site, User
from demo.demo_data.context import Case, Demo, Journey, days, site_code_of, working_day
from demo.demo_data.data import (
    ACCOMMODATIONS,
    COMMUNES,
    DEMO_PASSWORD,
    PROTECTIONS,
    SITES,
    USERS,
    WITHDRAWN_AFTER_DIAGNOSTIC,
    WITHOUT_WORKSHOP,
)
from demo.demo_data.sessions import workshop_day
from households import services
from households.models import ConsentScope, Relation, Status


def sites_get_or_create() -> dict[str, Site]:
    """The demo sites, made the first time and found afterwards."""
    sites = {}
    for code, name, address in SITES:
        sites[code], _ = Site.objects.get_or_create(
            code=code, defaults={"name": name, "address": address}
        )
    return sites


def users_get_or_create(sites: dict[str, Site]) -> dict[str, User]:
    """One login per role; the password is set only when the login is made."""
    users = {}
    for username, first, last, memberships, superuser in USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@clef-de-france.invalid",
                "is_superuser": superuser,
                "is_staff": superuser,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        for site_code, role in memberships:
            Membership.objects.get_or_create(user=user, site=sites[site_code], role=role)
        users[username] = user
    return users


def case_register(
    demo: Demo, index: int, family: tuple, target: str, journey: Journey, lever, referrers: dict
) -> Case:
    """Register one family's household, its members and its consent to processing."""
    name, country, first_names = family
    rng, today = demo.rng, demo.today
    site_code = site_code_of(index)
    worker = demo.workers[site_code]
    commune, dep = COMMUNES[index % len(COMMUNES)]
    # A few new cases wait for a social worker; cases further along always have one.
    unassigned = index % 7 == 0 and target in (Status.REFERRED, Status.INFORMED)
    household = services.household_create(
        by=worker,
        site=demo.sites[site_code],
        referral_date=journey.referral,
        social_worker=None if unassigned else worker,
        referring_partner=list(referrers.values())[index % len(referrers)],
        commune=commune,
        departement=demo.departements[dep],
        accommodation=ACCOMMODATIONS[index % len(ACCOMMODATIONS)],
        mobility_wishes="Souhaite une ville moyenne avec des possibilités d'emploi.",
    )
    protection = PROTECTIONS[index % len(PROTECTIONS)]
    members = []
    for rank, first_name in enumerate(first_names):
        adult = rank < 2 and not (rank == 1 and len(first_names) == 2 and index % 2)
        age = rng.randint(24, 52) if adult else rng.randint(1, 16)
        members.append(
            services.person_add(
                household=household,
                by=worker,
                first_name=first_name,
                last_name=name,
                sex="M" if rng.random() < 0.5 else "F",
                birth_date=today.replace(year=today.year - age, day=1)
                - datetime.timedelta(days=rng.randint(0, 300)),
                nationality=country,
                relation=Relation.HEAD
                if rank == 0
                else (Relation.SPOUSE if adult else Relation.CHILD),
                protection_status=protection,
                french_level=rng.choice(["A1", "A2", "B1", "none"]) if adult else "",
                languages="arabe, anglais" if country in ("SY", "SD", "PS") else "",
            )
        )
    services.consent_record(
        household=household, scope=ConsentScope.PROCESSING, given_on=journey.referral, by=worker
    )
    return Case(index, household, target, worker, site_code, country, members, journey, lever)


def journey_draw(demo: Demo, index: int, target: str, site_code: str) -> Journey:
    """Dates drawn backwards from the last event, so each step follows the one before.

    Office events fall on working days; a household that has just reached a step may have
    waited there for months, so the last event of each target is spread over the year.
    """
    rng, today = demo.rng, demo.today
    week = datetime.timedelta(days=7)
    if target == Status.REFERRED:
        return Journey(referral=working_day(today - days(rng, 3, 45)))
    journey = Journey(referral=today)
    if target in (Status.WITHDRAWN, Status.ON_HOLD):
        journey.stopped = before = working_day(today - days(rng, 5, 300))
        if index == WITHDRAWN_AFTER_DIAGNOSTIC:
            journey.diagnostic = before = working_day(journey.stopped - days(rng, 10, 30))
        journey.workshop = workshop_day(site_code, before - week)
    elif target == Status.INFORMED:
        journey.workshop = workshop_day(site_code, today - days(rng, 1, 150))
    else:
        # Closed cases moved over a year ago, so that their four follow-ups are done, and
        # went through the funnel quickly.
        closed = target == Status.CLOSED
        if target in (Status.RELOCATED, Status.FOLLOWED_UP, Status.CLOSED):
            low, high = {
                Status.RELOCATED: (5, 45),
                Status.FOLLOWED_UP: (40, 280),
                Status.CLOSED: (367, 372),
            }[target]
            journey.moved = today - days(rng, low, high)
            journey.signed = working_day(
                journey.moved - (days(rng, 25, 35) if closed else days(rng, 40, 100))
            )
        elif target == Status.PLAN_SIGNED:
            journey.signed = working_day(today - days(rng, 12, 150))
        if journey.signed:
            journey.plan_interview = working_day(
                journey.signed - datetime.timedelta(days=rng.choice([0, 0, 0, 1, 3]))
            )
            journey.diagnostic = working_day(
                journey.plan_interview - (days(rng, 14, 21) if closed else days(rng, 21, 50))
            )
        else:
            journey.diagnostic = working_day(today - days(rng, 3, 150))
        if index not in WITHOUT_WORKSHOP:
            journey.workshop = workshop_day(site_code, journey.diagnostic - week)
    first_information = journey.workshop or journey.diagnostic
    journey.referral = working_day(
        first_information - (days(rng, 3, 10) if target == Status.CLOSED else days(rng, 4, 25))
    )
    return journey
