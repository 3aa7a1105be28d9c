"""The main journey with the keyboard alone: skip link, tab order, a visible focus ring.

The ring is read where a keyboard user sees it: after a real Tab, on the element matching
:focus-visible, from getComputedStyle, against the background behind the outline (the dark
navbar's blue, or the page's white); WCAG 2.1 asks 3:1 for such a non-text indicator.
"""

import itertools
import re

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAVBAR_BLUE = (22, 58, 102)  # --cdf-blue
RING_CONTRAST = 3.0

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  let node = el.parentElement, background = 'rgb(255, 255, 255)';
  for (; node; node = node.parentElement) {
    const colour = getComputedStyle(node).backgroundColor;
    if (colour !== 'transparent' && colour !== 'rgba(0, 0, 0, 0)') { background = colour; break; }
  }
  const label = el.labels && el.labels.length ? el.labels[0].getBoundingClientRect() : null;
  return {
    id: el.id, tag: el.tagName.toLowerCase(), type: el.type || '', href: el.getAttribute('href'),
    text: (el.innerText || el.value || '').trim(), classes: String(el.className),
    inNav: !!el.closest('nav.navbar'), inMain: !!el.closest('main'),
    focusVisible: el.matches(':focus-visible'), outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth), outlineColor: style.outlineColor, background,
    top: box.top + scrollY, bottom: box.bottom + scrollY, left: box.left + scrollX,
    width: box.width, height: box.height, labelBottom: label ? label.bottom + scrollY : null,
  };
}"""


def _focused(page) -> dict:
    return page.evaluate(FOCUSED)


def _tab(page) -> dict:
    page.keyboard.press("Tab")
    return _focused(page)


def _tab_to(page, wanted, limit=80) -> dict:
    seen = []
    for _ in range(limit):
        info = _tab(page)
        if wanted(info):
            return info
        seen.append(info["id"] or info["href"] or info["text"])
    raise AssertionError(f"Never reached by Tab; went through {seen}")


def _rgb(colour: str) -> tuple[int, int, int]:
    red, green, blue = (int(part) for part in re.findall(r"[\d.]+", colour)[:3])
    return red, green, blue


def _contrast(first: str, second: str) -> float:
    def luminance(colour):
        channels = [value / 255 for value in _rgb(colour)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _assert_ring(info: dict) -> None:
    name = info["id"] or info["href"] or info["text"]
    assert info["focusVisible"], name
    assert info["outlineStyle"] != "none" and info["outlineWidth"] >= 2, (name, info)
    ratio = _contrast(info["outlineColor"], info["background"])
    assert ratio >= RING_CONTRAST, (name, info["outlineColor"], info["background"], ratio)


def _assert_visual_order(elements: list[dict]) -> None:
    """Each element is right of the previous one on its row, or on a row below; each field's
    label is above it."""
    for before, after in itertools.pairwise(elements):
        same_row = abs(after["top"] - before["top"]) < 4
        below = after["top"] >= before["bottom"] - 2
        assert below or (same_row and after["left"] > before["left"]), (before["id"], after["id"])
    for field in elements:
        if field["labelBottom"] is not None and field["type"] != "checkbox":
            assert field["labelBottom"] <= field["top"] + 2, field["id"]


def test_skip_link_navbar_and_household_form_by_keyboard(page, login, social_worker):
    login(social_worker)
    url = reverse("households:create")
    page.goto(url)

    # The first Tab shows the skip link, and Enter takes the focus into the page's main part.
    skip = _tab(page)
    assert skip["href"] == "#main" and "skip-link" in skip["classes"]
    assert skip["width"] > 20 and skip["height"] > 10 and skip["top"] >= 0
    _assert_ring(skip)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.url.endswith("#main")
    first_in_main = _tab(page)
    assert first_in_main["inMain"]

    # From the top: the navbar, then the form in the order it is drawn, then its button.
    page.goto(url)
    visited = [_tab(page)]
    while not (visited[-1]["inMain"] and visited[-1]["type"] == "submit"):
        visited.append(_tab(page))
        assert len(visited) < 80, [info["id"] or info["href"] for info in visited]
    navbar = [info for info in visited if info["inNav"]]
    # A date field takes one Tab for each of its parts (day, month, year): counted once.
    form = [
        info
        for index, info in enumerate(visited)
        if info["inMain"]
        and (not index or visited[index - 1]["id"] != info["id"] or not info["id"])
    ]
    assert {info["href"] for info in navbar} >= {"/", reverse("households:list")}
    assert any("dropdown-toggle" in info["classes"] for info in navbar)
    assert form[0]["id"] == first_in_main["id"]
    assert {"id_referral_date", "id_commune", "id_accommodation"} <= {i["id"] for i in form}
    _assert_visual_order(form)
    for info in navbar:
        assert _rgb(info["background"]) == NAVBAR_BLUE, info
        _assert_ring(info)
    for info in form:
        _assert_ring(info)

    # The user's menu opens from the keyboard; its items are rung on their white menu.
    page.goto(url)
    _tab_to(page, lambda info: "dropdown-toggle" in info["classes"])
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowDown")
    item = _focused(page)
    assert item["href"] == reverse("accounts:password_change")
    _assert_ring(item)


def test_log_in_and_reach_a_household_action_with_the_keyboard_only(page, social_worker, household):
    page.goto(reverse("accounts:login"))
    # The username field has the focus when the page opens; then password, then the button.
    order = [_focused(page)]
    assert order[0]["id"] == "id_username"
    page.keyboard.type(social_worker.username)
    order.append(_tab(page))
    assert order[-1]["id"] == "id_password"
    page.keyboard.type(PASSWORD)
    order.append(_tab(page))
    assert order[-1]["tag"] == "button" and order[-1]["type"] == "submit"
    _assert_visual_order(order)
    for info in order:
        _assert_ring(info)

    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    households = reverse("households:list")
    _tab_to(page, lambda info: info["inNav"] and info["href"] == households)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{households}")
    _tab_to(page, lambda info: info["text"] == household.reference)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{reverse('households:detail', args=[household.pk])}")
    add_member = reverse("households:person_create", args=[household.pk])
    _assert_ring(_tab_to(page, lambda info: info["href"] == add_member))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{add_member}")
