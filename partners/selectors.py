"""Reads of the partner directory, offers and referrals, always starting from visible_to(user)."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.access import user_access
from core import dates
from core.history import history_rows
from core.text import normalise

from .models import (
    REMINDER_AFTER_DAYS,
    Answer,
    Contact,
    Offer,
    OfferStatus,
    Partner,
    Referral,
    ReferralLink,
)


def partner_list(*, user) -> QuerySet[Partner]:
    """The directory with what a row shows (place, number of open offers) in one query."""
    return (
        Partner.objects.visible_to(user)
        .select_related("departement__region")
        .annotate(
            open_offer_count=Count("offers", filter=Q(offers__status=OfferStatus.OPEN)),
            has_open_offers=Exists(
                Offer.objects.filter(partner=OuterRef("pk"), status=OfferStatus.OPEN)
            ),
        )
        # By the accent-free, lower-case name: "Âge d'or" before "Agence", "école" before "Zèbre".
        .order_by("search_name", "pk")
    )


def partner_search(queryset: QuerySet[Partner], query: str) -> QuerySet[Partner]:
    """Filter on name and commune, ignoring accents, case and extra spaces."""
    for word in normalise(query).split():
        queryset = queryset.filter(search_name__contains=word)
    return queryset


def partner_get_for_user(*, user, pk: int) -> Partner:
    """The partner, or 404."""
    return get_object_or_404(
        Partner.objects.visible_to(user).select_related("departement__region"), pk=pk
    )


def contact_get_for_user(*, user, pk: int) -> Contact:
    return get_object_or_404(
        Contact.objects.filter(partner__in=Partner.objects.visible_to(user)).select_related(
            "partner"
        ),
        pk=pk,
    )


def offer_get_for_user(*, user, pk: int) -> Offer:
    """The offer with its partner and place, or 404."""
    return get_object_or_404(
        Offer.objects.visible_to(user).select_related("partner", "departement__region"), pk=pk
    )


def offers_of_partner(*, partner: Partner) -> QuerySet[Offer]:
    """Open offers first, then the others, newest first."""
    return (
        partner.offers.select_related("departement")
        .annotate(closed=~Q(status=OfferStatus.OPEN))
        .order_by("closed", "-created_at", "-id")
    )


def offer_open_or_none(*, pk: int) -> Offer | None:
    """The offer if it is still open: a link may point to one closed since."""
    return Offer.objects.open().filter(pk=pk).first()


def offers_for_referral(*, plan, partner_id: int | None = None) -> QuerySet[Offer]:
    """Open offers in the plan's target regions (anywhere when it has none), maybe of a partner."""
    offers = Offer.objects.open().select_related("partner").order_by("partner__name", "title")
    regions = list(plan.targets.values_list("region_id", flat=True))
    if regions:
        offers = offers.filter(departement__region_id__in=regions)
    if partner_id:
        offers = offers.filter(partner_id=partner_id)
    return offers


def _referrals(user) -> QuerySet[Referral]:
    return Referral.objects.visible_to(user).select_related(
        "household", "partner", "offer", "created_by"
    )


# What was typed about the household on a referral: never read by auditors.
REFERRAL_FREE_TEXT = ("shared_information", "refusal_reason", "outcome_comment")


def referral_history(*, referral: Referral, include_notes: bool) -> list[dict]:
    """Who sent the referral, who recorded its answer and what it was before; newest first.

    Without `include_notes` (auditors) every REFERRAL_FREE_TEXT field is left out: the
    refusal reason is a short line, not a TextField that history_rows would leave out itself.
    """
    records = referral.history.select_related("history_user")[:500]
    rows = history_rows(list(records), include_notes=include_notes)
    if include_notes:
        return rows
    for row in rows:
        row["changes"] = [c for c in row["changes"] if c["name"] not in REFERRAL_FREE_TEXT]
    # A change of free text alone says nothing once its text is left out.
    return [row for row in rows if row["changes"] or row["type"] != "~"]


def referral_get_for_user(*, user, pk: int) -> Referral:
    """The referral, or 404 when its household lies outside the user's sites.

    For those who may not read free text (auditors) its free-text fields are not even loaded.
    """
    referrals = _referrals(user).select_related("household__site", "plan")
    if not user_access(user).reads_free_text:
        referrals = referrals.defer(*REFERRAL_FREE_TEXT)
    return get_object_or_404(referrals.prefetch_related("persons"), pk=pk)


def referrals_for_household(*, household) -> QuerySet[Referral]:
    """The household's referrals, newest first (the caller checked the household's scope)."""
    return household.partner_referrals.select_related("partner", "offer")


def referrals_for_partner(*, user, partner: Partner) -> QuerySet[Referral]:
    """The partner's referrals of households the user may see."""
    return _referrals(user).filter(partner=partner)


def _followed_by(user) -> Q:
    # A social worker follows the referrals of their caseload and those they sent themselves.
    return Q(household__social_worker=user) | Q(created_by=user)


def referral_list(*, user) -> QuerySet[Referral]:
    """Referrals the user follows, among the households they may see."""
    return _referrals(user).filter(_followed_by(user))


def referrals_waiting(*, user, today: datetime.date | None = None) -> QuerySet[Referral]:
    """Referrals the user follows still unanswered after REMINDER_AFTER_DAYS, oldest first."""
    today = today or dates.today()
    limit = today - datetime.timedelta(days=REMINDER_AFTER_DAYS)
    return (
        referral_list(user=user)
        .filter(answer=Answer.PENDING, sent_on__lt=limit)
        .order_by("sent_on", "id")
    )


def referral_links_for_referral(*, referral: Referral) -> QuerySet[ReferralLink]:
    """The referral's answer links, newest first, each with its number of openings: one query."""
    return (
        referral.links.select_related("contact", "created_by", "revoked_by")
        .annotate(opening_count=Count("openings"))
        .order_by("-created_at", "-id")
    )


def referral_link_get_for_user(*, user, pk: int) -> ReferralLink:
    """The link, or 404 when its referral's household lies outside the user's sites."""
    return get_object_or_404(
        ReferralLink.objects.filter(referral__in=Referral.objects.visible_to(user)).select_related(
            "referral__household"
        ),
        pk=pk,
    )


def link_page_facts(*, link: ReferralLink) -> dict:
    """What the public answer page shows of a referral, and nothing else: the first name and
    the surname's initial of the persons referred (the whole household when none was named),
    the household's size, the plan's lever and target areas, what the referral shared and
    the request. Four queries whatever the household's size; no note, document, birth date
    or contact detail is even loaded.
    """
    referral = link.referral
    household_members = referral.household.members.only("first_name", "last_name", "household")
    members = list(household_members.order_by("pk"))
    named = list(referral.persons.only("first_name", "last_name").order_by("pk"))
    persons = [f"{p.first_name} {p.last_name[:1].upper()}." for p in (named or members)]
    targets = [str(t) for t in referral.plan.targets.select_related("region", "departement")]
    return {
        "persons": persons,
        "household_size": len(members),
        "lever": referral.plan.get_lever_display(),
        "targets": targets,
        "shared_information": referral.shared_information,
        "partner": referral.partner.name,
        "offer": referral.offer.title if referral.offer_id else "",
        "sent_on": referral.sent_on,
        "expires_at": link.expires_at,
    }
