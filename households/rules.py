"""What every app uses to refuse a change with a message, and to show that refusal on a form."""

from django.contrib import messages
from django.shortcuts import redirect, render


class RuleError(Exception):
    """A business rule refused the change; nothing was written.

    `message` is shown to the user as it is (translated where it was raised). Each app's
    services raise their own subclass, so a caller may catch one app's refusals or all of them.
    """

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def form_response(request, *, form, save, done: str, template: str, context: dict):
    """Validate the form, call the service, go to the page of what it saved, or show the refusal.

    `save(form)` calls the service and returns the saved object (it must have a
    get_absolute_url); a RuleError becomes an error at the top of the form, nothing saved.
    """
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form)
        except RuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, done)
            return redirect(saved)
    return render(request, template, {"form": form, **context})
