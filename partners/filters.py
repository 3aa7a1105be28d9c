import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.fields import ModelChoiceFilter
from core.widgets import compact_filter_widgets
from territories.models import Departement, Region

from .models import Partner, PartnerKind
from .selectors import partner_search


class PartnerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"placeholder": _("Name or commune"), "type": "search"}),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PartnerKind.choices)
    region = ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), field_name="departement__region"
    )
    departement = ModelChoiceFilter(label=_("Département"), queryset=Departement.objects.all())
    has_open_offers = django_filters.BooleanFilter(
        label=_("Has open offers"),
        widget=forms.Select(choices=[("", "—"), ("true", _("Yes")), ("false", _("No"))]),
    )
    active = django_filters.BooleanFilter(
        label=_("Active"),
        field_name="is_active",
        widget=forms.Select(choices=[("", "—"), ("true", _("Yes")), ("false", _("No"))]),
    )

    class Meta:
        model = Partner
        fields = ["q", "kind", "region", "departement", "has_open_offers", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        compact_filter_widgets(self.form)

    def search(self, queryset, name, value):
        return partner_search(queryset, value)
