"""Forms of the import pages: the file and its site, then what each heading of the file holds."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.access import user_access
from core.fields import SafeForm
from core.uploads import SizeCheckedFileInput, validate_table

from .selectors import import_sites_for_user


class ImportUploadForm(SafeForm):
    site = forms.ModelChoiceField(label=_("Site"), queryset=None, empty_label=None)
    file = forms.FileField(
        label=_("File of past cases (CSV or XLSX)"),
        help_text=_(
            "One row per person, the case number linking the persons of a household. "
            "Nothing is written until you confirm the import."
        ),
        widget=SizeCheckedFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = import_sites_for_user(user)
        # Preselected when the user imports for one site only; to choose otherwise.
        coordinated = user_access(user).coordinated_site_ids()
        if coordinated is not None and len(coordinated) == 1:
            self.fields["site"].initial = next(iter(coordinated))
        else:
            self.fields["site"].empty_label = _("Choose a site")
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_file(self):
        # A first look at the file, so that a PDF or a program renamed .xlsx is refused here
        # rather than stored for a check that can only fail.
        upload = self.cleaned_data["file"]
        validate_table(upload)
        return upload
