from tests.access import (
    READ_OBJECT_OF_SITE_A,
    REFUSE_WRITE_OF_SITE_A,
    WRITE_OBJECT_OF_SITE_A,
    Rule,
)
from tests.factories import make_household, make_person
from tests.interviews.builders import record_diagnostic, record_plan_interview


def household(world):
    return {"pk": world.household.pk}


def interview(world):
    return {"pk": world.interview.pk}


def build(world):
    # A household of its own, so that other apps' objects on world.household are untouched.
    worker = world.users["social_worker"]
    world.plan_household = make_household(site=world.site_a, by=worker, social_worker=worker)
    make_person(household=world.plan_household, by=worker)
    world.interview = record_diagnostic(household=world.plan_household, by=worker, notes="Note")
    world.mobility_plan = record_plan_interview(household=world.plan_household, by=worker)
    world.plan_step = world.mobility_plan.steps.first()


RULES = [
    Rule(
        "interviews:create",
        get=WRITE_OBJECT_OF_SITE_A,
        post=REFUSE_WRITE_OF_SITE_A,
        kwargs=household,
    ),
    Rule("interviews:detail", get=READ_OBJECT_OF_SITE_A, kwargs=interview),
    Rule(
        "interviews:update",
        get=WRITE_OBJECT_OF_SITE_A,
        post=REFUSE_WRITE_OF_SITE_A,
        kwargs=interview,
    ),
]
