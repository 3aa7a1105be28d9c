"""Correcting a saved plan, the region → département rule, the move's starting values and
the late steps."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from core.versioning import StaleEditError
from households.models import Status
from mobility_plans import corrections
from mobility_plans.forms import TargetForm
from mobility_plans.models import Lever, PlanStatus, PlanStep, Relocation
from mobility_plans.selectors import plan_history
from mobility_plans.services import PlanRuleError, plan_step_add, plan_step_set_done
from partners.models import Answer, HousingType, OfferKind, Outcome, PartnerKind
from partners.services import referral_record_answer
from territories.models import Departement, Region
from tests.interviews.builders import (
    days_ago,
    page_says,
    record_diagnostic,
    record_plan_interview,
    signed_plan,
)
from tests.partners.helpers import give_sharing_consent, make_offer, make_partner, send_referral

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _draft(household, by):
    record_diagnostic(household=household, by=by)
    return record_plan_interview(household=household, by=by)


def _url(plan):
    return reverse("mobility_plans:update", args=[plan.pk])


def _post(plan, *, agreement=True, targets=None, **overrides):
    """The correction form as the browser sends it, unchanged unless told."""
    steps = list(plan.steps.order_by("id"))
    data = {
        "plan-objectives": plan.objectives,
        "plan-version": str(plan.version),
        "plan-reason": "Wrong département",
        "steps-TOTAL_FORMS": str(len(steps)),
        "steps-INITIAL_FORMS": str(len(steps)),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    for i, step in enumerate(steps):
        data |= {
            f"steps-{i}-step_id": str(step.pk),
            f"steps-{i}-action": step.action,
            f"steps-{i}-owner": step.owner,
            f"steps-{i}-due_on": step.due_on.isoformat() if step.due_on else "",
        }
    if agreement:
        rows = targets or [(t.region_id, t.departement_id or "") for t in plan.targets.all()]
        data |= {
            "plan-lever": plan.lever,
            "plan-persons": [str(p.pk) for p in plan.persons.all()],
            "targets-TOTAL_FORMS": str(len(rows)),
            "targets-INITIAL_FORMS": str(len(rows)),
            "targets-MIN_NUM_FORMS": "1",
            "targets-MAX_NUM_FORMS": "1000",
        }
        for i, (region, departement) in enumerate(rows):
            data |= {f"targets-{i}-region": region, f"targets-{i}-departement": departement}
        if plan.signed_on:
            data["plan-signed_on"] = plan.signed_on.isoformat()
    data.update(overrides)
    return data


def _correct(plan, by, **fields):
    return corrections.plan_correct(
        plan=plan,
        by=by,
        expected_version=plan.version,
        reason=fields.pop("reason", "Correction"),
        objectives=fields.pop("objectives", plan.objectives),
        **fields,
    )


@pytest.mark.parametrize(
    "role, status",
    [
        ("social_worker", 200),
        ("coordinator", 200),
        ("director", 403),
        ("auditor", 403),
        ("social_worker_other_site", 404),
    ],
)
def test_who_may_open_the_plan_correction(client_for, world, role, status):
    plan = _draft(world.household, world.users["social_worker"])
    assert client_for(world.users[role]).get(_url(plan)).status_code == status


def test_a_draft_is_corrected_whole_with_its_history(client_for, household, person, social_worker):
    plan = _draft(household, social_worker)
    first_step = plan.steps.order_by("id").first()
    client = client_for(social_worker)

    response = client.post(
        _url(plan),
        _post(
            plan,
            targets=[("53", "29"), ("52", "")],
            **{"plan-lever": Lever.HOUSING, "steps-0-action": "Mettre à jour le CV en français"},
        ),
    )

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.lever == Lever.HOUSING
    assert plan.version == 2
    assert list(plan.targets.values_list("departement_id", flat=True)) == ["29", None]
    first_step.refresh_from_db()
    assert first_step.action == "Mettre à jour le CV en français"
    rows = plan_history(plan=plan, include_notes=True)
    with translation.override("en"):  # the request left its own language active
        changed = {(c["name"], str(c["new"])) for row in rows[:3] for c in row["changes"]}
    assert ("lever", "Housing") in changed
    assert ("departement", str(Departement.objects.get(pk="29"))) in changed
    assert ("action", "Mettre à jour le CV en français") in changed
    assert {row["reason"] for row in rows[:3]} == {"Wrong département"}


def test_a_signed_plan_keeps_its_agreement_from_a_social_worker(
    client_for, household, person, social_worker
):
    plan = signed_plan(household=household, by=social_worker)
    page = client_for(social_worker).get(_url(plan))
    assert "lever" not in page.context["form"].fields
    assert page.context["targets"] is None

    # Objectives and steps stay open to them…
    _correct(plan, social_worker, objectives="Emploi de cariste à Brest")
    plan.refresh_from_db()
    assert plan.objectives == "Emploi de cariste à Brest"
    # …the agreement does not.
    with pytest.raises(PlanRuleError):
        _correct(plan, social_worker, lever=Lever.HOUSING)
    plan.refresh_from_db()
    assert plan.lever == Lever.EMPLOYMENT


def test_a_coordinator_corrects_the_signature_date_and_the_step_follows(
    household, person, social_worker, coordinator
):
    plan = signed_plan(household=household, by=social_worker)  # interview 10 days ago
    _correct(plan, coordinator, signed_on=days_ago(7))
    plan.refresh_from_db()
    assert plan.signed_on == days_ago(7)
    assert household.status_changes.get(to_status=Status.PLAN_SIGNED).occurred_on == days_ago(7)
    with pytest.raises(PlanRuleError):
        _correct(plan, coordinator, signed_on=days_ago(15))  # before the plan interview


def test_a_realised_plan_is_not_corrected(client_for, household, person, social_worker):
    from mobility_plans.services import relocation_record

    plan = signed_plan(household=household, by=social_worker)
    relocation_record(
        plan=plan,
        by=social_worker,
        moved_on=days_ago(1),
        commune="Rennes",
        departement=Departement.objects.get(pk="35"),
        lever_used=Lever.EMPLOYMENT,
        housing_obtained="social",
        persons=list(household.members.all()),
    )
    response = client_for(social_worker).get(_url(plan), **EN)
    assert response.status_code == 302
    plan.refresh_from_db()
    with pytest.raises(PlanRuleError):
        _correct(plan, social_worker, objectives="Autre")


def test_a_stale_plan_correction_is_refused_and_keeps_what_was_typed(
    client_for, household, person, social_worker, coordinator
):
    plan = _draft(household, social_worker)
    opened = _post(plan, **{"plan-objectives": "Ce que la TS a tapé"})
    _correct(plan, coordinator, objectives="Texte du coordinateur")
    client = client_for(social_worker)

    response = client.post(_url(plan), opened, **EN)

    assert response.status_code == 200
    assert page_says(response, StaleEditError().message)
    assert "Ce que la TS a tapé" in response.content.decode()
    plan.refresh_from_db()
    assert plan.objectives == "Texte du coordinateur"
    assert response.context["form"]["version"].value() == str(plan.version)


def test_a_done_step_cannot_be_removed(household, person, social_worker):
    plan = _draft(household, social_worker)
    done, other = plan.steps.order_by("id")
    plan_step_set_done(step=done, by=social_worker, done=True)
    with pytest.raises(PlanRuleError):
        _correct(plan, social_worker, steps=[{"step_id": done.pk, "delete": True}])
    _correct(plan, social_worker, steps=[{"step_id": other.pk, "delete": True}])
    assert list(plan.steps.values_list("pk", flat=True)) == [done.pk]


def test_auditor_reads_the_plan_history_without_free_text(
    client_for, household, person, social_worker, auditor
):
    plan = _draft(household, social_worker)
    _correct(plan, social_worker, objectives="Objectif privé", reason="Motif privé")
    plan_step_add(plan=plan, by=social_worker, action="Appeler la mission locale")

    page = client_for(auditor).get(reverse("mobility_plans:detail", args=[plan.pk]), **EN)

    content = page.content.decode()
    assert "Objectif privé" not in content
    assert "Motif privé" not in content
    assert "Appeler la mission locale" in content  # steps are facts, not notes
    assert all(c["name"] != "objectives" for row in page.context["history"] for c in row["changes"])


def test_a_departement_outside_the_region_is_refused():
    form = TargetForm({"region": "53", "departement": "44"})
    assert not form.is_valid()
    assert form.errors["departement"] == ["This département is not in the chosen region."]


def test_the_correction_refuses_a_departement_outside_the_region(
    client_for, household, person, social_worker
):
    plan = _draft(household, social_worker)
    response = client_for(social_worker).post(_url(plan), _post(plan, targets=[("53", "44")]))
    assert response.status_code == 200
    assert page_says(response, "This département is not in the chosen region.")
    assert plan.targets.first().departement_id == "35"


def test_the_move_refuses_a_departement_outside_the_region(
    client_for, household, person, social_worker
):
    plan = signed_plan(household=household, by=social_worker)
    response = client_for(social_worker).post(
        reverse("mobility_plans:relocation_create", args=[plan.pk]),
        {
            "moved_on": days_ago(1).isoformat(),
            "commune": "Nantes",
            "region": "53",
            "departement": "44",
            "lever_used": "employment",
            "housing_obtained": "social",
            "persons": [str(p.pk) for p in household.members.all()],
        },
        **EN,
    )
    assert response.status_code == 200
    assert page_says(response, "This département is not in the chosen region.")
    assert not Relocation.objects.exists()


def test_departement_options_say_their_region(client_for, household, person, social_worker):
    plan = signed_plan(household=household, by=social_worker)
    page = client_for(social_worker).get(
        reverse("mobility_plans:relocation_create", args=[plan.pk])
    )
    content = page.content.decode()
    assert 'data-region="53"' in content and 'value="35"' in content
    assert "js/region-departement.js" in content


def test_the_move_starts_from_the_plans_first_target(client_for, household, person, social_worker):
    plan = signed_plan(household=household, by=social_worker)  # targets: 53/35, then 52
    page = client_for(social_worker).get(
        reverse("mobility_plans:relocation_create", args=[plan.pk])
    )
    initial = page.context["form"].initial
    assert (initial["region"], initial["departement"]) == ("53", "35")
    assert initial["lever_used"] == plan.lever


def test_the_move_starts_from_the_accepted_referral(client_for, household, person, social_worker):
    plan = signed_plan(household=household, by=social_worker)
    give_sharing_consent(household=household, by=social_worker)
    landlord = make_partner(name="Habitat 44", kind=PartnerKind.SOCIAL_LANDLORD, departement="44")
    flat = make_offer(
        partner=landlord,
        kind=OfferKind.HOUSING,
        title="T3 à Nantes",
        departement="44",
        commune="Nantes",
        housing_type=HousingType.SOCIAL,
    )
    referral = send_referral(plan=plan, partner=landlord, offer=flat, by=social_worker)
    refused = send_referral(
        plan=plan,
        partner=make_partner(name="Usine", departement="29"),
        offer=None,
        by=social_worker,
    )
    referral_record_answer(
        referral=referral,
        by=social_worker,
        answer=Answer.ACCEPTED,
        answered_on=days_ago(0),
        outcome=Outcome.HOUSED,
    )
    referral_record_answer(
        referral=refused, by=social_worker, answer=Answer.REFUSED, refusal_reason="Complet"
    )

    page = client_for(social_worker).get(
        reverse("mobility_plans:relocation_create", args=[plan.pk])
    )

    initial = page.context["form"].initial
    assert initial["commune"] == "Nantes"
    assert (initial["region"], initial["departement"]) == ("52", "44")
    assert initial["lever_used"] == Lever.HOUSING
    assert initial["housing_obtained"] == "social"
    assert "job_or_training" not in initial


def test_a_late_step_says_by_how_many_days(client_for, household, person, social_worker):
    plan = _draft(household, social_worker)
    plan_step_add(plan=plan, by=social_worker, action="En retard", due_on=days_ago(3))
    plan_step_add(plan=plan, by=social_worker, action="Hier", due_on=days_ago(1))
    plan_step_add(plan=plan, by=social_worker, action="À venir", due_on=days_ago(-2))
    done = plan_step_add(plan=plan, by=social_worker, action="Fait", due_on=days_ago(5))
    plan_step_set_done(step=done, by=social_worker, done=True)

    page = client_for(social_worker).get(reverse("mobility_plans:detail", args=[plan.pk]), **EN)

    content = page.content.decode()
    assert content.count("data-late-days") == 2
    assert "en retard de 3 jours" in content
    assert "en retard de 1 jour<" in content
    late = {s.action: s.late_by for s in page.context["steps"]}
    assert late["À venir"] == 0 and late["Fait"] == 0


def test_days_late_of_a_step():
    today = datetime.date(2026, 3, 10)
    step = PlanStep(action="x", due_on=datetime.date(2026, 3, 1))
    assert step.days_late(today) == 9
    step.done_on = today
    assert step.days_late(today) == 0
    assert PlanStep(action="x").days_late(today) == 0
    assert PlanStep(action="x", due_on=today).days_late(today) == 0


def test_the_plans_first_history_record_holds_its_persons(household, person, social_worker):
    plan = _draft(household, social_worker)
    rows = plan_history(plan=plan, include_notes=True)
    # Created: the plan, its two targets, its two steps; no change read into the persons.
    assert len(rows) == 5
    assert all(row["type"] == "+" for row in rows)
    assert all(row["changes"] == [] for row in rows)
    assert Region.objects.exists() and plan.status == PlanStatus.DRAFT
