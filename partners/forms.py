from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core.fields import SafeForm, SafeModelForm
from core.uploads import DocumentField
from core.versioning import version_field
from core.widgets import DateInput

from .models import Answer, Channel, Contact, Offer, OfferStatus, Outcome, Partner
from .services import CONTACT_FIELDS, OFFER_FIELDS, PARTNER_FIELDS


class ServiceFieldsMixin:
    """The cleaned fields as keyword arguments of the service (its *_FIELDS list the same names)."""

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class VersionedMixin:
    """An edit form carries the version it was opened on (core/versioning.py): the update
    service refuses it when someone saved the record since."""

    def add_version(self) -> list:
        """Add the hidden field to an edit form; what its layout lists."""
        if not self.instance.pk:
            return []
        self.fields["version"] = version_field(self.instance.version)
        return ["version"]

    def version_fields(self) -> dict:
        # A missing version (0) is refused as stale: an edit form always carries one.
        if "version" not in self.fields:
            return {}
        return {"expected_version": self.cleaned_data["version"] or 0}


def _departements(field):
    field.queryset = field.queryset.select_related("region")


class PartnerForm(VersionedMixin, ServiceFieldsMixin, SafeModelForm):
    class Meta:
        model = Partner
        fields = PARTNER_FIELDS
        widgets = {"agreement_signed_on": DateInput()}
        field_classes = {"agreement_document": DocumentField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _departements(self.fields["departement"])
        self.fields["agreement_document"].help_text = _("PDF, JPEG or PNG.")
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("name", css_class="col-md-8"), Column("kind")),
            Fieldset(
                _("Address"),
                "address",
                Row(Column("postcode"), Column("commune"), Column("departement")),
            ),
            Fieldset(
                _("Agreement"),
                Row(Column("agreement_signed_on"), Column("agreement_document")),
            ),
            "is_active",
            *self.add_version(),
            Submit("save", _("Save")),
        )


class ContactForm(ServiceFieldsMixin, SafeModelForm):
    class Meta:
        model = Contact
        fields = CONTACT_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("name"), Column("role")),
            Row(Column("phone"), Column("email")),
            Submit("save", _("Save")),
        )


class OfferForm(VersionedMixin, ServiceFieldsMixin, SafeModelForm):
    class Meta:
        model = Offer
        fields = OFFER_FIELDS
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "starts_on": _("Job start, date the housing is free, or first day of training."),
            "ends_on": _("Training places only."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _departements(self.fields["departement"])
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("kind", css_class="col-md-4"), Column("title")),
            "description",
            Row(Column("commune"), Column("departement"), Column("starts_on")),
            Fieldset(
                _("Job"),
                Row(Column("sector"), Column("contract_type"), Column("hours_per_week")),
            ),
            Fieldset(
                _("Requirements"),
                Row(Column("french_level_required"), Column("driving_licence_required")),
            ),
            Fieldset(
                _("Housing"),
                Row(Column("housing_type"), Column("rooms"), Column("rent"), Column("capacity")),
            ),
            Fieldset(
                _("Training place"), Row(Column("domain"), Column("ends_on"), Column("allowance"))
            ),
            *self.add_version(),
            Submit("save", _("Save")),
        )


class OfferStatusForm(SafeForm):
    status = forms.ChoiceField(label=_("Status"), choices=OfferStatus.choices)


class ReferralForm(SafeForm):
    partner = forms.ModelChoiceField(
        label=_("Partner"), queryset=Partner.objects.none(), required=False
    )
    offer = forms.ModelChoiceField(
        label=_("Offer"),
        queryset=Offer.objects.none(),
        required=False,
        help_text=_("Optional: the offer the household is put forward for."),
    )
    persons = forms.ModelMultipleChoiceField(
        label=_("Persons referred"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to refer the whole household."),
    )
    sent_on = forms.DateField(label=_("Sent on"), widget=DateInput())
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    shared_information = forms.CharField(
        label=_("Information shared"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was passed on to the partner about the household."),
    )

    def __init__(self, *args, household, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.active()
        self.fields["offer"].queryset = offers
        self.fields["offer"].label_from_instance = lambda o: f"{o.partner} — {o.title}"
        self.fields["persons"].queryset = household.members.all()
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("partner"), Column("offer")),
            "persons",
            Row(Column("sent_on"), Column("channel")),
            "shared_information",
            Submit("save", _("Send the referral")),
        )

    def clean(self):
        data = super().clean()
        offer = data.get("offer")
        if offer and data.get("partner") is None:
            data["partner"] = offer.partner
        if data.get("partner") is None and "partner" not in self.errors:
            self.add_error("partner", _("Choose the partner, or one of its offers."))
        return data


class ReferralAnswerForm(SafeForm):
    answer = forms.ChoiceField(label=_("Partner's answer"), choices=Answer.choices)
    answered_on = forms.DateField(label=_("Answered on"), required=False, widget=DateInput())
    refusal_reason = forms.CharField(label=_("Reason for the refusal"), required=False)
    visit_or_interview_on = forms.DateField(
        label=_("Visit or interview on"), required=False, widget=DateInput()
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", "—"), *Outcome.choices], required=False
    )
    outcome_comment = forms.CharField(
        label=_("Comment on the outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("answer"), Column("answered_on")),
            "refusal_reason",
            Row(Column("visit_or_interview_on"), Column("outcome")),
            "outcome_comment",
            Submit("save", _("Save")),
        )
