import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core.dates import today
from core.fields import SafeDateField, SafeForm
from core.widgets import DateInput

from .models import ApiToken
from .services import DEFAULT_DAYS


class TokenCreateForm(SafeForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=_("What the token is for, e.g. “monthly spreadsheet”."),
    )
    expires_on = SafeDateField(
        label=_("Valid until"),
        widget=DateInput(),
        help_text=_("One year at most."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = today() + datetime.timedelta(days=DEFAULT_DAYS)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("name"), Column("expires_on")),
            Submit("create", _("Create the token")),
        )


class TokenRevokeForm(SafeForm):
    token = forms.IntegerField(min_value=1)
