import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.access import user_access
from accounts.models import Site
from households.forms import DateInput
from territories.models import ILE_DE_FRANCE_CODE, Region

from .models import ProfessionalTraining, Workshop


class SessionFilter(django_filters.FilterSet):
    """Site and period, for workshops and trainings alike."""

    site = django_filters.ModelChoiceFilter(label=_("Site"), queryset=Site.objects.none())
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="date", lookup_expr="gte", widget=DateInput()
    )
    date_to = django_filters.DateFilter(
        label=_("To"), field_name="date", lookup_expr="lte", widget=DateInput()
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        access = user_access(user)
        self.filters["site"].queryset = (
            Site.objects.all()
            if access.sees_all_sites
            else Site.objects.filter(pk__in=access.site_ids)
        )
        for field in self.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{css} form-{css.split('-')[1]}-sm"


class WorkshopFilter(SessionFilter):
    region = django_filters.ModelChoiceFilter(
        label=_("Region presented"),
        field_name="regions_presented",
        queryset=Region.objects.exclude(code=ILE_DE_FRANCE_CODE),
    )

    class Meta:
        model = Workshop
        fields = ["site", "date_from", "date_to", "region"]


class TrainingFilter(SessionFilter):
    class Meta:
        model = ProfessionalTraining
        fields = ["site", "date_from", "date_to"]
