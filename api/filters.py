"""Query parameters of the API lists. Every field is one of core.fields' safe fields on a
SafeForm: a hostile value is a 400 with the form's message, never a 500."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.fields import DateFilter, SafeForm
from households.models import Household, Person, Status
from households.selectors import SEARCH_MAX_LENGTH, household_search
from mobility_plans.models import Relocation
from partners.models import Answer, Referral
from workshops.models import Workshop

SITE_CODE_MAX = 30


class _IdFilter(django_filters.NumberFilter):
    # Whole numbers only; SafeForm bounds them by the column's range.
    field_class = forms.IntegerField


class _SiteFilter(django_filters.CharFilter):
    def __init__(self, field_name="site__code", **kwargs):
        super().__init__(
            field_name=field_name, label=_("Site code"), max_length=SITE_CODE_MAX, **kwargs
        )


class HouseholdFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=SEARCH_MAX_LENGTH)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    site = _SiteFilter()
    referred_from = DateFilter(field_name="referral_date", lookup_expr="gte", label=_("From"))
    referred_to = DateFilter(field_name="referral_date", lookup_expr="lte", label=_("To"))

    class Meta:
        model = Household
        fields = ["q", "status", "site", "referred_from", "referred_to"]
        form = SafeForm

    def search(self, queryset, name, value):
        return household_search(queryset, value)


class PersonFilter(django_filters.FilterSet):
    household = _IdFilter(field_name="household_id", min_value=1, label=_("Household id"))

    class Meta:
        model = Person
        fields = ["household"]
        form = SafeForm


class WorkshopFilter(django_filters.FilterSet):
    site = _SiteFilter()
    date_from = DateFilter(field_name="date", lookup_expr="gte", label=_("From"))
    date_to = DateFilter(field_name="date", lookup_expr="lte", label=_("To"))

    class Meta:
        model = Workshop
        fields = ["site", "date_from", "date_to"]
        form = SafeForm


class ReferralFilter(django_filters.FilterSet):
    household = _IdFilter(field_name="household_id", min_value=1, label=_("Household id"))
    answer = django_filters.ChoiceFilter(label=_("Answer"), choices=Answer.choices)

    class Meta:
        model = Referral
        fields = ["household", "answer"]
        form = SafeForm


class RelocationFilter(django_filters.FilterSet):
    household = _IdFilter(field_name="household_id", min_value=1, label=_("Household id"))
    moved_from = DateFilter(field_name="moved_on", lookup_expr="gte", label=_("From"))
    moved_to = DateFilter(field_name="moved_on", lookup_expr="lte", label=_("To"))

    class Meta:
        model = Relocation
        fields = ["household", "moved_from", "moved_to"]
        form = SafeForm
