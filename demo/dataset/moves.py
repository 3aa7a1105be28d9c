"""From relocated to closed: the move that realises a plan, the follow-ups at +1/+3/+6/+12
months and their outcomes, then the closing. Pure functions of the cases' random generator."""

import datetime
import random

from core.dates import add_months
from households.models import Employment, Relation, Status

from . import pools
from .drafts import Case, FollowUpDraft, InterviewDraft, PlanDraft, RelocationDraft
from .people import DAY, weighted
from .plans import LEVERS, draw_referrals
from .setup import Context

# Housing obtained at the move → kind of housing found at a follow-up.
HOUSING_KINDS = {
    "social": "social",
    "private": "private",
    "hostel": "hostel",
    "temporary": "temporary",
}


def draw_relocation(
    rng: random.Random, ctx: Context, case: Case, plan: PlanDraft, moved_on: datetime.date
) -> None:
    """The move: the partner who said yes, the town in the plan's first region, who moved."""
    region, departement = plan.targets[0]
    towns = ctx.towns_by_region[region]
    if departement:
        towns = [t for t in towns if t[1] == departement] or towns
    commune, departement = rng.choice(towns)
    lever = plan.lever if rng.random() < 0.9 else weighted(rng, LEVERS)
    housing = {
        "housing": (("social", 70), ("private", 30)),
        "employment": (("private", 35), ("hostel", 30), ("social", 20), ("temporary", 15)),
        "training": (("hostel", 50), ("temporary", 40), ("other", 10)),
    }[lever]
    job = ""
    if lever == "employment":
        job = rng.choice(pools.SECTORS)[1]
    elif lever == "training":
        job = rng.choice(pools.TRAINING_DOMAINS)
    persons = list(range(len(case.persons)))
    if len(persons) > 1 and rng.random() < 0.12:  # one member stays in Île-de-France
        persons.remove(rng.choice(persons[1:]))
    plan.steps = [
        (action, owner, due, min(due, moved_on) if rng.random() < 0.9 else None)
        for action, owner, due, _done in plan.steps
    ]
    draw_referrals(rng, ctx, plan, until=moved_on, accepted=True)
    if rng.random() < 0.4:
        span = max(1, (moved_on - plan.signed_on).days)
        case.interviews.append(
            InterviewDraft(
                kind="other",
                held_on=plan.signed_on + rng.randrange(span) * DAY,
                persons=[0],
                mode="phone",
                duration=30,
            )
        )
    plan.status = "realised"
    case.relocation = RelocationDraft(
        moved_on=moved_on,
        commune=commune,
        departement=departement,
        lever_used=lever,
        housing_obtained=weighted(rng, housing),
        job_or_training=job,
        persons=persons,
    )
    case.steps.append((Status.RELOCATED, moved_on, "relocation"))


def draw_followups(rng: random.Random, today: datetime.date, case: Case) -> None:
    """Follow-ups at +1/+3/+6/+12 months, then the case is closed."""
    moved_on = case.relocation.moved_on
    returned = rng.random() < 0.08
    for months in (1, 3, 6, 12):
        due = add_months(moved_on, months)
        draft = FollowUpDraft(months_after=months, due_on=due, status="scheduled")
        done_on = max(moved_on, due + rng.randint(-3, 21) * DAY)
        if done_on <= today and rng.random() < 0.88:
            draft.status, draft.done_on = "done", done_on
            draft.outcome = _outcome(rng, case, months, returned)
        elif due + 30 * DAY < today:
            draft.status = "missed"
        case.followups.append(draft)
    done = [f.done_on for f in case.followups if f.status == "done"]
    if done:
        case.steps.append((Status.FOLLOWED_UP, min(done), "followup"))
    last_due = case.followups[-1].due_on
    closed = max([last_due, *done]) + rng.randint(0, 45) * DAY
    if closed <= today and (closed <= today - 365 * DAY or rng.random() < 0.9):
        for followup in case.followups:
            if followup.status == "scheduled":
                followup.status = "missed"
        case.steps.append((Status.CLOSED, closed, "followup_close"))


def _outcome(rng: random.Random, case: Case, months: int, returned: bool) -> dict:
    relocation = case.relocation
    back = returned and months >= 6  # returned to Île-de-France after a few months
    kept = not back and rng.random() < 0.9
    employed = rng.random() < {1: 0.45, 3: 0.55, 6: 0.6, 12: 0.65}[months]
    if relocation.lever_used == "employment":
        employed = employed or rng.random() < 0.6
    if back:
        location = "returned_idf"
    elif rng.random() < 0.03:
        location = "elsewhere"
    else:
        location = "target_region"
    has_children = any(p.relation == Relation.CHILD for p in case.persons)
    return {
        "method": rng.choices(("phone", "visit", "partner_report"), weights=(60, 30, 10))[0],
        "housing_kept": kept,
        "housing_kind": HOUSING_KINDS.get(relocation.housing_obtained, "other") if kept else "",
        "employment": Employment.EMPLOYED if employed else Employment.JOB_SEEKER,
        "in_training": relocation.lever_used == "training" and months <= 6,
        "children_at_school": True if has_children else None,
        "health_insurance_opened": rng.random() < 0.9,
        "family_benefits_opened": has_children and rng.random() < 0.9,
        "employment_service_registered": rng.random() < 0.8,
        "location": location,
    }
