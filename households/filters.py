import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Site, User
from accounts.selectors import social_workers_of
from core.fields import ModelChoiceFilter
from core.widgets import compact_filter_widgets
from territories.models import Departement

from .models import Household, ProtectionStatus, Status
from .selectors import household_search


class HouseholdFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"placeholder": _("Name or reference"), "type": "search"}),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    site = ModelChoiceFilter(label=_("Site"), queryset=Site.objects.none())
    social_worker = ModelChoiceFilter(label=_("Social worker"), queryset=User.objects.none())
    protection_status = django_filters.ChoiceFilter(
        label=_("Protection status"),
        choices=ProtectionStatus.choices,
        method="filter_protection",
    )
    departement = ModelChoiceFilter(label=_("Département"), queryset=Departement.objects.all())

    class Meta:
        model = Household
        fields = ["q", "status", "site", "social_worker", "protection_status", "departement"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        sites = Site.objects.visible_to(user)
        self.filters["site"].queryset = sites
        self.filters["social_worker"].queryset = social_workers_of(sites.values("pk"))
        compact_filter_widgets(self.form)

    def filter_queryset(self, queryset):
        # django-filter drops a field that fails validation (a NUL byte in the search): the
        # list would then show every household as if that search had matched them all.
        if "q" in self.form.errors:
            return queryset.none()
        return super().filter_queryset(queryset)

    def search(self, queryset, name, value):
        return household_search(queryset, value)

    def filter_protection(self, queryset, name, value):
        # A subquery, not a join, so a household with two refugees is listed once.
        return queryset.filter(
            pk__in=Household.objects.filter(members__protection_status=value).values("pk")
        )
