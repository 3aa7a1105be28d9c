"""The household list counts exactly up to core.pagination's window, "more than" beyond."""

import pytest
from django.conf import settings
from django.urls import reverse

from core import pagination
from households import views
from tests.factories import make_household

pytestmark = pytest.mark.django_db


def english(client):
    """The list's sentences in English, whatever is translated yet."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def three_households(site_a, social_worker):
    for _ in range(3):
        make_household(site=site_a, by=social_worker)


def test_list_shows_the_exact_count_within_the_window(
    client_for, social_worker, three_households, monkeypatch
):
    monkeypatch.setattr(pagination, "EXACT_COUNT_WINDOW", 3)
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    response = english(client_for(social_worker)).get(reverse("households:list"))
    paginator = response.context["page"].paginator
    assert (paginator.count, paginator.count_is_exact, paginator.num_pages) == (3, True, 3)
    assert "3 households" in response.content.decode()


def test_list_says_more_than_the_window_beyond_it(
    client_for, social_worker, three_households, monkeypatch
):
    monkeypatch.setattr(pagination, "EXACT_COUNT_WINDOW", 2)
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    client = english(client_for(social_worker))
    response = client.get(reverse("households:list"))
    paginator = response.context["page"].paginator
    assert (paginator.count, paginator.count_is_exact) == (2, False)
    assert "More than 2 households" in response.content.decode()
    # The third page lies past the window: it is reached, and its count is exact again.
    last = client.get(reverse("households:list"), {"page": 3})
    assert last.context["page"].number == 3
    assert "3 households" in last.content.decode()


def test_a_search_is_counted_within_the_window(
    client_for, site_a, social_worker, three_households, monkeypatch
):
    monkeypatch.setattr(pagination, "EXACT_COUNT_WINDOW", 2)
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    household = make_household(site=site_a, by=social_worker)
    response = client_for(social_worker).get(reverse("households:list"), {"q": household.reference})
    paginator = response.context["page"].paginator
    assert (paginator.count, paginator.count_is_exact) == (1, True)
