from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core.fields import SafeForm


class ErasureForm(SafeForm):
    """The director's confirmation that the household's members asked to be erased."""

    confirm = forms.BooleanField(
        label=_(
            "The household's members asked for the erasure of their data; I understand that "
            "it cannot be undone."
        ),
        required=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_id = "erasure-form"
        self.helper.layout = Layout("confirm", Submit("anonymise", _("Anonymise now")))
