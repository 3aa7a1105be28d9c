"""Free text about a person never reaches auditors, on any page that shows it.

One file with every kind of row (tests/reporting/control_pack_world: household, interviews,
plan, referral, relocation, follow-up) has MARKER in every free-text field; then a correction
with a reason puts another marker in the change history. A social worker of the site reads
both on each page; an auditor reads neither.
"""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from accounts.access import user_access
from households.models import Household, StatusChange
from interviews.models import Interview, Kind
from mobility_plans.models import MobilityPlan, PlanStep, Relocation
from partners.models import Answer, Referral
from partners.selectors import REFERRAL_FREE_TEXT, referral_get_for_user
from tests.reporting.control_pack_world import MARKER, NOW, build

HISTORY_MARKER = "HISTQXMARKERQXH"
REFUSAL_MARKER = "REFQXMARKERQXR"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False), translation.override("en"):
        yield


@pytest.fixture
def file(site_a, director, coordinator, social_worker):
    world = build(
        site=site_a, director=director, coordinator=coordinator, social_worker=social_worker
    )
    h1 = world["h1"]
    # Places, what was obtained and a plan's steps are facts an auditor checks a move by, not
    # text about a person: shown on screen (the control pack, which leaves them out, has its
    # own tests).
    Household.objects.update(commune="Paris")
    PlanStep.objects.update(action="Mettre à jour le CV", owner="TS")
    Relocation.objects.update(commune="Rennes", job_or_training="CDI")
    Interview.objects.update(place="Bureau")
    # The partner refused, with a reason (the case reported: shown on the referral and timeline).
    Referral.objects.filter(household=h1).update(
        answer=Answer.REFUSED,
        answered_on=datetime.date(2026, 4, 25),
        refusal_reason=REFUSAL_MARKER,
    )
    assert StatusChange.objects.filter(household=h1, comment=MARKER).exists()
    plan = MobilityPlan.objects.get(household=h1)
    MobilityPlan.objects.filter(pk=plan.pk).update(abandoned_on=datetime.date(2026, 6, 1))
    # Corrections typed with a reason, and free text changed: the change history.
    h1.refresh_from_db()
    h1.constraints = f"{HISTORY_MARKER} constraints"
    h1._change_reason = f"{HISTORY_MARKER} reason"
    h1.save()
    plan.refresh_from_db()
    plan.objectives = f"{HISTORY_MARKER} objectives"
    plan._change_reason = f"{HISTORY_MARKER} reason"
    plan.save()
    interview = Interview.objects.get(household=h1, kind=Kind.MOBILITY_PLAN)
    interview.notes = f"{HISTORY_MARKER} notes"
    interview._change_reason = f"{HISTORY_MARKER} reason"
    interview.save()
    return {
        "household": reverse("households:detail", args=[h1.pk]),
        "referral": reverse(
            "partners:referral_detail", args=[Referral.objects.get(household=h1).pk]
        ),
        "followup": reverse("followups:detail", args=[h1.followups.order_by("due_on")[0].pk]),
        "plan": reverse("mobility_plans:detail", args=[plan.pk]),
        "interview": reverse("interviews:detail", args=[interview.pk]),
        "diagnostic": reverse(
            "interviews:detail",
            args=[Interview.objects.get(household=h1, kind=Kind.DIAGNOSTIC).pk],
        ),
    }


PAGES = ["household", "referral", "followup", "plan", "interview", "diagnostic"]


def test_an_auditor_reads_no_free_text_on_any_page(file, auditor, client_for):
    client = client_for(auditor)
    for page in PAGES:
        response = client.get(file[page])

        assert response.status_code == 200, page
        content = response.content.decode()
        for marker in (MARKER, HISTORY_MARKER, REFUSAL_MARKER):
            assert marker not in content, (page, marker)


def test_a_social_worker_of_the_site_reads_the_free_text_and_its_history(
    file, social_worker, client_for
):
    client = client_for(social_worker)
    pages = {page: client.get(file[page]).content.decode() for page in PAGES}

    for page, content in pages.items():
        assert MARKER in content, page
    # The refusal reason: on the referral and on the household's timeline.
    assert REFUSAL_MARKER in pages["referral"]
    assert REFUSAL_MARKER in pages["household"]
    # The change history: the reason typed and the free text changed.
    for page in ("household", "plan", "interview"):
        assert f"{HISTORY_MARKER} reason" in pages[page], page
        assert HISTORY_MARKER in pages[page].replace(f"{HISTORY_MARKER} reason", ""), page


def test_one_rule_says_who_reads_free_text(auditor, director, social_worker, admin_user, site_a):
    from tests.factories import Role, user_with_role

    both = user_with_role(Role.AUDITOR, site_a, username="audit.sw")
    both.memberships.create(site=site_a, role=Role.SOCIAL_WORKER)

    assert user_access(auditor).reads_free_text is False
    assert user_access(director).reads_free_text is True
    assert user_access(social_worker).reads_free_text is True
    assert user_access(admin_user).reads_free_text is True
    # Someone who also works a caseload reads what they typed.
    assert user_access(both).reads_free_text is True


def test_the_referral_of_an_auditor_is_read_without_its_free_text(file, auditor, social_worker):
    pk = Referral.objects.get().pk

    audited = referral_get_for_user(user=auditor, pk=pk)
    assert set(REFERRAL_FREE_TEXT) <= audited.get_deferred_fields()
    assert not referral_get_for_user(user=social_worker, pk=pk).get_deferred_fields()
