"""Filter bars of the funding lists."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.fields import DateFilter, ModelChoiceFilter
from core.widgets import DateInput, compact_filter_widgets

from .models import Expense, ExpenseCategory, Grant


class ExpenseFilter(django_filters.FilterSet):
    """Grant, category and period. A value that does not parse is shown as an error on its
    field and left out of the filter, so a hostile query string still gives a page."""

    grant = ModelChoiceFilter(
        label=_("Grant"), field_name="shares__grant", queryset=Grant.objects.none()
    )
    category = django_filters.ChoiceFilter(label=_("Category"), choices=ExpenseCategory.choices)
    date_from = DateFilter(
        label=_("From"), field_name="date", lookup_expr="gte", widget=DateInput()
    )
    date_to = DateFilter(label=_("To"), field_name="date", lookup_expr="lte", widget=DateInput())

    class Meta:
        model = Expense
        fields = ["grant", "category", "date_from", "date_to"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # One share per grant and expense: filtering on a grant never repeats an expense.
        self.filters["grant"].queryset = Grant.objects.visible_to(user).only(
            "pk", "agreement_reference", "title"
        )
        compact_filter_widgets(self.form)
