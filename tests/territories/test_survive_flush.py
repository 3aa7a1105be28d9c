"""Regions and départements come from a data migration; a flushing test must not lose them."""

import pytest

from territories.models import Departement, Region


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_sees_the_territories():
    assert Departement.objects.count() == 101


@pytest.mark.django_db
def test_the_next_test_still_sees_them_after_the_flush():
    # Runs after the test above, whose teardown flushed every table.
    assert Region.objects.count() == 18
    assert Departement.objects.count() == 101
