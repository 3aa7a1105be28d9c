"""The filters of the director's access log: file (household id or reference), person, user,
period and action. Every field is one of core.fields' safe fields, so a hostile query string
is a form error, never a 500.
"""

import datetime

import django_filters
from django import forms
from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import DateFilter, ModelChoiceFilter, SafeForm, id_or_none
from core.widgets import DateInput, compact_filter_widgets

from .models import AccessEvent, User

REFERENCE_MAX = 20


class _IdFilter(django_filters.NumberFilter):
    # Whole numbers only; SafeForm bounds them by the integer column's range.
    field_class = forms.IntegerField


class AccessEventFilter(django_filters.FilterSet):
    household = django_filters.CharFilter(
        label=_("Household (id or reference)"),
        method="filter_household",
        max_length=REFERENCE_MAX,
    )
    person = _IdFilter(label=_("Person id"), field_name="person_id", min_value=1)
    user = ModelChoiceFilter(label=_("User"), queryset=User.objects.order_by("username"))
    date_from = DateFilter(label=_("From"), method="filter_from", widget=DateInput())
    date_to = DateFilter(label=_("To"), method="filter_to", widget=DateInput())
    action = django_filters.ChoiceFilter(label=_("Action"), choices=AccessEvent.Action.choices)

    class Meta:
        model = AccessEvent
        fields = ["household", "person", "user", "date_from", "date_to", "action"]
        form = SafeForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        compact_filter_widgets(self.form)
        self.form.fields["household"].widget = forms.TextInput(
            attrs={"class": "form-control form-control-sm", "maxlength": REFERENCE_MAX}
        )

    def filter_household(self, queryset, name, value):
        value = value.strip()
        household_id = id_or_none(value)
        if household_id is None:
            household_id = _household_id_for_reference(value)
        if household_id is None:
            return queryset.none()
        return queryset.filter(household_id=household_id)

    def filter_from(self, queryset, name, value):
        return queryset.filter(at__gte=_start_of(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(at__lt=_start_of(value + datetime.timedelta(days=1)))


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight in Paris, so that a period covers the days as the programme counts them."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _household_id_for_reference(reference: str) -> int | None:
    # Through the app registry rather than an import: accounts sits below households
    # (pyproject.toml layers), and a reference is the one thing the log itself does not hold.
    household_model = apps.get_model("households", "Household")
    return (
        household_model._base_manager.filter(reference__iexact=reference)
        .values_list("pk", flat=True)
        .first()
    )
