"""The daily job: mark what is late and send each social worker one digest e-mail.

Idempotent per day: a DigestLog row (unique per user and day) is written in the same
transaction as the sending, so a second run the same day, or two workers racing, never send a
digest twice; a failed sending leaves no row, and the next run tries again.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import dates
from mobility_plans.models import ACTIVE_STATUSES, PlanStep

from .models import DigestLog, FollowUp, PlanStepOverdue
from .selectors import INACTIVE, Caseload, caseload_for, digest_recipients

logger = logging.getLogger(__name__)


@transaction.atomic
def overdue_mark(*, today: datetime.date) -> dict:
    """Mark, once, the scheduled follow-ups and open plan steps whose date has passed."""
    followups = (
        FollowUp.objects.overdue(today)
        .filter(marked_overdue_on__isnull=True)
        .exclude(household__status__in=INACTIVE)
        .update(marked_overdue_on=today)
    )
    late_steps = list(
        PlanStep.objects.filter(
            done_on__isnull=True,
            due_on__lt=today,
            plan__status__in=ACTIVE_STATUSES,
            overdue_mark__isnull=True,
        )
        .exclude(plan__household__status__in=INACTIVE)
        .values_list("pk", flat=True)
    )
    PlanStepOverdue.objects.bulk_create(
        [PlanStepOverdue(step_id=pk, marked_on=today) for pk in late_steps],
        ignore_conflicts=True,
    )
    return {"followups_marked": followups, "steps_marked": len(late_steps)}


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _send_digest(user, caseload: Caseload) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "caseload": caseload,
            "home_url": _absolute("/"),
            "site_url": _absolute(""),
            "programme": settings.PROGRAMME_NAME,
        }
        subject = _("%(programme)s: what is due on %(date)s") % {
            "programme": settings.PROGRAMME_NAME,
            "date": date_format(caseload.today, "DATE_FORMAT"),
        }
        body = render_to_string("followups/email/digest.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def due_digests_send(*, today: datetime.date | None = None) -> dict:
    """Mark late items, then send every social worker with something due one digest today.

    Returns what it did (the task stores it in the result backend): the day, e-mails sent,
    e-mails that failed, follow-ups and plan steps newly marked late.
    """
    today = today or dates.today()
    result = {"day": today.isoformat(), "emails_sent": 0, "emails_failed": 0}
    result.update(overdue_mark(today=today))
    for user in digest_recipients(day=today):
        caseload = caseload_for(user=user, today=today)
        if not caseload.due_item_count:
            continue
        try:
            with transaction.atomic():
                DigestLog.objects.create(user=user, day=today, item_count=caseload.due_item_count)
                _send_digest(user, caseload)
        except IntegrityError:
            continue  # another run sent this user's digest for today meanwhile
        except Exception:
            logger.exception("Digest for user %s not sent", user.pk)
            result["emails_failed"] += 1
            continue
        result["emails_sent"] += 1
    return result
