"""A dataset imported by mistake is withdrawn: the recommendations stop reading it at once, the
newest other one of its kind takes over, and the list keeps it with who withdrew it."""

import re

import pytest
from django.urls import reverse

from recommendations import selectors, services
from recommendations.models import DatasetKind
from tests.factories import make_household, make_person
from tests.interviews.builders import record_diagnostic
from tests.recommendations.helpers import import_hiring

pytestmark = pytest.mark.django_db

CARE = ("V0X21", "Aides-soignants")
FIRST = re.compile(r'data-departement="(\w+)"')


@pytest.fixture
def two_years(coordinator):
    """2024 says Haute-Vienne hires care assistants; the newer 2025 says Ille-et-Vilaine."""
    older = import_hiring(by=coordinator, rows=[(*CARE, "87", 412, 71, 3)], year=2024)
    newer = import_hiring(by=coordinator, rows=[(*CARE, "35", 120, 40, 2)], year=2025)
    return older, newer


@pytest.fixture
def carer(site_a, social_worker):
    household = make_household(site=site_a, by=social_worker, social_worker=social_worker)
    make_person(household=household, by=social_worker, occupation="Aide-soignante")
    record_diagnostic(household=household, by=social_worker)
    return household


def _first_departement(client, household) -> str:
    html = client.get(reverse("recommendations:household", args=[household.pk])).content.decode()
    return FIRST.search(html).group(1)


def test_withdrawing_the_newest_puts_the_previous_back_in_use(
    client, coordinator, social_worker, two_years, carer
):
    older, newer = two_years
    assert selectors.dataset_current(kind=DatasetKind.HIRING_NEEDS) == newer
    client.force_login(social_worker)
    assert _first_departement(client, carer) == "35"

    client.force_login(coordinator)
    response = client.post(reverse("recommendations:dataset_withdraw", args=[newer.pk]))
    assert response.status_code == 302
    assert selectors.dataset_current(kind=DatasetKind.HIRING_NEEDS) == older
    newer.refresh_from_db()
    assert (newer.withdrawn_by, newer.withdrawn_at is not None) == (coordinator, True)

    client.force_login(social_worker)
    assert _first_departement(client, carer) == "87"


def test_the_list_shows_it_withdrawn_and_restoring_makes_it_current_again(
    client, coordinator, two_years
):
    _older, newer = two_years
    services.dataset_withdraw(dataset=newer, by=coordinator)
    client.force_login(coordinator)
    page = client.get(reverse("recommendations:datasets")).content.decode()
    cell = page[page.index(f'data-dataset="{newer.pk}"') :]
    assert cell.index("retiré") < cell.index("</td>")
    assert reverse("recommendations:dataset_restore", args=[newer.pk]) in cell

    client.post(reverse("recommendations:dataset_restore", args=[newer.pk]))
    assert selectors.dataset_current(kind=DatasetKind.HIRING_NEEDS) == newer
    newer.refresh_from_db()
    assert (newer.withdrawn_at, newer.withdrawn_by) == (None, None)


def test_withdrawing_the_last_one_leaves_none_and_says_so(client, coordinator):
    (sample, *_rest) = services.samples_load()
    client.force_login(coordinator)
    response = client.post(
        reverse("recommendations:dataset_withdraw", args=[sample.pk]), follow=True
    )
    assert selectors.dataset_current(kind=sample.kind) is None
    assert "aucun jeu de données de ce type" in response.content.decode().lower()


def test_withdrawing_twice_keeps_the_first_date(coordinator, two_years):
    _older, newer = two_years
    first = services.dataset_withdraw(dataset=newer, by=coordinator).withdrawn_at
    assert services.dataset_withdraw(dataset=newer, by=coordinator).withdrawn_at == first


def test_a_withdrawn_sample_is_not_loaded_again_by_the_demo(coordinator):
    (sample, *_rest) = services.samples_load()
    services.dataset_withdraw(dataset=sample, by=coordinator)
    services.samples_load()
    assert selectors.dataset_current(kind=sample.kind) is None


def test_social_workers_see_no_button_and_are_refused(client, social_worker, two_years):
    _older, newer = two_years
    client.force_login(social_worker)
    page = client.get(reverse("recommendations:datasets")).content.decode()
    assert reverse("recommendations:dataset_withdraw", args=[newer.pk]) not in page
    response = client.post(reverse("recommendations:dataset_withdraw", args=[newer.pk]))
    assert response.status_code == 403
    newer.refresh_from_db()
    assert newer.withdrawn_at is None


def test_an_unknown_dataset_is_a_404(client, coordinator):
    client.force_login(coordinator)
    assert (
        client.post(reverse("recommendations:dataset_withdraw", args=[999999])).status_code == 404
    )
