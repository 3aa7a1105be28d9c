from tests.access import (
    COORDINATORS_ONLY,
    READ_ALL,
    READ_OBJECT_OF_SITE_A,
    REFUSE_NON_COORDINATORS,
    REFUSE_WRITE_OF_SITE_A,
    WRITE_OBJECT_OF_SITE_A,
    Rule,
)
from tests.followups.helpers import relocated_household as make_relocated


def followup(world):
    return {"pk": world.followup.pk}


def relocated_household(world):
    return {"pk": world.followup.household_id}


def build(world):
    # A household of its own, so that other apps' objects on world.household are untouched.
    worker = world.users["social_worker"]
    _household, relocation = make_relocated(site=world.site_a, by=worker)
    world.followup = relocation.followups.order_by("due_on").first()


RULES = [
    # The home page itself ("home") has its rule in tests/households/access_rules.py.
    Rule("followups:caseload", get=READ_ALL),
    Rule("followups:site_overview", get=COORDINATORS_ONLY),
    Rule("followups:late", get=COORDINATORS_ONLY),
    Rule("followups:transfer", get=COORDINATORS_ONLY, post=REFUSE_NON_COORDINATORS),
    Rule("followups:detail", get=READ_OBJECT_OF_SITE_A, kwargs=followup),
    Rule(
        "followups:record", get=WRITE_OBJECT_OF_SITE_A, post=REFUSE_WRITE_OF_SITE_A, kwargs=followup
    ),
    Rule(
        "followups:reschedule",
        get=WRITE_OBJECT_OF_SITE_A,
        post=REFUSE_WRITE_OF_SITE_A,
        kwargs=followup,
    ),
    Rule(
        "followups:missed", get=WRITE_OBJECT_OF_SITE_A, post=REFUSE_WRITE_OF_SITE_A, kwargs=followup
    ),
    Rule(
        "followups:add",
        get=WRITE_OBJECT_OF_SITE_A,
        post=REFUSE_WRITE_OF_SITE_A,
        kwargs=relocated_household,
    ),
    Rule(
        "followups:close",
        get=WRITE_OBJECT_OF_SITE_A,
        post=REFUSE_WRITE_OF_SITE_A,
        kwargs=relocated_household,
    ),
]
