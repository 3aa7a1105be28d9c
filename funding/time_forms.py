"""Forms of the time and staff-cost pages; the services check the rules, these the input."""

import datetime
from decimal import Decimal

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms.models import fields_for_model, model_to_dict
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.dates import today
from core.widgets import DateInput, compact_filter_widgets

from .models import DAY_HOURS, Grant, StaffCost, StaffCostMethod, Timesheet, TimesheetStatus
from .time_selectors import (
    chargeable_grants,
    staff_members,
    timesheet_grant_choices,
    timesheet_staff_choices,
    validatable_grants,
)

# A month outside these bounds is a typing mistake or a hostile query string, and the
# previous/next links could not be computed at the ends of the calendar.
FIRST_MONTH = datetime.date(2000, 1, 1)
LAST_MONTH = datetime.date(2099, 12, 1)
HOURS = {"max_digits": 5, "decimal_places": 2}


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m", **kwargs)


class MonthField(forms.DateField):
    """A month typed as YYYY-MM, cleaned to its first day."""

    widget = MonthInput
    input_formats = ["%Y-%m"]
    default_error_messages = {"invalid": _("Enter a month as YYYY-MM.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Month"))
        super().__init__(
            validators=[MinValueValidator(FIRST_MONTH), MaxValueValidator(LAST_MONTH)], **kwargs
        )


class MonthForm(forms.Form):
    """The month of the "My time" page; a bad value is shown as an error and the current
    month is used."""

    month = MonthField(required=False)

    def month_or_current(self) -> datetime.date:
        if self.is_valid() and self.cleaned_data["month"]:
            return self.cleaned_data["month"]
        return today().replace(day=1)


def _grant_field(queryset, **kwargs) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Grant"), queryset=queryset, empty_label=_("Not allocated"), **kwargs
    )


class TimeEntryForm(forms.Form):
    """Hours entered by hand (meetings, travel, partner visits…)."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
    hours = forms.DecimalField(
        label=_("Hours"), min_value=Decimal("0.01"), max_value=DAY_HOURS, **HOURS
    )
    activity = forms.CharField(
        label=_("Activity"),
        max_length=255,
        help_text=_("What the hours were spent on: meeting, travel, partner visit…"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grant"] = _grant_field(chargeable_grants(user), required=False)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("date"), Column("hours"), Column("grant")),
            "activity",
            Submit("save", _("Add the hours")),
        )


class TimeEntryGrantForm(forms.Form):
    """Charge one entry to a grant, or to none."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grant"] = _grant_field(chargeable_grants(user), required=False)
        self.helper = FormHelper()
        self.helper.layout = Layout("grant", Submit("save", _("Charge the hours")))


class TimeEntryCorrectionForm(forms.Form):
    hours = forms.DecimalField(
        label=_("Hours to add or take back"),
        min_value=-DAY_HOURS,
        max_value=DAY_HOURS,
        help_text=_("Negative to take hours back, e.g. −0.5."),
        **HOURS,
    )
    reason = forms.CharField(
        label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout("hours", "reason", Submit("save", _("Record the correction")))

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if hours == 0:
            raise forms.ValidationError(_("A correction is not zero."))
        return hours


class TimesheetValidateForm(forms.Form):
    """The button "Validate my timesheet of this month" of one grant."""

    month = MonthField()
    back = forms.ChoiceField(choices=[("time", "time"), ("sheet", "sheet")], required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grant"] = forms.ModelChoiceField(
            label=_("Grant"), queryset=validatable_grants(user)
        )


class MonthFilter(django_filters.Filter):
    field_class = MonthField


class TimesheetFilter(django_filters.FilterSet):
    """Month, grant, member of staff and status. A value that does not parse is shown as an
    error on its field and left out of the filter, so a hostile query string still gives a
    page."""

    month = MonthFilter(label=_("Month"), field_name="month")
    grant = django_filters.ModelChoiceFilter(label=_("Grant"), queryset=Grant.objects.none())
    staff = django_filters.ModelChoiceFilter(
        label=_("Member of staff"), queryset=User.objects.none()
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=TimesheetStatus.choices)

    class Meta:
        model = Timesheet
        fields = ["month", "grant", "staff", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["grant"].queryset = timesheet_grant_choices(self.queryset)
        self.filters["staff"].queryset = timesheet_staff_choices(self.queryset)
        compact_filter_widgets(self.form)


STAFF_COST_FIELDS = [
    "annual_cost",
    "contract_hours",
    "working_time_share",
    "fixed_share",
    "fixed_share_grant",
    "evidence_reference",
]


class StaffCostForm(forms.Form):
    """A member of staff's cost in a year (new), or a change to it (staff and year fixed).

    A plain form with the model's fields: the rules are services.staff_cost_set's, and a
    ModelForm would also report the database constraints in their own, unreadable words.
    """

    def __init__(self, *args, instance: StaffCost | None = None, **kwargs):
        self.instance = instance
        creating = instance is None
        names = [*(["staff", "year"] if creating else []), *STAFF_COST_FIELDS]
        if not creating:
            kwargs["initial"] = model_to_dict(instance, fields=STAFF_COST_FIELDS)
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(StaffCost, fields=names))
        if creating:
            self.fields["staff"].queryset = staff_members()
            self.fields["year"].validators += [MinValueValidator(2000), MaxValueValidator(2099)]
            self.fields["year"].initial = today().year
        # The database refuses these too, but with a message about a constraint, not the field.
        self.fields["annual_cost"].validators.append(MinValueValidator(Decimal("0.01")))
        self.fields["contract_hours"].validators.append(MinValueValidator(Decimal("0.01")))
        for name in ("working_time_share", "fixed_share"):
            self.fields[name].validators += [
                MinValueValidator(Decimal("0.01")),
                MaxValueValidator(100),
            ]
        self.fields["contract_hours"].help_text = _(
            "Either the contract's hours per year or its working-time share; neither means "
            "full time (1,720 h)."
        )
        self.fields["fixed_share_grant"].queryset = Grant.objects.filter(
            staff_cost_method=StaffCostMethod.FIXED_SHARE
        ).order_by("agreement_reference")
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *([Row(Column("staff"), Column("year"))] if creating else []),
            Row(Column("annual_cost"), Column("contract_hours"), Column("working_time_share")),
            Row(Column("fixed_share"), Column("fixed_share_grant")),
            "evidence_reference",
            Submit("save", _("Save")),
        )

    def clean(self):
        data = super().clean()
        if data.get("contract_hours") is not None and data.get("working_time_share") is not None:
            self.add_error(
                "working_time_share",
                _("Give the contract's hours per year or its working-time share, not both."),
            )
        if (data.get("fixed_share") is None) != (data.get("fixed_share_grant") is None):
            self.add_error(
                "fixed_share_grant",
                _("A fixed share of working time needs the grant it applies to."),
            )
        staff, year = data.get("staff"), data.get("year")
        creating = self.instance is None and staff and year
        # Not overwritten from a "new" form: the figures recorded would be lost.
        if creating and StaffCost.objects.filter(staff=staff, year=year).exists():
            self.add_error(
                "year",
                _("A cost is already recorded for this member of staff and year: change it."),
            )
        return data

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in STAFF_COST_FIELDS}
