"""Referrals of households to partners, and the matching of a household with offers."""

from django.contrib import messages
from django.shortcuts import redirect, render
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
from .models import Answer, Offer

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


def _offers_for_form(plan, partner_id=None):
    offers = Offer.objects.open().select_related("partner").order_by("partner__name", "title")
    regions = list(plan.targets.values_list("region_id", flat=True)) if plan else []
    if regions:
        offers = offers.filter(departement__region_id__in=regions)
    if partner_id:
        offers = offers.filter(partner_id=partner_id)
    return offers


@require_http_methods(["GET", "POST"])
def referral_create(request, pk):
    """Refer the household of the active plan to a partner, and maybe to one of its offers."""
    household = household_get_for_user(user=request.user, pk=pk)
    require_write(request.user, household.site_id)
    plan = plan_active_for_household(household=household)
    initial = {"sent_on": today()}
    offer_id = request.GET.get("offer", "")
    partner_id = request.GET.get("partner", "")
    if offer_id.isdigit():
        offer = Offer.objects.open().filter(pk=offer_id).first()
        if offer:
            initial.update(offer=offer.pk, partner=offer.partner_id)
            partner_id = str(offer.partner_id)
    elif partner_id.isdigit():
        initial["partner"] = partner_id
    form = ReferralForm(
        request.POST or None,
        initial=initial,
        household=household,
        offers=_offers_for_form(plan, partner_id if partner_id.isdigit() else None),
    )
    if request.method == "POST" and plan is not None and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.referral_send(
                plan=plan,
                partner=data["partner"],
                offer=data["offer"],
                persons=data["persons"],
                sent_on=data["sent_on"],
                channel=data["channel"],
                shared_information=data["shared_information"],
                by=request.user,
            )
        except services.PartnerRuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Referral to %(partner)s recorded.") % {"partner": referral.partner}
            )
            return redirect("partners:referral_detail", pk=referral.pk)
    return render(
        request,
        "partners/referral_form.html",
        {"form": form, "household": household, "plan": plan},
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
