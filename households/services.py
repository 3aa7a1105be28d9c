"""Every write on households, persons and consents, and the end of a case.

Views call these and nothing else to change case data: each function is atomic, keeps the
search text and the change history right, and refuses an impossible move with a message the
user can read. Closing asks the apps above what still keeps the case open
(signals.close_requested); caseload and site transfers are coordinators' decisions.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from accounts.access import user_access
from accounts.selectors import check_social_worker_of_site
from core.dates import today
from core.rules import RuleError
from core.text import normalise

from .models import (
    ENDED,
    HOUSEHOLD_FIELDS,
    PERSON_FIELDS,
    Consent,
    ConsentScope,
    Household,
    Person,
    ReferenceCounter,
    Relation,
    Status,
    StatusChange,
    WithdrawalReason,
)
from .signals import close_requested
from .transitions import (
    NEEDS_REASON,
    TransitionError,
    allowed_targets,
    check_transition,
    funnel_rank,
)


class StaleEditError(RuleError):
    """Someone saved the record after the form was opened; nothing was written."""

    def __init__(self):
        super().__init__(
            _(
                "Someone else changed this record after you opened the form. "
                "Your changes were not saved: check the current values and try again."
            )
        )


class HouseholdRuleError(RuleError):
    """A business rule refused the change; nothing was written."""


def _next_reference(year: int) -> str:
    try:
        with transaction.atomic():
            counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(
                year=year
            )
    except IntegrityError:
        # Two first registrations of the year raced to create the counter: take the winner's.
        counter = ReferenceCounter.objects.select_for_update().get(year=year)
    counter.last_number = F("last_number") + 1
    counter.save(update_fields=["last_number"])
    counter.refresh_from_db()
    return f"{settings.REFERENCE_PREFIX}-{year}-{counter.last_number:04d}"


def _refresh_search_text(household: Household) -> None:
    names = household.members.values_list("first_name", "last_name")
    text = " ".join([household.reference, *(f"{f} {last}" for f, last in names)])
    Household.objects.filter(pk=household.pk).update(search_text=normalise(text))


def _check_social_worker(site, social_worker) -> None:
    check_social_worker_of_site(social_worker=social_worker, site=site, error=HouseholdRuleError)


@transaction.atomic
def household_create(*, by, site, referral_date: datetime.date, **fields) -> Household:
    """Register a household at the "referred" step and give it its reference."""
    unknown = set(fields) - set(HOUSEHOLD_FIELDS)
    if unknown:
        raise TypeError(f"Unknown household fields: {sorted(unknown)}")
    _check_social_worker(site, fields.get("social_worker"))
    household = Household(site=site, referral_date=referral_date, **fields)
    household.reference = _next_reference(referral_date.year)
    household._history_user = by
    household.save()
    StatusChange.objects.create(
        household=household,
        to_status=Status.REFERRED,
        occurred_on=referral_date,
        changed_by=by,
        source="registration",
    )
    _refresh_search_text(household)
    household.refresh_from_db()
    return household


def _claim_version(model, obj, expected_version: int) -> None:
    # One UPDATE both checks that nobody saved in between and claims the next version.
    claimed = model.objects.filter(pk=obj.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise StaleEditError()
    obj.version = expected_version + 1


@transaction.atomic
def household_update(*, household: Household, by, expected_version: int, **fields) -> Household:
    """Change a household's details; refused if someone saved it since the form was opened."""
    unknown = set(fields) - set(HOUSEHOLD_FIELDS)
    if unknown:
        raise TypeError(f"Unknown household fields: {sorted(unknown)}")
    if "site" in fields and fields["site"] != household.site:
        raise HouseholdRuleError(
            _("Use “Move to another site” on the household's page to change its site.")
        )
    if "social_worker" in fields and fields["social_worker"] != household.social_worker:
        _check_social_worker(household.site, fields["social_worker"])
    _claim_version(Household, household, expected_version)
    for name, value in fields.items():
        setattr(household, name, value)
    household._history_user = by
    household.save(update_fields=[*fields, "updated_at"])
    return household


@transaction.atomic
def household_transition(
    *,
    household: Household,
    to_status: str,
    by,
    occurred_on: datetime.date | None = None,
    reason: str = "",
    comment: str = "",
    source: str = "manual",
) -> Household:
    """Move a household to another status if the funnel allows it, and date the move.

    Raises TransitionError (nothing written) for a move the funnel forbids, a withdrawal
    without a reason or a hold without an explanation.
    """
    locked = Household.objects.select_for_update().get(pk=household.pk)
    check_transition(
        status=locked.status, status_before_hold=locked.status_before_hold, to_status=to_status
    )
    occurred_on = occurred_on or today()
    if occurred_on > today():
        raise TransitionError(_("A status change cannot be dated in the future."))
    if occurred_on < locked.referral_date:
        raise TransitionError(_("A status change cannot be dated before the referral."))
    if to_status == Status.WITHDRAWN and reason not in WithdrawalReason.values:
        raise TransitionError(_("Choose the reason for the withdrawal."))
    if to_status == Status.ON_HOLD and not comment.strip():
        raise TransitionError(_("Explain why the household is put on hold."))

    from_status = locked.status
    if to_status == Status.ON_HOLD:
        locked.status_before_hold = from_status
    elif from_status == Status.ON_HOLD:
        locked.status_before_hold = ""
    locked.status = to_status
    locked.withdrawal_reason = reason if to_status == Status.WITHDRAWN else ""
    locked.status_comment = comment if to_status in NEEDS_REASON else ""
    locked._history_user = by
    locked.save(
        update_fields=[
            "status",
            "status_before_hold",
            "withdrawal_reason",
            "status_comment",
            "updated_at",
        ]
    )
    StatusChange.objects.create(
        household=locked,
        from_status=from_status,
        to_status=to_status,
        occurred_on=occurred_on,
        reason=reason,
        comment=comment,
        changed_by=by,
        source=source,
    )
    household.refresh_from_db()
    return household


@transaction.atomic
def household_reach_step(
    *, household: Household, status: str, by, occurred_on: datetime.date, source: str
) -> bool:
    """Move a household forward to a funnel step reached by an event (workshop, interview…).

    Does nothing, and says so by returning False, when the household is already at or past
    that step, on hold, withdrawn or closed: an event never moves a household backwards.
    The row is locked before reading its status, so two events recorded at the same moment
    (two coordinators taking attendance) cannot both try the same move.
    """
    current = Household.objects.select_for_update().only("status").get(pk=household.pk).status
    if current == Status.ON_HOLD or current in ENDED:
        return False
    if funnel_rank(current) >= funnel_rank(status):
        return False
    household_transition(
        household=household, to_status=status, by=by, occurred_on=occurred_on, source=source
    )
    return True


@transaction.atomic
def household_assign(*, household: Household, social_worker, by) -> Household:
    """Give the household to a social worker of its site (a coordinator's decision)."""
    _check_social_worker(household.site, social_worker)
    if household.social_worker_id == getattr(social_worker, "pk", None):
        raise HouseholdRuleError(_("The household is already assigned to this social worker."))
    household.social_worker = social_worker
    household._history_user = by
    household.save(update_fields=["social_worker", "updated_at"])
    return household


@transaction.atomic
def caseload_transfer(*, households, to_social_worker, by) -> int:
    """Give several households to another social worker of their site, in one transaction.

    Every household must belong to the same site, which the user coordinates; each keeps one
    history entry naming who transferred it. Returns how many households moved.
    """
    pks = [h.pk for h in households]
    if not pks:
        raise HouseholdRuleError(_("Select at least one household to transfer."))
    locked = list(Household.objects.select_for_update().filter(pk__in=pks).order_by("pk"))
    site_ids = {h.site_id for h in locked}
    if len(site_ids) != 1:
        raise HouseholdRuleError(_("Transfer the households of one site at a time."))
    if not user_access(by).coordinates_site(site_ids.pop()):
        raise HouseholdRuleError(_("Only a coordinator of the site can transfer its caseload."))
    for household in locked:
        try:
            household_assign(household=household, social_worker=to_social_worker, by=by)
        except HouseholdRuleError as error:
            raise HouseholdRuleError(f"{household.reference}: {error.message}") from error
    return len(locked)


# The history row keeps the reason of a site transfer in its change-reason column.
SITE_TRANSFER_REASON_MAX = Household.history.model._meta.get_field(
    "history_change_reason"
).max_length


@transaction.atomic
def household_transfer_site(
    *, household: Household, to_site, social_worker, by, reason: str
) -> Household:
    """Move an active household to another site, with the social worker who takes it over there.

    Only a coordinator of both sites (or an administrator) may; the social worker must work at
    the new site. The household's history keeps the move, who made it, when and why; its
    interviews, plans and follow-ups follow it, since they are scoped through the household.
    """
    locked = Household.objects.select_for_update().get(pk=household.pk)
    access = user_access(by)
    if not (access.coordinates_site(locked.site_id) and access.coordinates_site(to_site.pk)):
        raise HouseholdRuleError(
            _("Only a coordinator of both sites can move a household from one to the other.")
        )
    if not locked.is_active:
        raise HouseholdRuleError(
            _("The household is %(status)s: it can no longer move to another site.")
            % {"status": locked.get_status_display().lower()}
        )
    if to_site.pk == locked.site_id:
        raise HouseholdRuleError(
            _("The household already belongs to the site %(site)s.") % {"site": to_site}
        )
    if not to_site.is_active:
        raise HouseholdRuleError(_("The site %(site)s is closed.") % {"site": to_site})
    if social_worker is None:
        raise HouseholdRuleError(
            _("Choose the social worker who takes the household over at the new site.")
        )
    _check_social_worker(to_site, social_worker)
    reason = reason.strip()
    if not reason:
        raise HouseholdRuleError(_("Explain why the household moves to another site."))
    if len(reason) > SITE_TRANSFER_REASON_MAX:
        raise HouseholdRuleError(
            _("Keep the reason under %(max)s characters.") % {"max": SITE_TRANSFER_REASON_MAX}
        )
    locked.site = to_site
    locked.social_worker = social_worker
    locked._history_user = by
    locked._change_reason = reason
    locked.save(update_fields=["site", "social_worker", "updated_at"])
    household.refresh_from_db()
    return household


@transaction.atomic
def household_close(*, household: Household, by, reason: str = "") -> Household:
    """Close the household's case once nothing keeps it open.

    The apps above say what still does (`close_requested`: the follow-ups still scheduled).
    Closing is refused while anything does, unless a coordinator of the household's site
    closes it and says why (the reason is kept on the status change).
    """
    household = Household.objects.select_for_update().get(pk=household.pk)
    reason = reason.strip()
    blockers = [
        sentence
        for _receiver, sentences in close_requested.send(sender=Household, household=household)
        for sentence in sentences
    ]
    if blockers:
        if not user_access(by).coordinates_site(household.site_id):
            raise HouseholdRuleError(
                " ".join([*blockers, _("Only a coordinator can close it earlier, with a reason.")])
            )
        if not reason:
            raise HouseholdRuleError(
                _("Explain why the household is closed before its last follow-up.")
            )
    if Status.CLOSED not in allowed_targets(household.status, household.status_before_hold):
        raise HouseholdRuleError(
            _("Only a relocated or followed-up household can be closed here (it is %(status)s).")
            % {"status": household.get_status_display().lower()}
        )
    return household_transition(
        household=household,
        to_status=Status.CLOSED,
        by=by,
        comment=reason,
        source="followup_close",
    )


def _check_single_head(household: Household, relation: str, exclude_pk=None) -> None:
    if relation != Relation.HEAD:
        return
    heads = household.members.filter(relation=Relation.HEAD)
    if exclude_pk:
        heads = heads.exclude(pk=exclude_pk)
    if heads.exists():
        raise HouseholdRuleError(_("This household already has a head of household."))


@transaction.atomic
def person_add(*, household: Household, by, **fields) -> Person:
    """Add a member to a household."""
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    _check_single_head(household, fields.get("relation", ""))
    person = Person(household=household, **fields)
    person.normalized_name = normalise(f"{person.first_name} {person.last_name}")
    person._history_user = by
    person.save()
    _refresh_search_text(household)
    return person


@transaction.atomic
def person_update(*, person: Person, by, expected_version: int, **fields) -> Person:
    """Change a member's details; refused if someone saved them since the form was opened."""
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    _check_single_head(person.household, fields.get("relation", ""), exclude_pk=person.pk)
    _claim_version(Person, person, expected_version)
    for name, value in fields.items():
        setattr(person, name, value)
    person.normalized_name = normalise(f"{person.first_name} {person.last_name}")
    person._history_user = by
    person.save()
    _refresh_search_text(person.household)
    return person


@transaction.atomic
def person_remove(*, person: Person, by) -> None:
    """Remove a member; the history keeps who they were and who removed them."""
    household = person.household
    person._history_user = by
    person.delete()
    _refresh_search_text(household)


@transaction.atomic
def consent_record(*, household: Household, scope: str, given_on: datetime.date, by) -> Consent:
    """Record the household's consent for one scope (processing, or sharing with partners)."""
    if scope not in ConsentScope.values:
        raise HouseholdRuleError(_("Unknown consent scope."))
    if given_on > today():
        raise HouseholdRuleError(_("A consent cannot be dated in the future."))
    if household.consents.filter(scope=scope, withdrawn_on__isnull=True).exists():
        raise HouseholdRuleError(_("This consent is already recorded and in force."))
    return Consent.objects.create(
        household=household, scope=scope, given_on=given_on, recorded_by=by
    )


@transaction.atomic
def consent_withdraw(*, consent: Consent, by, withdrawn_on: datetime.date | None = None) -> Consent:
    """Withdraw a consent; the row stays as evidence of the period it covered."""
    if not consent.is_active:
        raise HouseholdRuleError(_("This consent was already withdrawn."))
    consent.withdrawn_on = withdrawn_on or today()
    consent.withdrawn_by = by
    consent.save(update_fields=["withdrawn_on", "withdrawn_by"])
    return consent
