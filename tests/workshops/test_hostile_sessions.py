"""Reported hostile values on the workshop and training forms: a form error, never a 500."""

import pytest
from django.urls import reverse

from tests.test_fuzz_forms import _form_fields
from workshops.models import ProfessionalTraining, Workshop

pytestmark = pytest.mark.django_db


def _page_fields(client, url):
    return _form_fields(client.get(url).content.decode())


def _workshop_payload(client, world):
    data = _page_fields(client, reverse("workshops:create"))
    data.update(
        site=[str(world.site_a.pk)],
        date=["2030-05-06"],
        start_time=["09:00"],
        end_time=["11:00"],
        place=["Salle 1"],
        capacity=["10"],
        topic=["Partir en Bretagne"],
        language=["français"],
    )
    return data


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("capacity", "2147483648"),
        ("capacity", "9223372036854775808"),
        ("capacity", "-1"),
        ("capacity", "٣"),
        ("date", "2023-02-30"),
        ("date", "0001-01-01"),
        ("date", "9999-12-31"),
        ("start_time", "25:61"),
        ("site", "٣"),
        ("site", "999999"),
        ("place", "Salle\x00 1"),
        ("topic", "x" * 1_000_000),
    ],
)
def test_hostile_workshop_value_is_a_form_error(client_for, world, field, value):
    client = client_for(world.users["coordinator"])
    data = _workshop_payload(client, world)
    before = Workshop.objects.count()
    data[field] = [value]
    response = client.post(reverse("workshops:create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert Workshop.objects.count() == before


def test_valid_workshop_still_saves(client_for, world):
    client = client_for(world.users["coordinator"])
    before = Workshop.objects.count()
    response = client.post(reverse("workshops:create"), _workshop_payload(client, world))
    assert response.status_code == 302
    assert Workshop.objects.count() == before + 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("duration_hours", "1e999"),
        ("duration_hours", "NaN"),
        ("duration_hours", "Infinity"),
        ("capacity", "9223372036854775808"),
        ("date", "9999-12-31"),
    ],
)
def test_hostile_training_value_is_a_form_error(client_for, built_world, field, value):
    client = client_for(built_world.users["coordinator"])
    url = reverse("workshops:training_update", kwargs={"pk": built_world.training.pk})
    data = _page_fields(client, url)
    data[field] = [value]
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    built_world.training.refresh_from_db()
    assert ProfessionalTraining.objects.get(pk=built_world.training.pk).date == (
        built_world.training.date
    )
