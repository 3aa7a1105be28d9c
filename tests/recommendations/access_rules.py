"""Access rules of the recommendations URLs (see tests/access.py).

Everyone signed in reads the datasets and the methodology; coordinators (of any site) and
administrators import. The household's recommendations follow the household's scope, and a
pick follows the plan's: other site 404, auditor and director 403. The plan is the one
tests/interviews/access_rules.build makes.
"""

from recommendations import services
from recommendations.models import DatasetKind
from tests.access import (
    COORDINATORS_ONLY,
    LOGIN,
    READ_ALL,
    READ_OBJECT_OF_SITE_A,
    REFUSE_NON_COORDINATORS,
    REFUSE_WRITE_OF_SITE_A,
    Rule,
    expect,
)
from tests.recommendations.helpers import HIRING_HEADINGS, csv_upload

POST_ONLY = expect(405, anonymous=LOGIN)


def build(world):
    world.dataset_upload = services.dataset_upload(
        by=world.users["coordinator"],
        kind=DatasetKind.HIRING_NEEDS,
        source="France Travail",
        year=2025,
        upload=csv_upload([HIRING_HEADINGS, "V0X21;Aides-soignants;87;412;71;3"]),
    )
    world.dataset = services.samples_load()[0]


def upload(world):
    return {"pk": world.dataset_upload.pk}


def dataset(world):
    return {"pk": world.dataset.pk}


def household(world):
    return {"pk": world.plan_household.pk}


def plan(world):
    return {"pk": world.mobility_plan.pk}


RULES = [
    Rule("recommendations:datasets", get=READ_ALL, post=REFUSE_NON_COORDINATORS),
    Rule(
        "recommendations:upload", get=COORDINATORS_ONLY, post=REFUSE_NON_COORDINATORS, kwargs=upload
    ),
    Rule(
        "recommendations:upload_import", get=POST_ONLY, post=REFUSE_NON_COORDINATORS, kwargs=upload
    ),
    Rule(
        "recommendations:upload_discard", get=POST_ONLY, post=REFUSE_NON_COORDINATORS, kwargs=upload
    ),
    Rule(
        "recommendations:dataset_withdraw",
        get=POST_ONLY,
        post=REFUSE_NON_COORDINATORS,
        kwargs=dataset,
    ),
    Rule(
        "recommendations:dataset_restore",
        get=POST_ONLY,
        post=REFUSE_NON_COORDINATORS,
        kwargs=dataset,
    ),
    Rule("recommendations:methodology", get=READ_ALL),
    Rule("recommendations:household", get=READ_OBJECT_OF_SITE_A, kwargs=household),
    Rule("recommendations:pick", get=POST_ONLY, post=REFUSE_WRITE_OF_SITE_A, kwargs=plan),
]
