"""Access rules of the funding pages about expenses (see tests/access.py for the vocabulary).

Directors and admins record and import; coordinators (expenses charged to a grant of their
site), directors, auditors and admins read; social workers get 403.
"""

from decimal import Decimal

from funding import services
from funding.models import ExpenseCategory
from tests.access import LOGIN, Rule, expect
from tests.funding.factories import days_from_today, make_grant, pdf_upload

READ = expect(200, anonymous=LOGIN, social_worker=403, social_worker_other_site=403)
RECORD = expect(
    200,
    anonymous=LOGIN,
    social_worker=403,
    social_worker_other_site=403,
    coordinator=403,
    auditor=403,
)
# POST: only the refusals are checked, so that a walk never changes data it should not.
REFUSE_RECORD = expect(
    None,
    anonymous=LOGIN,
    social_worker=403,
    social_worker_other_site=403,
    coordinator=403,
    auditor=403,
)


def expense(world):
    return {"pk": world.expense.pk}


def build(world):
    director = world.users["director"]
    grant = make_grant(by=director, sites=[world.site_a], agreement_reference="FAMI-EXP")
    world.expense = services.expense_record(
        by=director,
        date=days_from_today(-10),
        supplier="SNCF",
        category=ExpenseCategory.TRAVEL,
        amount=Decimal("120.40"),
        invoice_reference="F-2026-001",
        scan=pdf_upload("facture.pdf"),
        shares=[(grant, Decimal("60"))],
    )


RULES = [
    Rule("funding:expense_list", get=READ),
    Rule("funding:expense_detail", get=READ, kwargs=expense),
    Rule("funding:expense_scan", get=READ, kwargs=expense),
    Rule("funding:expense_create", get=RECORD, post=REFUSE_RECORD),
    Rule("funding:expense_import", get=RECORD, post=REFUSE_RECORD),
]
