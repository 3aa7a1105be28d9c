"""The security headers of every kind of page, and templates the Content-Security-Policy lets run.

The policy allows only the app's own files: an inline <script>, a style attribute, a <style>
element or an on* handler left in a template would be refused by the browser (and break the
page). The scan below finds them before a browser does; tests/browser/test_csp.py watches the
main journey for violations.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from core.middleware import NoStoreForSignedInMiddleware
from reporting.charts import Bar, bar_chart

EXPECTED_POLICY = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "font-src": {"'self'"},
    "connect-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "frame-ancestors": {"'none'"},
    "form-action": {"'self'"},
}


def policy(response) -> dict[str, set[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = set(sources)
    return directives


def assert_hardened(response, *, signed_in: bool):
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert policy(response) == EXPECTED_POLICY
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    if signed_in:
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]


def test_login_page_is_hardened(client, db):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert_hardened(response, signed_in=False)


@pytest.mark.parametrize(
    ("url", "extra"),
    [
        pytest.param(lambda h: reverse("households:list"), {}, id="list"),
        pytest.param(lambda h: reverse("households:detail", args=[h.pk]), {}, id="detail"),
        pytest.param(lambda h: reverse("households:update", args=[h.pk]), {}, id="form"),
        pytest.param(
            lambda h: reverse("households:list") + "?q=a", {"HTTP_HX_REQUEST": "true"}, id="htmx"
        ),
    ],
)
def test_social_worker_pages_are_hardened_and_never_cached(
    client_for, social_worker, household, url, extra
):
    response = client_for(social_worker).get(url(household), **extra)
    assert response.status_code == 200
    assert_hardened(response, signed_in=True)


def test_htmx_fragment_is_the_fragment(client_for, social_worker, household):
    # The headers above were read from the fragment itself, not from a full page.
    response = client_for(social_worker).get(reverse("households:list"), HTTP_HX_REQUEST="true")
    assert b"<html" not in response.content


def test_export_download_is_hardened_and_never_cached(client_for, director, household):
    response = client_for(director).get(
        reverse("reporting:export", args=["households"]), {"year": "2025"}
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert_hardened(response, signed_in=True)


def test_not_found_page_is_hardened(client_for, social_worker, db):
    response = client_for(social_worker).get(reverse("households:detail", args=[987654]))
    assert response.status_code == 404
    assert_hardened(response, signed_in=True)


def test_static_files_keep_their_cache_for_a_signed_in_user(social_worker):
    request = RequestFactory().get("/" + settings.STATIC_URL.lstrip("/") + "css/app.css")
    request.user = social_worker
    response = NoStoreForSignedInMiddleware(lambda r: HttpResponse("body{}"))(request)
    assert "Cache-Control" not in response


def test_a_view_asking_for_a_cache_still_gets_no_store(social_worker):
    def cached_view(request):
        response = HttpResponse("personal")
        response["Cache-Control"] = "public, max-age=3600"
        return response

    request = RequestFactory().get("/households/")
    request.user = social_worker
    response = NoStoreForSignedInMiddleware(cached_view)(request)
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"no-store", "private", "max-age=0"} <= directives
    assert "public" not in directives


def test_chart_svg_has_no_style_attribute():
    html = bar_chart(title="Relocations", bars=[Bar("Emploi", 3), Bar("Logement", 1)])
    assert "style=" not in html
    assert 'width="640"' in html


# Rendered only by WeasyPrint into PDFs, never sent to a browser: the CSP does not apply.
PDF_ONLY_TEMPLATES = {
    "reporting/templates/reporting/pdf/yearly_report.html",
    "reporting/templates/reporting/control_pack/summary.html",
    "privacy/templates/privacy/subject_access_file.html",
}
INLINE = {
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "<style> element": re.compile(r"<style[\s>]", re.IGNORECASE),
    "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I),
    "on* handler": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "hx-on (needs eval)": re.compile(r"\bhx-on", re.IGNORECASE),
}


def project_templates():
    root = Path(settings.BASE_DIR)
    for path in sorted(root.glob("templates/**/*.html")) + sorted(
        root.glob("*/templates/**/*.html")
    ):
        relative = path.relative_to(root).as_posix()
        if relative not in PDF_ONLY_TEMPLATES:
            yield relative, path.read_text(encoding="utf-8")


def test_templates_hold_nothing_inline_the_policy_refuses():
    found = [
        f"{name}: {kind}"
        for name, text in project_templates()
        for kind, pattern in INLINE.items()
        if pattern.search(text)
    ]
    assert found == []


def test_the_scan_sees_what_it_looks_for():
    samples = {
        "style attribute": '<div style="width: 5%">',
        "<style> element": "<style>p{}</style>",
        "inline <script>": "<script>alert(1)</script>",
        "on* handler": '<button onclick="go()">',
        "javascript: URL": '<a href="javascript:go()">',
        "hx-on (needs eval)": '<form hx-on::after-request="go()">',
    }
    for kind, sample in samples.items():
        assert INLINE[kind].search(sample), kind
    assert not INLINE["inline <script>"].search('<script src="/static/js/a.js" defer></script>')
    assert not INLINE["on* handler"].search('<option value="on">')
