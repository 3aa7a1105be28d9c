"""The one way a view that changes data ends: validate, call the service, redirect or refuse."""

from collections.abc import Callable

from django.contrib import messages
from django.shortcuts import redirect, render

from .rules import RuleError


def form_response(
    request,
    *,
    form,
    save: Callable,
    done: str | Callable,
    template: str,
    context: dict | None = None,
    forms: tuple = (),
):
    """Validate the form(s), call the service, go to the page of what it saved, or show why not.

    `save(form)` calls the service and returns the saved object (with a get_absolute_url) or a
    URL; a RuleError becomes an error at the top of the form and nothing is saved. `done` is the
    success message, or a function of the saved object giving it. `forms` are further forms or
    formsets validated with the first one, so that every error shows at once.
    """
    if request.method == "POST":
        # Validate every part, not just up to the first invalid one.
        valid = [part.is_valid() for part in (form, *forms)]
        if all(valid):
            try:
                saved = save(form)
            except RuleError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, done(saved) if callable(done) else done)
                return redirect(saved)
    return render(request, template, {"form": form, **(context or {})})


def post_action(request, *, action: Callable, done: str, next_url: str):
    """A button that changes data without a form: call the service, say what came of it."""
    try:
        action()
    except RuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect(next_url)
