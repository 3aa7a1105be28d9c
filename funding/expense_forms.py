"""Forms of the expense pages: one expense with its shares, and the import of the export."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from core.uploads import DocumentField
from core.widgets import DateInput

from . import rules
from .expense_import import ImportFileError, read_upload
from .models import Expense, Grant
from .services import SHAREABLE_STATUSES

EXPENSE_FIELDS = ["date", "supplier", "category", "amount", "invoice_reference", "scan"]


class ExpenseForm(forms.ModelForm):
    class Meta:
        model = Expense
        fields = EXPENSE_FIELDS
        widgets = {"date": DateInput()}
        field_classes = {"scan": DocumentField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scan"].help_text = _("PDF, JPEG or PNG.")
        self.helper = FormHelper()
        # The shares' formset sits in the same <form>: the template writes the tag.
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("date"), Column("supplier"), Column("invoice_reference")),
            Row(Column("category"), Column("amount"), Column("scan")),
        )

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in EXPENSE_FIELDS}


class ShareForm(forms.Form):
    grant = forms.ModelChoiceField(label=_("Grant"), queryset=Grant.objects.none(), required=False)
    percent = forms.DecimalField(
        label=_("Share (%)"),
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grant"].queryset = Grant.objects.filter(status__in=SHAREABLE_STATUSES)

    def clean(self):
        data = super().clean()
        grant, percent = data.get("grant"), data.get("percent")
        if grant and not percent:
            self.add_error("percent", _("Give the share charged to this grant."))
        elif percent and not grant:
            self.add_error("grant", _("Choose the grant of this share."))
        return data


class BaseShareFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        shares = self.shares()
        if len({grant.pk for grant, _percent in shares}) != len(shares):
            raise forms.ValidationError(_("An expense has one share per grant."))
        if not rules.shares_ok(percent for _grant, percent in shares):
            raise forms.ValidationError(_("The shares of an expense cannot total more than 100 %."))

    def shares(self) -> list[tuple[Grant, object]]:
        """The filled rows as (grant, percent)."""
        return [
            (form.cleaned_data["grant"], form.cleaned_data["percent"])
            for form in self.forms
            if form.cleaned_data.get("grant")
        ]


ShareFormSet = forms.formset_factory(ShareForm, formset=BaseShareFormSet, extra=3, max_num=20)


class ExpenseImportForm(forms.Form):
    file = forms.FileField(
        label=_("Accounting export (CSV)"),
        help_text=_(
            "Columns: Date, Fournisseur, Catégorie, Montant, N° de facture, and optionally "
            "Subvention and Part (%). Separator ; or , — one row per share of an expense."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.text = read_upload(upload)
        except ImportFileError as error:
            raise forms.ValidationError(error.message) from error
        return upload


class ExpenseImportConfirmForm(forms.Form):
    """Confirms the import of the file checked a moment ago, which waits in the session."""

    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, pending: dict | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.pending = pending

    def clean_digest(self):
        digest = self.cleaned_data["digest"]
        if not self.pending or self.pending.get("digest") != digest:
            raise forms.ValidationError(_("This check is no longer current: send the file again."))
        return digest
