from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Fieldset, Layout, Row
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.selectors import social_workers_of
from core.dates import today
from core.fields import PROGRAMME_YEARS, SafeModelForm
from core.versioning import reason_field, version_field
from core.widgets import DateInput

from .models import DiagnosticAssessment, Interview, Kind


class InterviewForm(SafeModelForm):
    """The common part of every interview, prefilled so that a usual one needs few keys."""

    default_date_years = PROGRAMME_YEARS

    class Meta:
        model = Interview
        fields = [
            "held_on",
            "duration_minutes",
            "social_worker",
            "persons_present",
            "language",
            "interpreter_used",
            "mode",
            "place",
            "notes",
        ]
        widgets = {
            "held_on": DateInput(attrs={"autofocus": True}),
            "persons_present": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 5}),
            "duration_minutes": forms.NumberInput(attrs={"min": 5, "max": 600, "step": 5}),
        }

    def __init__(self, *args, household, user, kind: str, last_language: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        workers = social_workers_of([household.site_id])
        self.fields["social_worker"].queryset = workers
        self.fields["social_worker"].empty_label = None
        # Unknown only on an imported interview: asked of every interview entered here.
        self.fields["social_worker"].required = True
        self.fields["duration_minutes"].required = True
        members = household.members.all()
        self.fields["persons_present"].queryset = members
        self.fields["persons_present"].label_from_instance = lambda p: p.full_name
        self.fields["duration_minutes"].label = _("Duration (minutes)")
        if not self.is_bound:
            self.initial.setdefault("held_on", today())
            self.initial.setdefault("duration_minutes", 30 if kind == Kind.OTHER else 90)
            self.initial.setdefault("social_worker", household.social_worker_id or user.pk)
            self.initial.setdefault("persons_present", [p.pk for p in members])
            self.initial.setdefault("language", last_language or "français")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("held_on", css_class="col-sm-4"),
                Column("duration_minutes", css_class="col-sm-3"),
                Column("social_worker", css_class="col-sm-5"),
            ),
            "persons_present",
            Row(
                Column("language", css_class="col-sm-4"),
                Column("mode", css_class="col-sm-4"),
                Column("place", css_class="col-sm-4"),
            ),
            "interpreter_used",
        )

    def service_fields(self) -> dict:
        return {
            **self.cleaned_data,
            "persons_present": list(self.cleaned_data["persons_present"]),
        }


class InterviewCorrectForm(InterviewForm):
    """The interview as saved, to correct: the same fields, the version it was opened on and
    the reason for the correction."""

    def __init__(self, *args, instance: Interview, user, **kwargs):
        super().__init__(
            *args, instance=instance, household=instance.household, user=user, kind=instance.kind
        )
        self.fields["version"] = version_field(instance.version)
        self.fields["reason"] = reason_field(Interview)
        self.fields["held_on"].widget.attrs.pop("autofocus", None)
        worker_field = self.fields["social_worker"]
        if instance.social_worker_id:
            # The worker who held it may since have left the site: still a valid answer.
            worker_field.queryset = User.objects.filter(
                Q(pk__in=worker_field.queryset.values("pk")) | Q(pk=instance.social_worker_id)
            ).order_by("last_name", "first_name")

    def service_fields(self) -> dict:
        fields = super().service_fields()
        for name in ("version", "reason"):
            fields.pop(name)
        return fields


def _situation_row(choice: str, details: str) -> Row:
    """A short answer (a choice) beside the free text that explains it."""
    return Row(Column(choice, css_class="col-md-4"), Column(details, css_class="col-md-8"))


class AssessmentForm(SafeModelForm):
    """The structured diagnostic of interview 1."""

    class Meta:
        model = DiagnosticAssessment
        fields = [
            "housing_situation",
            "housing_difficulties",
            "employment_situation",
            "employment_difficulties",
            "french_level",
            "health_constraints",
            "children_schooling",
            "family_ties",
            "driving_licence",
            "mobility",
            "health_insurance",
            "benefits",
            "debts",
            "willingness_to_move",
            "accepts_city",
            "accepts_town",
            "accepts_small_town",
            "accepts_rural",
            "places_comment",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 2}) for name in DiagnosticAssessment.TEXT_FIELDS
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="assessment", **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(_("Housing"), _situation_row("housing_situation", "housing_difficulties")),
            Fieldset(
                _("Employment"), _situation_row("employment_situation", "employment_difficulties")
            ),
            Fieldset(
                _("Language, health, family"),
                _situation_row("french_level", "health_constraints"),
                Row(Column("children_schooling"), Column("family_ties")),
            ),
            Fieldset(_("Mobility"), _situation_row("driving_licence", "mobility")),
            Fieldset(
                _("Debts and rights"),
                Row(
                    Column("health_insurance", css_class="col-md-4"),
                    Column("benefits", css_class="col-md-4"),
                    Column("debts", css_class="col-md-4"),
                ),
            ),
            Fieldset(
                _("Willingness to move"),
                Row(
                    Column("willingness_to_move", css_class="col-md-4"),
                    Column(
                        HTML(f'<p class="form-label mb-1">{_("Would accept to live in")}</p>'),
                        "accepts_city",
                        "accepts_town",
                        "accepts_small_town",
                        "accepts_rural",
                        css_class="col-md-3",
                    ),
                    Column("places_comment", css_class="col-md-5"),
                ),
            ),
        )
