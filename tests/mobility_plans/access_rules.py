from tests.access import (
    LOGIN,
    READ_OBJECT_OF_SITE_A,
    REFUSE_WRITE_OF_SITE_A,
    WRITE_OBJECT_OF_SITE_A,
    Rule,
    expect,
)

# The plan, its steps and the interview are built by tests/interviews/access_rules.build.


def plan(world):
    return {"pk": world.mobility_plan.pk}


def step(world):
    return {"pk": world.plan_step.pk}


POST_ONLY = expect(405, anonymous=LOGIN)

RULES = [
    Rule("mobility_plans:detail", get=READ_OBJECT_OF_SITE_A, kwargs=plan),
    Rule(
        "mobility_plans:update",
        get=WRITE_OBJECT_OF_SITE_A,
        post=REFUSE_WRITE_OF_SITE_A,
        kwargs=plan,
    ),
    Rule(
        "mobility_plans:sign", get=WRITE_OBJECT_OF_SITE_A, post=REFUSE_WRITE_OF_SITE_A, kwargs=plan
    ),
    Rule(
        "mobility_plans:abandon",
        get=WRITE_OBJECT_OF_SITE_A,
        post=REFUSE_WRITE_OF_SITE_A,
        kwargs=plan,
    ),
    Rule(
        "mobility_plans:relocation_create",
        get=WRITE_OBJECT_OF_SITE_A,
        post=REFUSE_WRITE_OF_SITE_A,
        kwargs=plan,
    ),
    Rule("mobility_plans:step_add", get=POST_ONLY, post=REFUSE_WRITE_OF_SITE_A, kwargs=plan),
    Rule("mobility_plans:step_toggle", get=POST_ONLY, post=REFUSE_WRITE_OF_SITE_A, kwargs=step),
]
