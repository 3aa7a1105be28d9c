"""Form fields and filters that turn a hostile query-string value into a form error.

A value typed in a URL reaches the database unless a field refuses it first: an id of 25
digits overflows SQLite's integer and PostgreSQL's bigint (a 500 on both, each in its own
way), '²' passes str.isdigit() but not int(), '٣' passes int() but names no row anyone
linked to, and year 1 or 9999 breaks the date arithmetic of a period. Every field here
accepts only ASCII digits, ids within the range of the primary key's column, and years
within bounds, and says what is wrong in the form's own error list.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from django_filters import fields as filter_fields

# Dates anyone may filter on: wide enough for any file, narrow enough for date arithmetic.
MIN_YEAR = 1900
MAX_YEAR = 2100


def is_ascii_digits(value: str) -> bool:
    """'123' but not '', '-1', '²' or '٣' (str.isdigit() takes the last two)."""
    return value.isascii() and value.isdigit()


def column_range(field) -> tuple[int, int]:
    """The values the database's column of a model field can hold (bigint for our ids)."""
    low, high = connection.ops.integer_field_range(field.get_internal_type())
    return low or 0, high or 2**63 - 1


def id_or_none(value, *, model_field=None) -> int | None:
    """A positive id typed in a URL, or None when it is not one (sign, other digits, overflow)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and is_ascii_digits(value) and len(value) <= 20:
        number = int(value)
    else:
        return None
    high = column_range(model_field)[1] if model_field is not None else 2**63 - 1
    return number if 1 <= number <= high else None


def year_or_none(value, *, low: int = MIN_YEAR, high: int = MAX_YEAR) -> int | None:
    """A year of four ASCII digits within [low, high], or None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if low <= value <= high else None
    if isinstance(value, str) and len(value) == 4 and is_ascii_digits(value):
        year = int(value)
        return year if low <= year <= high else None
    return None


def _key_is_safe(model_field, value) -> bool:
    """Whether a choice's key may be looked up: a model, or a value of the key's column type."""
    if isinstance(value, Model):
        return True
    if model_field.get_internal_type() in connection.ops.integer_field_ranges:
        return id_or_none(value, model_field=model_field) is not None
    text = str(value)
    max_length = getattr(model_field, "max_length", None) or 255
    return len(text) <= max_length and text.isprintable()


class SafeKeyMixin:
    """For ModelChoiceField and ModelMultipleChoiceField: a key the column cannot hold is
    an invalid choice, found before any query is built."""

    def _key_field(self):
        name = getattr(self, "to_field_name", None)
        meta = self.queryset.model._meta
        return meta.get_field(name) if name else meta.pk

    def to_python(self, value):
        if value not in self.empty_values and not _key_is_safe(self._key_field(), value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)

    def _check_values(self, value):
        for key in value if isinstance(value, (list, tuple)) else ():
            if not _key_is_safe(self._key_field(), key):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(key)[:40]},
                )
        return super()._check_values(value)


class SafeModelChoiceField(SafeKeyMixin, forms.ModelChoiceField):
    pass


class SafeModelMultipleChoiceField(SafeKeyMixin, forms.ModelMultipleChoiceField):
    pass


class SafeIntegerField(forms.IntegerField):
    """ASCII digits only (an optional minus sign), within the database's integer column."""

    def __init__(self, *, min_value=None, max_value=None, **kwargs):
        low, high = connection.ops.integer_field_range("IntegerField")
        super().__init__(
            min_value=low if min_value is None else min_value,
            max_value=high if max_value is None else max_value,
            **kwargs,
        )

    def to_python(self, value):
        if isinstance(value, str):
            digits = value.strip().removeprefix("-")
            if digits and not (is_ascii_digits(digits) and len(digits) <= 20):
                raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class SafeDateField(forms.DateField):
    """A date of ASCII digits whose year lies within [min_year, max_year]."""

    def __init__(self, *, min_year: int = MIN_YEAR, max_year: int = MAX_YEAR, **kwargs):
        self.min_year, self.max_year = min_year, max_year
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str) and not (value.isascii() and value.isprintable()):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        date = super().to_python(value)
        if date is not None and not self.min_year <= date.year <= self.max_year:
            raise ValidationError(
                _("Enter a date between %(start)s and %(end)s."),
                code="out_of_range",
                params={"start": self.min_year, "end": self.max_year},
            )
        return date


# django-filter's own fields, with the same checks: for the filter bars of every list.
class _FilterModelChoiceField(SafeKeyMixin, filter_fields.ModelChoiceField):
    pass


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = _FilterModelChoiceField


class DateFilter(django_filters.DateFilter):
    field_class = SafeDateField
