"""Partners and referrals: the reception centres that send households, the regional partners and
their offers, and the referrals a signed plan leads to."""

import datetime

from demo.demo_data.context import Case, Demo, days, working_day
from demo.demo_data.data import OFFER_KIND, OUTCOMES, PARTNERS, REGIONAL_PARTNERS
from interviews.models import Kind, Mode
from interviews.services import interview_record
from mobility_plans.models import Lever
from mobility_plans.services import plan_step_set_done
from partners.models import Answer, Channel, Offer, OfferKind, Partner, Referral
from partners.services import (
    contact_create,
    offer_create,
    partner_create,
    referral_record_answer,
    referral_send,
)


def _partner_get_or_create(demo: Demo, *, name: str, **fields) -> Partner:
    existing = Partner.objects.filter(name=name).first()
    return existing or partner_create(by=demo.coordinator, name=name, **fields)


def referring_partners(demo: Demo) -> dict[str, Partner]:
    """The reception centres that refer households to the programme, by name."""
    return {
        name: _partner_get_or_create(
            demo, name=name, kind=kind, commune=commune, departement=demo.departements[dep]
        )
        for name, kind, commune, dep in PARTNERS
    }


def regional_partners(demo: Demo) -> None:
    """The partners in the regions and their offers, kept in `demo.offers` by kind."""
    by_kind: dict[str, list[list[Offer]]] = {}
    for name, kind, commune, postcode, dep, contact, offer_specs in REGIONAL_PARTNERS:
        departement = demo.departements[dep]
        partner = _partner_get_or_create(
            demo,
            name=name,
            kind=kind,
            commune=commune,
            postcode=postcode,
            departement=departement,
            agreement_signed_on=demo.today - days(demo.rng, 450, 900),
        )
        contact_create(partner=partner, by=demo.coordinator, name=contact[0], role=contact[1])
        offers: dict[str, list[Offer]] = {}
        for spec in offer_specs:
            offer = _offer_add(demo, partner, departement, commune, dict(spec))
            offers.setdefault(offer.kind, []).append(offer)
        for offer_kind, kind_offers in offers.items():
            by_kind.setdefault(offer_kind, []).append(kind_offers)
    # One partner after the other, so that successive moves go to different places.
    for offer_kind, per_partner in by_kind.items():
        depth = max(len(offers) for offers in per_partner)
        demo.offers[offer_kind] = [
            offers[rank] for rank in range(depth) for offers in per_partner if rank < len(offers)
        ]


def _offer_add(demo: Demo, partner: Partner, departement, commune: str, spec: dict) -> Offer:
    starts_in = spec.pop("starts_in_days", None)
    lasts = spec.pop("lasts_days", 0)
    if starts_in is not None:
        spec["starts_on"] = demo.today + datetime.timedelta(days=starts_in)
        spec["ends_on"] = spec["starts_on"] + datetime.timedelta(days=lasts)
    spec.setdefault("commune", commune)
    return offer_create(partner=partner, by=demo.coordinator, departement=departement, **spec)


def offer_for(demo: Demo, lever: str, *, moving: bool) -> Offer:
    """The next offer for a plan's lever: from the front for moves, else from the back."""
    kind = OFFER_KIND[lever]
    pool, taken = demo.offers[kind], demo.offers_taken[kind]
    if moving:
        offer = pool[taken[0] % len(pool)]
        taken[0] += 1
    else:
        offer = pool[-1 - taken[1] % len(pool)]
        taken[1] += 1
    return offer


def referrals_before_move(demo: Demo, case: Case, plan, offer: Offer, lever: str) -> None:
    """The referrals that led to the move (a refusal first for housing)."""
    rng, signed, worker = demo.rng, case.journey.signed, case.worker
    if lever == Lever.HOUSING:
        # A first landlord had nothing for a family of that size.
        other = next(o for o in demo.offers[OfferKind.HOUSING] if o.partner_id != offer.partner_id)
        refused = referral_send(
            plan=plan,
            partner=other.partner,
            by=worker,
            sent_on=working_day(signed + days(rng, 0, 2), not_before=signed),
            channel=Channel.EMAIL,
            persons=case.adults,
            shared_information="Composition du ménage, ressources et projet de mobilité.",
        )
        referral_record_answer(
            referral=refused,
            by=worker,
            answer=Answer.REFUSED,
            answered_on=working_day(refused.sent_on + days(rng, 4, 8), not_before=refused.sent_on),
            refusal_reason="Aucun logement adapté à la taille du ménage pour le moment.",
        )
    referral = _application_send(demo, case, plan, offer, channel=Channel.EMAIL, offer=offer)
    sent = referral.sent_on
    visit = working_day(sent + days(rng, 2, 5), not_before=sent)
    referral_record_answer(
        referral=referral,
        by=worker,
        answer=Answer.ACCEPTED,
        answered_on=working_day(visit + days(rng, 1, 4), not_before=visit),
        visit_or_interview_on=visit,
        outcome=OUTCOMES[lever],
        outcome_comment=f"Installation prévue le {case.journey.moved:%d/%m/%Y}.",
    )


def referral_in_progress(demo: Demo, case: Case, plan, offer: Offer) -> None:
    """Plans still in progress show every kind of answer: pending, accepted, none, refused."""
    rng, today, worker = demo.rng, demo.today, case.worker
    signed = case.journey.signed
    referral = _application_send(
        demo,
        case,
        plan,
        offer,
        channel=Channel.EMAIL if demo.plans_in_progress % 2 else Channel.PHONE,
        offer=offer if offer.is_open else None,
    )
    sent = referral.sent_on
    answered_on = min(working_day(sent + days(rng, 3, 10), not_before=sent), today)
    answer = demo.plans_in_progress % 4
    demo.plans_in_progress += 1
    # One plan in four is still waiting for its answer.
    if answer:
        extra = {}
        if answer == 1:
            reply = Answer.ACCEPTED
            extra["visit_or_interview_on"] = working_day(today + days(rng, 5, 15))
        elif answer == 2:
            reply = Answer.NO_ANSWER
        else:
            reply = Answer.REFUSED
            extra["refusal_reason"] = "Candidature retenue pour un autre ménage."
        referral_record_answer(
            referral=referral, by=worker, answer=reply, answered_on=answered_on, **extra
        )
    first_step = plan.steps.order_by("due_on", "id").first()
    if first_step and first_step.due_on <= today:
        plan_step_set_done(step=first_step, by=worker, done=True, done_on=first_step.due_on)
    talk = working_day(signed + days(rng, 10, 20), not_before=signed)
    if talk < today:
        interview_record(
            household=case.household,
            by=worker,
            kind=Kind.OTHER,
            held_on=talk,
            social_worker=worker,
            persons_present=case.adults[:1],
            duration_minutes=20,
            mode=Mode.PHONE,
            notes="Point téléphonique sur les candidatures en cours.",
        )


def _application_send(
    demo: Demo, case: Case, plan, target: Offer, *, channel: str, offer: Offer | None
) -> Referral:
    """The household's application to the partner behind `target`, a few days after signing."""
    signed = case.journey.signed
    return referral_send(
        plan=plan,
        partner=target.partner,
        by=case.worker,
        sent_on=working_day(signed + days(demo.rng, 2, 7), not_before=signed),
        channel=channel,
        offer=offer,
        persons=case.adults,
        shared_information="CV, composition du ménage et projet de mobilité.",
    )
