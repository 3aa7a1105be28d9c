"""The form of every import's mapping step: what each heading of the file holds.

One choice per heading, in the file's order (fields h0, h1…), among the import's columns or
"not imported"; a column given to two headings is refused on the second one. Each import
passes its own columns (anything with a `name` and a `heading`) and keeps its own services.
"""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from .fields import SafeForm


class HeadingMappingForm(SafeForm):
    def __init__(self, *args, columns, headings: list[str], initial_names: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.headings = headings
        self.column_headings = {column.name: str(column.heading) for column in columns}
        choices = [("", _("— not imported —")), *self.column_headings.items()]
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
                    % {"column": self.column_headings[name], "heading": seen[name]},
                )
            else:
                seen[name] = heading
        return data

    def mapping(self) -> dict[str, str]:
        """{file heading: column name or ""}, for the import's services and saved mapping."""
        return {
            heading: self.cleaned_data.get(f"h{position}") or ""
            for position, heading in enumerate(self.headings)
            if heading.strip()
        }
