"""Every URL for every role, generated from the URLconf.

A URL without a rule in some tests/<app>/access_rules.py fails this test, so a new page can
never ship without someone deciding who may open it.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access import ROLES, rule_modules


def _named_urls(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django's admin guards itself (staff only); tested separately.
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_urls(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def _rules():
    rules = {}
    for module in rule_modules():
        for rule in module.RULES:
            assert rule.name not in rules, f"two rules for {rule.name}"
            rules[rule.name] = rule
    return rules


RULES = _rules()


def test_every_url_has_a_rule():
    missing = sorted(set(_named_urls()) - set(RULES))
    assert not missing, f"URLs without an access rule: {missing}"


def test_no_rule_for_a_url_that_does_not_exist():
    stale = sorted(set(RULES) - set(_named_urls()))
    assert not stale, f"Rules for URLs that no longer exist: {stale}"


def _client_as(client, world, role):
    client.logout()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_its_rule_says(client, built_world, role):
    failures = []
    for name, rule in sorted(RULES.items()):
        url = reverse(name, kwargs=rule.kwargs(built_world))
        for method, expected_by_role in (("get", rule.get), ("post", rule.post)):
            if expected_by_role is None or expected_by_role[role] is None:
                continue
            response = getattr(_client_as(client, built_world, role), method)(url)
            if response.status_code != expected_by_role[role]:
                failures.append(
                    f"{method.upper()} {name} as {role}: {response.status_code}"
                    f" (expected {expected_by_role[role]})"
                )
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_anonymous_is_sent_to_the_login_page(client, built_world):
    response = client.get(reverse("households:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_admin_is_for_administrators_only(client, built_world):
    for role in ("social_worker", "coordinator", "director", "auditor"):
        _client_as(client, built_world, role)
        assert client.get("/admin/").status_code == 302
    _client_as(client, built_world, "admin")
    assert client.get("/admin/").status_code == 200
