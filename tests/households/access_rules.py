from households import services
from households.models import ConsentScope
from tests.access import (
    COORDINATE_OBJECT_OF_SITE_A,
    LOGIN,
    READ_ALL,
    READ_OBJECT_OF_SITE_A,
    REFUSE_COORDINATION_OF_SITE_A,
    REFUSE_WRITE_OF_SITE_A,
    WRITE_OBJECT_OF_SITE_A,
    Rule,
    expect,
)


def household(world):
    return {"pk": world.household.pk}


def person(world):
    return {"pk": world.person.pk}


def consent(world):
    return {"pk": world.consent.pk}


def build(world):
    world.consent = services.consent_record(
        household=world.household,
        scope=ConsentScope.PROCESSING,
        given_on=world.household.referral_date,
        by=world.users["social_worker"],
    )


RULES = [
    Rule("home", get=READ_ALL),
    Rule("households:list", get=READ_ALL),
    Rule(
        "households:create",
        get=expect(200, anonymous=LOGIN, director=403, auditor=403),
        post=expect(None, anonymous=LOGIN, director=403, auditor=403),
    ),
    Rule("households:detail", get=READ_OBJECT_OF_SITE_A, kwargs=household),
    Rule(
        "households:update",
        get=WRITE_OBJECT_OF_SITE_A,
        post=REFUSE_WRITE_OF_SITE_A,
        kwargs=household,
    ),
    Rule(
        "households:status",
        get=WRITE_OBJECT_OF_SITE_A,
        post=REFUSE_WRITE_OF_SITE_A,
        kwargs=household,
    ),
    Rule(
        "households:assign",
        get=COORDINATE_OBJECT_OF_SITE_A,
        post=REFUSE_COORDINATION_OF_SITE_A,
        kwargs=household,
    ),
    Rule(
        "households:transfer_site",
        get=COORDINATE_OBJECT_OF_SITE_A,
        post=REFUSE_COORDINATION_OF_SITE_A,
        kwargs=household,
    ),
    Rule(
        "households:person_create",
        get=WRITE_OBJECT_OF_SITE_A,
        post=REFUSE_WRITE_OF_SITE_A,
        kwargs=household,
    ),
    Rule(
        "households:consent_create",
        get=WRITE_OBJECT_OF_SITE_A,
        post=REFUSE_WRITE_OF_SITE_A,
        kwargs=household,
    ),
    Rule(
        "households:person_update",
        get=WRITE_OBJECT_OF_SITE_A,
        post=REFUSE_WRITE_OF_SITE_A,
        kwargs=person,
    ),
    Rule(
        "households:person_delete",
        get=WRITE_OBJECT_OF_SITE_A,
        post=REFUSE_WRITE_OF_SITE_A,
        kwargs=person,
    ),
    Rule(
        "households:consent_withdraw",
        get=expect(405, anonymous=LOGIN),
        post=REFUSE_WRITE_OF_SITE_A,
        kwargs=consent,
    ),
]
