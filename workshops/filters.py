import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.models import Site
from core.fields import DateFilter, ModelChoiceFilter
from core.widgets import DateInput, compact_filter_widgets
from territories.models import ILE_DE_FRANCE_CODE, Region

from .models import ProfessionalTraining, Workshop


class SessionFilter(django_filters.FilterSet):
    """Site and period, for workshops and trainings alike."""

    site = ModelChoiceFilter(label=_("Site"), queryset=Site.objects.none())
    date_from = DateFilter(
        label=_("From"), field_name="date", lookup_expr="gte", widget=DateInput()
    )
    date_to = DateFilter(label=_("To"), field_name="date", lookup_expr="lte", widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["site"].queryset = Site.objects.visible_to(user)
        compact_filter_widgets(self.form)


class WorkshopFilter(SessionFilter):
    region = ModelChoiceFilter(
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
