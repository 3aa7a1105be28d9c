"""No form submission, however hostile, answers 500.

Every URL of the URL×role matrix that takes a POST is opened as a role that may write; the
form's fields are read from the page, then hostile values are posted for them (out-of-range
numbers, foreign digits, impossible dates, NUL bytes, ids of other sites, repeated fields...).
A handled refusal (a form error, 403, 404, a redirect) is fine; an exception is not.

`FUZZ_EXAMPLES=500 pytest tests/test_fuzz_forms.py` runs it longer than `make test` does.
"""

import os
import traceback
from html.parser import HTMLParser

import pytest
from django.core.signals import got_request_exception
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.test_url_access import RULES

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
# Who may write on each URL: the first of these whom the rule lets open the page.
WRITERS = ("coordinator", "social_worker", "director", "admin")
# Discarding an import deletes its file, which no rolled-back transaction brings back.
SKIPPED = {"history_import:discard"}

HOSTILE = [
    "",
    "-1",
    "0",
    "32768",
    "65536",
    "2147483648",
    "-2147483649",
    "9223372036854775808",
    "-9223372036854775809",
    "1" * 40,
    "²",
    "٣",
    "١٢٣",
    "1.5",
    "1e999",
    "-1e999",
    "1e-999",
    "NaN",
    "sNaN",
    "Infinity",
    "-Infinity",
    "99999999999999999999.99",
    "2023-02-30",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "31/12/9999",
    "01/01/0001",
    "25:61",
    "23:59:60",
    "24:00",
    "\x00",
    "a\x00b",
    "\x01\x1f\x7f\u200b\ufeff",
    "\ud7ff\U0010ffff",
    "x" * 300,
    "x" * 100_000,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "999999",
    "-999999",
    "on",
]


class _FormFields(HTMLParser):
    """The names of a page's POST form fields, each with the value the page would send."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields: dict[str, list[str]] = {}
        self._in_post_form = False
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_post_form = (attrs.get("method") or "").lower() == "post"
        if not self._in_post_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            values = self.fields.setdefault(name, [])
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    values.append(attrs.get("value") or "on")
            elif kind != "file":
                values.append(attrs.get("value") or "")
        elif tag == "select" and name:
            self._select = self.fields.setdefault(name, [])
        elif tag == "option" and self._select is not None and "selected" in attrs:
            self._select.append(attrs.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = self.fields.setdefault(name, [])
            self._textarea.append("")

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_post_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _form_fields(html: str) -> dict[str, list[str]]:
    parser = _FormFields()
    parser.feed(html)
    return parser.fields


def _writer(rule):
    for role in WRITERS:
        if rule.get.get(role) == 200 and (rule.post or {}).get(role) is None:
            return role
    return None


def _targets(world):
    """(name, url, role, fields) for every writing URL, its fields read from its page."""
    targets = []
    client = Client()
    for name, rule in sorted(RULES.items()):
        if rule.post is None or name in SKIPPED:
            continue
        role = _writer(rule)
        if role is None:
            role = next((r for r in WRITERS if (rule.post or {}).get(r) is None), None)
            if role is None:
                continue
        url = reverse(name, kwargs=rule.kwargs(world))
        client.force_login(world.users[role])
        response = client.get(url)
        fields = _form_fields(response.content.decode()) if response.status_code == 200 else {}
        targets.append((name, url, world.users[role], fields))
    return targets


def hostile_value(world):
    foreign = [str(world.site_b.pk), str(world.users["social_worker_other_site"].pk)]
    return st.one_of(
        st.sampled_from(HOSTILE + foreign),
        st.text(max_size=30),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
    )


def field_values(world, usual: list[str]):
    """Mostly the page's own value (so that the rest of the form is valid), sometimes hostile,
    sometimes repeated."""
    hostile = hostile_value(world)
    return st.one_of(
        st.just(usual),
        st.just(usual),
        st.lists(hostile, min_size=1, max_size=3),
        st.just([]),
    )


def _post(client, url, data):
    with transaction.atomic():
        response = client.post(url, data)
        transaction.set_rollback(True)
    return response


@pytest.mark.django_db
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
    # A failure names the URL and the payload; shrinking 50 forms at once would take minutes.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(data=st.data())
def test_no_hostile_post_answers_500(built_world, data):
    if not hasattr(built_world, "_fuzz_targets"):
        built_world._fuzz_targets = _targets(built_world)
    client = Client(raise_request_exception=False)
    errors = []

    def record(sender, request, **kwargs):
        errors.append(traceback.format_exc(limit=-3))

    got_request_exception.connect(record)
    failures = []
    try:
        for name, url, user, fields in built_world._fuzz_targets:
            client.force_login(user)
            payload = {
                field: data.draw(field_values(built_world, usual), label=f"{name} {field}")
                for field, usual in fields.items()
            }
            errors.clear()
            response = _post(client, url, payload)
            if response.status_code == 500:
                shown = {k: [v[:40] for v in vs] for k, vs in payload.items()}
                failures.append(f"POST {name} {shown!r}\n{''.join(errors)}")
    finally:
        got_request_exception.disconnect(record)
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_a_form_without_csrf_token_gets_the_site_403_page(built_world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(built_world.users["coordinator"])
    before = client.get(reverse("workshops:create"))
    assert before.status_code == 200
    response = client.post(reverse("workshops:create"), {"topic": ["Sans jeton"]})
    assert response.status_code == 403
    assert "403_csrf.html" in [template.name for template in response.templates]
    # Rendered with the request: the site's layout knows who is signed in.
    assert response.context["user"] == built_world.users["coordinator"]
    assert b"<nav" in response.content


def post_page_with(client, world, name: str, role: str, **overrides):
    """POST the form of URL `name` as the page fills it, with some fields replaced."""
    rule = RULES[name]
    url = reverse(name, kwargs=rule.kwargs(world))
    client.force_login(world.users[role])
    data = _form_fields(client.get(url).content.decode())
    data.update({field: [value] for field, value in overrides.items()})
    return client.post(url, data)
