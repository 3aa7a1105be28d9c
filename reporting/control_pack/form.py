"""The options of the auditor's control pack: one grant the user reads, and a period in it."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.dates import today
from core.widgets import DateInput
from funding.beneficiaries import clip_period
from funding.models import Grant
from funding.selectors import grant_list

# The programme's first relocations date from 2005; grants may run a few years ahead.
FIRST_YEAR = 2005
YEARS_AHEAD = 5


class GrantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Grant) -> str:
        return f"{obj.agreement_reference} — {obj.title} ({obj.funder})"

    def to_python(self, value):
        # A pk beyond the database's integer range is a wrong choice, not a database error.
        if value not in self.empty_values:
            try:
                if not 0 < int(str(value)) < 2**31:
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice"
                    )
            except (TypeError, ValueError):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                ) from None
        return super().to_python(value)


class ControlPackForm(forms.Form):
    """A grant (among those the user reads), a calendar year or a period, clipped to the
    grant's own period. Bound to the POST of the request, and again to the stored parameters
    when the pack is built, as the requester."""

    grant = GrantChoiceField(label=_("Grant"), queryset=Grant.objects.none())
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    start = forms.DateField(label=_("or from"), required=False, widget=DateInput())
    end = forms.DateField(label=_("to"), required=False, widget=DateInput())

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user
        this_year = today().year
        self.fields["grant"].queryset = grant_list(user)
        self.fields["year"].choices = [
            ("", _("The grant's whole period")),
            *[(year, str(year)) for year in range(this_year + YEARS_AHEAD, FIRST_YEAR - 1, -1)],
        ]
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.form_action = reverse("reporting:control_packs")
        self.helper.add_input(
            Submit("submit", _("Prepare the control pack"), css_class="btn-primary")
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        grant = cleaned.get("grant")
        if start or end:
            if not (start and end):
                raise forms.ValidationError(_("Give both the start and the end of the period."))
            if start > end:
                raise forms.ValidationError(_("The period ends before it starts."))
            if cleaned.get("year"):
                raise forms.ValidationError(_("Choose a year or a period, not both."))
        if grant is None:
            return cleaned
        asked_start, asked_end = self._asked()
        if asked_start and (asked_end < grant.starts_on or asked_start > grant.ends_on):
            raise forms.ValidationError(
                _("The grant runs from %(start)s to %(end)s: the period is outside it.")
                % {"start": grant.starts_on.isoformat(), "end": grant.ends_on.isoformat()}
            )
        return cleaned

    def _asked(self) -> tuple[datetime.date | None, datetime.date | None]:
        data = self.cleaned_data
        if data.get("start"):
            return data["start"], data["end"]
        if data.get("year"):
            return datetime.date(data["year"], 1, 1), datetime.date(data["year"], 12, 31)
        return None, None

    def period(self) -> tuple[datetime.date, datetime.date]:
        """The period of the pack: the one asked for within the grant's (its whole period
        when none is asked)."""
        return clip_period(self.cleaned_data["grant"], *self._asked())

    def params(self) -> dict:
        """The cleaned choice as JSON-safe values, stored on the Report."""
        data = self.cleaned_data
        params: dict = {"grant": data["grant"].pk}
        if data.get("start"):
            params.update(start=data["start"].isoformat(), end=data["end"].isoformat())
        elif data.get("year"):
            params["year"] = data["year"]
        return params
