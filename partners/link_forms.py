"""The forms of the answer link: the partner's answer (public page) and the staff's sending."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core.fields import SafeForm
from core.widgets import DateInput

from .link_models import LinkAnswer, LinkRefusalReason
from .models import Contact
from .referral_links import check_interview_date
from .services import PartnerRuleError


class LinkAnswerForm(SafeForm):
    answer = forms.ChoiceField(
        label=_("Your answer"), choices=LinkAnswer.choices, widget=forms.RadioSelect
    )
    refusal_reason = forms.ChoiceField(
        label=_("Reason for the refusal"),
        choices=[("", "—"), *LinkRefusalReason.choices],
        required=False,
        help_text=_("Only when you refuse the referral."),
    )
    interview_on = forms.DateField(
        label=_("Interview date"),
        required=False,
        widget=DateInput(),
        help_text=_("Only when you propose an interview."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "answer", "refusal_reason", "interview_on", Submit("save", _("Send my answer"))
        )

    def clean(self):
        # The partner reads the error beside the field; the service checks the same again.
        data = super().clean()
        answer = data.get("answer")
        if answer == LinkAnswer.REFUSED and not data.get("refusal_reason"):
            self.add_error("refusal_reason", _("Choose the reason for the refusal from the list."))
        if answer == LinkAnswer.INTERVIEW:
            day = data.get("interview_on")
            if day is None:
                if "interview_on" not in self.errors:
                    self.add_error("interview_on", _("Give the date of the interview."))
            else:
                try:
                    check_interview_date(day)
                except PartnerRuleError as error:
                    self.add_error("interview_on", error.message)
        return data


class LinkSendForm(SafeForm):
    contact = forms.ModelChoiceField(label=_("Send to"), queryset=Contact.objects.none())

    def __init__(self, *args, partner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = partner.contacts.exclude(email="").order_by("name")
        self.fields["contact"].label_from_instance = lambda c: f"{c.name} <{c.email}>"
