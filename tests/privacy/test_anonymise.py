"""Anonymisation: what is erased, what the figures keep, and when a grant's retention forbids it."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessEvent
from funding import services as funding_services
from funding.models import EligibilityEvidence, EvidenceKind, Grant
from households.models import Consent, Household, Person, StatusChange
from interviews.models import Interview
from privacy.anonymise import (
    ANONYMOUS_FIRST_NAME,
    FREE_TEXT,
    ErasureRefused,
    household_anonymise,
    household_erase_on_request,
    household_rows,
)
from privacy.retention_run import retention_apply
from reporting.indicators import compute_indicators
from tests.factories import make_person
from tests.funding.factories import make_grant, pdf_upload
from tests.interviews.builders import days_ago, record_diagnostic, record_interview


def _all_indicators(first_year: int) -> dict:
    """Every indicator of every year since `first_year`, and since the programme began."""
    this_year = timezone.localdate().year
    figures = {
        year: compute_indicators(
            period_start=datetime.date(year, 1, 1), period_end=datetime.date(year, 12, 31)
        )
        for year in range(first_year, this_year + 1)
    }
    figures["cumulative"] = compute_indicators(
        period_start=None, period_end=timezone.localdate(), cumulative=True
    )
    return figures


@pytest.mark.django_db
def test_every_indicator_is_the_same_after_anonymising_a_rich_household(built_world):
    household = built_world.household
    first_year = household.referral_date.year - 1
    before = _all_indicators(first_year)
    household_anonymise(household=household, reason="retention")
    assert Household.objects.get(pk=household.pk).anonymised_at is not None
    assert _all_indicators(first_year) == before


@pytest.mark.django_db
def test_names_identity_and_free_text_are_erased(household, person, social_worker):
    make_person(
        household=household,
        by=social_worker,
        first_name="Yusuf",
        last_name="Haidari",
        relation="child",
        birth_date=datetime.date(2015, 3, 2),
        nationality="AF",
    )
    interview = record_diagnostic(
        household=household,
        by=social_worker,
        notes="Craint pour son frère resté à Kaboul.",
        place="CADA de Cergy",
        assessment={"debts": "Dette de 3 000 € auprès d'un cousin", "french_level": "A2"},
    )
    household_anonymise(household=household, reason="retention")
    persons = list(Person.objects.filter(household=household).order_by("pk"))
    assert [(p.first_name, p.last_name) for p in persons] == [
        (ANONYMOUS_FIRST_NAME, "1"),
        (ANONYMOUS_FIRST_NAME, "2"),
    ]
    assert all(p.birth_date is None and p.nationality == "" for p in persons)
    # What the indicators read stays.
    assert [p.relation for p in persons] == ["head", "child"]
    interview = Interview.objects.get(pk=interview.pk)
    assert (interview.notes, interview.place) == ("", "")
    assert interview.assessment.debts == ""
    assert interview.assessment.french_level == "A2"
    refreshed = Household.objects.get(pk=household.pk)
    assert "haidari" not in refreshed.search_text
    assert refreshed.archived_at is not None


@pytest.mark.django_db
def test_history_rows_are_deleted(household, person, social_worker):
    record_interview(household=household, by=social_worker, notes="Rendez-vous à la CAF.")
    Consent.objects.create(
        household=household, scope="processing", given_on=days_ago(5), recorded_by=social_worker
    )
    removed = make_person(household=household, by=social_worker, relation="spouse")
    removed_pk = removed.pk
    from households.services import person_remove

    person_remove(person=removed, by=social_worker)
    assert Person.history.filter(id=removed_pk).exists()
    household_anonymise(household=household, reason="retention")
    assert not Household.history.filter(id=household.pk).exists()
    assert not Person.history.filter(household_id=household.pk).exists()
    assert not Interview.history.filter(household_id=household.pk).exists()
    assert not Consent.history.filter(household_id=household.pk).exists()


@pytest.mark.django_db
def test_scans_leave_the_storage(
    household, person, social_worker, django_capture_on_commit_callbacks
):
    evidence = funding_services.evidence_record(
        by=social_worker,
        person=person,
        kind=EvidenceKind.OFPRA_DECISION,
        number="OFPRA-2024-0042",
        issued_on=days_ago(100),
        scan=pdf_upload(),
    )
    name = EligibilityEvidence.objects.get(pk=evidence.pk).scan.name
    assert name and default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        household_anonymise(household=household, reason="retention")
    evidence = EligibilityEvidence.objects.get(pk=evidence.pk)
    assert not default_storage.exists(name)
    assert (evidence.scan.name, evidence.number) == ("", "—")
    # Its kind and dates stay: eligibility for a grant reads them.
    assert evidence.kind == EvidenceKind.OFPRA_DECISION


@pytest.mark.django_db
def test_anonymising_writes_one_access_event(household, director):
    household_anonymise(household=household, reason="request", by=director)
    event = AccessEvent.objects.get(household_id=household.pk)
    assert (event.action, event.user) == ("anonymise", director)


@pytest.fixture
def funded(site_a, household, person, social_worker, director):
    """A household met 60 days ago within a signed grant's period."""
    grant = make_grant(by=director, sites=[site_a], signed=True)
    record_interview(household=household, by=social_worker, held_on=days_ago(60))
    return grant


def _final_payment(grant, on):
    # Paying the balance is outside the app's services: the date is typed in on the grant.
    Grant.objects.filter(pk=grant.pk).update(final_payment_on=on)


@pytest.mark.django_db
def test_anonymised_only_once_the_grant_retention_is_over(household, funded):
    today = timezone.localdate()
    _final_payment(funded, datetime.date(today.year + 1, 3, 1))
    retention_end = datetime.date(today.year + 6, 12, 31)
    three_years = datetime.date(today.year + 3, today.month, 1)
    run = retention_apply(on=three_years)
    assert run.archived == [household.reference]
    assert run.anonymised == []
    assert run.kept == {household.reference: [funded.agreement_reference]}
    assert Household.objects.get(pk=household.pk).anonymised_at is None
    assert retention_apply(on=retention_end).anonymised == []
    dry = retention_apply(on=retention_end + datetime.timedelta(days=1), dry_run=True)
    assert dry.anonymised == [household.reference]
    assert Household.objects.get(pk=household.pk).anonymised_at is None
    after = retention_apply(on=retention_end + datetime.timedelta(days=1))
    assert after.anonymised == [household.reference]
    assert Household.objects.get(pk=household.pk).anonymised_at is not None
    # Running it again anonymises nothing more.
    again = retention_apply(on=retention_end + datetime.timedelta(days=1))
    assert (again.archived, again.anonymised) == ([], [])


@pytest.mark.django_db
def test_a_grant_not_finally_paid_keeps_the_household(household, funded):
    far = timezone.localdate() + datetime.timedelta(days=365 * 20)
    assert retention_apply(on=far).anonymised == []


@pytest.mark.django_db
def test_a_draft_grant_funds_nobody(site_a, household, person, social_worker, director):
    make_grant(by=director, sites=[site_a])
    record_interview(household=household, by=social_worker, held_on=days_ago(60))
    far = timezone.localdate() + datetime.timedelta(days=365 * 3)
    assert retention_apply(on=far).anonymised == [household.reference]


@pytest.mark.django_db
def test_erasure_request_refused_with_the_grant_and_date(client, household, funded, director):
    _final_payment(funded, datetime.date(2026, 6, 30))
    client.force_login(director)
    url = reverse("privacy:erasure_request", args=[household.pk])
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert funded.agreement_reference in page
    assert "31/12/2031" in page
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 200
    assert Household.objects.get(pk=household.pk).anonymised_at is None
    assert Person.objects.get(household=household).first_name == "Amina"
    assert not AccessEvent.objects.filter(action="anonymise").exists()


@pytest.mark.django_db
def test_erasure_request_done_once_the_retention_is_over(client, household, funded, director):
    _final_payment(funded, datetime.date(2019, 6, 30))
    client.force_login(director)
    url = reverse("privacy:erasure_request", args=[household.pk])
    assert client.post(url, {}).status_code == 200  # the confirmation box is required
    assert Household.objects.get(pk=household.pk).anonymised_at is None
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    assert Household.objects.get(pk=household.pk).anonymised_at is not None
    assert AccessEvent.objects.filter(action="anonymise", household_id=household.pk).exists()


@pytest.mark.django_db
def test_erasure_on_request_is_a_directors_decision(client, household, coordinator, auditor):
    with pytest.raises(ErasureRefused):
        household_erase_on_request(household=household, by=coordinator)
    url = reverse("privacy:erasure_request", args=[household.pk])
    for user in (coordinator, auditor):
        client.force_login(user)
        assert client.post(url, {"confirm": "on"}).status_code == 403
    assert Household.objects.get(pk=household.pk).anonymised_at is None


@pytest.mark.django_db
def test_an_anonymised_household_cannot_be_erased_again(household, director):
    household_anonymise(household=household, reason="retention")
    with pytest.raises(ErasureRefused):
        household_erase_on_request(household=Household.objects.get(pk=household.pk), by=director)


# Text kept on purpose: the reference and imported case number (no one's identity), the search
# text and names (rewritten from the anonymous names), the codes of a status change.
KEPT = {
    Household: {"reference", "import_key", "search_text"},
    Person: {"first_name", "last_name", "normalized_name"},
    StatusChange: {"reason", "source"},
}


@pytest.mark.django_db
def test_every_text_typed_about_a_household_is_erased():
    """A text field added to any model of a household's rows fails here until it is erased
    (FREE_TEXT) or kept on purpose (KEPT)."""
    for model in household_rows(0):
        typed = {
            f.name
            for f in model._meta.fields
            if isinstance(f, (models.CharField, models.TextField)) and not f.choices
        }
        left = typed - set(FREE_TEXT.get(model, ())) - KEPT.get(model, set())
        assert not left, f"{model.__name__}: {sorted(left)}"
