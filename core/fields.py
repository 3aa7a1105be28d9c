"""Form fields and filters that turn a hostile query-string value into a form error.

A value typed in a URL reaches the database unless a field refuses it first: an id of 25
digits overflows SQLite's integer and PostgreSQL's bigint (a 500 on both, each in its own
way), '²' passes str.isdigit() but not int(), '٣' passes int() but names no row anyone
linked to, and year 1 or 9999 breaks the date arithmetic of a period. Every field here
accepts only ASCII digits, ids within the range of the primary key's column, and years
within bounds, and says what is wrong in the form's own error list. `SafeForm` and
`SafeModelForm` apply the same checks to every field of a form when it is cleaned (a field
added in a subclass's __init__ included), and bound its integers by their column.
"""

import datetime

import django_filters
from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from django_filters import fields as filter_fields

# Dates anyone may type: wide enough for any file (a birth date may be old), narrow enough for
# date arithmetic. Anything the programme records happened since it began or is planned
# within a lifetime.
MIN_YEAR = 1900
MAX_YEAR = 2100
DEFAULT_YEARS = (MIN_YEAR, MAX_YEAR)
PROGRAMME_YEARS = (2000, MAX_YEAR)
# The ranges of the columns each model integer field becomes, as Django states them for every
# database (PostgreSQL's, the strictest): SQLite would store more, PostgreSQL refuses it.
INTEGER = BaseDatabaseOperations.integer_field_ranges["IntegerField"]


def is_ascii_digits(value: str) -> bool:
    """'123' but not '', '-1', '²' or '٣' (str.isdigit() takes the last two)."""
    return value.isascii() and value.isdigit()


def column_range(model_field) -> tuple[int, int] | None:
    """The values the column of an integer model field holds; None for any other field."""
    if model_field is None:
        return None
    return BaseDatabaseOperations.integer_field_ranges.get(model_field.get_internal_type())


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
    high = (column_range(model_field) or (0, 2**63 - 1))[1]
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
    if column_range(model_field) is not None:
        return id_or_none(value, model_field=model_field) is not None
    text = str(value)
    max_length = getattr(model_field, "max_length", None) or 255
    return len(text) <= max_length and text.isprintable()


def _key_field(field):
    """The model field a choice field's keys are looked up in (its to_field, or the pk)."""
    name = getattr(field, "to_field_name", None)
    meta = field.queryset.model._meta
    return meta.get_field(name) if name else meta.pk


class SafeKeyMixin:
    """For ModelChoiceField and ModelMultipleChoiceField: a key the column cannot hold is
    an invalid choice, found before any query is built."""

    def to_python(self, value):
        if value not in self.empty_values and not _key_is_safe(_key_field(self), value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)

    def _check_values(self, value):
        for key in value if isinstance(value, (list, tuple)) else ():
            if not _key_is_safe(_key_field(self), key):
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


class YearRangeValidator:
    """A date (or datetime) whose year lies in [low, high]."""

    def __init__(self, low: int, high: int):
        self.low, self.high = low, high

    def __call__(self, value):
        if isinstance(value, datetime.date) and not self.low <= value.year <= self.high:
            raise ValidationError(
                _("Enter a date between %(low)s and %(high)s."),
                code="year_range",
                params={"low": self.low, "high": self.high},
            )

    def __eq__(self, other):
        return isinstance(other, YearRangeValidator) and (self.low, self.high) == (
            other.low,
            other.high,
        )


class SafeDateField(forms.DateField):
    """A date of ASCII digits whose year lies within [min_year, max_year]."""

    def __init__(self, *, min_year: int = MIN_YEAR, max_year: int = MAX_YEAR, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(YearRangeValidator(min_year, max_year))

    def to_python(self, value):
        if isinstance(value, str) and not (value.isascii() and value.isprintable()):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


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


def _is_foreign_digit(char: str) -> bool:
    return char.isdigit() and not char.isascii()


def _raw_values(value):
    if isinstance(value, (list, tuple)):
        return [item for item in value if isinstance(item, str)]
    return [value] if isinstance(value, str) else []


def _guarded_clean(field, clean):
    def guarded(value, *args):
        for raw in _raw_values(value):
            if "\x00" in raw:
                raise forms.ValidationError(
                    _("Null characters are not allowed."), code="null_characters_not_allowed"
                )
            if isinstance(field, NUMERIC_FIELDS) and any(map(_is_foreign_digit, raw)):
                raise forms.ValidationError(
                    _("Type the digits 0 to 9 only."), code="foreign_digits"
                )
            key = raw.strip()
            if (
                isinstance(field, forms.ModelChoiceField)
                and key
                and not _key_is_safe(_key_field(field), key)
            ):
                raise forms.ValidationError(
                    field.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": raw[:20]},
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
    except FieldDoesNotExist:  # a form field that is no model field (version, reason...)
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
            years = DEFAULT_YEARS if "birth" in name else form.default_date_years
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


class _OneQueryChoiceIterator(filter_fields.ModelChoiceIterator):
    """The choices of a filter bar in one query. Django reads them with iterator(), which on
    PostgreSQL opens a server-side cursor (DECLARE ... WITH HOLD, FETCH, CLOSE): three round
    trips per select on every list page, for a hundred rows at most."""

    def __iter__(self):
        # The order of django-filter's iterator: the empty choice, the null one, the rows.
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for obj in self.queryset.all():  # a fresh queryset each time, as iterator() reads
            yield self.choice(obj)


# django-filter's own fields, with the same checks: for the filter bars of every list.
class _FilterModelChoiceField(SafeKeyMixin, filter_fields.ModelChoiceField):
    iterator = _OneQueryChoiceIterator


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = _FilterModelChoiceField


class DateFilter(django_filters.DateFilter):
    field_class = SafeDateField
