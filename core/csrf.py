"""The page a form sent without a valid CSRF token gets: a 403 in the site's layout."""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    # Django's own page is bare English: ours keeps the menu and says what to do.
    return render(request, "403_csrf.html", status=403)
