"""From diagnosed to plan signed: the two interviews, the mobility plan and the referrals to
partners that follow its signature. Pure functions of the cases' random generator."""

import datetime
import random

from households.models import Status

from . import pools
from .drafts import Case, InterviewDraft, PlanDraft, ReferralDraft
from .people import DAY, weighted
from .setup import Context

# Levers as the programme reports them: about as many moves through housing as through a job.
LEVERS = (("employment", 45), ("housing", 45), ("training", 10))


def draw_diagnostic(rng: random.Random, case: Case, day: datetime.date) -> InterviewDraft:
    """Interview 1 and its assessment of the household's situation."""
    head = case.persons[0]
    willing = rng.choices(("yes", "hesitant", "no"), weights=(70, 25, 5))[0]
    assessment = {
        "housing_situation": case.accommodation,
        "housing_difficulties": "Hébergement précaire, suroccupation."
        if rng.random() < 0.5
        else "",
        "employment_situation": head.employment_situation,
        "french_level": head.french_level,
        "driving_licence": head.driving_licence,
        "health_insurance": rng.choices(("covered", "pending", "none"), weights=(80, 15, 5))[0],
        "willingness_to_move": willing,
        "accepts_city": rng.random() < 0.85,
        "accepts_town": rng.random() < 0.7,
        "accepts_small_town": rng.random() < 0.4,
        "accepts_rural": rng.random() < 0.15,
    }
    return InterviewDraft(
        kind="diagnostic",
        held_on=day,
        persons=case.adults_on(day),
        mode="in_person" if rng.random() < 0.85 else "phone",
        duration=rng.choice((60, 75, 90, 120)),
        interpreter=rng.random() < 0.4,
        assessment=assessment,
    )


def draw_plan(rng: random.Random, ctx: Context, case: Case, day: datetime.date) -> PlanDraft:
    """Interview 2 and the draft plan it builds, both added to the case."""
    case.interviews.append(
        InterviewDraft(
            kind="mobility_plan",
            held_on=day,
            persons=case.adults_on(day),
            duration=rng.choice((60, 90)),
            interpreter=rng.random() < 0.4,
        )
    )
    regions = rng.sample(ctx.target_regions, k=min(len(ctx.target_regions), rng.randint(1, 3)))
    targets = []
    for region in regions:
        departement = rng.choice(ctx.towns_by_region[region])[1] if rng.random() < 0.6 else None
        targets.append((region, departement))
    plan = PlanDraft(
        status="draft",
        lever=weighted(rng, LEVERS),
        interview=len(case.interviews) - 1,
        targets=targets,
    )
    for action, owner in rng.sample(pools.PLAN_STEPS, k=rng.randint(2, 4)):
        plan.steps.append((action, owner, day + rng.randint(15, 90) * DAY, None))
    case.plans.append(plan)
    return plan


def settle_plan(rng: random.Random, today: datetime.date, case: Case, plan: PlanDraft) -> None:
    """A plan of a household that stopped: abandoned when it left, else still active."""
    if case.steps[-1][0] == Status.WITHDRAWN:
        plan.status = "abandoned"
        plan.abandoned_on = case.last_date
        plan.abandon_reason = "Le ménage a quitté le programme."
        end = case.last_date
    else:
        end = today
    plan.steps = [
        (action, owner, due, due if due <= end and rng.random() < 0.7 else None)
        for action, owner, due, _done in plan.steps
    ]


def draw_referrals(
    rng: random.Random, ctx: Context, plan: PlanDraft, *, until: datetime.date, accepted: bool
) -> None:
    """Contacts with partners between the signature and the move (or today).

    When the household moved, the last contact is the partner who said yes.
    """
    start = plan.signed_on
    if start is None or until < start:
        return
    region = plan.targets[0][0]
    candidates = ctx.partners_by_lever_region.get((plan.lever, region))
    candidates = candidates or ctx.partners_by_lever.get(plan.lever)
    if not candidates:
        return
    count = rng.randint(1, 3)
    last_sent = max(start, until - rng.randint(15, 60) * DAY) if accepted else until
    for number in range(count):
        last = accepted and number == count - 1
        span = (last_sent - start).days
        sent = last_sent if last else start + rng.randint(0, span) * DAY
        partner = rng.choice(candidates)
        offers = ctx.offers_by_partner.get(partner)
        referral = ReferralDraft(
            partner_id=partner,
            sent_on=sent,
            channel=rng.choices(
                ("email", "phone", "platform", "meeting"), weights=(50, 30, 10, 10)
            )[0],
            answer="pending",
            answered_on=None,
            offer_id=rng.choice(offers) if offers and rng.random() < 0.5 else None,
        )
        answered = sent + rng.randint(3, 20) * DAY
        if last:
            referral.answer, referral.answered_on = "accepted", min(answered, until)
            referral.visit_on = min(answered + rng.randint(0, 10) * DAY, until)
            referral.outcome = {"employment": "hired", "housing": "housed"}.get(
                plan.lever, "enrolled"
            )
        elif answered <= until:
            referral.answer = rng.choices(("refused", "no_answer"), weights=(60, 40))[0]
            referral.answered_on = answered
            if referral.answer == "refused":
                referral.refusal_reason = rng.choice(pools.REFUSAL_REASONS)
        plan.referrals.append(referral)
    plan.referrals.sort(key=lambda r: r.sent_on)
