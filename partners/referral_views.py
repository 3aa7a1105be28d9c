"""Referrals of households to partners, and the matching of a household with offers."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import require_write, user_access
from core.dates import today
from core.views import form_response
from households.selectors import household_get_for_user
from mobility_plans.selectors import plan_active_for_household

from . import selectors, services
from .forms import ReferralAnswerForm, ReferralForm
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
    offer_id = request.GET.get("offer", "")
    partner_id = request.GET.get("partner", "")
    if offer_id.isdigit():
        offer = selectors.offer_open_or_none(pk=int(offer_id))
        if offer:
            initial.update(offer=offer.pk, partner=offer.partner_id)
            return initial, offer.partner_id
    elif partner_id.isdigit():
        initial["partner"] = partner_id
    return initial, int(partner_id) if partner_id.isdigit() else None


@require_http_methods(["GET", "POST"])
def referral_create(request, pk):
    """Refer the household of the active plan to a partner, and maybe to one of its offers."""
    household = household_get_for_user(user=request.user, pk=pk)
    require_write(request.user, household.site_id)
    plan = plan_active_for_household(household=household)
    if plan is None:
        # Nothing to fill in: the page says why.
        return render(
            request, "partners/referral_form.html", {"household": household, "plan": None}
        )
    initial, partner_id = _prefill(request)
    offers = selectors.offers_for_referral(plan=plan, partner_id=partner_id)
    return form_response(
        request,
        form=ReferralForm(
            request.POST or None, initial=initial, household=household, offers=offers
        ),
        save=lambda form: services.referral_send(plan=plan, by=request.user, **form.cleaned_data),
        done=lambda referral: (
            _("Referral to %(partner)s recorded.") % {"partner": referral.partner}
        ),
        template="partners/referral_form.html",
        context={"household": household, "plan": plan},
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
            "show_notes": access.sees_notes,
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
