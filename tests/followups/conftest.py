import datetime

import pytest
from django.utils import translation

from followups import services
from mobility_plans.services import plan_step_add
from partners.models import PartnerKind
from tests.factories import make_household, make_person
from tests.followups.helpers import overdue_followup, relocated_household, today
from tests.interviews.builders import days_ago, record_diagnostic, record_plan_interview
from tests.partners.helpers import give_sharing_consent, make_partner, send_referral


@pytest.fixture(autouse=True)
def _english():
    """Messages are matched in the source language."""
    with translation.override("en"):
        yield


@pytest.fixture
def busy_caseload(site_a, social_worker):
    """One of each thing a social worker has to act on, all in their caseload."""
    worker = social_worker
    data = {}
    # Relocated: one follow-up late, one due in three days.
    relocated, relocation = relocated_household(site=site_a, by=worker)
    data["overdue"] = overdue_followup(relocated, worker)
    second = relocation.followups.order_by("due_on")[1]
    data["due"] = services.followup_reschedule(
        followup=second, by=worker, due_on=today() + datetime.timedelta(days=3)
    )
    # Referred: the diagnostic is to hold; its head's permit expires soon.
    data["referred"] = make_household(site=site_a, by=worker, social_worker=worker)
    data["permit"] = make_person(
        household=data["referred"],
        by=worker,
        permit_expiry=today() + datetime.timedelta(days=45),
    )
    # Diagnosed: the plan interview is to hold.
    data["diagnosed"] = make_household(site=site_a, by=worker, social_worker=worker)
    make_person(household=data["diagnosed"], by=worker)
    record_diagnostic(household=data["diagnosed"], by=worker)
    # A draft plan with a step due in five days and a referral unanswered for 20 days.
    planned = make_household(site=site_a, by=worker, social_worker=worker)
    make_person(household=planned, by=worker)
    record_diagnostic(household=planned, by=worker)
    plan = record_plan_interview(household=planned, by=worker, steps=[])
    data["step"] = plan_step_add(
        plan=plan,
        by=worker,
        action="Visiter l'appartement",
        due_on=today() + datetime.timedelta(days=5),
    )
    plan_step_add(
        plan=plan, by=worker, action="Plus tard", due_on=today() + datetime.timedelta(days=30)
    )
    give_sharing_consent(household=planned, by=worker, given_on=days_ago(40))
    data["referral"] = send_referral(
        plan=plan,
        partner=make_partner(kind=PartnerKind.SOCIAL_LANDLORD),
        by=worker,
        sent_on=days_ago(20),
    )
    return data
