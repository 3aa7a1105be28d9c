import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from households.models import Status
from mobility_plans.models import PlanStatus, Relocation
from mobility_plans.services import plan_step_add
from tests.interviews.builders import (
    days_ago,
    page_says,
    record_diagnostic,
    record_plan_interview,
    signed_plan,
)

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _relocation_post(household, departement="35", **overrides):
    data = {
        "moved_on": days_ago(1).isoformat(),
        "commune": "Rennes",
        "departement": departement,
        "lever_used": "employment",
        "housing_obtained": "social",
        "job_or_training": "Cariste",
        "persons": [str(p.pk) for p in household.members.all()],
    }
    data.update(overrides)
    return data


def test_ticking_a_step_from_the_plan_page(client_for, household, person, social_worker):
    plan = signed_plan(household=household, by=social_worker)
    step = plan.steps.first()
    client = client_for(social_worker)

    response = client.post(reverse("mobility_plans:step_toggle", args=[step.pk]), {"done": "1"})

    assert response.status_code == 302
    step.refresh_from_db()
    assert step.done_on == days_ago(0)
    client.post(reverse("mobility_plans:step_toggle", args=[step.pk]), {"done": "0"})
    step.refresh_from_db()
    assert step.done_on is None


def test_adding_a_step(client_for, household, person, social_worker):
    plan = signed_plan(household=household, by=social_worker)
    client = client_for(social_worker)
    url = reverse("mobility_plans:step_add", args=[plan.pk])

    assert (
        client.post(url, {"step-action": "Ouvrir un compte", "step-owner": "ménage"}).status_code
        == 302
    )
    assert plan.steps.filter(action="Ouvrir un compte").exists()
    refused = client.post(url, {"step-action": ""})
    assert refused.status_code == 200
    assert refused.context["step_form"].errors


def test_signing_a_draft_from_its_page(client_for, household, person, social_worker):
    record_diagnostic(household=household, by=social_worker)
    plan = record_plan_interview(household=household, by=social_worker, held_on=days_ago(3))

    response = client_for(social_worker).post(
        reverse("mobility_plans:sign", args=[plan.pk]), {"signed_on": days_ago(1).isoformat()}
    )

    assert response.status_code == 302
    plan.refresh_from_db()
    household.refresh_from_db()
    assert plan.status == PlanStatus.SIGNED
    assert household.status == Status.PLAN_SIGNED


def test_abandoning_from_its_page_needs_a_reason(client_for, household, person, social_worker):
    plan = signed_plan(household=household, by=social_worker)
    client = client_for(social_worker)
    url = reverse("mobility_plans:abandon", args=[plan.pk])

    assert (
        client.post(url, {"abandoned_on": days_ago(0).isoformat(), "reason": ""}).status_code == 200
    )
    response = client.post(
        url, {"abandoned_on": days_ago(0).isoformat(), "reason": "Déménagement refusé"}
    )

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ABANDONED


def test_recording_the_move(client_for, household, person, social_worker):
    plan = signed_plan(household=household, by=social_worker)

    response = client_for(social_worker).post(
        reverse("mobility_plans:relocation_create", args=[plan.pk]), _relocation_post(household)
    )

    assert response.status_code == 302
    household.refresh_from_db()
    plan.refresh_from_db()
    assert household.status == Status.RELOCATED
    assert plan.status == PlanStatus.REALISED


def test_a_move_within_ile_de_france_shows_the_rule_to_a_social_worker(
    client_for, household, person, social_worker
):
    plan = signed_plan(household=household, by=social_worker)
    url = reverse("mobility_plans:relocation_create", args=[plan.pk])
    client = client_for(social_worker)

    assert "idf_override_reason" not in client.get(url).context["form"].fields
    response = client.post(url, _relocation_post(household, departement="75"), **EN)

    assert response.status_code == 200
    assert page_says(
        response,
        "The destination must be outside Île-de-France. Only a coordinator can allow a move "
        "within Île-de-France, with a reason.",
    )
    assert not Relocation.objects.exists()


def test_a_coordinator_records_an_ile_de_france_exception(
    client_for, household, person, social_worker, coordinator
):
    plan = signed_plan(household=household, by=social_worker)
    url = reverse("mobility_plans:relocation_create", args=[plan.pk])
    data = _relocation_post(
        household, departement="75", idf_override_reason="Emploi en CDI à Paris"
    )

    response = client_for(coordinator).post(url, data)

    assert response.status_code == 302
    assert Relocation.objects.get().idf_override_reason == "Emploi en CDI à Paris"


def test_a_move_on_a_draft_plan_is_refused_with_a_message(
    client_for, household, person, social_worker
):
    record_diagnostic(household=household, by=social_worker)
    plan = record_plan_interview(household=household, by=social_worker)

    response = client_for(social_worker).post(
        reverse("mobility_plans:relocation_create", args=[plan.pk]),
        _relocation_post(household),
        **EN,
    )

    assert response.status_code == 200
    assert page_says(response, "A relocation can only be recorded on a signed mobility plan.")
    assert not Relocation.objects.exists()


def test_auditor_reads_the_plan_without_its_free_text(
    client_for, household, person, social_worker, auditor
):
    plan = signed_plan(household=household, by=social_worker)
    response = client_for(auditor).get(reverse("mobility_plans:detail", args=[plan.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert plan.objectives not in content
    assert "Mettre à jour le CV" in content  # steps are facts, not notes
    assert reverse("mobility_plans:step_toggle", args=[plan.steps.first().pk]) not in content


def test_plan_of_another_site_is_not_found(
    client_for, household, person, social_worker, social_worker_b
):
    plan = signed_plan(household=household, by=social_worker)
    assert (
        client_for(social_worker_b)
        .get(reverse("mobility_plans:detail", args=[plan.pk]))
        .status_code
        == 404
    )


def test_plan_page_queries_do_not_grow_with_steps(client_for, household, person, social_worker):
    plan = signed_plan(household=household, by=social_worker)
    client = client_for(social_worker)
    url = reverse("mobility_plans:detail", args=[plan.pk])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    for i in range(10):
        plan_step_add(plan=plan, by=social_worker, action=f"Étape {i}")
    assert count() == small
