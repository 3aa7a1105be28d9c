"""Forms that refuse hostile input with a form error before it reaches a rule or the database.

Django's fields accept some values the database or our date arithmetic cannot take: integers
beyond the column's range (PostgreSQL raises DataError, SQLite silently stores them), digits of
other scripts ('٣' is int 3, and the id of some object), years 1 and 9999 (a date + timedelta
overflows), NUL bytes in a choice or a number (PostgreSQL refuses them in any string). `SafeForm`
and `SafeModelForm` bound every field of the form when it is cleaned, so a field added in a
subclass's __init__ is covered too.
"""

import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# The ranges of the columns each model integer field becomes (PostgreSQL's, the strictest).
SMALL = (-32768, 32767)
INTEGER = (-(2**31), 2**31 - 1)
BIG = (-(2**63), 2**63 - 1)
COLUMN_RANGES = (
    (models.PositiveSmallIntegerField, (0, SMALL[1])),
    (models.PositiveBigIntegerField, (0, BIG[1])),
    (models.PositiveIntegerField, (0, INTEGER[1])),
    (models.SmallIntegerField, SMALL),
    (models.BigIntegerField, BIG),
    (models.IntegerField, INTEGER),
)
# Years a date typed in a form may have. A birth date may be old; anything the programme
# records happened since it began (2005) or is planned within a lifetime.
BIRTH_YEARS = (1900, 2100)
PROGRAMME_YEARS = (2000, 2100)
DEFAULT_YEARS = (1900, 2100)

# Fields whose value is a number or an id: digits of another script are refused there.
NUMERIC_FIELDS = (
    forms.IntegerField,
    forms.DecimalField,
    forms.FloatField,
    forms.ModelChoiceField,
    forms.DateField,
    forms.DateTimeField,
    forms.TimeField,
    forms.DurationField,
)


def column_range(model_field) -> tuple[int, int] | None:
    for field_class, bounds in COLUMN_RANGES:
        if isinstance(model_field, field_class):
            return bounds
    return None


def _is_foreign_digit(char: str) -> bool:
    return char.isdigit() and not char.isascii()


def _raw_values(value):
    if isinstance(value, (list, tuple)):
        return [item for item in value if isinstance(item, str)]
    return [value] if isinstance(value, str) else []


class YearRangeValidator:
    """A date (or datetime) whose year lies in [low, high]."""

    def __init__(self, low: int, high: int):
        self.low, self.high = low, high

    def __call__(self, value):
        if isinstance(value, datetime.date) and not self.low <= value.year <= self.high:
            raise forms.ValidationError(
                _("Enter a date between %(low)s and %(high)s.")
                % {"low": self.low, "high": self.high},
                code="year_range",
            )

    def __eq__(self, other):
        return isinstance(other, YearRangeValidator) and (self.low, self.high) == (
            other.low,
            other.high,
        )


def _id_out_of_range(field, raw: str) -> bool:
    """An id beyond its column's range: SQLite overflows on it, PostgreSQL may refuse it."""
    try:
        number = int(raw.strip())
    except ValueError:
        return False
    model = field.queryset.model
    key = model._meta.get_field(field.to_field_name) if field.to_field_name else model._meta.pk
    low, high = column_range(key) or BIG
    return not low <= number <= high


def _guarded_clean(field, clean):
    def guarded(value, *args):
        for raw in _raw_values(value):
            if isinstance(field, forms.ModelChoiceField) and _id_out_of_range(field, raw):
                raise forms.ValidationError(
                    field.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": raw[:20]},
                )
            if "\x00" in raw:
                raise forms.ValidationError(
                    _("Null characters are not allowed."), code="null_characters_not_allowed"
                )
            if isinstance(field, NUMERIC_FIELDS) and any(map(_is_foreign_digit, raw)):
                raise forms.ValidationError(
                    _("Type the digits 0 to 9 only."), code="foreign_digits"
                )
        return clean(value, *args)

    return guarded


def _bound_integers(field, low: int, high: int) -> None:
    field.min_value = low if field.min_value is None else max(field.min_value, low)
    field.max_value = high if field.max_value is None else min(field.max_value, high)
    field.validators.append(MinValueValidator(field.min_value))
    field.validators.append(MaxValueValidator(field.max_value))
    field.widget.attrs.setdefault("min", field.min_value)
    field.widget.attrs.setdefault("max", field.max_value)


def _model_field(form, name):
    model = getattr(getattr(form, "_meta", None), "model", None)
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except Exception:  # a form field that is no model field (version, reason...)
        return None


def guard_field(form, name: str, field) -> None:
    """Bound one form field (once): refuse NUL bytes, foreign digits, out-of-range values."""
    if getattr(field, "_guarded", False):
        return
    field._guarded = True
    field.clean = _guarded_clean(field, field.clean)
    if isinstance(field, forms.IntegerField) and not isinstance(field, forms.FloatField):
        bounds = column_range(_model_field(form, name)) or INTEGER
        _bound_integers(field, *bounds)
    if isinstance(field, forms.DecimalField) and field.max_digits is None:
        # Without a column to fit, a decimal still stays within what any column takes.
        field.validators.append(MaxValueValidator(10**12))
        field.validators.append(MinValueValidator(-(10**12)))
    if isinstance(field, (forms.DateField, forms.DateTimeField)):
        years = form.date_years.get(name)
        if years is None:
            years = BIRTH_YEARS if "birth" in name else form.default_date_years
        field.validators.append(YearRangeValidator(*years))


class FieldGuards:
    """Mixin of SafeForm/SafeModelForm; `date_years` bounds named date fields more tightly."""

    date_years: dict[str, tuple[int, int]] = {}
    default_date_years = DEFAULT_YEARS

    def full_clean(self):
        for name, field in self.fields.items():
            guard_field(self, name, field)
        super().full_clean()


class SafeForm(FieldGuards, forms.Form):
    pass


class SafeModelForm(FieldGuards, forms.ModelForm):
    pass
