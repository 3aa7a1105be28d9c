from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import require_write, user_access
from interviews.views import DRAFT_SAVED

from . import selectors, services
from .forms import AbandonForm, RelocationForm, SignForm, StepAddForm


def _detail_context(request, plan, step_form=None) -> dict:
    access = user_access(request.user)
    return {
        "plan": plan,
        "household": plan.household,
        **selectors.plan_detail_parts(plan=plan),
        "can_write": plan.is_active and access.can_write_site(plan.household.site_id),
        "show_notes": access.sees_notes,
        "step_form": step_form or StepAddForm(),
        "draft_saved": request.session.pop(DRAFT_SAVED, ""),
    }


def plan_detail(request, pk):
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    return render(request, "mobility_plans/plan_detail.html", _detail_context(request, plan))


@require_POST
def step_add(request, pk):
    """Add a step from the form under the plan's step list."""
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    require_write(request.user, plan.household.site_id)
    form = StepAddForm(request.POST)
    if form.is_valid():
        try:
            services.plan_step_add(plan=plan, by=request.user, **form.cleaned_data)
        except services.PlanRuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Step added."))
            return redirect(f"{plan_url(plan)}#steps")
    return render(request, "mobility_plans/plan_detail.html", _detail_context(request, plan, form))


@require_POST
def step_toggle(request, pk):
    """Tick a step off, or untick it (the checkbox button of each step)."""
    step = selectors.step_get_for_user(user=request.user, pk=pk)
    require_write(request.user, step.plan.household.site_id)
    try:
        services.plan_step_set_done(
            step=step, by=request.user, done=request.POST.get("done") == "1"
        )
    except services.PlanRuleError as error:
        messages.error(request, error.message)
    return redirect(f"{plan_url(step.plan)}#step-{step.pk}")


def plan_url(plan) -> str:
    return reverse("mobility_plans:detail", args=[plan.pk])


@require_http_methods(["GET", "POST"])
def plan_sign(request, pk):
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    require_write(request.user, plan.household.site_id)
    form = SignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_sign(plan=plan, by=request.user, **form.cleaned_data)
        except services.PlanRuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Plan signed."))
            return redirect("mobility_plans:detail", pk=plan.pk)
    return render(
        request,
        "mobility_plans/plan_action.html",
        {"plan": plan, "household": plan.household, "form": form, "title": _("Sign the plan")},
    )


@require_http_methods(["GET", "POST"])
def plan_abandon(request, pk):
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    require_write(request.user, plan.household.site_id)
    form = AbandonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_abandon(plan=plan, by=request.user, **form.cleaned_data)
        except services.PlanRuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Plan abandoned; it stays in the household's history."))
            return redirect("households:detail", pk=plan.household_id)
    return render(
        request,
        "mobility_plans/plan_action.html",
        {
            "plan": plan,
            "household": plan.household,
            "form": form,
            "title": _("Abandon the plan"),
        },
    )


@require_http_methods(["GET", "POST"])
def relocation_create(request, pk):
    """Record the move that realises the plan (it moves the household to "relocated")."""
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    require_write(request.user, plan.household.site_id)
    can_override = user_access(request.user).coordinates_site(plan.household.site_id)
    form = RelocationForm(
        request.POST or None, plan=plan, persons=plan.persons.all(), can_override=can_override
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.relocation_record(plan=plan, by=request.user, **form.cleaned_data)
        except services.PlanRuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Move recorded: the household is now relocated."))
            return redirect("households:detail", pk=plan.household_id)
    return render(
        request,
        "mobility_plans/relocation_form.html",
        {"plan": plan, "household": plan.household, "form": form, "can_override": can_override},
    )
