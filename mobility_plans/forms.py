from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core.dates import today
from core.fields import SafeForm
from core.versioning import reason_field, version_field
from core.widgets import DateInput
from territories.models import ILE_DE_FRANCE_CODE, Departement, Region
from territories.widgets import DepartementSelect

from .models import HousingObtained, Lever, MobilityPlan, PlanStatus


def _members_field(household, label):
    field = forms.ModelMultipleChoiceField(
        label=label,
        queryset=household.members.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    field.label_from_instance = lambda p: p.full_name
    return field


class PlanForm(SafeForm):
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


class TargetForm(SafeForm):
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.exclude(code=ILE_DE_FRANCE_CODE),
        required=False,
    )
    departement = forms.ModelChoiceField(
        label=_("Département"),
        queryset=Departement.objects.exclude(region_id=ILE_DE_FRANCE_CODE),
        required=False,
        widget=DepartementSelect,
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


class StepForm(SafeForm):
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


class StepAddForm(SafeForm):
    action = forms.CharField(label=_("Action"), max_length=300)
    owner = forms.CharField(label=_("Who"), max_length=100, required=False)
    due_on = forms.DateField(label=_("Due date"), widget=DateInput(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="step", **kwargs)


class SignForm(SafeForm):
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].initial = today()
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Sign the plan")))


class AbandonForm(SafeForm):
    abandoned_on = forms.DateField(label=_("Abandoned on"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["abandoned_on"].initial = today()
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Abandon the plan"), css_class="btn-danger"))


class RelocationForm(SafeForm):
    moved_on = forms.DateField(label=_("Moving date"), widget=DateInput())
    commune = forms.CharField(label=_("Destination commune"), max_length=120)
    # Only narrows the list of départements (and checks the one chosen): not stored.
    region = forms.ModelChoiceField(
        label=_("Destination region"), queryset=Region.objects.all(), required=False
    )
    departement = forms.ModelChoiceField(
        label=_("Destination département"),
        queryset=Departement.objects.all(),
        widget=DepartementSelect,
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

    def __init__(self, *args, plan, persons, can_override: bool, prefill=None, **kwargs):
        """`prefill`: what is already known of the move (the plan's first target, the
        accepted referral), put in the fields of a fresh form."""
        super().__init__(*args, **kwargs)
        self.fields["persons"] = _members_field(plan.household, _("Who moved"))
        if not self.is_bound:
            self.initial.update(
                {
                    "moved_on": today(),
                    "lever_used": plan.lever,
                    "persons": [p.pk for p in persons],
                    **(prefill or {}),
                }
            )
        if not can_override:
            del self.fields["idf_override_reason"]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(
                Column("moved_on", css_class="col-sm-3"),
                Column("commune", css_class="col-sm-3"),
                Column("region", css_class="col-sm-3"),
                Column("departement", css_class="col-sm-3"),
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

    def clean(self):
        data = super().clean()
        region, departement = data.pop("region", None), data.get("departement")
        if region and departement and departement.region_id != region.pk:
            self.add_error("departement", _("This département is not in the chosen region."))
        return data


class PlanCorrectForm(SafeForm):
    """A saved plan to correct: its texts always; what the household agreed to (lever,
    persons, and the signature date of a signed plan) only where the rules allow it
    (mobility_plans.corrections), the other fields being left out."""

    lever = forms.ChoiceField(label=_("Lever"), choices=Lever.choices)
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())
    objectives = forms.CharField(
        label=_("Objectives"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, plan: MobilityPlan, agreement: bool, **kwargs):
        super().__init__(*args, prefix="plan", **kwargs)
        self.fields["persons"] = _members_field(plan.household, _("Persons who will move"))
        self.fields["version"] = version_field(plan.version)
        self.fields["reason"] = reason_field(MobilityPlan)
        self.agreement = agreement
        if not agreement:
            for name in ("lever", "persons"):
                del self.fields[name]
        if not agreement or plan.status != PlanStatus.SIGNED:
            del self.fields["signed_on"]
        if not self.is_bound:
            self.initial.update(
                lever=plan.lever,
                signed_on=plan.signed_on,
                objectives=plan.objectives,
                persons=[p.pk for p in plan.persons.all()],
            )

    def clean_persons(self):
        persons = self.cleaned_data["persons"]
        if not persons:
            raise forms.ValidationError(_("Tick at least one person who will move."))
        return list(persons)

    def service_fields(self) -> dict:
        fields = {
            name: self.cleaned_data[name]
            for name in ("lever", "persons", "signed_on", "objectives")
            if name in self.fields
        }
        return {**fields, "reason": self.cleaned_data["reason"]}


class StepCorrectForm(SafeForm):
    step_id = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.CharField(label=_("Action"), max_length=300)
    owner = forms.CharField(label=_("Who"), max_length=100, required=False)
    due_on = forms.DateField(label=_("Due date"), widget=DateInput(), required=False)


class BaseStepCorrectFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["DELETE"].label = _("Remove")
        # A step done is a fact of the past: untick it first to remove it.
        if index is not None and index < len(self.initial or ()) and self.initial[index]["done"]:
            del form.fields["DELETE"]

    def steps(self) -> list[dict]:
        return [
            {
                "step_id": f.cleaned_data["step_id"],
                "action": f.cleaned_data.get("action", ""),
                "owner": f.cleaned_data.get("owner", ""),
                "due_on": f.cleaned_data.get("due_on"),
                "delete": bool(f.cleaned_data.get("DELETE")),
            }
            for f in self.forms
            if f.cleaned_data
        ]


StepCorrectFormSet = forms.formset_factory(
    StepCorrectForm, formset=BaseStepCorrectFormSet, extra=0, can_delete=True
)


def step_correct_formset(data, steps) -> BaseStepCorrectFormSet:
    """The plan's existing steps, each with its action, owner and due date to correct."""
    initial = [
        {
            "step_id": s.pk,
            "action": s.action,
            "owner": s.owner,
            "due_on": s.due_on,
            "done": s.is_done,
        }
        for s in steps
    ]
    return StepCorrectFormSet(data, initial=initial, prefix="steps")


def target_formset(data, targets) -> forms.BaseFormSet:
    """The target areas as saved, in order of preference, with two blank rows to add more."""
    initial = [{"region": t.region_id, "departement": t.departement_id} for t in targets]
    return TargetFormSet(data, initial=initial, prefix="targets")
