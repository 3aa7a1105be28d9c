"""Access rules of the funding pages about staff time and staff costs (see tests/access.py).

Every member of staff who records activities keeps their own time; auditors have none (403)
and never POST. An entry is reached by its own member of staff only (404 for the others).
Timesheets: their member of staff, the coordinators of their grant's sites, directors,
auditors and admins read them; directors and admins countersign. Staff costs are
confidential: directors, auditors and admins read; directors and admins record.
"""

from decimal import Decimal

from funding import services
from tests.access import LOGIN, Rule, expect
from tests.funding.factories import days_from_today, make_grant

KEEP_TIME = expect(200, anonymous=LOGIN, auditor=403)
# An empty POST is a form shown again with its errors: nothing is written.
REFUSE_OR_SHOW_ERRORS = expect(200, anonymous=LOGIN, auditor=403)
# The world's entry belongs to the social worker of site A.
OWN_ENTRY = expect(404, anonymous=LOGIN, auditor=403, social_worker=200)
REFUSE_OTHERS_ENTRY = expect(404, anonymous=LOGIN, auditor=403, social_worker=None)
POST_ONLY = expect(405, anonymous=LOGIN)
# An empty validation is refused with a message and a redirect; auditors never POST.
REFUSE_VALIDATION = expect(302, anonymous=LOGIN, auditor=403)
READ_SHEETS = expect(200, anonymous=LOGIN)
# The social worker's sheet on a grant of site A.
READ_SHEET_OF_SITE_A = expect(200, anonymous=LOGIN, social_worker_other_site=404)
REFUSE_COUNTERSIGN = expect(403, anonymous=LOGIN, director=None, admin=None)
READ_COSTS = expect(403, anonymous=LOGIN, director=200, auditor=200, admin=200)
RECORD_COSTS = expect(403, anonymous=LOGIN, director=200, admin=200)


def entry(world):
    return {"pk": world.time_entry.pk}


def sheet(world):
    return {"pk": world.timesheet.pk}


def staff_cost(world):
    return {"pk": world.staff_cost.pk}


def build(world):
    """Hours of the social worker of site A by hand, their validated sheet on a grant of site
    A, and their staff cost of the year."""
    director, social_worker = world.users["director"], world.users["social_worker"]
    grant = make_grant(by=director, sites=[world.site_a], agreement_reference="FAMI-TIME")
    world.time_entry = services.time_entry_add(
        by=social_worker,
        staff=social_worker,
        date=days_from_today(-1),
        hours=Decimal("2"),
        activity="Réunion partenaires",
    )
    world.timesheet = services.timesheet_validate(
        staff=social_worker, grant=grant, month=days_from_today(-1), by=social_worker
    )
    world.staff_cost = services.staff_cost_set(
        by=director,
        staff=social_worker,
        year=days_from_today(0).year,
        annual_cost=Decimal("34400"),
    )


RULES = [
    Rule("funding:my_time", get=KEEP_TIME),
    Rule("funding:time_entry_add", get=KEEP_TIME, post=REFUSE_OR_SHOW_ERRORS),
    Rule("funding:time_entry_set_grant", get=OWN_ENTRY, post=REFUSE_OTHERS_ENTRY, kwargs=entry),
    Rule("funding:time_entry_delete", get=POST_ONLY, post=REFUSE_OTHERS_ENTRY, kwargs=entry),
    Rule(
        "funding:time_entry_correct",
        get=OWN_ENTRY,
        post=expect(404, anonymous=LOGIN, auditor=403, social_worker=200),
        kwargs=entry,
    ),
    Rule("funding:timesheet_validate", get=POST_ONLY, post=REFUSE_VALIDATION),
    Rule("funding:timesheet_list", get=READ_SHEETS),
    Rule("funding:timesheet_detail", get=READ_SHEET_OF_SITE_A, kwargs=sheet),
    Rule("funding:timesheet_countersign", get=POST_ONLY, post=REFUSE_COUNTERSIGN, kwargs=sheet),
    Rule("funding:staff_cost_list", get=READ_COSTS),
    Rule("funding:staff_cost_create", get=RECORD_COSTS, post=RECORD_COSTS),
    Rule("funding:staff_cost_update", get=RECORD_COSTS, post=RECORD_COSTS, kwargs=staff_cost),
]
