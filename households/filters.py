import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.access import user_access
from accounts.models import Site
from territories.models import Departement

from .forms import social_workers_of
from .models import Household, ProtectionStatus, Status
from .selectors import household_search


class HouseholdFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"placeholder": _("Name or reference"), "type": "search"}),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    site = django_filters.ModelChoiceFilter(label=_("Site"), queryset=Site.objects.none())
    social_worker = django_filters.ModelChoiceFilter(
        label=_("Social worker"), queryset=Site.objects.none()
    )
    protection_status = django_filters.ChoiceFilter(
        label=_("Protection status"),
        choices=ProtectionStatus.choices,
        method="filter_protection",
    )
    departement = django_filters.ModelChoiceFilter(
        label=_("Département"), queryset=Departement.objects.all()
    )

    class Meta:
        model = Household
        fields = ["q", "status", "site", "social_worker", "protection_status", "departement"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        access = user_access(user)
        sites = (
            Site.objects.all()
            if access.sees_all_sites
            else Site.objects.filter(pk__in=access.site_ids)
        )
        self.filters["site"].queryset = sites
        self.filters["social_worker"].queryset = social_workers_of(sites.values("pk"))
        for field in self.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{css} form-{css.split('-')[1]}-sm"

    def search(self, queryset, name, value):
        return household_search(queryset, value)

    def filter_protection(self, queryset, name, value):
        # A subquery, not a join, so a household with two refugees is listed once.
        return queryset.filter(
            pk__in=Household.objects.filter(members__protection_status=value).values("pk")
        )
