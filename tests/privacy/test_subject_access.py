"""The right of access: a household's (or one person's) whole file as JSON and PDF."""

import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from pypdf import PdfReader

from accounts.access_log import access_events_for
from accounts.models import AccessEvent
from followups.models import FollowUp
from funding.models import EligibilityEvidence
from households.models import Consent, Household, Person, StatusChange
from interviews.models import DiagnosticAssessment, Interview
from mobility_plans.models import MobilityPlan, PlanStep, PlanTarget, Relocation
from partners.models import Referral
from privacy.subject_access import subject_access_allowed, subject_file_build
from tests.privacy.subject_access_world import full_household
from workshops.models import WorkshopRegistration

pytestmark = pytest.mark.django_db

# The kinds of record each file has a section for, by key, with the model that titles it.
SECTIONS = {
    "household": Household,
    "persons": Person,
    "consents": Consent,
    "status_changes": StatusChange,
    "interviews": Interview,
    "assessments": DiagnosticAssessment,
    "plans": MobilityPlan,
    "targets": PlanTarget,
    "steps": PlanStep,
    "referrals": Referral,
    "relocations": Relocation,
    "followups": FollowUp,
    "workshops": WorkshopRegistration,
    "evidence": EligibilityEvidence,
}
# Titles of the two sections about the file itself: English source or French translation.
HISTORY_TITLES = ("Change history", "Historique des modifications")
ACCESS_TITLES = ("Who accessed the file", "Qui a consulté le dossier")


def _expected_titles() -> dict[str, str]:
    with translation.override("fr"):
        return {
            key: capfirst(
                str(
                    model._meta.verbose_name
                    if key == "household"
                    else model._meta.verbose_name_plural
                )
            )
            for key, model in SECTIONS.items()
        }


@pytest.fixture
def file_household(site_a, social_worker, coordinator):
    return full_household(site=site_a, by=social_worker, coordinator=coordinator, extra=1)


def _get(client, name, pk):
    return client.get(reverse(f"privacy:{name}", args=[pk]))


def test_json_holds_every_person_interview_and_kind_of_record(
    client_for, file_household, social_worker
):
    household, head, spouse = file_household
    response = _get(client_for(social_worker), "subject_access_json", household.pk)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert f"acces-{household.reference}.json" in response["Content-Disposition"]
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    sections = data["sections"]
    assert set(SECTIONS) | {"history", "access_log"} == set(sections)
    for key, title in _expected_titles().items():
        assert sections[key]["title"] == title
    assert {r["id"] for r in sections["persons"]["records"]} == {head.pk, spouse.pk}
    assert {r["id"] for r in sections["interviews"]["records"]} == set(
        Interview.objects.filter(household=household).values_list("pk", flat=True)
    )
    for key in SECTIONS:
        assert sections[key]["records"], f"{key} is empty"
    # Labels and values as a reader understands them, free text included.
    head_record = next(r for r in sections["persons"]["records"] if r["id"] == head.pk)
    with translation.override("fr"):
        assert head_record["fields"][capfirst(str(Person._meta.get_field("sex").verbose_name))] == (
            str(head.get_sex_display())
        )
    notes = [r["fields"] for r in sections["interviews"]["records"]]
    assert any("Appel 0" in str(fields.values()) for fields in notes)
    # The evidence is listed, the scan is not handed over.
    evidence = sections["evidence"]["records"][0]["fields"]
    assert "OF-123" in evidence.values()
    assert not any("scan" in str(value) for value in evidence.values() if value)
    assert sections["history"]["records"]


def test_pdf_names_the_persons_and_has_a_chapter_per_kind(
    client_for, file_household, social_worker
):
    household, head, spouse = file_household
    response = _get(client_for(social_worker), "subject_access_pdf", household.pk)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    for person in (head, spouse):
        assert person.full_name in text
    assert household.reference in text
    chapters = [item.title for item in reader.outline if not isinstance(item, list)]
    for title in _expected_titles().values():
        assert title in chapters
    assert any(title in chapters for title in HISTORY_TITLES)
    assert any(title in chapters for title in ACCESS_TITLES)


def test_a_persons_file_keeps_their_records_and_leaves_the_others_out(
    client_for, file_household, social_worker
):
    household, head, spouse = file_household
    data = json.loads(
        _get(client_for(social_worker), "person_subject_access_json", head.pk).content
    )
    sections = data["sections"]

    assert data["person"]["id"] == head.pk
    assert [r["id"] for r in sections["persons"]["records"]] == [head.pk]
    assert len(sections["evidence"]["records"]) == 1
    assert len(sections["workshops"]["records"]) == 1
    # The spouse's own data is not in it (their registration, their name as a member).
    spouse_file = json.loads(
        _get(client_for(social_worker), "person_subject_access_json", spouse.pk).content
    )["sections"]
    assert [r["id"] for r in spouse_file["persons"]["records"]] == [spouse.pk]
    assert spouse_file["evidence"]["records"] == []
    assert spouse_file["workshops"]["records"] == []
    # The referral naming the head only is in her file, not in the spouse's.
    named = Referral.objects.filter(household=household, persons=head).get()
    assert named.pk in {r["id"] for r in sections["referrals"]["records"]}
    assert named.pk not in {r["id"] for r in spouse_file["referrals"]["records"]}

    pdf = _get(client_for(social_worker), "person_subject_access_pdf", head.pk)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert head.full_name in text


def test_producing_the_file_is_written_to_the_access_log_and_listed_next_time(
    client_for, file_household, social_worker
):
    household, head, _spouse = file_household
    client = client_for(social_worker)
    _get(client, "subject_access_pdf", household.pk)
    _get(client, "person_subject_access_json", head.pk)

    events = AccessEvent.objects.filter(action=AccessEvent.Action.SUBJECT_ACCESS)
    assert [(e.household_id, e.person_id, e.user_id) for e in events] == [
        (household.pk, head.pk, social_worker.pk),
        (household.pk, None, social_worker.pk),
    ]
    log = json.loads(_get(client, "subject_access_json", household.pk).content)["sections"][
        "access_log"
    ]["records"]
    assert len(log) == access_events_for(household_id=household.pk, person_ids=[]).count() - 1
    with translation.override("fr"):
        label = str(AccessEvent.Action.SUBJECT_ACCESS.label)
    assert sum(1 for row in log if row["action"] == label) == 2


@pytest.mark.parametrize("name", ["subject_access_json", "subject_access_pdf"])
def test_auditors_may_not_produce_it(client_for, file_household, auditor, name):
    household, _head, _spouse = file_household
    assert _get(client_for(auditor), name, household.pk).status_code == 403
    assert not AccessEvent.objects.filter(action=AccessEvent.Action.SUBJECT_ACCESS).exists()


def test_a_social_worker_of_another_site_gets_404(client_for, file_household, social_worker_b):
    household, head, _spouse = file_household
    client = client_for(social_worker_b)
    assert _get(client, "subject_access_json", household.pk).status_code == 404
    assert _get(client, "person_subject_access_pdf", head.pk).status_code == 404


def test_coordinators_of_the_site_and_directors_may_produce_it(
    client_for, file_household, coordinator, director, auditor, social_worker_b
):
    household, _head, _spouse = file_household
    for user in (coordinator, director):
        assert subject_access_allowed(user=user, household=household)
        assert _get(client_for(user), "subject_access_json", household.pk).status_code == 200
    assert not subject_access_allowed(user=auditor, household=household)
    assert not subject_access_allowed(user=social_worker_b, household=household)


def test_the_household_page_offers_the_file_to_those_allowed_only(
    client_for, file_household, social_worker, auditor
):
    household, _head, _spouse = file_household
    url = reverse("households:detail", args=[household.pk])
    link = reverse("privacy:subject_access_pdf", args=[household.pk])
    assert link in client_for(social_worker).get(url).content.decode()
    assert link not in client_for(auditor).get(url).content.decode()


def _queries(household) -> int:
    with CaptureQueriesContext(connection) as queries:
        subject_file_build(household=household)
    return len(queries)


def test_the_file_takes_the_same_number_of_queries_whatever_its_size(
    site_a, social_worker, coordinator
):
    small, *_ = full_household(site=site_a, by=social_worker, coordinator=coordinator)
    large, *_ = full_household(site=site_a, by=social_worker, coordinator=coordinator, extra=4)
    assert Interview.objects.filter(household=large).count() == 6
    assert Referral.objects.filter(household=large).count() == 5

    # 14 kinds of record and 4 of their many-to-many fields (persons present, in the plan,
    # referred, who moved); 6 models the records point at outside the file (site, users,
    # regions, départements, partner, workshop); 13 history models and the 2 of them with
    # many-to-many values; the members' ids (removed ones too) and the access log: 41.
    count = _queries(small)
    assert count == _queries(large)
    assert count <= 41
