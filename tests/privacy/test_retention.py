"""Archiving after years without contact, the warning list, the dry run and the nightly task."""

import datetime
import io
import os
import subprocess
import sys

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from households.models import Household
from households.selectors import household_list, household_search
from households.services import household_mark_contact
from interviews.models import Interview, Kind
from privacy.retention import households_soon_archived
from privacy.retention_run import retention_apply
from privacy.tasks import apply_retention_task
from tests.factories import make_household, make_person
from tests.funding.factories import make_grant
from tests.interviews.builders import record_interview

REFERRED = datetime.date(2023, 1, 10)
# Two years after the referral, the default RETENTION_INACTIVE_YEARS.
ARCHIVING_DAY = datetime.date(2025, 1, 10)


@pytest.fixture
def old_household(site_a, social_worker, director):
    """Referred and met on REFERRED, funded by a grant not finally paid: archived after two
    years, never anonymised by these tests (test_anonymise covers that)."""
    make_grant(
        by=director,
        sites=[site_a],
        signed=True,
        starts_on=datetime.date(2022, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
    )
    household = make_household(
        site=site_a, by=social_worker, social_worker=social_worker, referral_date=REFERRED
    )
    make_person(household=household, by=social_worker, last_name="Zeroual")
    record_interview(household=household, by=social_worker, held_on=REFERRED)
    return household


def _archived(household) -> bool:
    return Household.objects.get(pk=household.pk).archived_at is not None


@pytest.mark.django_db
def test_registration_is_the_first_contact(old_household):
    assert old_household.last_contact_on == REFERRED


@pytest.mark.django_db
def test_not_archived_the_day_before_two_years_without_contact(old_household):
    run = retention_apply(on=ARCHIVING_DAY - datetime.timedelta(days=1))
    assert run.archived == []
    assert not _archived(old_household)


@pytest.mark.django_db
def test_archived_after_two_years_without_contact(old_household):
    run = retention_apply(on=ARCHIVING_DAY)
    assert run.archived == [old_household.reference]
    assert _archived(old_household)


@pytest.mark.django_db
def test_archiving_follows_the_setting(settings, old_household):
    settings.RETENTION_INACTIVE_YEARS = 3
    assert retention_apply(on=ARCHIVING_DAY).archived == []
    assert retention_apply(on=datetime.date(2026, 1, 10)).archived == [old_household.reference]


@pytest.mark.django_db
def test_an_interview_resets_the_clock(old_household, social_worker):
    record_interview(household=old_household, by=social_worker, held_on=datetime.date(2024, 6, 1))
    assert Household.objects.get(pk=old_household.pk).last_contact_on == datetime.date(2024, 6, 1)
    assert retention_apply(on=ARCHIVING_DAY).archived == []
    assert retention_apply(on=datetime.date(2026, 6, 1)).archived == [old_household.reference]


@pytest.mark.django_db
def test_a_contact_typed_in_late_never_moves_the_date_back(old_household):
    household_mark_contact(household_id=old_household.pk, on=datetime.date(2024, 6, 1))
    household_mark_contact(household_id=old_household.pk, on=datetime.date(2023, 6, 1))
    assert Household.objects.get(pk=old_household.pk).last_contact_on == datetime.date(2024, 6, 1)


@pytest.mark.django_db
def test_a_new_contact_brings_an_archived_household_back(old_household, social_worker):
    retention_apply(on=ARCHIVING_DAY)
    assert _archived(old_household)
    household_mark_contact(household_id=old_household.pk, on=datetime.date(2025, 2, 1))
    assert not _archived(old_household)


def _sees(user, household) -> dict:
    listed = household_list(user=user).filter(pk=household.pk).exists()
    found = household_search(household_list(user=user), "zeroual").filter(pk=household.pk).exists()
    return {"listed": listed, "found": found}


@pytest.mark.django_db
def test_archived_household_is_hidden_from_the_sites_staff(
    client, old_household, social_worker, coordinator, director, auditor
):
    url = reverse("households:detail", args=[old_household.pk])
    for user in (social_worker, coordinator):
        assert _sees(user, old_household) == {"listed": True, "found": True}
    retention_apply(on=ARCHIVING_DAY)
    for user in (social_worker, coordinator):
        assert _sees(user, Household.objects.get(pk=old_household.pk)) == {
            "listed": False,
            "found": False,
        }
        client.force_login(user)
        assert client.get(url).status_code == 404
    # Directors and auditors still read it, for the funds' controls.
    for user in (director, auditor):
        client.force_login(user)
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_archived_household_still_counts_in_the_indicators(old_household):
    from reporting.indicators import compute_indicators

    def figures():
        return compute_indicators(
            period_start=None, period_end=datetime.date(2025, 12, 31), cumulative=True
        )

    before = figures()
    retention_apply(on=ARCHIVING_DAY)
    assert figures() == before


@pytest.mark.django_db
def test_dry_run_lists_references_and_changes_nothing(old_household):
    out = io.StringIO()
    call_command("retention", "--dry-run", "--on", ARCHIVING_DAY.isoformat(), stdout=out)
    assert old_household.reference in out.getvalue()
    assert "Zeroual" not in out.getvalue()
    assert "1 households would be archived" in out.getvalue()
    assert not _archived(old_household)


@pytest.mark.django_db
def test_command_without_dry_run_archives(old_household):
    call_command("retention", "--on", ARCHIVING_DAY.isoformat(), stdout=io.StringIO())
    assert _archived(old_household)


@pytest.mark.django_db
def test_command_refuses_a_bad_date():
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("retention", "--on", "demain", stdout=io.StringIO())


@pytest.mark.django_db
def test_nightly_task_is_idempotent(old_household):
    with time_machine.travel(datetime.datetime(2025, 1, 10, 3, 0), tick=False):
        first = apply_retention_task()
        archived_at = Household.objects.get(pk=old_household.pk).archived_at
        second = apply_retention_task()
    assert first["archived"] == [old_household.reference]
    assert second["archived"] == []
    assert Household.objects.get(pk=old_household.pk).archived_at == archived_at


@pytest.mark.django_db
def test_soon_archived_lists_the_coming_thirty_days(old_household, site_a):
    soon = households_soon_archived(on=ARCHIVING_DAY - datetime.timedelta(days=30))
    assert [h.reference for h in soon] == [old_household.reference]
    assert not households_soon_archived(on=ARCHIVING_DAY - datetime.timedelta(days=31)).exists()
    assert not households_soon_archived(on=ARCHIVING_DAY).exists()


@pytest.mark.django_db
def test_soon_archived_page_for_the_coordinator(client, old_household, coordinator, site_a):
    client.force_login(coordinator)
    url = reverse("privacy:soon_archived")
    with time_machine.travel(datetime.datetime(2025, 1, 1, 10, 0), tick=False):
        with CaptureQueriesContext(connection) as one:
            response = client.get(url)
        assert response.status_code == 200
        assert f'data-household="{old_household.pk}"' in response.content.decode()
        for _number in range(3):
            make_household(site=site_a, by=coordinator, referral_date=datetime.date(2023, 1, 5))
        # The same queries whatever the number of households listed.
        with CaptureQueriesContext(connection) as four:
            response = client.get(url)
    assert response.content.decode().count("data-household=") == 4
    assert len(four) == len(one)


@pytest.mark.django_db
def test_soon_archived_page_is_for_coordinators(client, social_worker, director, auditor):
    for user in (social_worker, director, auditor):
        client.force_login(user)
        assert client.get(reverse("privacy:soon_archived")).status_code == 403


@pytest.mark.parametrize("value", ["0", "11", "deux"])
def test_absurd_retention_settings_refuse_to_start(value):
    env = {**os.environ, "DEBUG": "true", "RETENTION_INACTIVE_YEARS": value}
    result = subprocess.run(
        [sys.executable, "-c", "import clefdefrance.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "RETENTION_INACTIVE_YEARS" in result.stderr


@pytest.mark.django_db
def test_contacts_written_around_the_services_still_count(old_household, social_worker):
    # An import of past cases writes its rows directly, without household_mark_contact.
    Interview.objects.create(
        household=old_household,
        kind=Kind.OTHER,
        held_on=datetime.date(2024, 9, 1),
        social_worker=social_worker,
        created_by=social_worker,
    )
    assert retention_apply(on=ARCHIVING_DAY, dry_run=True).archived == []
    assert Household.objects.get(pk=old_household.pk).last_contact_on == REFERRED
    assert retention_apply(on=ARCHIVING_DAY).archived == []
    household = Household.objects.get(pk=old_household.pk)
    assert household.last_contact_on == datetime.date(2024, 9, 1)
    assert household.archived_at is None


@pytest.mark.django_db
def test_backfill_dates_the_last_contact_from_the_events(old_household, social_worker):
    record_interview(household=old_household, by=social_worker, held_on=datetime.date(2024, 2, 3))
    Household.objects.filter(pk=old_household.pk).update(last_contact_on=None)
    call_command("retention_backfill_contacts", stdout=io.StringIO())
    assert Household.objects.get(pk=old_household.pk).last_contact_on == datetime.date(2024, 2, 3)


@pytest.mark.django_db
def test_household_page_offers_the_erasure_to_directors_only(
    client, old_household, coordinator, director
):
    url = reverse("households:detail", args=[old_household.pk])
    client.force_login(director)
    assert 'id="erasure-request"' in client.get(url).content.decode()
    client.force_login(coordinator)
    assert 'id="erasure-request"' not in client.get(url).content.decode()
