"""The access log is append-only, kept ACCESS_LOG_RETENTION_MONTHS, purged every night."""

import datetime
import importlib
import os

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from accounts.access_log import access_log_record
from accounts.access_log_purge import access_log_purge, purge_access_log_task
from accounts.models import AccessEvent, AccessEventImmutable

pytestmark = pytest.mark.django_db

Action = AccessEvent.Action
PARIS = datetime.timezone(datetime.timedelta(hours=1))
NOW = datetime.datetime(2026, 12, 1, 2, 0, tzinfo=PARIS)


def _event_at(moment, **fields):
    with time_machine.travel(moment, tick=False):
        access_log_record(action=Action.VIEW, **fields)
    return AccessEvent.objects.latest("pk")


def test_a_row_cannot_be_saved_again(social_worker):
    event = _event_at(NOW, user=social_worker, household_id=1)
    event.household_id = 2
    with pytest.raises(AccessEventImmutable):
        event.save()
    assert AccessEvent.objects.get().household_id == 1


def test_a_row_or_a_queryset_cannot_be_deleted_or_updated(social_worker):
    event = _event_at(NOW, user=social_worker, household_id=1)
    with pytest.raises(AccessEventImmutable):
        event.delete()
    with pytest.raises(AccessEventImmutable):
        AccessEvent.objects.all().delete()
    with pytest.raises(AccessEventImmutable):
        AccessEvent.objects.filter(pk=event.pk).update(household_id=2)
    with pytest.raises(AccessEventImmutable):
        AccessEvent.objects.bulk_update([event], ["household_id"])
    assert AccessEvent.objects.get().household_id == 1


def test_deleting_a_user_keeps_their_events_under_their_username(social_worker):
    _event_at(NOW, user=social_worker, household_id=1)
    social_worker.delete()
    event = AccessEvent.objects.get()
    assert (event.user, event.username) == (None, "ts.a")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_an_update_that_bypasses_the_app(social_worker):
    event = _event_at(NOW, user=social_worker, household_id=1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_accessevent SET household_id = 2 WHERE id = %s", [event.pk])
    assert AccessEvent.objects.get().household_id == 1


def test_the_purge_keeps_11_months_and_removes_13(social_worker):
    kept = _event_at(NOW - datetime.timedelta(days=335), user=social_worker, household_id=1)
    _event_at(NOW - datetime.timedelta(days=396), user=social_worker, household_id=2)

    with time_machine.travel(NOW, tick=False):
        assert purge_access_log_task.delay().get() == 1

    assert list(AccessEvent.objects.all()) == [kept]


def test_the_purge_follows_the_configured_retention(settings, social_worker):
    settings.ACCESS_LOG_RETENTION_MONTHS = 6
    _event_at(NOW - datetime.timedelta(days=200), user=social_worker)
    kept = _event_at(NOW - datetime.timedelta(days=150), user=social_worker)
    assert access_log_purge(now=NOW) == 1
    assert list(AccessEvent.objects.all()) == [kept]


def test_the_purge_runs_every_night():
    entry = settings.CELERY_BEAT_SCHEDULE["purge-access-log"]
    assert entry["task"] == purge_access_log_task.name
    assert entry["schedule"].hour == {3}


@pytest.mark.parametrize("months", ["5", "13", "twelve"])
def test_a_retention_outside_6_to_12_months_is_refused_at_start_up(monkeypatch, months):
    import clefdefrance.settings as project_settings

    monkeypatch.setenv("ACCESS_LOG_RETENTION_MONTHS", months)
    monkeypatch.setenv("SECRET_KEY", os.environ.get("SECRET_KEY", "x" * 50))
    try:
        with pytest.raises(ImproperlyConfigured):
            importlib.reload(project_settings)
    finally:
        monkeypatch.delenv("ACCESS_LOG_RETENTION_MONTHS")
        importlib.reload(project_settings)


def test_the_event_is_written_at_the_current_time(social_worker):
    with time_machine.travel(NOW, tick=False):
        access_log_record(action=Action.LOGIN, user=social_worker)
    assert AccessEvent.objects.get().at == NOW
    assert timezone.is_aware(AccessEvent.objects.get().at)


def test_a_user_deleted_through_the_orm_is_no_row_change(social_worker):
    # Django's SET_NULL goes through the base manager, which the append-only rule leaves be.
    _event_at(NOW, user=social_worker)
    get_user_model().objects.filter(pk=social_worker.pk).delete()
    assert AccessEvent.objects.get().user_id is None
