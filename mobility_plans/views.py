from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import require_write, user_access
from core.drafts import DRAFT_SAVED
from core.views import form_response, post_action

from . import corrections, selectors, services
from .forms import (
    AbandonForm,
    PlanCorrectForm,
    RelocationForm,
    SignForm,
    StepAddForm,
    step_correct_formset,
    target_formset,
)


def _detail_context(request, plan, step_form=None) -> dict:
    access = user_access(request.user)
    return {
        "plan": plan,
        "household": plan.household,
        **selectors.plan_detail_parts(plan=plan),
        "can_write": plan.is_active and access.can_write_site(plan.household.site_id),
        "history": selectors.plan_history(plan=plan, include_notes=access.reads_free_text),
        "step_form": step_form or StepAddForm(),
        "draft_saved": request.session.pop(DRAFT_SAVED, ""),
    }


def plan_detail(request, pk):
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    return render(request, "mobility_plans/plan_detail.html", _detail_context(request, plan))


@require_POST
def step_add(request, pk):
    """Add a step from the form under the plan's step list (shown again there if refused)."""
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    require_write(request.user, plan.household.site_id)
    form = StepAddForm(request.POST)
    return form_response(
        request,
        form=form,
        save=lambda form: services.plan_step_add(plan=plan, by=request.user, **form.cleaned_data),
        done=_("Step added."),
        next_url=f"{plan.get_absolute_url()}#steps",
        template="mobility_plans/plan_detail.html",
        context=lambda: _detail_context(request, plan, form),
    )


@require_POST
def step_toggle(request, pk):
    """Tick a step off, or untick it (the checkbox button of each step)."""
    step = selectors.step_get_for_user(user=request.user, pk=pk)
    require_write(request.user, step.plan.household.site_id)
    return post_action(
        request,
        action=lambda: services.plan_step_set_done(
            step=step, by=request.user, done=request.POST.get("done") == "1"
        ),
        # The ticked box is the answer: no message.
        done="",
        next_url=f"{step.plan.get_absolute_url()}#step-{step.pk}",
    )


def _plan_action(request, plan, *, form, save, done, title, next_url=None):
    """The pages that sign or abandon a plan: one form, then the plan or the household."""
    return form_response(
        request,
        form=form,
        save=save,
        done=done,
        next_url=next_url,
        template="mobility_plans/plan_action.html",
        context={"plan": plan, "household": plan.household, "title": title},
    )


@require_http_methods(["GET", "POST"])
def plan_sign(request, pk):
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    require_write(request.user, plan.household.site_id)
    return _plan_action(
        request,
        plan,
        form=SignForm(request.POST or None),
        save=lambda form: services.plan_sign(plan=plan, by=request.user, **form.cleaned_data),
        done=_("Plan signed."),
        title=_("Sign the plan"),
    )


@require_http_methods(["GET", "POST"])
def plan_abandon(request, pk):
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    require_write(request.user, plan.household.site_id)
    return _plan_action(
        request,
        plan,
        form=AbandonForm(request.POST or None),
        save=lambda form: services.plan_abandon(plan=plan, by=request.user, **form.cleaned_data),
        done=_("Plan abandoned; it stays in the household's history."),
        title=_("Abandon the plan"),
        next_url=plan.household.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def relocation_create(request, pk):
    """Record the move that realises the plan (it moves the household to "relocated")."""
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    require_write(request.user, plan.household.site_id)
    can_override = user_access(request.user).coordinates_site(plan.household.site_id)
    fresh = request.method != "POST"
    return form_response(
        request,
        form=RelocationForm(
            request.POST or None,
            plan=plan,
            persons=plan.persons.all(),
            can_override=can_override,
            prefill=selectors.relocation_prefill(plan=plan) if fresh else None,
        ),
        save=lambda form: services.relocation_record(
            plan=plan, by=request.user, **form.cleaned_data
        ),
        done=_("Move recorded: the household is now relocated."),
        next_url=plan.household.get_absolute_url(),
        template="mobility_plans/relocation_form.html",
        context={"plan": plan, "household": plan.household, "can_override": can_override},
    )


@require_http_methods(["GET", "POST"])
def plan_update(request, pk):
    """Correct a draft or signed plan (the rules: mobility_plans/corrections.py), with a
    reason kept in its history. A stale form is shown again with what was typed."""
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    require_write(request.user, plan.household.site_id)
    if not plan.is_active:
        messages.error(request, _("A realised or abandoned plan can no longer be corrected."))
        return redirect(plan)
    agreement = corrections.plan_agreement_editable(plan=plan, user=request.user)
    data = request.POST if request.method == "POST" else None
    form = PlanCorrectForm(data, plan=plan, agreement=agreement)
    targets = target_formset(data, plan.targets.order_by("preference", "id")) if agreement else None
    steps = step_correct_formset(data, plan.steps.order_by("id"))

    def save(form):
        return corrections.plan_correct(
            plan=plan,
            by=request.user,
            expected_version=form.cleaned_data["version"] or 0,
            targets=targets.targets() if targets is not None else None,
            steps=steps.steps(),
            **form.service_fields(),
        )

    return form_response(
        request,
        form=form,
        forms=tuple(f for f in (targets, steps) if f is not None),
        save=save,
        done=_("Plan corrected."),
        template="mobility_plans/plan_edit.html",
        context=lambda: {
            "plan": plan,
            "household": plan.household,
            "targets": targets,
            "steps": steps,
            "agreement": agreement,
        },
    )
