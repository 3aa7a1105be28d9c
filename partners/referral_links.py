"""The life of a referral's answer link: made, e-mailed, opened, answered or revoked.

A partner answers a referral without an account through a link e-mailed to its contact. The
token exists in that e-mail only: the mail task makes it, keeps its SHA-256 on the row and
sends it, so that the task takes a row id and a copy of the database opens nothing. Each
request on a link writes an opening row with what it got. A link stops working when it is
revoked, answered, 30 days old, or once the household's consent to share with partners is no
longer in force: that consent is read again at each opening and answer, and its withdrawal
revokes the household's links in the same transaction (receiver below).
"""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.access import user_access
from accounts.access_log_purge import access_log_cutoff
from core.dates import today
from core.queueing import task_queue_on_commit
from households.models import Consent, ConsentScope
from households.signals import consent_withdrawn

from .link_models import (
    LinkAnswer,
    LinkRefusalReason,
    OpeningOutcome,
    ReferralLink,
    ReferralLinkOpening,
    RevocationReason,
    token_hash,
)
from .models import Answer, Contact, Referral
from .services import PartnerRuleError, referral_record_answer

SEND_TASK = "partners.tasks.send_referral_link_task"
# An interview further ahead than this is a typing error, not a plan.
INTERVIEW_MAX_DAYS = 365
# Longer than any token made here: anything longer is refused before a query.
TOKEN_MAX_LENGTH = 64


class LinkUnusable(PartnerRuleError):
    """The link no longer works; the partner sees the generic page and nothing changed."""


def _sharing_in_force(household_id: int) -> bool:
    return Consent.objects.filter(
        household_id=household_id,
        scope=ConsentScope.PARTNER_SHARING,
        withdrawn_on__isnull=True,
    ).exists()


def link_outcome(link: ReferralLink) -> str:
    """What an opening of the link gets now (OpeningOutcome): SHOWN only when it still works."""
    if not _sharing_in_force(link.referral.household_id):
        return OpeningOutcome.CONSENT_WITHDRAWN
    if link.revoked_at is not None:
        return OpeningOutcome.REVOKED
    if link.answered_at is not None or link.referral.answer not in (
        Answer.PENDING,
        Answer.NO_ANSWER,
    ):
        return OpeningOutcome.ALREADY_ANSWERED
    if timezone.now() >= link.expires_at:
        return OpeningOutcome.EXPIRED
    return OpeningOutcome.SHOWN


def _require_write(by, referral: Referral) -> None:
    # Social workers and coordinators of the household's site; directors and auditors read only.
    if not user_access(by).can_write_site(referral.household.site_id):
        raise PermissionDenied


def _revoke(links, *, by, reason: str) -> int:
    now = timezone.now()
    count = 0
    for link in links:
        link.revoked_at, link.revoked_by, link.revocation_reason = now, by, reason
        link._history_user = by
        link.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
        count += 1
    return count


def _live(queryset):
    return queryset.filter(revoked_at=None, answered_at=None, expires_at__gt=timezone.now())


@transaction.atomic
def referral_link_create(*, referral: Referral, contact: Contact, by) -> ReferralLink:
    """Make an answer link for the referral and queue its e-mail to the partner's contact.

    A link made again (a re-send) replaces the one still working: only the newest e-mail
    opens the page. Refused when the referral is answered or the household's consent to
    share with partners is not in force.
    """
    _require_write(by, referral)
    # Lock the consent so that a withdrawal at the same moment cannot slip in between.
    consent = (
        Consent.objects.select_for_update()
        .filter(
            household_id=referral.household_id,
            scope=ConsentScope.PARTNER_SHARING,
            withdrawn_on__isnull=True,
        )
        .first()
    )
    if consent is None:
        raise PartnerRuleError(
            _("The household's consent to share with partners is not in force: no link is sent.")
        )
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if current.answer not in (Answer.PENDING, Answer.NO_ANSWER):
        raise PartnerRuleError(_("The partner already answered this referral."))
    if contact.partner_id != current.partner_id:
        raise PartnerRuleError(_("This contact works for another partner."))
    if not contact.email:
        raise PartnerRuleError(_("This contact has no e-mail address."))
    _revoke(
        _live(ReferralLink.objects.select_for_update().filter(referral=current)),
        by=by,
        reason=RevocationReason.REPLACED,
    )
    link = ReferralLink(referral=current, contact=contact, sent_to=contact.email, created_by=by)
    link._history_user = by
    link.save()
    # The broker down: the row stays "not sent yet" and the referral page offers to send again.
    task_queue_on_commit(SEND_TASK, args=[link.pk], on_failure=lambda: None)
    return link


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


@transaction.atomic
def referral_link_deliver(*, link_id: int) -> str | None:
    """Make the link's token, keep its hash and e-mail the link to the contact (the mail task).

    Returns the token, or None when there is nothing to send: already sent (a message
    delivered twice sends one e-mail), revoked, expired, or the consent withdrawn meanwhile.
    """
    link = (
        ReferralLink.objects.select_for_update(of=("self",))
        .select_related("referral__partner", "referral__offer", "contact")
        .filter(pk=link_id)
        .first()
    )
    if link is None or link.sent_at is not None or link_outcome(link) != OpeningOutcome.SHOWN:
        return None
    token = secrets.token_urlsafe(32)
    link.token_hash = token_hash(token)
    link.sent_at = timezone.now()
    link.save(update_fields=["token_hash", "sent_at"])
    referral = link.referral
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "contact": link.contact,
            "partner": referral.partner,
            "offer": referral.offer,
            "url": _absolute(reverse("partners:link_answer", args=[token])),
            "expires_on": date_format(timezone.localtime(link.expires_at), "DATE_FORMAT"),
            "programme": settings.PROGRAMME_NAME,
        }
        subject = _("%(programme)s: a referral awaits your answer") % {
            "programme": settings.PROGRAMME_NAME
        }
        body = render_to_string("partners/email/referral_link.txt", context)
    # Inside the transaction: an e-mail that fails leaves the link unsent, to be sent again.
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [link.sent_to])
    return token


@transaction.atomic
def referral_link_revoke(*, link: ReferralLink, by) -> ReferralLink:
    """Stop a link at once; the partner then sees the generic "no longer works" page."""
    _require_write(by, link.referral)
    current = ReferralLink.objects.select_for_update().get(pk=link.pk)
    if current.revoked_at is not None:
        raise PartnerRuleError(_("This link is already revoked."))
    if current.answered_at is not None:
        raise PartnerRuleError(_("The partner already answered through this link."))
    _revoke([current], by=by, reason=RevocationReason.BY_STAFF)
    return current


def _find(token: str, *, lock: bool = False) -> ReferralLink | None:
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    links = ReferralLink.objects.select_related(
        "referral__household", "referral__partner", "referral__offer", "referral__plan"
    )
    if lock:
        links = links.select_for_update(of=("self",))
    return links.filter(token_hash=token_hash(token)).first()


@transaction.atomic
def referral_link_open(*, token: str) -> tuple[ReferralLink | None, str | None]:
    """Find the link of a token and log this opening with what it gets.

    Returns (link, outcome); (None, None) for an unknown token, which has no row to log on.
    """
    link = _find(token)
    if link is None:
        return None, None
    outcome = link_outcome(link)
    ReferralLinkOpening.objects.create(link=link, outcome=outcome)
    return link, outcome


@transaction.atomic
def referral_link_openings_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the openings older than the access log's retention; returns how many.

    An opening tells who looked at a household's referral and when, like the access log of
    personal files: it is kept as long as that log (ACCESS_LOG_RETENTION_MONTHS), no longer.
    """
    deleted, _by_model = ReferralLinkOpening.objects.filter(
        opened_at__lt=access_log_cutoff(now)
    ).delete()
    return deleted


def check_interview_date(day: datetime.date) -> None:
    """An interview proposed through a link: from today, and within INTERVIEW_MAX_DAYS."""
    if day < today():
        raise PartnerRuleError(_("The interview date cannot be in the past."))
    if day > today() + datetime.timedelta(days=INTERVIEW_MAX_DAYS):
        raise PartnerRuleError(_("The interview date is more than a year away."))


@transaction.atomic
def referral_link_answer(
    *,
    token: str,
    answer: str,
    refusal_reason: str = "",
    interview_on: datetime.date | None = None,
) -> Referral:
    """Record the partner's answer given through the link on the referral, and close the link.

    Accepting, refusing with a reason of LinkRefusalReason, or proposing an interview date
    (an acceptance with that date). Raises LinkUnusable, nothing written, when the link no
    longer works: the consent is read again here, under the link's lock.
    """
    link = _find(token, lock=True)
    if link is None or link_outcome(link) != OpeningOutcome.SHOWN:
        raise LinkUnusable(_("This link no longer works."))
    if answer not in LinkAnswer.values:
        raise PartnerRuleError(_("Choose one of the answers."))
    reason_label = ""
    if answer == LinkAnswer.REFUSED:
        if refusal_reason not in LinkRefusalReason.values:
            raise PartnerRuleError(_("Choose the reason for the refusal from the list."))
        # The referral keeps the reason as the staff read it, in the programme's language.
        with translation.override(settings.LANGUAGE_CODE):
            reason_label = str(LinkRefusalReason(refusal_reason).label)
    if answer == LinkAnswer.INTERVIEW:
        if interview_on is None:
            raise PartnerRuleError(_("Give the date of the interview."))
        check_interview_date(interview_on)
    else:
        interview_on = None
    referral = referral_record_answer(
        referral=link.referral,
        by=None,
        answer=Answer.REFUSED if answer == LinkAnswer.REFUSED else Answer.ACCEPTED,
        answered_on=today(),
        refusal_reason=reason_label,
        visit_or_interview_on=interview_on,
        change_reason="answered by the partner through the link",
    )
    link.answered_at, link.answer = timezone.now(), answer
    link.save(update_fields=["answered_at", "answer"])
    return referral


@receiver(consent_withdrawn, dispatch_uid="partners_revoke_links")
def revoke_links_on_withdrawal(sender, *, consent, by, **kwargs) -> None:
    """The consent to share withdrawn: every working link of the household stops at once."""
    if consent.scope != ConsentScope.PARTNER_SHARING:
        return
    links = ReferralLink.objects.select_for_update().filter(
        referral__household_id=consent.household_id
    )
    _revoke(_live(links), by=by, reason=RevocationReason.CONSENT_WITHDRAWN)
