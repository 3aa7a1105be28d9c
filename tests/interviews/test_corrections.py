"""Correcting a saved interview: who may, the stale-edit refusal, the history, the funnel."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from core.versioning import StaleEditError
from funding.models import TimeEntry
from households.models import Status
from interviews import services
from interviews.models import DiagnosticAssessment, Interview, Kind
from tests.interviews.builders import (
    days_ago,
    page_says,
    record_diagnostic,
    record_interview,
    record_plan_interview,
)

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _url(interview):
    return reverse("interviews:update", args=[interview.pk])


def _post(interview, **overrides):
    """The correction form as the browser sends it, unchanged unless told."""
    data = {
        "held_on": interview.held_on.isoformat(),
        "duration_minutes": str(interview.duration_minutes),
        "social_worker": str(interview.social_worker_id),
        "persons_present": [str(p.pk) for p in interview.persons_present.all()],
        "language": interview.language,
        "mode": interview.mode,
        "place": interview.place,
        "notes": interview.notes,
        "version": str(interview.version),
        "reason": "Typo in the notes",
    }
    if interview.interpreter_used:
        data["interpreter_used"] = "on"
    assessment = getattr(interview, "assessment", None)
    if assessment is not None:
        for name in ("french_level", "willingness_to_move", "housing_situation"):
            data[f"assessment-{name}"] = getattr(assessment, name)
    data.update(overrides)
    return data


def _correct(interview, by, **fields):
    return services.interview_correct(
        interview=interview,
        by=by,
        expected_version=interview.version,
        reason=fields.pop("reason", "Correction"),
        persons_present=list(interview.persons_present.all()),
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
def test_who_may_open_the_correction_form(client_for, world, role, status):
    interview = record_interview(household=world.household, by=world.users["social_worker"])
    response = client_for(world.users[role]).get(_url(interview))
    assert response.status_code == status


def test_an_auditors_correction_is_refused_and_changes_nothing(
    client_for, household, person, social_worker, auditor
):
    interview = record_interview(household=household, by=social_worker, notes="Avant")
    response = client_for(auditor).post(_url(interview), _post(interview, notes="Après"))
    assert response.status_code == 403
    interview.refresh_from_db()
    assert interview.notes == "Avant"
    assert interview.version == 1


def test_correcting_writes_a_history_row_with_who_and_why(
    client_for, household, person, social_worker
):
    interview = record_interview(household=household, by=social_worker, duration_minutes=60)
    client = client_for(social_worker)

    response = client.post(_url(interview), _post(interview, duration_minutes="45"), **EN)

    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.duration_minutes == 45
    assert interview.version == 2
    record = interview.history.latest()
    assert record.history_type == "~"
    assert record.history_user == social_worker
    assert record.history_change_reason == "Typo in the notes"
    detail = client.get(reverse("interviews:detail", args=[interview.pk]), **EN)
    assert page_says(detail, "Interview corrected.")
    history = detail.context["history"]
    assert history[0]["reason"] == "Typo in the notes"
    assert [(c["name"], c["old"], c["new"]) for c in history[0]["changes"]] == [
        ("duration_minutes", 60, 45)
    ]


def test_a_correction_needs_a_reason(client_for, household, person, social_worker):
    interview = record_interview(household=household, by=social_worker, place="Paris")
    response = client_for(social_worker).post(
        _url(interview), _post(interview, place="Créteil", reason=""), **EN
    )
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    interview.refresh_from_db()
    assert interview.place == "Paris"


def test_a_stale_correction_is_refused_and_keeps_what_was_typed(
    client_for, household, person, social_worker, coordinator
):
    interview = record_interview(household=household, by=social_worker, notes="Premier texte")
    opened = _post(interview, notes="Ce que la TS a tapé")
    # Meanwhile a coordinator corrects the same interview.
    _correct(interview, coordinator, place="Antenne de Créteil")
    client = client_for(social_worker)

    response = client.post(_url(interview), opened, **EN)

    assert response.status_code == 200
    assert page_says(response, StaleEditError().message)
    assert "Ce que la TS a tapé" in response.content.decode()
    assert response.context["stale"]
    interview.refresh_from_db()
    assert interview.notes == "Premier texte"
    assert interview.place == "Antenne de Créteil"
    # The form now carries the version saved meanwhile: saving again (knowingly) goes through.
    form = response.context["form"]
    assert form["version"].value() == str(interview.version)
    again = client.post(_url(interview), {**opened, "version": form["version"].value()})
    assert again.status_code == 302
    interview.refresh_from_db()
    assert interview.notes == "Ce que la TS a tapé"


def test_the_service_refuses_a_stale_version(household, person, social_worker):
    interview = record_interview(household=household, by=social_worker)
    _correct(interview, social_worker, place="Ici")
    with pytest.raises(StaleEditError):
        services.interview_correct(
            interview=interview, by=social_worker, expected_version=1, reason="x", place="Là"
        )


def test_auditor_sees_neither_notes_nor_reasons_in_the_history(
    client_for, household, person, social_worker, auditor
):
    interview = record_diagnostic(household=household, by=social_worker, notes="Note privée")
    interview = Interview.objects.get(pk=interview.pk)
    _correct(
        interview,
        social_worker,
        reason="Motif confidentiel",
        notes="Nouvelle note privée",
        duration_minutes=120,
        assessment={"debts": "Dette de loyer", "french_level": "B1"},
    )

    page = client_for(auditor).get(reverse("interviews:detail", args=[interview.pk]), **EN)

    content = page.content.decode()
    assert page.status_code == 200
    for secret in ("Note privée", "Nouvelle note privée", "Motif confidentiel", "Dette de loyer"):
        assert secret not in content
    names = {c["name"] for row in page.context["history"] for c in row["changes"]}
    assert names == {"duration_minutes", "french_level"}
    # A social worker reads all of it.
    worker_page = client_for(social_worker).get(reverse("interviews:detail", args=[interview.pk]))
    for text in ("Nouvelle note privée", "Motif confidentiel", "Dette de loyer"):
        assert text in worker_page.content.decode()


def test_the_diagnostic_is_corrected_with_its_assessment(
    client_for, household, person, social_worker
):
    interview = record_diagnostic(household=household, by=social_worker)
    interview = Interview.objects.get(pk=interview.pk)
    response = client_for(social_worker).post(
        _url(interview), _post(interview, **{"assessment-french_level": "B2"})
    )
    assert response.status_code == 302
    assessment = DiagnosticAssessment.objects.get(interview=interview)
    assert assessment.french_level == "B2"
    assert assessment.history.latest().history_change_reason == "Typo in the notes"


def test_first_correction_of_a_row_without_history_still_shows_what_changed(
    household, person, social_worker
):
    """Interviews written in bulk (import, data set) have no history row yet."""
    interview = record_interview(household=household, by=social_worker, place="Paris")
    interview.history.all().delete()

    _correct(interview, social_worker, place="Créteil")

    from interviews.selectors import interview_history

    rows = interview_history(interview=interview, include_notes=True)
    assert [row["type"] for row in rows] == ["~", "+"]
    assert rows[1]["user"] == social_worker  # the baseline: who recorded it, when
    assert [(c["old"], c["new"]) for c in rows[0]["changes"]] == [("Paris", "Créteil")]


def test_persons_present_changes_show_by_name(household, person, social_worker):
    from interviews.selectors import interview_history
    from tests.factories import make_person

    child = make_person(household=household, by=social_worker, first_name="Reza", relation="child")
    interview = record_interview(household=household, by=social_worker, persons_present=[person])
    services.interview_correct(
        interview=interview,
        by=social_worker,
        expected_version=1,
        reason="Reza was there",
        persons_present=[person, child],
    )
    rows = interview_history(interview=interview, include_notes=True)
    assert len(rows) == 2  # one record for the correction, not one per change
    (change,) = rows[0]["changes"]
    assert change["name"] == "persons_present"
    assert change["old"] == person.full_name
    assert set(change["new"].split(", ")) == {person.full_name, child.full_name}


def test_a_new_date_of_the_diagnostic_moves_the_diagnosed_step(household, person, social_worker):
    interview = record_diagnostic(household=household, by=social_worker, held_on=days_ago(20))
    _correct(interview, social_worker, held_on=days_ago(25))
    step = household.status_changes.get(to_status=Status.DIAGNOSED)
    assert step.occurred_on == days_ago(25)


def test_the_diagnostic_cannot_move_after_the_plan_interview(household, person, social_worker):
    diagnostic = record_diagnostic(household=household, by=social_worker, held_on=days_ago(20))
    record_plan_interview(household=household, by=social_worker, held_on=days_ago(10))
    with pytest.raises(services.InterviewRuleError):
        _correct(diagnostic, social_worker, held_on=days_ago(5))
    diagnostic.refresh_from_db()
    assert diagnostic.held_on == days_ago(20)
    assert diagnostic.version == 1


def test_the_plan_interview_cannot_move_after_the_signature(household, person, social_worker):
    record_diagnostic(household=household, by=social_worker, held_on=days_ago(20))
    plan = record_plan_interview(
        household=household, by=social_worker, held_on=days_ago(10), signed_on=days_ago(8)
    )
    with pytest.raises(services.InterviewRuleError):
        _correct(plan.interview, social_worker, held_on=days_ago(5))


def test_the_staff_time_follows_a_corrected_duration(household, person, social_worker):
    interview = record_interview(household=household, by=social_worker, duration_minutes=60)
    _correct(interview, social_worker, duration_minutes=90, held_on=days_ago(3))
    entry = TimeEntry.objects.get(source_key=f"interview:{interview.pk}")
    assert entry.hours == 1.5
    assert entry.date == days_ago(3)


def test_the_kind_is_not_part_of_a_correction(household, person, social_worker):
    interview = record_interview(household=household, by=social_worker)
    with pytest.raises(TypeError):
        _correct(interview, social_worker, kind=Kind.DIAGNOSTIC)


def test_the_diagnostic_starts_from_what_the_household_file_says(client_for, site_a, social_worker):
    from households.services import household_update
    from tests.factories import make_household, make_person

    household = make_household(site=site_a, by=social_worker, social_worker=social_worker)
    household_update(
        household=household, by=social_worker, expected_version=1, accommodation="hotel"
    )
    make_person(
        household=household,
        by=social_worker,
        first_name="Reza",
        relation="child",
        french_level="none",
    )
    make_person(
        household=household,
        by=social_worker,
        french_level="B1",
        employment_situation="job_seeker",
        driving_licence="foreign",
    )

    response = client_for(social_worker).get(
        f"{reverse('interviews:create', args=[household.pk])}?kind=diagnostic"
    )

    initial = response.context["assessment_form"].initial
    assert initial == {
        "housing_situation": "hotel",
        "french_level": "B1",  # the head's, not the child's
        "employment_situation": "job_seeker",
        "driving_licence": "foreign",
    }
    assert '<option value="hotel" selected>' in response.content.decode()


def test_detail_page_queries_do_not_grow_with_corrections(
    client_for, household, person, social_worker
):
    interview = record_diagnostic(household=household, by=social_worker)
    interview = Interview.objects.get(pk=interview.pk)
    client = client_for(social_worker)
    url = reverse("interviews:detail", args=[interview.pk])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _correct(interview, social_worker, place="A", assessment={"french_level": "B1"})
    small = count()
    for place in ("B", "C", "D", "E"):
        interview = Interview.objects.get(pk=interview.pk)
        _correct(interview, social_worker, place=place, assessment={"french_level": "B2"})
    assert count() == small


def test_the_plan_interview_correction_links_the_plans_own(
    client_for, household, person, social_worker
):
    record_diagnostic(household=household, by=social_worker)
    plan = record_plan_interview(household=household, by=social_worker)
    page = client_for(social_worker).get(_url(plan.interview))
    assert page.status_code == 200
    assert page.context["assessment_form"] is None  # no diagnostic part
    assert reverse("mobility_plans:update", args=[plan.pk]) in page.content.decode()
