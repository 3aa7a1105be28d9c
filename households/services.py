"""Every write on households, persons and consents.

Views call these and nothing else to change case data: each function is atomic, keeps the
search text and the change history right, and refuses an impossible move with a message the
user can read. A registration by hand (household_register) records the consents given with it.
The moves along the funnel and the end of a case are in funnel.py; assignment, caseload and
site transfers in caseload.py.
"""

import datetime
from collections.abc import Collection

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, When
from django.utils.translation import gettext as _

from accounts.selectors import check_social_worker_of_site
from core.dates import today
from core.names import check_names
from core.rules import RuleError, check_fields
from core.text import normalise
from core.versioning import version_claim

from .models import (
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
)
from .signals import consent_withdrawn, milestones_changed


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


def household_references_reserve(*, year: int, count: int) -> list[str]:
    """`count` consecutive references of `year` at once, for an import of past cases.

    The year's counter row is locked, as for one registration, so a registration made meanwhile
    takes the number after the block.
    """
    if count <= 0:
        return []
    try:
        with transaction.atomic():
            counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(
                year=year
            )
    except IntegrityError:
        counter = ReferenceCounter.objects.select_for_update().get(year=year)
    first = counter.last_number + 1
    counter.last_number = F("last_number") + count
    counter.save(update_fields=["last_number"])
    return [f"{settings.REFERENCE_PREFIX}-{year}-{n:04d}" for n in range(first, first + count)]


def _refresh_search_text(household: Household) -> None:
    names = household.members.values_list("first_name", "last_name")
    text = " ".join([household.reference, *(f"{f} {last}" for f, last in names)])
    Household.objects.filter(pk=household.pk).update(search_text=normalise(text))


def household_mark_contact(*, household_id: int, on: datetime.date) -> None:
    """Record that the programme was in touch with the household on `on` (privacy.retention
    counts the years without contact from it). One UPDATE; the date only moves forward, so an
    event typed in late never makes a household look less recent. A contact brings an archived
    household back to the active files; an anonymised one stays as it is. A date ahead (a
    visit planned with a partner) counts as today's: the contact is not yet met, and a date in
    the future would keep the household out of the retention rule until then.
    """
    on = min(on, today())
    Household.objects.filter(
        Q(last_contact_on__isnull=True) | Q(last_contact_on__lt=on), pk=household_id
    ).update(
        last_contact_on=on,
        archived_at=Case(When(anonymised_at__isnull=True, then=None), default=F("archived_at")),
    )


def household_milestones_changed(*, household_ids) -> None:
    """Say that these households' dated events changed: the indicators' milestone rows are
    recomputed from them in the caller's transaction (signals.milestones_changed)."""
    milestones_changed.send(sender=Household, household_ids=household_ids)


def _check_social_worker(site, social_worker) -> None:
    check_social_worker_of_site(social_worker=social_worker, site=site, error=HouseholdRuleError)


def _check_referral_date(referral_date: datetime.date) -> None:
    # A referral still to come would take a reference of a year not yet begun.
    if referral_date > today():
        raise HouseholdRuleError(_("The referral date cannot be in the future."))


@transaction.atomic
def household_create(*, by, site, referral_date: datetime.date, **fields) -> Household:
    """Register a household at the "referred" step and give it its reference.

    The referral may lie in the past (history entered later), never in the future.
    """
    check_fields(fields, HOUSEHOLD_FIELDS)
    _check_referral_date(referral_date)
    _check_social_worker(site, fields.get("social_worker"))
    household = Household(
        site=site, referral_date=referral_date, last_contact_on=referral_date, **fields
    )
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
    household_milestones_changed(household_ids=[household.pk])
    household.refresh_from_db()
    return household


@transaction.atomic
def household_register(
    *, by, consents: Collection[str], consents_given_on: datetime.date, **fields
) -> Household:
    """Register a household by hand with the consents it gave, all or nothing.

    The programme keeps a personal file only with the household's consent to the processing
    of its data (CNIL rules for the social sector): without it nothing is registered.
    Households of an archive (household_create alone) bring their own records instead.
    """
    if ConsentScope.PROCESSING not in consents:
        raise HouseholdRuleError(
            _("A household is registered only with its consent to the processing of its data.")
        )
    household = household_create(by=by, **fields)
    for scope in ConsentScope.values:
        if scope in consents:
            consent_record(household=household, scope=scope, given_on=consents_given_on, by=by)
    return household


@transaction.atomic
def household_update(*, household: Household, by, expected_version: int, **fields) -> Household:
    """Change a household's details; refused if someone saved it since the form was opened."""
    check_fields(fields, HOUSEHOLD_FIELDS)
    if "site" in fields and fields["site"] != household.site:
        raise HouseholdRuleError(
            _("Use “Move to another site” on the household's page to change its site.")
        )
    if "social_worker" in fields and fields["social_worker"] != household.social_worker:
        _check_social_worker(household.site, fields["social_worker"])
    if "referral_date" in fields:
        _check_referral_date(fields["referral_date"])
    version_claim(Household, household, expected_version)
    for name, value in fields.items():
        setattr(household, name, value)
    household._history_user = by
    household.save(update_fields=[*fields, "updated_at"])
    if {"referral_date", "social_worker"} & set(fields):
        household_milestones_changed(household_ids=[household.pk])
    return household


# The names of a person: no invisible or control characters (core.names).
PERSON_NAME_FIELDS = ("first_name", "last_name")


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
    check_fields(fields, PERSON_FIELDS)
    check_names(fields, PERSON_NAME_FIELDS, error=HouseholdRuleError)
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
    check_fields(fields, PERSON_FIELDS)
    check_names(fields, PERSON_NAME_FIELDS, error=HouseholdRuleError)
    _check_single_head(person.household, fields.get("relation", ""), exclude_pk=person.pk)
    version_claim(Person, person, expected_version)
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
    # Their workshop attendances went with them.
    household_milestones_changed(household_ids=[household.pk])


@transaction.atomic
def consent_record(*, household: Household, scope: str, given_on: datetime.date, by) -> Consent:
    """Record the household's consent for one scope (processing, or sharing with partners)."""
    if scope not in ConsentScope.values:
        raise HouseholdRuleError(_("Unknown consent scope."))
    if given_on > today():
        raise HouseholdRuleError(_("A consent cannot be dated in the future."))
    if household.consents.filter(scope=scope, withdrawn_on__isnull=True).exists():
        raise HouseholdRuleError(_("This consent is already recorded and in force."))
    # The household gave it in person: a contact.
    household_mark_contact(household_id=household.pk, on=given_on)
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
    consent_withdrawn.send(sender=Consent, consent=consent, by=by)
    return consent
