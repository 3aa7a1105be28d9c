from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.access import user_access
from accounts.models import Membership, Role, Site
from accounts.selectors import social_workers_of
from core.fields import PROGRAMME_YEARS, SafeForm, SafeModelForm
from core.uploads import SizeCheckedFileInput
from core.versioning import version_field
from core.widgets import DateInput
from partners.models import Partner
from territories.models import ILE_DE_FRANCE_CODE, Region

from . import services
from .models import ProfessionalTraining, Trainee, Workshop


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


def check_times(form, cleaned: dict) -> None:
    start, end = cleaned.get("start_time"), cleaned.get("end_time")
    if start and end and end <= start:
        form.add_error("end_time", _("The workshop must end after it starts."))


class SessionForm(SafeModelForm):
    """Fields and rules that workshops and trainings share: the site and the staff on it."""

    default_date_years = PROGRAMME_YEARS

    staff_field = ""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        access = user_access(user)
        sites = Site.objects.filter(is_active=True)
        coordinated = access.coordinated_site_ids()
        if coordinated is not None:
            sites = sites.filter(pk__in=coordinated)
        self.fields["site"].queryset = sites
        self.fields["site"].empty_label = None
        if self.instance.pk:
            # Registrations belong to the site's households: a session does not move.
            self.fields["site"].disabled = True
            site_ids = [self.instance.site_id]
            self.fields["version"] = version_field(self.instance.version)
        else:
            site_ids = list(sites.values_list("pk", flat=True))
        self.fields[self.staff_field].queryset = social_workers_of(site_ids)

    def clean(self):
        cleaned = super().clean()
        site = self.instance.site if self.instance.pk else cleaned.get("site")
        staff = cleaned.get(self.staff_field) or []
        if site and staff:
            working_there = set(
                Membership.objects.filter(
                    site=site,
                    user__in=staff,
                    role__in=[Role.SOCIAL_WORKER, Role.COORDINATOR],
                ).values_list("user_id", flat=True)
            )
            if any(user.pk not in working_there for user in staff):
                self.add_error(self.staff_field, _("Choose staff of the session's site."))
        return cleaned

    def service_fields(self, exclude=()) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields if name not in exclude}

    def version_fields(self) -> dict:
        """The version a change was opened on, for the update service; a missing one (0) is
        refused as stale."""
        if "version" not in self.fields:
            return {}
        return {"expected_version": self.cleaned_data["version"] or 0}

    def version_layout(self) -> list:
        return ["version"] if "version" in self.fields else []


class WorkshopForm(SessionForm):
    staff_field = "facilitators"

    class Meta:
        model = Workshop
        fields = [
            "site",
            "date",
            "start_time",
            "end_time",
            "place",
            "capacity",
            "topic",
            "regions_presented",
            "facilitators",
            "language",
            "interpreter_booked",
        ]
        widgets = {
            "date": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "facilitators": forms.CheckboxSelectMultiple(),
        }
        help_texts = {"language": _("The language the workshop is given in.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The regions households may move to: every region but Île-de-France itself.
        self.fields["regions_presented"].queryset = Region.objects.exclude(code=ILE_DE_FRANCE_CODE)
        self.fields["regions_presented"].widget.attrs["size"] = 8
        # Unknown only on a workshop imported from an archive: asked of every one planned here.
        for name in ("start_time", "end_time"):
            self.fields[name].required = True
        if not self.instance.pk and not self.initial.get("language"):
            self.initial["language"] = _("French")
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                _("When and where"),
                Row(Column("site"), Column("date"), Column("start_time"), Column("end_time")),
                Row(Column("place"), Column("capacity")),
            ),
            Fieldset(
                _("Content"),
                "topic",
                Row(Column("regions_presented"), Column("facilitators")),
                Row(Column("language"), Column("interpreter_booked")),
            ),
            *self.version_layout(),
            Submit("save", _("Save")),
        )

    def clean(self):
        cleaned = super().clean()
        check_times(self, cleaned)
        return cleaned


class TrainingForm(SessionForm):
    staff_field = "trainers"

    class Meta:
        model = ProfessionalTraining
        fields = ["site", "date", "duration_hours", "topic", "place", "capacity", "trainers"]
        widgets = {"date": DateInput(), "trainers": forms.CheckboxSelectMultiple()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duration_hours"].min_value = 0
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("site"), Column("date"), Column("duration_hours")),
            "topic",
            Row(Column("place"), Column("capacity")),
            "trainers",
            *self.version_layout(),
            Submit("save", _("Save")),
        )

    def clean_duration_hours(self):
        value = self.cleaned_data["duration_hours"]
        if value is not None and value <= 0:
            raise forms.ValidationError(_("The duration must be more than zero."))
        return value


class CancelForm(SafeForm):
    reason = forms.CharField(
        label=_("Reason for the cancellation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Registered households will see the cancellation on their page."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Cancel the workshop"), css_class="btn-danger"))


class DuplicateForm(SafeForm):
    default_date_years = PROGRAMME_YEARS
    date = forms.DateField(label=_("New date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Start time"), widget=TimeInput())
    end_time = forms.TimeField(label=_("End time"), widget=TimeInput())

    def __init__(self, *args, workshop: Workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_time"].initial = workshop.start_time
        self.fields["end_time"].initial = workshop.end_time
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("date"), Column("start_time"), Column("end_time")),
            Submit("save", _("Duplicate")),
        )

    def clean(self):
        cleaned = super().clean()
        check_times(self, cleaned)
        return cleaned


class SignedSheetForm(SafeForm):
    """The scanned signed sheet; size and type are checked by the service's own rule."""

    sheet = forms.FileField(
        label=_("Signed attendance sheet"),
        help_text=_("PDF, JPEG or PNG."),
        widget=SizeCheckedFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_sheet(self):
        upload = self.cleaned_data["sheet"]
        try:
            services.validate_signed_sheet(upload)
        except services.WorkshopRuleError as error:
            raise forms.ValidationError(error.message) from None
        return upload


class TraineeForm(SafeModelForm):
    class Meta:
        model = Trainee
        fields = ["name", "organisation", "job_title", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Partner.objects.active()
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("name"), Column("organisation")),
            Row(Column("job_title"), Column("email")),
            Submit("save", _("Add and register")),
        )
