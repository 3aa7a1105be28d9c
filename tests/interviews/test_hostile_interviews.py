"""Reported hostile values on the interview, referral and report-request forms."""

import pytest

from interviews.models import Interview
from tests.test_fuzz_forms import post_page_with

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "role", "field", "value"),
    [
        ("interviews:create", "social_worker", "persons_present", "9223372036854775808"),
        ("interviews:create", "social_worker", "duration_minutes", "2147483648"),
        ("interviews:create", "social_worker", "duration_minutes", "٣٠"),
        ("interviews:create", "social_worker", "held_on", "0001-01-01"),
        ("interviews:create", "social_worker", "social_worker", "a\x00b"),
        ("partners:referral_create", "social_worker", "persons", "9223372036854775808"),
        ("reporting:reports", "director", "sites", "9223372036854775808"),
        ("workshops:training_create", "coordinator", "trainers", "9223372036854775808"),
        ("households:transfer_site", "coordinator", "to_site", "٣"),
    ],
)
def test_hostile_value_is_refused_with_a_form_error(client, built_world, name, role, field, value):
    before = Interview.objects.count()
    response = post_page_with(client, built_world, name, role, **{field: value})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Interview.objects.count() == before
