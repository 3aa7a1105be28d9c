"""Every write on partners, their contacts, their offers and the referrals sent to them.

Views call these and nothing else: each function is atomic and refuses an impossible change
with a message the user can read (PartnerRuleError.message), leaving nothing half-written.
"""

import datetime

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.dates import today
from core.history import history_baseline
from core.rules import RuleError, check_fields
from core.text import normalise
from core.versioning import version_next
from households.models import Consent, ConsentScope
from households.services import household_mark_contact

from .models import Answer, Contact, Offer, OfferKind, OfferStatus, Partner, Referral

PARTNER_FIELDS = (
    "name",
    "kind",
    "address",
    "postcode",
    "commune",
    "departement",
    "agreement_signed_on",
    "agreement_document",
    "is_active",
)
CONTACT_FIELDS = ("name", "role", "phone", "email")
OFFER_FIELDS = (
    "kind",
    "title",
    "description",
    "commune",
    "departement",
    "starts_on",
    "ends_on",
    "sector",
    "contract_type",
    "hours_per_week",
    "driving_licence_required",
    "french_level_required",
    "housing_type",
    "rooms",
    "rent",
    "capacity",
    "domain",
    "allowance",
)
# Which fields describe which kind of offer: the others are cleared so that a job never
# carries a stale rent from an earlier edit.
OFFER_KIND_FIELDS = {
    OfferKind.JOB: {"sector", "contract_type", "hours_per_week"},
    OfferKind.HOUSING: {"housing_type", "rooms", "rent", "capacity"},
    OfferKind.TRAINING: {"domain", "allowance", "ends_on"},
}
_KIND_SPECIFIC = set().union(*OFFER_KIND_FIELDS.values())


class PartnerRuleError(RuleError):
    """A business rule refused the change; nothing was written."""


class SharingConsentMissing(PartnerRuleError):
    """No consent to share with partners is in force: the referral form sends the user to
    record it, keeping what they typed."""


def partner_search_name(partner: Partner) -> str:
    """The accent-free "name commune" the directory search reads (see selectors.partner_search)."""
    return normalise(f"{partner.name} {partner.commune}")


def _check_agreement(partner: Partner) -> None:
    if partner.agreement_signed_on and partner.agreement_signed_on > today():
        raise PartnerRuleError(_("An agreement cannot be signed in the future."))
    if partner.agreement_document and not partner.agreement_signed_on:
        raise PartnerRuleError(_("Give the date the agreement was signed with its document."))


@transaction.atomic
def partner_create(*, by, name: str, kind: str, **fields) -> Partner:
    """Add an organisation to the directory."""
    check_fields(fields, PARTNER_FIELDS)
    partner = Partner(name=name.strip(), kind=kind, **fields)
    _check_agreement(partner)
    partner.search_name = partner_search_name(partner)
    partner.save()
    return partner


@transaction.atomic
def partner_update(
    *, partner: Partner, by, expected_version: int | None = None, **fields
) -> Partner:
    """Change a partner's details; the search column follows its name and commune.

    Refused with StaleEditError when someone saved it since the form was opened on
    `expected_version`.
    """
    check_fields(fields, PARTNER_FIELDS)
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    version_next(Partner, partner, expected_version)
    for name, value in fields.items():
        setattr(partner, name, value)
    _check_agreement(partner)
    partner.search_name = partner_search_name(partner)
    partner.save()
    return partner


@transaction.atomic
def contact_create(*, partner: Partner, by, name: str, **fields) -> Contact:
    """Add a contact person to a partner."""
    check_fields(fields, CONTACT_FIELDS)
    return Contact.objects.create(partner=partner, name=name.strip(), **fields)


@transaction.atomic
def contact_update(*, contact: Contact, by, **fields) -> Contact:
    check_fields(fields, CONTACT_FIELDS)
    for name, value in fields.items():
        setattr(contact, name, value)
    contact.save()
    return contact


@transaction.atomic
def contact_delete(*, contact: Contact, by) -> None:
    """Remove a contact who left the partner (referrals never point at contacts)."""
    contact.delete()


def _clean_offer(offer: Offer) -> None:
    for name in _KIND_SPECIFIC - OFFER_KIND_FIELDS[OfferKind(offer.kind)]:
        field = Offer._meta.get_field(name)
        setattr(offer, name, None if field.null else "")
    if offer.starts_on and offer.ends_on and offer.ends_on < offer.starts_on:
        raise PartnerRuleError(_("The end date comes before the start date."))
    if offer.kind == OfferKind.HOUSING and not offer.capacity:
        raise PartnerRuleError(_("Say for how many persons the housing is."))


@transaction.atomic
def offer_create(*, partner: Partner, by, kind: str, title: str, departement, **fields) -> Offer:
    """Record an offer a partner put forward; it starts open."""
    check_fields(fields, OFFER_FIELDS)
    if not partner.is_active:
        raise PartnerRuleError(_("This partner is no longer active: reactivate it first."))
    offer = Offer(
        partner=partner,
        kind=kind,
        title=title.strip(),
        departement=departement,
        created_by=by,
        **fields,
    )
    _clean_offer(offer)
    offer.save()
    return offer


@transaction.atomic
def offer_update(*, offer: Offer, by, expected_version: int | None = None, **fields) -> Offer:
    """Change an offer; refused with StaleEditError when someone saved it since the form was
    opened on `expected_version`."""
    check_fields(fields, OFFER_FIELDS)
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    version_next(Offer, offer, expected_version)
    for name, value in fields.items():
        setattr(offer, name, value)
    _clean_offer(offer)
    offer.save()
    return offer


@transaction.atomic
def offer_set_status(*, offer: Offer, status: str, by) -> Offer:
    """Mark an offer filled or withdrawn, or open it again."""
    if status not in OfferStatus.values:
        raise PartnerRuleError(_("Unknown offer status."))
    # Lock the row: two coordinators closing the same offer must not both succeed.
    current = Offer.objects.select_for_update().get(pk=offer.pk)
    if current.status == status:
        raise PartnerRuleError(
            _("This offer is already %(status)s.") % {"status": OfferStatus(status).label.lower()}
        )
    current.status = status
    # An edit form opened before the status changed must not set it back unseen.
    version_next(Offer, current, None)
    current.save(update_fields=["status", "version", "updated_at"])
    offer.status, offer.version = status, current.version
    return offer


@transaction.atomic
def referral_send(
    *,
    plan,
    partner: Partner,
    by,
    sent_on: datetime.date,
    channel: str,
    offer: Offer | None = None,
    persons=(),
    shared_information: str = "",
) -> Referral:
    """Put the household of a plan (or some of its members) in contact with a partner.

    Nothing about a household leaves the programme without its consent to share with
    partners: without an active consent the referral is refused and nothing is saved.
    """
    household = plan.household
    if not plan.is_active:
        raise PartnerRuleError(_("Referrals are made from a plan in progress (draft or signed)."))
    # Lock the consent so that a withdrawal at the same moment cannot slip in between.
    consent = (
        Consent.objects.select_for_update()
        .filter(household=household, scope=ConsentScope.PARTNER_SHARING, withdrawn_on__isnull=True)
        .first()
    )
    if consent is None:
        withdrawn = (
            Consent.objects.filter(household=household, scope=ConsentScope.PARTNER_SHARING)
            .exclude(withdrawn_on=None)
            .order_by("-withdrawn_on")
            .values_list("withdrawn_on", flat=True)
            .first()
        )
        if withdrawn is not None:
            # Said apart from "never consented": the household said no, and only it may say
            # yes again.
            raise SharingConsentMissing(
                _(
                    "The household withdrew its consent to share its information with partners "
                    "on %(date)s: nothing may be sent to a partner any more. Record a new "
                    "consent only if the household gives it again."
                )
                % {"date": date_format(withdrawn, "SHORT_DATE_FORMAT")}
            )
        raise SharingConsentMissing(
            _(
                "The household has not consented to sharing its information with partners. "
                "Record that consent on the household page before referring it."
            )
        )
    if sent_on > today():
        raise PartnerRuleError(_("A referral cannot be dated in the future."))
    if sent_on < consent.given_on:
        raise PartnerRuleError(_("The referral cannot be sent before the consent was given."))
    if not partner.is_active:
        raise PartnerRuleError(_("This partner is no longer active."))
    if offer is not None:
        if offer.partner_id != partner.pk:
            raise PartnerRuleError(_("This offer belongs to another partner."))
        if not offer.is_open:
            raise PartnerRuleError(_("This offer is no longer open."))
    persons = list(persons)
    if any(person.household_id != household.pk for person in persons):
        raise PartnerRuleError(_("Only members of the household can be referred."))
    referral = Referral(
        plan=plan,
        household=household,
        partner=partner,
        offer=offer,
        sent_on=sent_on,
        channel=channel,
        shared_information=shared_information,
        created_by=by,
    )
    referral._history_user = by
    referral.save()
    if persons:
        referral.persons.set(persons)
    household_mark_contact(household_id=household.pk, on=sent_on)
    return referral


# Once a partner said yes or no, the answer stands; "no answer" may still turn into one.
_FINAL_ANSWERS = (Answer.ACCEPTED, Answer.REFUSED)
# A visit or interview with the partner further ahead than this is a typing error, as on the
# partner's answer link (referral_links.INTERVIEW_MAX_DAYS).
VISIT_AHEAD_AT_MOST = datetime.timedelta(days=365)


@transaction.atomic
def referral_record_answer(
    *,
    referral: Referral,
    by,
    answer: str,
    answered_on: datetime.date | None = None,
    refusal_reason: str = "",
    visit_or_interview_on: datetime.date | None = None,
    outcome: str = "",
    outcome_comment: str = "",
    change_reason: str = "",
) -> Referral:
    """Record the partner's answer, the visit or interview date and what came of it.

    The history keeps the answer as it was before, and who recorded the new one (with
    `change_reason` when no user did: the partner through its answer link).
    """
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    # A referral sent before its model kept a history (or written by an import) first gets a
    # record of how it was sent, so that this change shows what it changed.
    history_baseline([current], at=current.created_at, by=current.created_by)
    if answer not in Answer.values:
        raise PartnerRuleError(_("Unknown answer."))
    if current.answer in _FINAL_ANSWERS and answer != current.answer:
        raise PartnerRuleError(
            _("The partner's answer is already recorded: %(answer)s.")
            % {"answer": Answer(current.answer).label}
        )
    if answer == Answer.PENDING and current.answer != Answer.PENDING:
        raise PartnerRuleError(_("An answer cannot be set back to pending."))
    if answer == Answer.PENDING:
        answered_on = None
    else:
        answered_on = answered_on or current.answered_on or today()
        if answered_on > today():
            raise PartnerRuleError(_("An answer cannot be dated in the future."))
        if answered_on < current.sent_on:
            raise PartnerRuleError(_("The answer cannot come before the referral was sent."))
    refusal_reason = refusal_reason.strip()
    if answer == Answer.REFUSED and not refusal_reason:
        raise PartnerRuleError(_("Give the reason the partner refused."))
    if answer != Answer.REFUSED:
        refusal_reason = ""
    if visit_or_interview_on and visit_or_interview_on < current.sent_on:
        raise PartnerRuleError(
            _("The visit or interview cannot come before the referral was sent.")
        )
    if visit_or_interview_on and visit_or_interview_on > today() + VISIT_AHEAD_AT_MOST:
        raise PartnerRuleError(_("The visit or interview is more than a year away."))
    if outcome and answer != Answer.ACCEPTED:
        raise PartnerRuleError(_("An outcome follows an accepted referral only."))
    current.answer = answer
    current.answered_on = answered_on
    current.refusal_reason = refusal_reason
    current.visit_or_interview_on = visit_or_interview_on
    current.outcome = outcome
    current.outcome_comment = outcome_comment if outcome else ""
    current._history_user = by
    if change_reason:
        current._change_reason = change_reason
    current.save()
    if visit_or_interview_on:
        # The visit or interview with the partner is met with the household.
        household_mark_contact(household_id=current.household_id, on=visit_or_interview_on)
    return current
