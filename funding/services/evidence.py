"""Eligibility evidence: the documents proving a person's status, and their check."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import user_access
from core.dates import today
from funding.models import EligibilityEvidence, EvidenceKind
from households.models import Person

from .base import FundingRuleError, check_choice, check_scan


@transaction.atomic
def evidence_record(
    *,
    by,
    person: Person,
    kind: str,
    number: str,
    issued_on: datetime.date,
    expires_on: datetime.date | None = None,
    scan=None,
) -> EligibilityEvidence:
    """Keep a document proving a person's status, with its scan, for eligibility controls."""
    if not user_access(by).can_write_site(person.household.site_id):
        raise FundingRuleError(_("You may not record documents for this household."))
    check_choice(kind, EvidenceKind, _("Unknown kind of evidence."))
    number = number.strip()
    if not number:
        raise FundingRuleError(_("Give the document's number."))
    if issued_on > today():
        raise FundingRuleError(_("A document cannot be issued in the future."))
    if expires_on is not None and expires_on < issued_on:
        raise FundingRuleError(_("A document cannot expire before it was issued."))
    check_scan(scan)
    evidence = EligibilityEvidence(
        person=person,
        kind=kind,
        number=number,
        issued_on=issued_on,
        expires_on=expires_on,
        recorded_by=by,
    )
    if scan:
        evidence.scan = scan
    evidence._history_user = by
    evidence.save()
    return evidence


@transaction.atomic
def evidence_check(*, evidence: EligibilityEvidence, by) -> EligibilityEvidence:
    """Record who checked a document against its scan, and when.

    Four eyes: the person who recorded the document cannot check it. Auditors, directors,
    admins and the coordinators of the household's site may.
    """
    locked = (
        EligibilityEvidence.objects.select_for_update()
        .select_related("person__household")
        .get(pk=evidence.pk)
    )
    access = user_access(by)
    site_id = locked.person.household.site_id
    if not (access.is_auditor or access.is_director or access.coordinates_site(site_id)):
        raise FundingRuleError(_("You may not check documents for this household."))
    if locked.recorded_by_id == by.pk:
        raise FundingRuleError(_("A document is checked by someone other than who recorded it."))
    if locked.is_checked:
        raise FundingRuleError(_("This document has already been checked."))
    locked.checked_by = by
    locked.checked_at = timezone.now()
    locked._history_user = by
    locked.save(update_fields=["checked_by", "checked_at"])
    return locked
