"""The one way a view that changes data ends: validate, call the service, redirect or refuse."""

from collections.abc import Callable

from django.contrib import messages
from django.shortcuts import redirect, render

from .rules import RuleError
from .versioning import StaleEditError, version_refresh


def form_response(
    request,
    *,
    form,
    save: Callable,
    done: str | Callable,
    template: str,
    context: dict | Callable[[], dict] | None = None,
    forms: tuple = (),
    next_url: str | None = None,
    hold: bool = False,
):
    """Validate the form(s), call the service, go to the page of what it saved, or show why not.

    `save(form)` calls the service and returns what it saved; the user then goes to `next_url`
    or, without one, to the saved object's page (its get_absolute_url) or the URL `save`
    returned. A RuleError becomes an error at the top of the form and nothing is saved. `done`
    is the success message, or a function of what `save` returned giving it. `forms` are
    further forms or formsets validated with the first one, so that every error shows at once.
    `context` may be a function, called only when the page is shown (its queries are not run
    for a save that redirects). `hold` shows a valid form again instead of saving it: the view
    asks the user to confirm something first (a possible duplicate) and passes the form that
    asks. A stale save (StaleEditError) is shown again with what was typed and the version now
    saved, and `stale` set in the page: saving once more then replaces the other change
    knowingly.
    """
    stale = False
    if request.method == "POST":
        # Validate every part, not just up to the first invalid one.
        valid = [part.is_valid() for part in (form, *forms)]
        if all(valid) and not hold:
            try:
                saved = save(form)
            except StaleEditError as error:
                version_refresh(form, error.current_version)
                form.add_error(None, error.message)
                stale = True
            except RuleError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, done(saved) if callable(done) else done)
                return redirect(next_url or saved)
    extra = context() if callable(context) else context
    return render(request, template, {"form": form, "stale": stale, **(extra or {})})


def post_action(request, *, action: Callable, done: str, next_url: str):
    """A button that changes data without a form: call the service, say what came of it.

    An empty `done` says nothing on success (a tick box shows its own result).
    """
    try:
        action()
    except RuleError as error:
        messages.error(request, error.message)
    else:
        if done:
            messages.success(request, done)
    return redirect(next_url)
