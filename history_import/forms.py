"""Forms of the import pages: the file and its site, then what each heading of the file holds."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.access import user_access
from core.fields import SafeForm
from core.uploads import SizeCheckedFileInput, validate_table

from .columns import BY_NAME
from .mapping import column_choices
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


class ImportMappingForm(SafeForm):
    """One choice per heading of the file, in the file's order (fields h0, h1…)."""

    def __init__(self, *args, headings: list[str], initial_names: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.headings = headings
        choices = column_choices()
        for position, heading in enumerate(headings):
            self.fields[f"h{position}"] = forms.ChoiceField(
                label=heading or _("(column without a heading)"),
                choices=choices,
                required=False,
                initial=initial_names[position],
            )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        data = super().clean()
        seen: dict[str, str] = {}
        for position, heading in enumerate(self.headings):
            name = data.get(f"h{position}")
            if not name:
                continue
            if name in seen:
                self.add_error(
                    f"h{position}",
                    _("“%(column)s” is already given by the heading “%(heading)s”.")
                    % {"column": BY_NAME[name].heading, "heading": seen[name]},
                )
            else:
                seen[name] = heading
        return data

    def mapping(self) -> dict[str, str]:
        """{file heading: column name or ""}, for services and the site's saved mapping."""
        return {
            heading: self.cleaned_data.get(f"h{position}") or ""
            for position, heading in enumerate(self.headings)
            if heading.strip()
        }
