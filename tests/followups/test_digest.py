import datetime

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse

from accounts.models import Role
from clefdefrance.celery import app
from followups import services
from followups.digest import due_digests_send
from followups.models import DigestLog, FollowUp, PlanStepOverdue
from followups.tasks import send_due_digests_task
from households.funnel import household_close
from mobility_plans.services import plan_step_add
from tests.factories import make_household, make_person, user_with_role
from tests.followups.helpers import relocated_household, today
from tests.interviews.builders import days_ago, record_diagnostic, record_plan_interview

pytestmark = pytest.mark.django_db


@pytest.fixture
def late_items(site_a, social_worker):
    """A late follow-up and a late plan step in the social worker's caseload."""
    household, _relocation = relocated_household(site=site_a, by=social_worker)
    first = household.followups.order_by("due_on").first()
    late_followup = services.followup_reschedule(
        followup=first, by=social_worker, due_on=days_ago(1)
    )
    planned = make_household(site=site_a, by=social_worker, social_worker=social_worker)
    make_person(household=planned, by=social_worker)
    record_diagnostic(household=planned, by=social_worker)
    plan = record_plan_interview(household=planned, by=social_worker, steps=[])
    late_step = plan_step_add(
        plan=plan, by=social_worker, action="Envoyer le CV", due_on=days_ago(2)
    )
    return late_followup, late_step


def test_the_daily_job_marks_late_items_and_sends_one_digest(late_items, social_worker, settings):
    settings.SITE_URL = "https://cdf.example.org/"
    late_followup, late_step = late_items

    result = due_digests_send()

    assert result == {
        "day": today().isoformat(),
        "emails_sent": 1,
        "emails_failed": 0,
        "followups_marked": 1,
        "steps_marked": 1,
    }
    late_followup.refresh_from_db()
    assert late_followup.marked_overdue_on == today()
    assert PlanStepOverdue.objects.get().step == late_step
    [email] = mail.outbox
    assert email.to == [social_worker.email]
    assert late_followup.household.reference in email.body
    record_url = reverse("followups:record", args=[late_followup.pk])
    assert f"https://cdf.example.org{record_url}" in email.body
    assert "Envoyer le CV" in email.body
    assert DigestLog.objects.get().user == social_worker


def test_running_the_job_twice_the_same_day_sends_nothing_twice(late_items, social_worker):
    due_digests_send()

    again = due_digests_send()

    assert again["emails_sent"] == 0
    assert again["followups_marked"] == again["steps_marked"] == 0
    assert len(mail.outbox) == 1
    assert DigestLog.objects.count() == 1


def test_the_next_day_brings_a_new_digest(late_items, social_worker):
    due_digests_send()

    with time_machine.travel(datetime.datetime.now() + datetime.timedelta(days=1)):
        result = due_digests_send()

    assert result["emails_sent"] == 1
    assert len(mail.outbox) == 2
    assert DigestLog.objects.filter(user=social_worker).count() == 2
    # Already marked the day before: not marked again.
    assert result["followups_marked"] == 0


def test_nothing_due_means_no_email(site_a, social_worker):
    colleague = user_with_role(Role.SOCIAL_WORKER, site_a, username="ts.calme")
    make_household(site=site_a, by=colleague, social_worker=colleague)

    result = due_digests_send()

    assert result["emails_sent"] == 0
    assert mail.outbox == []
    assert not DigestLog.objects.exists()


def test_a_failed_sending_is_tried_again_on_the_next_run(late_items, social_worker, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("no SMTP server")

    monkeypatch.setattr("followups.digest.send_mail", broken)
    assert due_digests_send()["emails_failed"] == 1
    assert not DigestLog.objects.exists()

    monkeypatch.undo()
    assert due_digests_send()["emails_sent"] == 1


def test_the_task_returns_what_it_did(late_items):
    result = send_due_digests_task.delay().get(timeout=10)

    assert result["emails_sent"] == 1
    assert result["followups_marked"] == 1


def test_closed_households_leave_the_digest(site_a, social_worker, coordinator):
    household, _relocation = relocated_household(site=site_a, by=social_worker)
    first = household.followups.order_by("due_on").first()
    services.followup_reschedule(followup=first, by=social_worker, due_on=days_ago(1))
    household_close(household=household, by=coordinator, reason="Perdu de vue")

    result = due_digests_send()

    assert result["emails_sent"] == 0
    assert result["followups_marked"] == 0
    assert FollowUp.objects.filter(marked_overdue_on__isnull=False).count() == 0


def test_beat_runs_the_digest_every_morning():
    entry = settings.CELERY_BEAT_SCHEDULE["send-due-digests"]
    assert entry["task"] == "followups.tasks.send_due_digests_task"
    assert entry["schedule"].hour == {7}
    assert entry["schedule"].minute == {0}
    # The name beat sends resolves to the registered task, which runs and reports its day.
    task = app.tasks[entry["task"]]
    assert task.name == send_due_digests_task.name
    assert task.apply().get()["day"] == today().isoformat()
