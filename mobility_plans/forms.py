from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core.dates import today
from core.widgets import DateInput
from territories.models import ILE_DE_FRANCE_CODE, Departement, Region

from .models import HousingObtained, Lever


def _members_field(household, label):
    field = forms.ModelMultipleChoiceField(
        label=label,
        queryset=household.members.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    field.label_from_instance = lambda p: p.full_name
    return field


class PlanForm(forms.Form):
    """The plan built at interview 2 (its targets and steps come in formsets)."""

    lever = forms.ChoiceField(label=_("Lever"), choices=Lever.choices)
    objectives = forms.CharField(
        label=_("Objectives"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    signed_on = forms.DateField(
        label=_("Signed on"),
        widget=DateInput(),
        required=False,
        help_text=_("The day the household agreed to the plan; leave empty to keep a draft."),
    )

    def __init__(self, *args, household, **kwargs):
        super().__init__(*args, prefix="plan", **kwargs)
        self.fields["persons"] = _members_field(household, _("Persons who will move"))
        if not self.is_bound:
            self.initial.setdefault("persons", [p.pk for p in household.members.all()])
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(Column("lever", css_class="col-sm-6"), Column("signed_on", css_class="col-sm-6")),
            "persons",
            "objectives",
        )

    def clean_persons(self):
        persons = self.cleaned_data["persons"]
        if not persons:
            raise forms.ValidationError(_("Tick at least one person who will move."))
        return list(persons)


class TargetForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.exclude(code=ILE_DE_FRANCE_CODE),
        required=False,
    )
    departement = forms.ModelChoiceField(
        label=_("Département"),
        queryset=Departement.objects.exclude(region_id=ILE_DE_FRANCE_CODE),
        required=False,
    )

    def clean(self):
        data = super().clean()
        region, departement = data.get("region"), data.get("departement")
        if departement and not region:
            data["region"] = departement.region
        elif departement and departement.region_id != region.pk:
            self.add_error("departement", _("This département is not in the chosen region."))
        elif not region and not self.empty_permitted:
            self.add_error("region", _("Give at least one target region."))
        return data


class BaseTargetFormSet(forms.BaseFormSet):
    def targets(self) -> list[dict]:
        """Filled rows in order: the first row is the first preference."""
        return [
            {"region": f.cleaned_data["region"], "departement": f.cleaned_data.get("departement")}
            for f in self.forms
            if f.cleaned_data.get("region")
        ]


TargetFormSet = forms.formset_factory(
    TargetForm, formset=BaseTargetFormSet, extra=2, min_num=1, validate_min=True
)


class StepForm(forms.Form):
    action = forms.CharField(label=_("Action"), max_length=300, required=False)
    owner = forms.CharField(label=_("Who"), max_length=100, required=False)
    due_on = forms.DateField(label=_("Due date"), widget=DateInput(), required=False)

    def clean(self):
        data = super().clean()
        if (data.get("owner") or data.get("due_on")) and not data.get("action"):
            self.add_error("action", _("Describe the action."))
        return data


class BaseStepFormSet(forms.BaseFormSet):
    def steps(self) -> list[dict]:
        return [
            {
                "action": f.cleaned_data["action"],
                "owner": f.cleaned_data.get("owner", ""),
                "due_on": f.cleaned_data.get("due_on"),
            }
            for f in self.forms
            if f.cleaned_data.get("action")
        ]


StepFormSet = forms.formset_factory(StepForm, formset=BaseStepFormSet, extra=4)


class StepAddForm(forms.Form):
    action = forms.CharField(label=_("Action"), max_length=300)
    owner = forms.CharField(label=_("Who"), max_length=100, required=False)
    due_on = forms.DateField(label=_("Due date"), widget=DateInput(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="step", **kwargs)


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].initial = today()
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Sign the plan")))


class AbandonForm(forms.Form):
    abandoned_on = forms.DateField(label=_("Abandoned on"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["abandoned_on"].initial = today()
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Abandon the plan"), css_class="btn-danger"))


class RelocationForm(forms.Form):
    moved_on = forms.DateField(label=_("Moving date"), widget=DateInput())
    commune = forms.CharField(label=_("Destination commune"), max_length=120)
    departement = forms.ModelChoiceField(
        label=_("Destination département"), queryset=Departement.objects.all()
    )
    lever_used = forms.ChoiceField(label=_("Lever actually used"), choices=Lever.choices)
    housing_obtained = forms.ChoiceField(
        label=_("Housing obtained"), choices=HousingObtained.choices
    )
    job_or_training = forms.CharField(
        label=_("Job or training obtained"), max_length=300, required=False
    )
    idf_override_reason = forms.CharField(
        label=_("Reason for allowing a move within Île-de-France"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Only for a coordinator's exception; leave empty otherwise."),
    )

    def __init__(self, *args, plan, persons, can_override: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persons"] = _members_field(plan.household, _("Who moved"))
        if not self.is_bound:
            self.initial.update(
                {
                    "moved_on": today(),
                    "lever_used": plan.lever,
                    "persons": [p.pk for p in persons],
                }
            )
        if not can_override:
            del self.fields["idf_override_reason"]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(
                Column("moved_on", css_class="col-sm-4"),
                Column("commune", css_class="col-sm-4"),
                Column("departement", css_class="col-sm-4"),
            ),
            Row(
                Column("lever_used", css_class="col-sm-4"),
                Column("housing_obtained", css_class="col-sm-4"),
                Column("job_or_training", css_class="col-sm-4"),
            ),
            "persons",
            *(["idf_override_reason"] if can_override else []),
            Submit("save", _("Record the move")),
        )
