"""Regions and départements come from a data migration; a flushing test must not lose them.

Each test stands alone: it flushes and reloads itself, or checks the hook's own decision,
so the outcome does not depend on which test ran before.
"""

import pytest
from django.core.management import call_command

from territories.models import Departement, Region
from tests import conftest
from tests.conftest import flushes_database


@pytest.mark.django_db(transaction=True)
def test_the_teardown_hook_reloads_what_the_flush_emptied(request):
    # The flush that ends a transactional test, then the project's teardown hook around it.
    hook = conftest.pytest_runtest_teardown(request.node, nextitem=request.node)
    next(hook)
    call_command("flush", interactive=False, verbosity=0)
    assert Region.objects.count() == 0
    with pytest.raises(StopIteration):
        next(hook)
    assert Region.objects.count() == 18
    assert Departement.objects.count() == 101


@pytest.mark.django_db(transaction=True)
def test_nothing_is_reloaded_after_the_last_test(request):
    hook = conftest.pytest_runtest_teardown(request.node, nextitem=None)
    next(hook)
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(StopIteration):
        next(hook)
    assert Region.objects.count() == 0
    conftest.reload_territories()


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_is_followed_by_the_reload(request):
    assert flushes_database(request.node)


@pytest.mark.django_db
def test_an_ordinary_test_needs_no_reload(request):
    # Rolled back, not flushed: the territories are untouched and nothing is reloaded.
    assert not flushes_database(request.node)
    assert Departement.objects.count() == 101


def test_a_live_server_test_is_followed_by_the_reload():
    class LiveServerItem:
        fixturenames = ("live_server", "page")

        def get_closest_marker(self, _name):
            return None

    assert flushes_database(LiveServerItem())
