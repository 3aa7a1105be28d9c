"""The period of a grant's statement and the filters of its beneficiaries."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.widgets import DateInput

from .rules import REASON_LABELS, Reason
from .statement import Part

ELIGIBILITY_CHOICES = [
    ("", _("Every beneficiary")),
    ("yes", _("Eligible")),
    ("no", _("Not eligible")),
]


class StatementPeriodForm(forms.Form):
    """A period within which the statement sums the costs; the grant's own when left empty."""

    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, data=None, *, grant, **kwargs):
        super().__init__(data, **kwargs)
        self.grant = grant

    def clean(self):
        cleaned = super().clean()
        start = cleaned.get("start") or self.grant.starts_on
        end = cleaned.get("end") or self.grant.ends_on
        if start > end:
            raise forms.ValidationError(_("The period ends before it starts."))
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    def period(self):
        """The chosen period; the grant's own when the form is empty or not valid."""
        if self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return self.grant.starts_on, self.grant.ends_on


class StatementRowsForm(StatementPeriodForm):
    part = forms.ChoiceField(choices=[(part.value, part.value) for part in Part], required=False)

    def clean_part(self):
        return self.cleaned_data.get("part") or Part.STAFF.value


class BeneficiaryFilterForm(StatementPeriodForm):
    eligible = forms.ChoiceField(
        label=_("Eligibility"), choices=ELIGIBILITY_CHOICES, required=False
    )
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", "—"), *((r.value, REASON_LABELS[r]) for r in Reason if r != Reason.ELIGIBLE)],
        required=False,
    )
