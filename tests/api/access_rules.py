"""Access rules of the api URLs (see tests/access.py).

The API itself (lists, objects, writes, indicators) answers tokens only: with a session and
no token it answers 401 to everyone, anonymous included (DRF authenticates, not the login
page), except an auditor's write, which the pages' read-only middleware refuses first (403).
What each role reads and writes through a token is tested in tests/api/test_*.py. The token
pages and the documentation are pages like the others; the schema answers a session or a token.
"""

from django.utils import timezone

from mobility_plans.models import HousingObtained, Lever
from mobility_plans.services import relocation_record
from territories.models import Departement
from tests.access import LOGIN, READ_ALL, Rule, expect
from tests.factories import make_household, make_person
from tests.interviews.builders import signed_plan

TOKEN_ONLY = expect(401)
TOKEN_ONLY_WRITE = expect(401, auditor=403)
POST_ONLY = expect(405, anonymous=LOGIN)
# Posted empty: the form is shown again (create) or the list comes back (revoke).
SIGNED_IN = expect(None, anonymous=LOGIN)


def household(world):
    return {"pk": world.household.pk}


def person(world):
    return {"pk": world.person.pk}


def workshop(world):
    return {"pk": world.workshop.pk}


def registration(world):
    return {"pk": world.workshop_registration.pk}


def referral(world):
    return {"pk": world.referral.pk}


def relocation(world):
    return {"pk": world.api_relocation.pk}


def build(world):
    worker = world.users["social_worker"]
    moved = make_household(site=world.site_a, by=worker, social_worker=worker)
    member = make_person(household=moved, by=worker)
    world.api_relocation = relocation_record(
        plan=signed_plan(household=moved, by=worker),
        by=worker,
        moved_on=timezone.localdate(),
        commune="Rennes",
        departement=Departement.objects.get(code="35"),
        lever_used=Lever.EMPLOYMENT,
        housing_obtained=HousingObtained.SOCIAL,
        persons=[member],
    )


RULES = [
    Rule("api:tokens", get=READ_ALL, post=SIGNED_IN),
    Rule("api:token_revoke", get=POST_ONLY, post=SIGNED_IN),
    Rule("api:docs", get=READ_ALL),
    Rule("api:schema", get=expect(200, anonymous=401)),
    Rule("api:indicators", get=TOKEN_ONLY),
    Rule("api:household-list", get=TOKEN_ONLY),
    Rule("api:household-detail", get=TOKEN_ONLY, kwargs=household),
    Rule("api:person-list", get=TOKEN_ONLY),
    Rule("api:person-detail", get=TOKEN_ONLY, kwargs=person),
    Rule("api:workshop-list", get=TOKEN_ONLY),
    Rule("api:workshop-detail", get=TOKEN_ONLY, kwargs=workshop),
    Rule("api:workshop-attendance", get=TOKEN_ONLY, kwargs=workshop),
    Rule("api:registration-list", get=TOKEN_ONLY),
    Rule("api:registration-detail", get=TOKEN_ONLY, kwargs=registration),
    Rule(
        "api:registration-attendance",
        get=TOKEN_ONLY,
        post=TOKEN_ONLY_WRITE,
        kwargs=registration,
    ),
    Rule("api:referral-list", get=TOKEN_ONLY),
    Rule("api:referral-detail", get=TOKEN_ONLY, kwargs=referral),
    Rule("api:referral-answer", get=TOKEN_ONLY, post=TOKEN_ONLY_WRITE, kwargs=referral),
    Rule("api:relocation-list", get=TOKEN_ONLY),
    Rule("api:relocation-detail", get=TOKEN_ONLY, kwargs=relocation),
]
