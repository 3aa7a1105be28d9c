from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Site, User
from accounts.selectors import social_workers_of
from core import dates
from core.fields import SafeForm, SafeModelForm
from core.widgets import DateInput

from .caseload import SITE_TRANSFER_REASON_MAX
from .models import (
    HOUSEHOLD_FIELDS,
    PERSON_FIELDS,
    ConsentScope,
    Household,
    Person,
    Status,
    WithdrawalReason,
)
from .selectors import sites_to_move_to
from .transitions import allowed_targets


class VersionedForm(SafeModelForm):
    """Carries the record's version so that a stale edit is refused instead of overwriting."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class HouseholdForm(VersionedForm):
    """The household's details; on registration, the consents given with it too."""

    consent_processing = forms.BooleanField(
        label=_("The household agrees to the processing of its personal data by the programme"),
        help_text=_("Needed to register the household: its file is kept only with this consent."),
        error_messages={
            "required": _(
                "Tick this box once the household has agreed to the processing of its data: "
                "without that consent it cannot be registered."
            )
        },
    )
    consent_partner_sharing = forms.BooleanField(
        label=_(
            "The household agrees that its information is shared with the partners it is "
            "referred to (employers, housing providers, training bodies)"
        ),
        help_text=_(
            "Without it no referral to a partner can be sent; it can be recorded later on the "
            "household's page."
        ),
        required=False,
    )
    consents_given_on = forms.DateField(label=_("Consents given on"), widget=DateInput())

    # The consent fields and the service's scope each of them records.
    CONSENT_FIELDS = {
        "consent_processing": ConsentScope.PROCESSING,
        "consent_partner_sharing": ConsentScope.PARTNER_SHARING,
    }

    class Meta:
        model = Household
        fields = list(HOUSEHOLD_FIELDS)
        widgets = {
            "referral_date": DateInput(),
            "mobility_wishes": forms.Textarea(attrs={"rows": 3}),
            "constraints": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "mobility_wishes": _("Regions, kinds of places, lever (job, training, housing)."),
            "constraints": _("Health, schooling, family ties… Stay factual."),
        }

    def __init__(self, *args, writable_site_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        sites = Site.objects.filter(is_active=True)
        if writable_site_ids is not None:
            sites = sites.filter(pk__in=writable_site_ids)
        self.fields["site"].queryset = sites
        self.fields["site"].empty_label = None
        if self.instance.pk:
            # Moving a household to another site is a transfer, not an edit.
            self.fields["site"].disabled = True
            site_ids = [self.instance.site_id]
            # Consents change on their own form, with their dates and withdrawals.
            for name in (*self.CONSENT_FIELDS, "consents_given_on"):
                del self.fields[name]
        else:
            site_ids = list(sites.values_list("pk", flat=True))
            if not self.initial.get("referral_date"):
                self.initial["referral_date"] = dates.today()
            self.fields["consents_given_on"].initial = dates.today()
        self.fields["social_worker"].queryset = social_workers_of(site_ids)
        self.fields["departement"].queryset = self.fields["departement"].queryset.select_related(
            "region"
        )
        self.helper = FormHelper()
        # The server's messages say what to do (the consent box above all), where the
        # browser's own bubble would only say that a box is required.
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Fieldset(
                _("Follow-up"),
                Row(Column("site"), Column("social_worker")),
                Row(Column("referring_partner"), Column("referral_date")),
            ),
            Fieldset(
                _("Where the household lives now"),
                Row(Column("commune"), Column("departement"), Column("accommodation")),
            ),
            Fieldset(_("Mobility"), "mobility_wishes", "constraints"),
            *(
                []
                if self.instance.pk
                else [Fieldset(_("Consents"), *self.CONSENT_FIELDS, "consents_given_on")]
            ),
            "version",
            Submit("save", _("Save")),
        )

    def clean_referral_date(self):
        value = self.cleaned_data["referral_date"]
        if value and value > dates.today():
            raise forms.ValidationError(_("The referral date cannot be in the future."))
        return value

    def clean_consents_given_on(self):
        value = self.cleaned_data["consents_given_on"]
        if value and value > dates.today():
            raise forms.ValidationError(_("A consent cannot be dated in the future."))
        return value

    def consent_scopes(self) -> list[str]:
        """The scopes of the consents ticked on registration."""
        return [scope for name, scope in self.CONSENT_FIELDS.items() if self.cleaned_data[name]]


class PersonForm(VersionedForm):
    confirm_not_duplicate = forms.BooleanField(
        label=_("This is a different person: register anyway"), required=False
    )

    class Meta:
        model = Person
        fields = list(PERSON_FIELDS)
        widgets = {
            "birth_date": DateInput(),
            "permit_expiry": DateInput(),
            "skills": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"languages": _("Separate languages with commas.")}

    def __init__(self, *args, show_duplicate_confirmation=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_duplicate_confirmation:
            del self.fields["confirm_not_duplicate"]
        # Unknown only on a person imported from an archive: asked of every hand entry.
        for name in ("sex", "birth_date"):
            self.fields[name].required = True
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                _("Identity"),
                Row(Column("first_name"), Column("last_name")),
                Row(Column("sex"), Column("birth_date"), Column("relation")),
            ),
            Fieldset(
                _("Status in France"),
                Row(Column("nationality"), Column("protection_status")),
                Row(Column("permit_type"), Column("permit_expiry")),
            ),
            Fieldset(
                _("Languages, education and work"),
                Row(Column("languages"), Column("french_level")),
                Row(Column("education"), Column("employment_situation")),
                Row(Column("occupation"), Column("driving_licence")),
                "skills",
            ),
            *(["confirm_not_duplicate"] if show_duplicate_confirmation else []),
            "version",
            Submit("save", _("Save")),
        )

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        today = dates.today()
        if value and value > today:
            raise forms.ValidationError(_("The birth date cannot be in the future."))
        if value and value.year < today.year - 120:
            raise forms.ValidationError(_("Check the birth date: it is more than 120 years ago."))
        return value


class StatusChangeForm(SafeForm):
    to_status = forms.ChoiceField(label=_("New status"))
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput())
    reason = forms.ChoiceField(
        label=_("Withdrawal reason"),
        choices=[("", "—"), *WithdrawalReason.choices],
        required=False,
    )
    comment = forms.CharField(
        label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    # Moves along the funnel come from the events themselves (workshop, interviews, move), and
    # closing goes through funnel.household_close (its button sits in the follow-ups'
    # section of the household page), which refuses while a follow-up is open: by hand one
    # only withdraws, puts on hold or resumes.
    MANUAL = {Status.WITHDRAWN, Status.ON_HOLD}

    def __init__(self, *args, household: Household, **kwargs):
        super().__init__(*args, **kwargs)
        targets = allowed_targets(household.status, household.status_before_hold)
        manual = [
            s
            for s in Status
            if s in targets and (s in self.MANUAL or household.status == Status.ON_HOLD)
        ]
        self.fields["to_status"].choices = [(s.value, s.label) for s in manual]
        self.fields["occurred_on"].initial = dates.today()
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("to_status"), Column("occurred_on")),
            "reason",
            "comment",
            Submit("save", _("Change the status"), css_class="btn-warning"),
        )


class AssignForm(SafeForm):
    social_worker = forms.ModelChoiceField(label=_("Social worker"), queryset=User.objects.none())

    def __init__(self, *args, household: Household, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["social_worker"].queryset = social_workers_of([household.site_id])
        self.fields["social_worker"].initial = household.social_worker_id
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Assign")))


class ConsentForm(SafeForm):
    scope = forms.ChoiceField(label=_("Scope"), choices=ConsentScope.choices)
    given_on = forms.DateField(label=_("Given on"), widget=DateInput())
    # Where to go once it is recorded (a form the missing consent interrupted); the view
    # keeps it only when it is a page of this site.
    next = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_on"].initial = dates.today()
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("scope"), Column("given_on")),
            "next",
            Submit("save", _("Record the consent")),
        )

    def service_fields(self) -> dict:
        return {"scope": self.cleaned_data["scope"], "given_on": self.cleaned_data["given_on"]}


class TransferSiteForm(SafeForm):
    """The site a household moves to, and who takes it over there (the service checks both)."""

    to_site = forms.ModelChoiceField(label=_("New site"), queryset=Site.objects.none())
    social_worker = forms.ModelChoiceField(
        label=_("Social worker at the new site"), queryset=User.objects.none()
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=SITE_TRANSFER_REASON_MAX,
        help_text=_("Kept in the household's history."),
    )

    def __init__(self, *args, household: Household, user, **kwargs):
        super().__init__(*args, **kwargs)
        sites = sites_to_move_to(user=user, household=household)
        self.fields["to_site"].queryset = sites
        self.fields["social_worker"].queryset = social_workers_of(sites.values("pk"))
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("to_site"), Column("social_worker")),
            "reason",
            Submit("save", _("Move the household"), css_class="btn-warning"),
        )
