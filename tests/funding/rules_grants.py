"""Access rules of the funding pages about grants and evidence (see tests/access.py)."""

from funding import services
from funding.models import EvidenceKind
from tests.access import (
    LOGIN,
    READ_ALL,
    REFUSE_WRITE_OF_SITE_A,
    WRITE_OBJECT_OF_SITE_A,
    Rule,
    expect,
)

from .factories import days_from_today, make_grant

# Social workers never see the money side; every other role reads the grants of site A.
READ_GRANTS = expect(200, anonymous=LOGIN, social_worker=403, social_worker_other_site=403)
# Directors and administrators only.
MANAGE_GRANTS = expect(403, anonymous=LOGIN, director=200, admin=200)
REFUSE_GRANT_CHANGE = expect(
    None,
    anonymous=LOGIN,
    social_worker=403,
    social_worker_other_site=403,
    coordinator=403,
    auditor=403,
)
POST_ONLY = expect(405, anonymous=LOGIN)
# The world's evidence has no scan: readers get 404, outsiders never reach it.
NO_SCAN = expect(404, anonymous=LOGIN)
# Directors, admins and the coordinators of the site may check; auditors never POST.
REFUSE_CHECK = expect(
    None, anonymous=LOGIN, social_worker=403, social_worker_other_site=404, auditor=403
)


def grant(world):
    return {"pk": world.grant.pk}


def person(world):
    return {"pk": world.person.pk}


def evidence(world):
    return {"pk": world.evidence.pk}


def build(world):
    """A draft grant covering site A, and a document of the world's person without a scan."""
    world.grant = make_grant(by=world.users["director"], sites=[world.site_a])
    world.evidence = services.evidence_record(
        by=world.users["social_worker"],
        person=world.person,
        kind=EvidenceKind.OFPRA_DECISION,
        number="OFPRA-2024-0001",
        issued_on=days_from_today(-100),
    )


RULES = [
    Rule("funding:grant_list", get=READ_GRANTS),
    Rule("funding:grant_detail", get=READ_GRANTS, kwargs=grant),
    Rule("funding:grant_create", get=MANAGE_GRANTS, post=REFUSE_GRANT_CHANGE),
    Rule("funding:grant_update", get=MANAGE_GRANTS, post=REFUSE_GRANT_CHANGE, kwargs=grant),
    Rule("funding:grant_sign", get=POST_ONLY, post=REFUSE_GRANT_CHANGE, kwargs=grant),
    Rule("funding:grant_close", get=POST_ONLY, post=REFUSE_GRANT_CHANGE, kwargs=grant),
    Rule("funding:grant_indicator_set", get=MANAGE_GRANTS, post=REFUSE_GRANT_CHANGE, kwargs=grant),
    Rule("funding:funder_create", get=MANAGE_GRANTS, post=REFUSE_GRANT_CHANGE),
    Rule(
        "funding:evidence_create",
        get=WRITE_OBJECT_OF_SITE_A,
        post=REFUSE_WRITE_OF_SITE_A,
        kwargs=person,
    ),
    Rule("funding:evidence_scan", get=NO_SCAN, kwargs=evidence),
    Rule("funding:evidence_check", get=POST_ONLY, post=REFUSE_CHECK, kwargs=evidence),
    Rule("funding:evidence_worklist", get=READ_ALL),
]
