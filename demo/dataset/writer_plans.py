"""The rows of the casework: interviews, mobility plans, referrals to partners, relocations
and their follow-ups."""

from core.bulk import BulkInserter
from followups.models import FollowUp
from interviews.models import DiagnosticAssessment, Interview
from mobility_plans.models import MobilityPlan, PlanStep, PlanTarget, Relocation
from partners.models import Referral

from .setup import Context
from .writer_households import Batch

LEVER_LABELS = {"employment": "Emploi", "housing": "Logement", "training": "Formation"}


def write_interviews(db: BulkInserter, ctx: Context, batch: Batch) -> list[list[int]]:
    """The batch's interviews, who attended them and the diagnostics' assessments; returns
    the interviews' ids by case, in the order of its interviews."""
    cases = batch.cases
    fresh = iter(db.ids(Interview, sum(len(c.interviews) for c in cases)))
    rows, assessments, present, interview_ids = [], [], [], []
    for household_id, case, ids in zip(batch.household_ids, cases, batch.person_ids, strict=True):
        place = ctx.sites[case.site].name
        language = case.persons[0].languages.split(",")[0]
        mine = []
        for draft in case.interviews:
            interview_id = next(fresh)
            mine.append(interview_id)
            rows.append(
                {
                    "id": interview_id,
                    "household_id": household_id,
                    "kind": draft.kind,
                    "held_on": draft.held_on,
                    "duration_minutes": draft.duration,
                    "social_worker_id": case.social_worker,
                    "language": language,
                    "interpreter_used": draft.interpreter,
                    "mode": draft.mode,
                    "place": place if draft.mode == "in_person" else "",
                    "created_by_id": case.social_worker,
                }
            )
            present.extend((interview_id, ids[index]) for index in draft.persons)
            if draft.assessment is not None:
                assessments.append({"interview_id": interview_id, **draft.assessment})
        interview_ids.append(mine)
    db.insert(Interview, rows, label="interviews")
    db.insert(DiagnosticAssessment, assessments, label="diagnostic assessments")
    db.insert_links(Interview, "persons_present", present, label="interview attendees")
    return interview_ids


def write_plans(
    db: BulkInserter, ctx: Context, batch: Batch, interview_ids: list[list[int]]
) -> None:
    """The plans with their targets, steps and members; the relocations that realised some of
    them; the referrals of every plan and the follow-ups of every relocation."""
    cases, household_ids, person_ids = batch.cases, batch.household_ids, batch.person_ids
    owners = [(i, draft) for i, case in enumerate(cases) for draft in case.plans]
    plan_ids = db.ids(MobilityPlan, len(owners))
    moves = [
        (i, pid) for (i, d), pid in zip(owners, plan_ids, strict=True) if d.status == "realised"
    ]
    relocation_ids = db.ids(Relocation, len(moves))
    plans, targets, steps, members = [], [], [], []
    for plan_id, (index, draft) in zip(plan_ids, owners, strict=True):
        case = cases[index]
        region = ctx.region_names[draft.targets[0][0]]
        plans.append(
            {
                "id": plan_id,
                "household_id": household_ids[index],
                "interview_id": interview_ids[index][draft.interview],
                "status": draft.status,
                "lever": draft.lever,
                "objectives": f"{LEVER_LABELS[draft.lever]} — {region}",
                "signed_on": draft.signed_on,
                "abandoned_on": draft.abandoned_on,
                "abandon_reason": draft.abandon_reason,
                "created_by_id": case.social_worker,
            }
        )
        for preference, (region_code, departement) in enumerate(draft.targets, start=1):
            targets.append(
                {
                    "plan_id": plan_id,
                    "region_id": region_code,
                    "departement_id": departement,
                    "preference": preference,
                }
            )
        for action, owner, due, done in draft.steps:
            steps.append(
                {"plan_id": plan_id, "action": action, "owner": owner, "due_on": due,
                 "done_on": done}
            )  # fmt: skip
        members.extend((plan_id, pk) for pk in person_ids[index])
    db.insert(MobilityPlan, plans, label="mobility plans")
    db.insert(PlanTarget, targets, label="plan targets")
    db.insert(PlanStep, steps, label="plan steps")
    db.insert_links(MobilityPlan, "persons", members, label="plan members")
    _relocations(db, batch, moves, relocation_ids)
    _referrals(db, batch, owners, plan_ids)
    _followups(db, batch, moves, relocation_ids)


def _relocations(db: BulkInserter, batch: Batch, moves, relocation_ids) -> None:
    cases = batch.cases
    relocations, moved = [], []
    for relocation_id, (index, plan_id) in zip(relocation_ids, moves, strict=True):
        case, move = cases[index], cases[index].relocation
        relocations.append(
            {
                "id": relocation_id,
                "plan_id": plan_id,
                "household_id": batch.household_ids[index],
                "moved_on": move.moved_on,
                "commune": move.commune,
                "departement_id": move.departement,
                "lever_used": move.lever_used,
                "housing_obtained": move.housing_obtained,
                "job_or_training": move.job_or_training,
                "recorded_by_id": case.social_worker,
            }
        )
        moved.extend((relocation_id, batch.person_ids[index][i]) for i in move.persons)
    db.insert(Relocation, relocations, label="relocations")
    db.insert_links(Relocation, "persons", moved, label="persons relocated")


def _referrals(db: BulkInserter, batch: Batch, owners, plan_ids) -> None:
    fresh = iter(db.ids(Referral, sum(len(d.referrals) for _i, d in owners)))
    rows, heads = [], []
    for plan_id, (index, draft) in zip(plan_ids, owners, strict=True):
        for referral in draft.referrals:
            referral_id = next(fresh)
            rows.append(
                {
                    "id": referral_id,
                    "plan_id": plan_id,
                    "household_id": batch.household_ids[index],
                    "partner_id": referral.partner_id,
                    "offer_id": referral.offer_id,
                    "sent_on": referral.sent_on,
                    "channel": referral.channel,
                    "answer": referral.answer,
                    "answered_on": referral.answered_on,
                    "refusal_reason": referral.refusal_reason,
                    "visit_or_interview_on": referral.visit_on,
                    "outcome": referral.outcome,
                    "created_by_id": batch.cases[index].social_worker,
                }
            )
            heads.append((referral_id, batch.person_ids[index][0]))
    db.insert(Referral, rows, label="referrals")
    db.insert_links(Referral, "persons", heads, label="persons referred")


def _followups(db: BulkInserter, batch: Batch, moves, relocation_ids) -> None:
    rows = []
    for relocation_id, (index, _plan_id) in zip(relocation_ids, moves, strict=True):
        case = batch.cases[index]
        for draft in case.followups:
            done = draft.status == "done"
            rows.append(
                {
                    "relocation_id": relocation_id,
                    "household_id": batch.household_ids[index],
                    "months_after": draft.months_after,
                    "due_on": draft.due_on,
                    "status": draft.status,
                    "done_on": draft.done_on,
                    "created_by_id": case.social_worker,
                    "recorded_by_id": case.social_worker if done else None,
                    **draft.outcome,
                }
            )
    db.insert(FollowUp, rows, label="follow-ups")
