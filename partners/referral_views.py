"""Referrals of households to partners, and the matching of a household with offers."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import require_write, user_access
from core.dates import today
from core.fields import id_or_none
from core.views import form_response
from households.models import ConsentScope
from households.selectors import household_get_for_user
from mobility_plans.selectors import plan_active_for_household

from . import selectors, services
from .forms import ReferralAnswerForm, ReferralForm
from .link_forms import LinkSendForm
from .matching import offers_for_household
from .models import Answer

# The matching page lists this many offers; the ranking itself covers them all.
MATCHES_SHOWN = 50


def household_matches(request, pk):
    """Open offers in the target regions of the household's plan, best fit first."""
    household = household_get_for_user(user=request.user, pk=pk)
    plan, matches = offers_for_household(household=household)
    access = user_access(request.user)
    return render(
        request,
        "partners/household_matches.html",
        {
            "household": household,
            "plan": plan,
            "matches": matches[:MATCHES_SHOWN],
            "total": len(matches),
            "can_refer": access.can_write_site(household.site_id),
        },
    )


def _prefill(request) -> tuple[dict, int | None]:
    """What a link from an offer or partner page fills in, and the partner whose offers to list."""
    initial = {"sent_on": today()}
    offer_id = id_or_none(request.GET.get("offer", ""))
    partner_id = id_or_none(request.GET.get("partner", ""))
    if offer_id:
        offer = selectors.offer_open_or_none(pk=offer_id)
        if offer:
            initial.update(offer=offer.pk, partner=offer.partner_id)
            return initial, offer.partner_id
    elif partner_id:
        initial["partner"] = partner_id
    return initial, partner_id


# A referral refused for want of the consent to share is kept here, in the user's session,
# while they record that consent: the text about the household stays out of URLs and logs.
def _draft_key(household) -> str:
    return f"partners:referral_draft:{household.pk}"


def _draft_keep(request, household) -> None:
    request.session[_draft_key(household)] = {
        name: values for name, values in request.POST.lists() if name in ReferralForm.base_fields
    }


def _draft_initial(request, household) -> dict:
    """The values of the kept draft as the form's initial values ({} without a draft)."""
    draft = request.session.get(_draft_key(household)) or {}
    return {
        name: values if getattr(field.widget, "allow_multiple_selected", False) else values[-1]
        for name, field in ReferralForm.base_fields.items()
        if (values := draft.get(name))
    }


def _consent_url(request, household) -> str:
    """The consent form, coming back here with the draft once the consent is recorded."""
    back = request.GET.copy()
    back["draft"] = "1"
    return "{}?{}".format(
        reverse("households:consent_create", args=[household.pk]),
        urlencode(
            {
                "scope": ConsentScope.PARTNER_SHARING,
                "next": f"{request.path}?{back.urlencode()}",
            }
        ),
    )


@require_http_methods(["GET", "POST"])
def referral_create(request, pk):
    """Refer the household of the active plan to a partner, and maybe to one of its offers.

    Refused for want of the consent to share with partners, the form keeps what was typed
    and links to the consent form, which brings the user back here (`?draft=1`) with it.
    """
    household = household_get_for_user(user=request.user, pk=pk)
    require_write(request.user, household.site_id)
    plan = plan_active_for_household(household=household)
    if plan is None:
        # Nothing to fill in: the page says why.
        return render(
            request, "partners/referral_form.html", {"household": household, "plan": None}
        )
    initial, partner_id = _prefill(request)
    returning = request.method == "GET" and "draft" in request.GET
    draft = _draft_initial(request, household) if returning else {}
    if draft:
        initial.update(draft)
        # The drafted offer may be another partner's than the link's: list them all.
        partner_id = None
    offers = selectors.offers_for_referral(plan=plan, partner_id=partner_id)
    consent_missing = []

    def save(form):
        try:
            referral = services.referral_send(plan=plan, by=request.user, **form.cleaned_data)
        except services.SharingConsentMissing:
            _draft_keep(request, household)
            consent_missing.append(True)
            raise
        request.session.pop(_draft_key(household), None)
        return referral

    return form_response(
        request,
        form=ReferralForm(
            request.POST or None, initial=initial, household=household, offers=offers
        ),
        save=save,
        done=lambda referral: (
            _("Referral to %(partner)s recorded.") % {"partner": referral.partner}
        ),
        template="partners/referral_form.html",
        context=lambda: {
            "household": household,
            "plan": plan,
            "restored": bool(draft),
            "consent_url": _consent_url(request, household) if consent_missing else "",
        },
    )


def referral_detail(request, pk):
    referral = selectors.referral_get_for_user(user=request.user, pk=pk)
    access = user_access(request.user)
    return render(
        request,
        "partners/referral_detail.html",
        {
            "referral": referral,
            "can_write": access.can_write_site(referral.household.site_id),
            "links": selectors.referral_links_for_referral(referral=referral),
            "can_send_link": referral.answer in (Answer.PENDING, Answer.NO_ANSWER),
            "link_form": LinkSendForm(partner=referral.partner),
            # Auditors never get the free text of the referral, in its history neither.
            "history": selectors.referral_history(
                referral=referral, include_notes=access.reads_free_text
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def referral_answer(request, pk):
    """Record the partner's answer, the visit or interview and the outcome."""
    referral = selectors.referral_get_for_user(user=request.user, pk=pk)
    require_write(request.user, referral.household.site_id)
    initial = {
        "answer": referral.answer,
        "answered_on": referral.answered_on or today(),
        "refusal_reason": referral.refusal_reason,
        "visit_or_interview_on": referral.visit_or_interview_on,
        "outcome": referral.outcome,
        "outcome_comment": referral.outcome_comment,
    }
    if referral.answer == Answer.PENDING:
        initial["answer"] = Answer.ACCEPTED
    return form_response(
        request,
        form=ReferralAnswerForm(request.POST or None, initial=initial),
        save=lambda form: services.referral_record_answer(
            referral=referral, by=request.user, **form.cleaned_data
        ),
        done=_("Answer recorded."),
        template="partners/referral_answer.html",
        context={"referral": referral},
    )


def my_referrals(request):
    """The referrals the user follows, with reminders for partners silent for two weeks."""
    return render(
        request,
        "partners/my_referrals.html",
        {
            "waiting": selectors.referrals_waiting(user=request.user),
            "referrals": selectors.referral_list(user=request.user)[:100],
        },
    )
