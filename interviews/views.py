from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import require_write, user_access
from core.drafts import DRAFT_SAVED, draft_key
from core.views import form_response
from households.selectors import household_get_for_user
from mobility_plans.forms import PlanForm, StepFormSet, TargetFormSet
from mobility_plans.selectors import plan_active_for_household

from . import selectors, services
from .forms import AssessmentForm, InterviewCorrectForm, InterviewForm
from .models import Kind


@require_http_methods(["GET", "POST"])
def interview_create(request, pk):
    """Log an interview of any kind on one page, prefilled with the usual answers.

    The kind comes from the query string (the tabs at the top); without it the next step of
    the household's path is offered: the diagnostic first, then the plan.
    """
    household = household_get_for_user(user=request.user, pk=pk)
    require_write(request.user, household.site_id)
    kind = request.GET.get("kind")
    if kind not in Kind.values:
        kind = selectors.interview_suggested_kind(household=household)
    data = request.POST if request.method == "POST" else None
    form = InterviewForm(
        data,
        household=household,
        user=request.user,
        kind=kind,
        last_language=selectors.interview_last_language(household=household),
    )
    assessment_form = None
    if kind == Kind.DIAGNOSTIC:
        # Starts from what the household's file already says.
        assessment_form = AssessmentForm(
            data, initial=selectors.diagnostic_initial(household=household)
        )
    plan_form = targets = steps = None
    if kind == Kind.MOBILITY_PLAN:
        plan_form = PlanForm(data, household=household)
        targets = TargetFormSet(data, prefix="targets")
        steps = StepFormSet(data, prefix="steps")
    draft = draft_key("interview", household.pk, kind)

    def save(form):
        plan = None
        if plan_form is not None:
            plan = {
                "lever": plan_form.cleaned_data["lever"],
                "objectives": plan_form.cleaned_data["objectives"],
                "persons": plan_form.cleaned_data["persons"],
                "signed_on": plan_form.cleaned_data["signed_on"],
                "targets": targets.targets(),
                "steps": steps.steps(),
            }
        interview = services.interview_record(
            household=household,
            by=request.user,
            kind=kind,
            assessment=assessment_form.cleaned_data if assessment_form else None,
            plan=plan,
            **form.service_fields(),
        )
        request.session[DRAFT_SAVED] = draft
        # A plan interview is read on the plan it built.
        return interview.plan if kind == Kind.MOBILITY_PLAN else interview

    return form_response(
        request,
        form=form,
        forms=tuple(f for f in (assessment_form, plan_form, targets, steps) if f is not None),
        save=save,
        done=_("Interview recorded."),
        template="interviews/interview_form.html",
        context=lambda: {
            "household": household,
            "kind": kind,
            "kinds": Kind.choices,
            "assessment_form": assessment_form,
            "plan_form": plan_form,
            "targets": targets,
            "steps": steps,
            "missing_diagnostic": kind == Kind.MOBILITY_PLAN
            and not household.interviews.filter(kind=Kind.DIAGNOSTIC).exists(),
            "active_plan": plan_active_for_household(household=household)
            if kind == Kind.MOBILITY_PLAN
            else None,
            "draft_key": draft,
            # A re-render after a refused save already shows what was typed.
            "restore_draft": request.method == "GET",
        },
    )


def interview_detail(request, pk):
    interview = selectors.interview_get_for_user(user=request.user, pk=pk)
    access = user_access(request.user)
    reads_free_text = access.reads_free_text
    assessment = getattr(interview, "assessment", None)
    assessment_rows = []
    if assessment is not None:
        for field in assessment._meta.fields:
            if field.name in ("id", "interview") or field.name.startswith("accepts_"):
                continue
            if field.name in assessment.TEXT_FIELDS and not reads_free_text:
                continue
            value = (
                getattr(assessment, f"get_{field.name}_display")()
                if field.choices
                else getattr(assessment, field.name)
            )
            assessment_rows.append({"label": field.verbose_name, "value": value})
    return render(
        request,
        "interviews/interview_detail.html",
        {
            "interview": interview,
            "household": interview.household,
            "persons_present": interview.persons_present.all(),
            "assessment": assessment,
            "assessment_rows": assessment_rows,
            "plan": getattr(interview, "plan", None),
            "can_write": access.can_write_site(interview.household.site_id),
            "history": selectors.interview_history(
                interview=interview, include_notes=reads_free_text
            ),
            # Auditors never get the text of the notes, even in the context.
            "notes": interview.notes if reads_free_text else "",
            "draft_saved": request.session.pop(DRAFT_SAVED, ""),
        },
    )


@require_http_methods(["GET", "POST"])
def interview_update(request, pk):
    """Correct a saved interview (and its diagnostic), with a reason kept in its history.

    A form opened before someone else's save is refused as stale and shown again with what
    was typed, carrying the version now saved: saving again replaces that change knowingly.
    """
    interview = selectors.interview_get_for_user(user=request.user, pk=pk)
    require_write(request.user, interview.household.site_id)
    data = request.POST if request.method == "POST" else None
    form = InterviewCorrectForm(data, instance=interview, user=request.user)
    assessment = getattr(interview, "assessment", None)
    assessment_form = None
    if interview.kind == Kind.DIAGNOSTIC:
        assessment_form = AssessmentForm(data, instance=assessment)

    def save(form):
        return services.interview_correct(
            interview=interview,
            by=request.user,
            expected_version=form.cleaned_data["version"] or 0,
            reason=form.cleaned_data["reason"],
            assessment=assessment_form.cleaned_data if assessment_form else None,
            **form.service_fields(),
        )

    return form_response(
        request,
        form=form,
        forms=(assessment_form,) if assessment_form else (),
        save=save,
        done=_("Interview corrected."),
        template="interviews/interview_edit.html",
        context=lambda: {
            "interview": interview,
            "household": interview.household,
            "assessment_form": assessment_form,
        },
    )
