import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.access import user_access
from accounts.models import Site
from core.dates import today
from core.fields import (
    PROGRAMME_YEARS,
    FieldGuards,
    SafeDateField,
    SafeModelChoiceField,
    SafeModelMultipleChoiceField,
    year_or_none,
)
from core.widgets import DateInput
from funding.models import Grant
from funding.selectors import grant_list

from .indicators import Scope, make_scope
from .models import COMMENTARY_MAX_LENGTH
from .selectors import first_year_with_data

# The earliest year a period may name (the programme began in 2005); the list offers fewer.
EARLIEST_YEAR = PROGRAMME_YEARS[0]


class YearField(forms.TypedChoiceField):
    """The years offered are those with data (year_choices); any year from EARLIEST_YEAR to
    this one is accepted still, so a link or a stored report naming an earlier year stays
    valid (its figures are zeros, not an error)."""

    def valid_value(self, value):
        return year_or_none(value, low=EARLIEST_YEAR, high=today().year) is not None


def year_choices(user) -> list[tuple[int, str]]:
    """This year back to the first year with data at the user's sites (this year alone
    when there is none yet): no year offered holds nothing but zeros."""
    this_year = today().year
    first = min(first_year_with_data(user=user) or this_year, this_year)
    return [(year, str(year)) for year in range(this_year, first - 1, -1)]


class PeriodForm(forms.Form):
    """A calendar year or a period, the sites (the user's own only), the cumulative mode and,
    for those who read grants, one grant to limit every figure to (see make_scope).

    Bound to GET parameters on the dashboard and the lists behind it, and to a report's stored
    parameters when the report is built.
    """

    year = YearField(label=_("Year"), coerce=int, required=False, empty_value=None)
    start = SafeDateField(
        label=_("or from"), required=False, widget=DateInput(), min_year=EARLIEST_YEAR
    )
    end = SafeDateField(label=_("to"), required=False, widget=DateInput(), min_year=EARLIEST_YEAR)
    sites = SafeModelMultipleChoiceField(
        label=_("Sites"),
        queryset=Site.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every site you can see."),
    )
    cumulative = forms.BooleanField(
        label=_("Since the programme began (up to the end of the period)"), required=False
    )
    grant = SafeModelChoiceField(
        label=_("Grant"),
        queryset=Grant.objects.none(),
        required=False,
        empty_label=_("None: every household"),
        help_text=_(
            "Counts only the grant's eligible households, within its period and at its sites."
        ),
        error_messages={"invalid_choice": _("Choose one of the grants you can read.")},
    )

    submit_label = _("Show")

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user
        # A callable: its three queries run only when the list is drawn, not for every form
        # built to read a period (reports, exports, background builds).
        self.fields["year"].choices = lambda: [("", "—"), *year_choices(user)]
        self.fields["year"].initial = today().year
        self.fields["sites"].queryset = Site.objects.visible_to(user)
        grants = grant_list(user)
        if grants.exists():
            self.fields["grant"].queryset = grants
        else:  # nothing to choose: no grant field at all
            del self.fields["grant"]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.add_input(Submit("submit", self.submit_label, css_class="btn-primary"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start or end:
            if not (start and end):
                raise forms.ValidationError(_("Give both the start and the end of the period."))
            if start > end:
                raise forms.ValidationError(_("The period ends before it starts."))
        elif not cleaned.get("year"):
            cleaned["year"] = today().year
        grant = cleaned.get("grant")
        if grant is not None and not self.errors:
            start, end = self.period()
            if cleaned.get("cumulative"):
                start = grant.starts_on
            if end < grant.starts_on or start > grant.ends_on:
                raise forms.ValidationError(
                    _("The period chosen lies outside the grant's (%(start)s – %(end)s)."),
                    params={
                        "start": date_format(grant.starts_on, "SHORT_DATE_FORMAT"),
                        "end": date_format(grant.ends_on, "SHORT_DATE_FORMAT"),
                    },
                )
        return cleaned

    def period(self) -> tuple[datetime.date, datetime.date]:
        data = self.cleaned_data
        if data.get("start"):
            return data["start"], data["end"]
        return datetime.date(data["year"], 1, 1), datetime.date(data["year"], 12, 31)

    def site_ids(self) -> list[int] | None:
        """The chosen sites; None stands for every site, only for users who see them all."""
        chosen = list(self.cleaned_data.get("sites") or [])
        if chosen:
            return sorted(site.pk for site in chosen)
        if user_access(self.user).sees_all_sites:
            return None
        return sorted(user_access(self.user).site_ids)

    def scope(self) -> Scope:
        start, end = self.period()
        return make_scope(
            period_start=start,
            period_end=end,
            site_ids=self.site_ids(),
            cumulative=self.cleaned_data.get("cumulative", False),
            grant=self.chosen_grant(),
        )

    def chosen_grant(self) -> Grant | None:
        """The grant chosen (one the user reads), or None."""
        return self.cleaned_data.get("grant")

    def params(self) -> dict:
        """The cleaned choice as JSON-safe values (stored on a Report, put in links)."""
        data = self.cleaned_data
        params = {"sites": [site.pk for site in data.get("sites") or []]}
        if data.get("start"):
            params.update(start=data["start"].isoformat(), end=data["end"].isoformat())
        else:
            params["year"] = data["year"]
        if data.get("cumulative"):
            params["cumulative"] = True
        if data.get("grant"):
            params["grant"] = data["grant"].pk
        return params

    def site_names(self) -> list[str]:
        sites = self.cleaned_data.get("sites") or self.fields["sites"].queryset
        if self.chosen_grant() is not None:
            sites = sites.filter(grants=self.chosen_grant())
        return [site.name for site in sites]


class ReportRequestForm(FieldGuards, PeriodForm):
    submit_label = _("Generate the PDF report")

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, user=user, **kwargs)
        self.helper.form_method = "post"


FORMAT_CHOICES = [("csv", "CSV"), ("xlsx", "XLSX (Excel)")]


class ListExportForm(PeriodForm):
    format = forms.ChoiceField(
        label=_("Format"), choices=FORMAT_CHOICES, initial="csv", required=False
    )
    submit_label = _("Download")

    def clean_format(self):
        return self.cleaned_data.get("format") or "csv"


class PdfExportForm(PeriodForm):
    submit_label = _("Download")


class CommentaryForm(forms.Form):
    """The director's commentary of a yearly report, with the version of the text the page
    showed (services.report_commentary_set refuses a save over a newer one)."""

    commentary = forms.CharField(
        label=_("Commentary"),
        required=False,
        max_length=COMMENTARY_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, data=None, *, report, **kwargs):
        initial = {"commentary": report.commentary, "version": report.commentary_version}
        super().__init__(data, initial=initial, **kwargs)
        self.fields["commentary"].help_text = gettext(
            "Printed in the report for the funders, after the cover; at most %(limit)s "
            "characters. Write about the programme, never about a person or a member of staff."
        ) % {"limit": COMMENTARY_MAX_LENGTH}
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save the commentary"), css_class="btn-primary"))
