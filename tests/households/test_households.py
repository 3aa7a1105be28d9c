import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import AccessEvent, Role
from core.text import normalise
from households import caseload, funnel, services
from households.models import (
    ConsentScope,
    Household,
    Person,
    ReferenceCounter,
    Relation,
    Status,
)
from tests.factories import make_household, make_person, user_with_role

pytestmark = pytest.mark.django_db


def test_normalise_drops_accents_case_and_spaces():
    assert normalise("  Zoé   N'DIAYE-Éléonore ") == "zoe n'diaye-eleonore"


def test_references_follow_the_referral_year_without_gaps(site_a, social_worker):
    first = make_household(site=site_a, by=social_worker, referral_date=datetime.date(2025, 3, 1))
    second = make_household(site=site_a, by=social_worker, referral_date=datetime.date(2025, 9, 1))
    other_year = make_household(
        site=site_a, by=social_worker, referral_date=datetime.date(2026, 1, 5)
    )
    assert (first.reference, second.reference, other_year.reference) == (
        "CDF-2025-0001",
        "CDF-2025-0002",
        "CDF-2026-0001",
    )


def test_social_worker_of_another_site_cannot_be_assigned(site_a, social_worker_b, coordinator):
    with pytest.raises(services.HouseholdRuleError):
        make_household(site=site_a, by=coordinator, social_worker=social_worker_b)
    assert not Household.objects.exists()


def test_visible_to_scopes_by_site_and_role(
    site_a, site_b, social_worker, social_worker_b, coordinator, director, auditor
):
    mine = make_household(site=site_a, by=social_worker)
    theirs = make_household(site=site_b, by=social_worker_b)
    assert set(Household.objects.visible_to(social_worker)) == {mine}
    assert set(Household.objects.visible_to(coordinator)) == {mine}
    assert set(Household.objects.visible_to(social_worker_b)) == {theirs}
    assert set(Household.objects.visible_to(director)) == {mine, theirs}
    assert set(Household.objects.visible_to(auditor)) == {mine, theirs}


def test_a_social_worker_of_site_b_gets_404_on_every_page_of_a_site_a_household(
    client_for, household, person, social_worker, social_worker_b
):
    consent = services.consent_record(
        household=household,
        scope=ConsentScope.PROCESSING,
        given_on=household.referral_date,
        by=social_worker,
    )
    client = client_for(social_worker_b)
    urls = [
        reverse(name, kwargs={"pk": household.pk})
        for name in (
            "households:detail",
            "households:update",
            "households:status",
            "households:assign",
            "households:person_create",
            "households:consent_create",
        )
    ] + [
        reverse("households:person_update", kwargs={"pk": person.pk}),
        reverse("households:person_delete", kwargs={"pk": person.pk}),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"first_name": "X"}).status_code == 404, url
    assert (
        client.post(reverse("households:consent_withdraw", kwargs={"pk": consent.pk})).status_code
        == 404
    )
    person.refresh_from_db()
    assert person.first_name == "Amina"
    consent.refresh_from_db()
    assert consent.is_active


def test_register_household_through_the_form(client_for, site_a, social_worker):
    response = client_for(social_worker).post(
        reverse("households:create"),
        {
            "site": site_a.pk,
            "social_worker": social_worker.pk,
            "referral_date": timezone.localdate().isoformat(),
            "commune": "Montreuil",
            "departement": "93",
            "accommodation": "cada",
            "consent_processing": "on",
            "consents_given_on": timezone.localdate().isoformat(),
        },
    )
    household = Household.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("households:detail", kwargs={"pk": household.pk})
    assert household.status == Status.REFERRED
    assert household.status_changes.get().to_status == Status.REFERRED


def test_register_household_refuses_a_future_referral_date(client_for, site_a, social_worker):
    response = client_for(social_worker).post(
        reverse("households:create"),
        {"site": site_a.pk, "referral_date": "2999-01-01"},
    )
    assert response.status_code == 200
    assert "referral_date" in response.context["form"].errors
    assert not Household.objects.exists()


def test_the_service_refuses_a_future_referral_date_and_takes_no_reference(site_a, social_worker):
    next_year = timezone.localdate() + datetime.timedelta(days=400)

    with translation.override("en"), pytest.raises(services.HouseholdRuleError) as refused:
        services.household_create(by=social_worker, site=site_a, referral_date=next_year)

    assert refused.value.message == "The referral date cannot be in the future."
    assert not Household.objects.exists()
    assert not ReferenceCounter.objects.filter(year=next_year.year).exists()


def test_a_past_referral_date_is_registered_in_its_year(site_a, social_worker):
    household = services.household_create(
        by=social_worker, site=site_a, referral_date=datetime.date(2019, 3, 1)
    )

    assert household.reference == "CDF-2019-0001"
    assert household.status_changes.get().occurred_on == datetime.date(2019, 3, 1)


def test_an_edit_cannot_move_the_referral_date_into_the_future(household, social_worker):
    with pytest.raises(services.HouseholdRuleError):
        services.household_update(
            household=household,
            by=social_worker,
            expected_version=household.version,
            referral_date=timezone.localdate() + datetime.timedelta(days=1),
        )
    household.refresh_from_db()
    assert household.referral_date < timezone.localdate()


def test_social_worker_cannot_register_into_another_site(client_for, site_b, social_worker):
    response = client_for(social_worker).post(
        reverse("households:create"),
        {"site": site_b.pk, "referral_date": timezone.localdate().isoformat()},
    )
    assert response.status_code == 200
    assert "site" in response.context["form"].errors
    assert not Household.objects.exists()


def test_stale_household_edit_is_refused_and_keeps_the_first_save(
    client_for, household, social_worker
):
    url = reverse("households:update", kwargs={"pk": household.pk})
    client = client_for(social_worker)
    form_version = client.get(url).context["form"]["version"].value()
    base = {"referral_date": household.referral_date.isoformat(), "version": form_version}
    assert client.post(url, {**base, "commune": "Créteil"}).status_code == 302
    second = client.post(url, {**base, "commune": "Bobigny"})
    assert second.status_code == 200
    assert "a modifié cette fiche" in str(second.context["form"].non_field_errors())
    household.refresh_from_db()
    assert household.commune == "Créteil"


def test_person_edit_updates_search_text_and_history(client_for, household, person, social_worker):
    url = reverse("households:person_update", kwargs={"pk": person.pk})
    client = client_for(social_worker)
    data = client.get(url).context["form"].initial
    payload = {k: v for k, v in data.items() if v is not None}
    payload.update(
        {
            "first_name": "Aminata",
            "birth_date": person.birth_date.isoformat(),
            "version": person.version,
            "nationality": "AF",
        }
    )
    response = client.post(url, payload)
    assert response.status_code == 302, response.context["form"].errors
    household.refresh_from_db()
    assert "aminata" in household.search_text
    assert person.history.count() == 2
    history = client.get(reverse("households:detail", kwargs={"pk": household.pk})).context[
        "history"
    ]
    changed = [row for row in history if row["changes"]]
    assert changed[0]["changes"][0]["new"] == "Aminata"
    assert changed[0]["user"] == social_worker


def test_one_head_of_household_only(household, person, social_worker):
    with pytest.raises(services.HouseholdRuleError):
        make_person(household=household, by=social_worker, first_name="Second")
    assert household.members.count() == 1


def test_possible_duplicate_is_shown_before_saving(
    client_for, site_a, household, person, social_worker
):
    other = make_household(site=site_a, by=social_worker)
    url = reverse("households:person_create", kwargs={"pk": other.pk})
    payload = {
        "first_name": "AMINA",
        "last_name": "Haïdari",
        "sex": "F",
        "birth_date": person.birth_date.isoformat(),
        "relation": Relation.HEAD,
    }
    client = client_for(social_worker)
    response = client.post(url, payload)
    assert response.status_code == 200
    assert response.context["duplicates"][0]["person"] == person
    assert reverse("households:detail", kwargs={"pk": household.pk}) in response.content.decode()
    assert other.members.count() == 0

    confirmed = client.post(url, {**payload, "confirm_not_duplicate": "on"})
    assert confirmed.status_code == 302
    assert other.members.count() == 1


def test_remove_member_keeps_history(client_for, household, person, social_worker):
    response = client_for(social_worker).post(
        reverse("households:person_delete", kwargs={"pk": person.pk})
    )
    assert response.status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()
    assert Person.history.filter(id=person.pk, history_type="-").exists()
    household.refresh_from_db()
    assert "amina" not in household.search_text


def test_coordinator_transfers_to_another_social_worker_of_the_site(
    client_for, household, site_a, coordinator
):
    colleague = user_with_role(Role.SOCIAL_WORKER, site_a)
    response = client_for(coordinator).post(
        reverse("households:assign", kwargs={"pk": household.pk}),
        {"social_worker": colleague.pk},
    )
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.social_worker == colleague
    assert household.history.first().social_worker_id == colleague.pk


def test_consent_recorded_then_withdrawn(client_for, household, social_worker):
    client = client_for(social_worker)
    client.post(
        reverse("households:consent_create", kwargs={"pk": household.pk}),
        {"scope": ConsentScope.PARTNER_SHARING, "given_on": timezone.localdate().isoformat()},
    )
    consent = household.consents.get()
    again = client.post(
        reverse("households:consent_create", kwargs={"pk": household.pk}),
        {"scope": ConsentScope.PARTNER_SHARING, "given_on": timezone.localdate().isoformat()},
    )
    assert again.status_code == 200 and again.context["form"].non_field_errors()
    client.post(reverse("households:consent_withdraw", kwargs={"pk": consent.pk}))
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate()


def test_auditor_reads_but_never_sees_free_text(client_for, household, auditor, social_worker):
    services.household_update(
        household=household,
        by=social_worker,
        expected_version=household.version,
        constraints="Suivi psychologique en cours",
    )
    response = client_for(auditor).get(reverse("households:detail", kwargs={"pk": household.pk}))
    assert response.status_code == 200
    assert "Suivi psychologique" not in response.content.decode()


def test_auditor_post_is_refused_everywhere(client_for, household, auditor):
    client = client_for(auditor)
    for url in (
        reverse("households:create"),
        reverse("households:update", kwargs={"pk": household.pk}),
        reverse("households:status", kwargs={"pk": household.pk}),
    ):
        assert client.post(url, {"commune": "X"}).status_code == 403
    household.refresh_from_db()
    assert household.commune == ""


def test_opening_a_household_is_logged(client_for, household, director):
    client_for(director).get(reverse("households:detail", kwargs={"pk": household.pk}))
    entry = AccessEvent.objects.exclude(action=AccessEvent.Action.LOGIN).get()
    assert (entry.user, entry.action, entry.household_id) == (
        director,
        AccessEvent.Action.VIEW,
        household.pk,
    )


def test_detail_query_count_does_not_grow_with_members_and_history(
    client_for, household, person, social_worker
):
    client = client_for(social_worker)
    url = reverse("households:detail", kwargs={"pk": household.pk})

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    client.get(url)  # the first visit may create the session row
    before = count()
    for i in range(6):
        make_person(
            household=household, by=social_worker, first_name=f"Enfant{i}", relation=Relation.CHILD
        )
    services.consent_record(
        household=household,
        scope=ConsentScope.PARTNER_SHARING,
        given_on=household.referral_date,
        by=social_worker,
    )
    funnel.household_transition(household=household, to_status=Status.INFORMED, by=social_worker)
    assert count() == before


def test_history_names_related_rows_and_choice_labels(
    client_for, household, site_a, coordinator, social_worker
):
    colleague = user_with_role(Role.SOCIAL_WORKER, site_a, first_name="Inès", last_name="Roux")
    caseload.household_assign(household=household, social_worker=colleague, by=coordinator)
    services.household_update(
        household=household,
        by=social_worker,
        expected_version=household.version,
        accommodation="hotel",
    )
    history = (
        client_for(coordinator)
        .get(reverse("households:detail", kwargs={"pk": household.pk}))
        .context["history"]
    )
    values = {(c["old"], c["new"]) for row in history for c in row["changes"]}
    assert (str(social_worker), "Inès Roux") in values
    assert ("—", "Hôtel") in values
