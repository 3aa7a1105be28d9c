from django import forms

from .select_widget import plain_select


class DateInput(forms.DateInput):
    """The browser's date picker, with the ISO value it expects."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def compact_filter_widgets(form: forms.Form) -> None:
    """Give a filter bar's fields Bootstrap's small controls (select or input)."""
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            # The same markup without a template per option (core/select_widget.py).
            field.widget = plain_select(field.widget)
        if isinstance(field.widget, forms.Select):
            field.widget.attrs["class"] = "form-select form-select-sm"
        else:
            field.widget.attrs["class"] = "form-control form-control-sm"
