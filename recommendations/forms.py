"""Forms of the reference-data import (the file, then what each heading holds) and of the
one-click pick of a recommended département."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from core.fields import SafeForm
from core.uploads import SizeCheckedFileInput, validate_table
from territories.models import ILE_DE_FRANCE_CODE, Departement

from .models import DatasetKind


class DatasetUploadForm(SafeForm):
    kind = forms.ChoiceField(label=_("Kind of data"), choices=DatasetKind.choices)
    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        help_text=_("Who publishes the file, e.g. “France Travail, enquête BMO”."),
    )
    year = forms.IntegerField(label=_("Year of the data"), min_value=2000, max_value=2100)
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("You will say what each column holds, then see the rows before importing."),
        widget=SizeCheckedFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_table(upload)
        return upload


class PickForm(SafeForm):
    departement = forms.ModelChoiceField(
        label=_("Département"),
        queryset=Departement.objects.exclude(region_id=ILE_DE_FRANCE_CODE),
        to_field_name="code",
        error_messages={
            "invalid_choice": _("Choose a département outside Île-de-France."),
            "required": _("Choose a département outside Île-de-France."),
        },
    )
