"""The filters of the page listing every report and export ever made (directors)."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.widgets import DateInput


class ReportHistoryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    requested_by = forms.ModelChoiceField(
        label=_("Requested by"), queryset=User.objects.none(), required=False
    )
    start = forms.DateField(label=_("Requested from"), required=False, widget=DateInput())
    end = forms.DateField(label=_("to"), required=False, widget=DateInput())

    def __init__(self, data=None, *, kinds: list[tuple[str, str]], **kwargs):
        super().__init__(data, **kwargs)
        self.fields["kind"].choices = [("", _("Every kind")), *kinds]
        # Whoever ever asked for a report or made an export (one query, when shown).
        self.fields["requested_by"].queryset = (
            User.objects.filter(reports__isnull=False).distinct().order_by("last_name", "username")
        )
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.add_input(Submit("submit", _("Filter"), css_class="btn-primary"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The period ends before it starts."))
        return cleaned

    def filters(self) -> Q:
        """The rows chosen (every row when nothing is chosen)."""
        data = self.cleaned_data
        q = Q()
        if data.get("kind"):
            q &= Q(kind=data["kind"])
        if data.get("requested_by"):
            q &= Q(requested_by=data["requested_by"])
        zone = timezone.get_current_timezone()
        if data.get("start"):
            q &= Q(created_at__gte=datetime.datetime.combine(data["start"], datetime.time(), zone))
        if data.get("end"):
            after = data["end"] + datetime.timedelta(days=1)
            q &= Q(created_at__lt=datetime.datetime.combine(after, datetime.time(), zone))
        return q
