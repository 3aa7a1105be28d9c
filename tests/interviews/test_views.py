import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from households.models import Status
from interviews.models import Interview, Kind
from mobility_plans.models import MobilityPlan, PlanStatus
from mobility_plans.services import plan_abandon
from tests.factories import make_person
from tests.interviews.builders import (
    days_ago,
    page_says,
    record_diagnostic,
    record_interview,
    signed_plan,
)

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _create_url(household, kind):
    return f"{reverse('interviews:create', args=[household.pk])}?kind={kind}"


def _interview_post(household, worker, **overrides):
    data = {
        "held_on": days_ago(1).isoformat(),
        "duration_minutes": "75",
        "social_worker": str(worker.pk),
        "persons_present": [str(p.pk) for p in household.members.all()],
        "language": "dari",
        "interpreter_used": "on",
        "mode": "in_person",
        "place": "Antenne de Paris",
        "notes": "Le ménage souhaite partir en Bretagne.",
    }
    data.update(overrides)
    return data


def _plan_post(household, **overrides):
    data = {
        "plan-lever": "employment",
        "plan-objectives": "Emploi de cariste",
        "plan-persons": [str(p.pk) for p in household.members.all()],
        "plan-signed_on": days_ago(1).isoformat(),
        "targets-TOTAL_FORMS": "3",
        "targets-INITIAL_FORMS": "0",
        "targets-MIN_NUM_FORMS": "1",
        "targets-MAX_NUM_FORMS": "1000",
        "targets-0-region": "53",
        "targets-0-departement": "35",
        "targets-1-region": "",
        "targets-1-departement": "44",
        "targets-2-region": "",
        "targets-2-departement": "",
        "steps-TOTAL_FORMS": "4",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
        "steps-0-action": "Mettre à jour le CV",
        "steps-0-owner": "ménage",
        "steps-0-due_on": "",
        "steps-1-action": "Visiter le logement",
        "steps-1-owner": "TS",
        "steps-1-due_on": "",
    }
    data.update(overrides)
    return data


def test_form_is_prefilled_with_today_the_households_worker_and_every_member(
    client_for, household, person, social_worker
):
    second = make_person(household=household, by=social_worker, first_name="Reza", relation="child")

    response = client_for(social_worker).get(reverse("interviews:create", args=[household.pk]))

    form = response.context["form"]
    assert response.context["kind"] == Kind.DIAGNOSTIC  # the next step is suggested
    assert form["held_on"].value() == days_ago(0)
    assert form["social_worker"].value() == social_worker.pk
    assert set(form["persons_present"].value()) == {person.pk, second.pk}
    assert response.context["assessment_form"] is not None
    assert b"autofocus" in response.content
    assert b'data-draft-key="interview:' in response.content
    assert b'data-draft-restore="1"' in response.content


def test_the_plan_interview_is_suggested_after_the_diagnostic(
    client_for, household, person, social_worker
):
    record_diagnostic(household=household, by=social_worker)
    response = client_for(social_worker).get(reverse("interviews:create", args=[household.pk]))
    assert response.context["kind"] == Kind.MOBILITY_PLAN
    assert response.context["plan_form"] is not None


def test_social_worker_logs_a_diagnostic_through_the_form(
    client_for, household, person, social_worker
):
    client = client_for(social_worker)
    data = _interview_post(household, social_worker)
    data.update({"assessment-french_level": "A2", "assessment-accepts_town": "on"})

    response = client.post(_create_url(household, Kind.DIAGNOSTIC), data)

    interview = Interview.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("interviews:detail", args=[interview.pk])
    assert interview.assessment.french_level == "A2"
    assert interview.assessment.accepts_town
    assert interview.interpreter_used and interview.language == "dari"
    household.refresh_from_db()
    assert household.status == Status.DIAGNOSED
    # The page shown after the save tells the browser to forget the draft, once.
    detail = client.get(response["Location"])
    assert f'data-draft-clear="interview:{household.pk}:diagnostic"'.encode() in detail.content
    assert b"data-draft-clear" not in client.get(response["Location"]).content


def test_plan_interview_without_diagnostic_is_refused_and_keeps_what_was_typed(
    client_for, household, person, social_worker
):
    data = {**_interview_post(household, social_worker), **_plan_post(household)}

    response = client_for(social_worker).post(
        _create_url(household, Kind.MOBILITY_PLAN), data, **EN
    )

    assert response.status_code == 200
    assert page_says(
        response,
        "The mobility plan interview needs a diagnostic interview first: record the "
        "diagnostic (interview 1) before the plan (interview 2).",
    )
    assert "Le ménage souhaite partir en Bretagne." in response.content.decode()
    assert "Visiter le logement" in response.content.decode()
    assert b'data-draft-restore="0"' in response.content
    assert not Interview.objects.exists()
    assert not MobilityPlan.objects.exists()


def test_plan_interview_builds_and_signs_the_plan(client_for, household, person, social_worker):
    record_diagnostic(household=household, by=social_worker, held_on=days_ago(5))
    data = {**_interview_post(household, social_worker), **_plan_post(household)}

    response = client_for(social_worker).post(_create_url(household, Kind.MOBILITY_PLAN), data)

    plan = MobilityPlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("mobility_plans:detail", args=[plan.pk])
    assert plan.status == PlanStatus.SIGNED
    # The second row gave only a département: its region is deduced.
    assert [(t.region_id, t.departement_id) for t in plan.targets.all()] == [
        ("53", "35"),
        ("52", "44"),
    ]
    assert [s.action for s in plan.steps.all()] == ["Mettre à jour le CV", "Visiter le logement"]
    household.refresh_from_db()
    assert household.status == Status.PLAN_SIGNED


def test_plan_interview_needs_a_target_region(client_for, household, person, social_worker):
    record_diagnostic(household=household, by=social_worker)
    data = {
        **_interview_post(household, social_worker),
        **_plan_post(
            household,
            **{"targets-0-region": "", "targets-0-departement": "", "targets-1-departement": ""},
        ),
    }
    response = client_for(social_worker).post(_create_url(household, Kind.MOBILITY_PLAN), data)
    assert response.status_code == 200
    assert not MobilityPlan.objects.exists()
    assert Interview.objects.count() == 1


def test_failed_validation_rerenders_everything_typed(client_for, household, person, social_worker):
    data = _interview_post(household, social_worker, held_on="")
    data["assessment-debts"] = "Dette de loyer 1 200 €"
    response = client_for(social_worker).post(_create_url(household, Kind.DIAGNOSTIC), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Dette de loyer 1 200 €" in content
    assert "Le ménage souhaite partir en Bretagne." in content
    assert not Interview.objects.exists()


def test_auditors_never_see_interview_notes(
    client_for, household, person, social_worker, auditor, director
):
    interview = record_diagnostic(
        household=household,
        by=social_worker,
        notes="Note confidentielle sur la santé",
        assessment={"debts": "Dette secrète", "french_level": "B1"},
    )
    url = reverse("interviews:detail", args=[interview.pk])
    household_url = reverse("households:detail", args=[household.pk])

    for page in (client_for(auditor).get(url), client_for(auditor).get(household_url)):
        assert page.status_code == 200
        assert "confidentielle" not in page.content.decode()
        assert "Dette secrète" not in page.content.decode()
    assert client_for(auditor).get(url).context["notes"] == ""

    director_page = client_for(director).get(url).content.decode()
    assert "Note confidentielle sur la santé" in director_page
    assert "Dette secrète" in director_page


def test_read_only_roles_cannot_log_an_interview(
    client_for, household, person, social_worker, auditor, director
):
    data = _interview_post(household, social_worker)
    for user in (auditor, director):
        client = client_for(user)
        assert client.get(_create_url(household, Kind.OTHER)).status_code == 403
        assert client.post(_create_url(household, Kind.OTHER), data).status_code == 403
    assert not Interview.objects.exists()


def test_interviews_of_another_site_are_not_found(
    client_for, household, person, social_worker, social_worker_b
):
    interview = record_interview(household=household, by=social_worker)
    client = client_for(social_worker_b)
    assert client.get(reverse("interviews:detail", args=[interview.pk])).status_code == 404
    assert client.get(_create_url(household, Kind.OTHER)).status_code == 404


def test_household_page_lists_interviews_and_links_the_active_plan(
    client_for, household, person, social_worker
):
    plan = signed_plan(household=household, by=social_worker)
    content = (
        client_for(social_worker)
        .get(reverse("households:detail", args=[household.pk]))
        .content.decode()
    )

    for interview in household.interviews.all():
        assert reverse("interviews:detail", args=[interview.pk]) in content
    assert reverse("mobility_plans:detail", args=[plan.pk]) in content
    assert reverse("mobility_plans:relocation_create", args=[plan.pk]) in content


def test_household_page_queries_do_not_grow_with_interviews_and_plans(
    client_for, household, person, social_worker
):
    client = client_for(social_worker)
    url = reverse("households:detail", args=[household.pk])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    plan = signed_plan(household=household, by=social_worker)
    small = count()
    plan_abandon(plan=plan, by=social_worker, reason="Reporté")
    signed_plan(household=household, by=social_worker)
    for _ in range(4):
        record_interview(household=household, by=social_worker)
    assert count() == small
