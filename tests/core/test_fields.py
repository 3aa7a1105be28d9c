"""The shared query fields refuse what the database cannot hold, with a form error."""

import pytest
from django import forms

from accounts.models import Site
from core.fields import (
    SafeDateField,
    SafeForm,
    SafeModelMultipleChoiceField,
    id_or_none,
    year_or_none,
)


@pytest.mark.parametrize("value", ["", "-1", "0", "²", "٣", "1.0", "9" * 20, "9" * 5000, "a\x00"])
def test_id_or_none_refuses_what_is_no_id(value):
    assert id_or_none(value) is None


def test_id_or_none_keeps_an_id_within_bigint():
    assert id_or_none("42") == 42
    assert id_or_none(str(2**63 - 1)) == 2**63 - 1
    assert id_or_none(str(2**63)) is None


@pytest.mark.parametrize("value", ["0001", "9999", "²０２５", "２０２５", "20250", "", "-2025"])
def test_year_or_none_refuses_years_out_of_range_or_not_ascii(value):
    assert year_or_none(value) is None


def test_year_or_none_keeps_a_sane_year():
    assert year_or_none("2025") == 2025
    assert year_or_none(2025, low=2000, high=2030) == 2025


@pytest.mark.parametrize("value", ["2023-02-30", "0001-01-01", "9999-12-31", "٢٠٢٣-٠١-٠١", "\x00"])
def test_safe_date_field_refuses_impossible_dates(value):
    with pytest.raises(forms.ValidationError):
        SafeDateField().clean(value)


class _CountForm(SafeForm):
    count = forms.IntegerField()


@pytest.mark.parametrize("value", ["²", "٣", "9" * 30, "-" + "9" * 30, str(2**31)])
def test_a_safe_form_refuses_non_ascii_and_overflowing_integers(value):
    form = _CountForm({"count": value})
    assert not form.is_valid()
    assert "count" in form.errors
    assert _CountForm({"count": "42"}).is_valid()


@pytest.mark.django_db
def test_an_out_of_range_id_is_an_invalid_choice(site_a):
    field = SafeModelMultipleChoiceField(queryset=Site.objects.all())
    with pytest.raises(forms.ValidationError) as error:
        field.clean([str(site_a.pk), "9" * 23])
    assert error.value.code == "invalid_pk_value"
    assert list(field.clean([str(site_a.pk)])) == [site_a]
