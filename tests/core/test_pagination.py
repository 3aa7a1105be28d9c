"""WindowPaginator: an exact count up to its window, "more than" beyond, deep pages reachable."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Site
from core.pagination import WindowPaginator
from tests.factories import SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites():
    SiteFactory.create_batch(12)
    return Site.objects.order_by("pk")


def test_count_is_exact_within_the_window(sites):
    paginator = WindowPaginator(sites, 5, window=12)
    page = paginator.get_page(1)
    assert (paginator.count, paginator.count_is_exact, paginator.num_pages) == (12, True, 3)
    assert len(page) == 5 and page.has_next()


def test_count_past_the_window_says_more_than_the_window(sites):
    paginator = WindowPaginator(sites, 5, window=10)
    page = paginator.get_page(1)
    assert (paginator.count, paginator.count_is_exact) == (10, False)
    # The window holds two full pages; the row past it makes a third page to go to.
    assert paginator.num_pages == 3
    assert page.has_next()


def test_a_page_past_the_window_widens_it(sites):
    paginator = WindowPaginator(sites, 5, window=5)
    page = paginator.get_page(3)
    assert page.number == 3
    assert [s.pk for s in page] == [s.pk for s in sites[10:12]]
    assert (paginator.count, paginator.count_is_exact) == (12, True)


def test_a_page_out_of_range_gives_the_last_page(sites):
    for number in ("abc", "99", str(10**30), None):
        page = WindowPaginator(sites, 5, window=5).get_page(number)
        assert page.number in (1, 3), number
    assert WindowPaginator(sites, 5, window=5).get_page("99").number == 3


def test_the_count_reads_at_most_the_window_plus_one_row(sites):
    paginator = WindowPaginator(sites, 5, window=4)
    with CaptureQueriesContext(connection) as ctx:
        assert paginator.count == 4
    (query,) = ctx.captured_queries
    assert "LIMIT 5" in query["sql"] and "ORDER BY" not in query["sql"]


def test_a_list_keeps_the_plain_count(sites):
    paginator = WindowPaginator(list(range(30)), 5, window=10)
    assert (paginator.count, paginator.count_is_exact) == (30, True)
