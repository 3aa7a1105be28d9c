"""Forms of the grant and evidence pages; the services check the rules, these the input."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from accounts.models import Site
from core.fields import SafeForm, SafeModelForm
from core.uploads import DocumentField
from core.versioning import version_field
from core.widgets import DateInput
from households.models import ProtectionStatus

from .models import EligibilityEvidence, Funder, Grant, IndicatorKind
from .selectors import worklist_grants
from .services.grants import GRANT_FIELDS


class FunderForm(SafeModelForm):
    class Meta:
        model = Funder
        fields = ["name", "kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("name", css_class="col-md-8"), Column("kind")), Submit("save", _("Save"))
        )


class GrantForm(SafeModelForm):
    """A new grant (with its funder and reference), or a change to one (without them)."""

    eligible_statuses = forms.MultipleChoiceField(
        label=_("eligible statuses"),
        choices=ProtectionStatus.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Grant
        fields = ["funder", "agreement_reference", *GRANT_FIELDS, "sites"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "signed_on": DateInput(),
            "final_payment_on": DateInput(),
            "sites": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        creating = self.instance.pk is None
        if not creating:
            # The funder and the reference name the agreement: they are fixed once recorded.
            del self.fields["funder"]
            del self.fields["agreement_reference"]
            # The version it was opened on: a stale change is refused (core/versioning.py).
            self.fields["version"] = version_field(self.instance.version)
        # The database refuses these too, but with a message about a constraint, not the field.
        self.fields["budget"].validators.append(MinValueValidator(0))
        for name in ("co_financing_rate", "indirect_cost_rate"):
            self.fields[name].validators += [MinValueValidator(0), MaxValueValidator(100)]
        self.fields["sites"].queryset = Site.objects.filter(is_active=True).order_by("name")
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *([Row(Column("funder"), Column("agreement_reference"))] if creating else []),
            "title",
            Row(Column("starts_on"), Column("ends_on")),
            Row(Column("budget"), Column("co_financing_rate")),
            Row(Column("sites"), Column("eligible_statuses")),
            Fieldset(
                _("Costs"),
                Row(
                    Column("staff_cost_method"),
                    Column("indirect_cost_base"),
                    Column("indirect_cost_rate"),
                ),
            ),
            Row(Column("signed_on"), Column("final_payment_on")),
            *([] if creating else ["version"]),
            Submit("save", _("Save")),
        )

    def clean_eligible_statuses(self):
        value = self.cleaned_data["eligible_statuses"]
        # The boxes come back in the choices' order: the same set is no change (a closed or
        # signed grant would refuse a change it did not get).
        if set(value) == set(self.instance.eligible_statuses or ()):
            return list(self.instance.eligible_statuses)
        return value

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("A grant cannot end before it starts."))
        return cleaned

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in GRANT_FIELDS}


class GrantIndicatorForm(SafeForm):
    """One target of the agreement; setting one that exists changes it."""

    indicator = forms.ChoiceField(label=_("indicator"), choices=IndicatorKind.choices)
    target = forms.DecimalField(label=_("target"), min_value=0, max_digits=10, decimal_places=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("indicator", css_class="col-md-8"), Column("target")),
            Submit("save", _("Set the target")),
        )


class EvidenceForm(SafeModelForm):
    class Meta:
        model = EligibilityEvidence
        fields = ["kind", "number", "issued_on", "expires_on", "scan"]
        widgets = {"issued_on": DateInput(), "expires_on": DateInput()}
        field_classes = {"scan": DocumentField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scan"].help_text = _("PDF, JPEG or PNG.")
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("kind"), Column("number")),
            Row(Column("issued_on"), Column("expires_on")),
            "scan",
            Submit("save", _("Save")),
        )

    def clean(self):
        cleaned = super().clean()
        issued_on, expires_on = cleaned.get("issued_on"), cleaned.get("expires_on")
        if issued_on and expires_on and expires_on < issued_on:
            self.add_error("expires_on", _("A document cannot expire before it was issued."))
        return cleaned

    def service_fields(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in self._meta.fields}
        fields["scan"] = fields["scan"] or None
        return fields


class WorklistFilter(SafeForm):
    """The grant the evidence work list is about; none for every grant."""

    grant = forms.ModelChoiceField(
        label=_("Grant"),
        queryset=None,
        required=False,
        empty_label=_("Every grant"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grant"].queryset = worklist_grants(user)
