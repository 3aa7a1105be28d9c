from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Fieldset, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.dates import today
from core.fields import SafeForm, SafeModelForm
from core.versioning import version_field
from core.widgets import DateInput

from .models import FollowUp
from .services import OUTCOME_FIELDS


class FollowUpRecordForm(SafeModelForm):
    """What the follow-up found, with the version it was opened on; the view hands
    service_fields() to followup_record."""

    class Meta:
        model = FollowUp
        fields = ["done_on", *OUTCOME_FIELDS]
        widgets = {
            "done_on": DateInput(),
            "difficulties": forms.Textarea(attrs={"rows": 3}),
            "next_actions": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "housing_kept": _("Housing kept"),
            "in_training": _("In training"),
            "children_at_school": _("Children at school"),
        }
        help_texts = {
            "children_at_school": _(
                "Leave “Unknown” when the household has no child of school age."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["done_on"].required = True
        self.fields["method"].required = True
        self.fields["version"] = version_field(self.instance.version)
        if not self.instance.done_on:
            self.initial["done_on"] = today()
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("done_on", css_class="col-sm-6"), Column("method", css_class="col-sm-6")),
            Fieldset(
                _("Situation"),
                Row(
                    Column("housing_kept", css_class="col-sm-6"),
                    Column("housing_kind", css_class="col-sm-6"),
                ),
                Row(
                    Column("employment", css_class="col-sm-4"),
                    Column("in_training", css_class="col-sm-4"),
                    Column("children_at_school", css_class="col-sm-4"),
                ),
                "location",
            ),
            Fieldset(
                _("Rights opened in the new département"),
                "health_insurance_opened",
                "family_benefits_opened",
                "employment_service_registered",
            ),
            "difficulties",
            "next_actions",
            "version",
            Submit("save", _("Record the follow-up")),
        )

    def clean(self):
        data = super().clean()
        if data.get("housing_kept") and not data.get("housing_kind"):
            self.add_error("housing_kind", _("Say which kind of housing the household kept."))
        return data

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("done_on", *OUTCOME_FIELDS)}


class DueDateForm(SafeForm):
    due_on = forms.DateField(label=_("Due date"), widget=DateInput())

    def __init__(self, *args, submit_label, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout("due_on", Submit("save", submit_label))


class MissedForm(SafeForm):
    missed_on = forms.DateField(
        label=_("Missed on"),
        widget=DateInput(),
        help_text=_("The day the household could not be reached."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("missed_on", today())
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "missed_on", Submit("save", _("Mark as missed"), css_class="btn-danger")
        )


class CloseForm(SafeForm):
    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required only to close before every scheduled follow-up is done."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("closed_on", today())
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "closed_on",
            "reason",
            Submit("save", _("Close the household"), css_class="btn-danger"),
        )


class _WorkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class TransferForm(SafeForm):
    """Households of one social worker, ticked, and the colleague who takes them over."""

    households = forms.ModelMultipleChoiceField(
        label=_("Households to transfer"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    to_social_worker = _WorkerChoiceField(label=_("Transfer to"), queryset=User.objects.none())

    def __init__(self, *args, households, workers, from_worker, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["households"].queryset = households
        self.fields["households"].label_from_instance = lambda h: " · ".join(
            part
            for part in (
                h.reference,
                f"{h.head_first_name or ''} {(h.head_last_name or '').upper()}".strip(),
                h.get_status_display(),
            )
            if part
        )
        self.fields["to_social_worker"].queryset = workers.exclude(pk=from_worker.pk)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            HTML('<input type="hidden" name="from_worker" value="{{ from_worker.pk }}">'),
            "households",
            "to_social_worker",
            Submit("save", _("Transfer the selected households")),
        )
