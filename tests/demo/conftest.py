"""The demo loaded through `load_demo` on a fixed day, shared by the tests that read it."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction

DEMO_NOW = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for the module (it takes a few seconds), rolled back after the
    module's last test: tests reading it come last in their module."""
    with django_db_blocker.unblock(), transaction.atomic():
        with time_machine.travel(DEMO_NOW, tick=False):
            call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def loaded(demo, db):
    """Each test in its own savepoint inside the loaded demo."""
