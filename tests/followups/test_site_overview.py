"""The coordinator's pages: the site overview (their home page), the late list behind it and
the caseload transfer; the social worker's work list is in test_worklists.py."""

import pytest
from django.urls import reverse

from accounts.models import Role
from followups import selectors, services
from followups.selectors import site_overview
from households.funnel import household_close
from tests.factories import make_household, user_with_role
from tests.followups.helpers import (
    caseload_of,
    late_step,
    moved_in_the_past,
    overdue_followup,
    relocated_household,
)
from tests.interviews.builders import days_ago

pytestmark = pytest.mark.django_db


def _more_late_items(busy_caseload, site, worker, *, steps):
    """A follow-up late by 20 days and `steps` plan steps late by 2 to steps + 1 days, on top
    of the busy caseload's follow-up late by a day: returned the latest first."""
    _household, relocation = moved_in_the_past(
        site=site,
        by=worker,
        moved_on=days_ago(30),
        historical=False,
    )
    followup = services.followup_reschedule(
        followup=relocation.followups.order_by("due_on").first(), by=worker, due_on=days_ago(20)
    )
    planned = busy_caseload["step"].plan.household
    late_steps = [late_step(planned, worker, days) for days in range(2, steps + 2)]
    return [followup, *reversed(late_steps), busy_caseload["overdue"]]


def _shown(items):
    return [item.followup or item.step for item in items]


@pytest.mark.parametrize(("size", "steps"), [(10, 2), (200, 12)])
def test_the_site_overview_runs_the_same_queries_for_10_or_200_households(
    size,
    steps,
    busy_caseload,
    site_a,
    social_worker,
    coordinator,
    client_for,
    django_assert_num_queries,
    monkeypatch,
):
    monkeypatch.setattr(selectors, "LATE_SHOWN", 5)
    caseload_of(size, site_a, social_worker)
    late = _more_late_items(busy_caseload, site_a, social_worker, steps=steps)
    for _ in range(3):
        make_household(site=site_a, by=coordinator)
    client = client_for(coordinator)
    client.get("/")

    # 1 session, 2 user, 3 memberships, 4 active households per worker (unassigned
    # included), 5 late follow-ups per worker, 6 late plan steps per worker, 7 the first
    # late items (UNION), 8 their follow-ups, 9 their plan steps, 10 workers, 11 sites,
    # 12 unassigned, 13 own caseload?, 14-16 savepoint, session save, release.
    with django_assert_num_queries(16):
        response = client.get("/")

    assert response.status_code == 200
    assert response.context["unassigned_count"] == 3
    assert response.context["late_count"] == len(late)
    assert _shown(response.context["late_items"]) == late[:5]


def test_the_coordinator_sees_caseloads_unassigned_households_and_late_items(
    busy_caseload, site_a, site_b, social_worker, social_worker_b, coordinator
):
    unassigned = make_household(site=site_a, by=coordinator)
    make_household(site=site_b, by=social_worker_b)  # another site: not shown
    overview = site_overview(user=coordinator)

    rows = {row["user"]: row for row in overview["workers"]}
    assert rows[social_worker]["households"] == 4
    assert rows[social_worker]["late_followups"] == 1
    assert social_worker_b not in rows
    assert [h.pk for h in overview["unassigned"]] == [unassigned.pk]
    assert overview["unassigned_count"] == 1
    assert overview["late_followups"] == [busy_caseload["overdue"]]
    assert not overview["has_own_caseload"]


def test_the_site_overview_opens_on_the_late_items_of_every_worker(
    busy_caseload, site_a, social_worker, coordinator, client_for
):
    step = late_step(busy_caseload["step"].plan.household, social_worker, 2)

    overview = site_overview(user=coordinator)
    html = client_for(coordinator).get("/").content.decode()

    assert [(i.followup or i.step, i.days_late) for i in overview["late_items"]] == [
        (step, 2),
        (busy_caseload["overdue"], 1),
    ]
    assert html.index('id="overdue-items"') < html.index('id="caseloads"')
    late_section = html[html.index('id="overdue-items"') : html.index('id="caseloads"')]
    assert "en retard de 2 jours" in late_section
    assert str(social_worker) in late_section or social_worker.get_full_name() in late_section
    # Everything late is on the page: no link to the rest.
    assert 'id="late-more"' not in html


def test_the_site_overview_shows_the_latest_late_items_and_counts_them_all(
    busy_caseload,
    site_a,
    site_b,
    social_worker,
    social_worker_b,
    coordinator,
    client_for,
    monkeypatch,
):
    monkeypatch.setattr(selectors, "LATE_SHOWN", 2)
    colleague = user_with_role(Role.SOCIAL_WORKER, site_a, username="ts.collegue")
    theirs, _relocation = relocated_household(site=site_a, by=colleague)
    their_late = overdue_followup(theirs, colleague)
    other_site, _relocation = relocated_household(site=site_b, by=social_worker_b)
    overdue_followup(other_site, social_worker_b)  # another site: neither shown nor counted
    late = _more_late_items(busy_caseload, site_a, social_worker, steps=3)

    overview = site_overview(user=coordinator)

    assert _shown(overview["late_items"]) == late[:2]
    # Every late item is counted, shown or not: three steps and three follow-ups.
    assert overview["late_count"] == 6
    assert (overview["late_followups_count"], overview["late_steps_count"]) == (3, 3)
    rows = {row["user"]: row for row in overview["workers"]}
    assert (rows[social_worker]["late_followups"], rows[social_worker]["late_steps"]) == (2, 3)
    assert (rows[colleague]["late_followups"], rows[colleague]["late_steps"]) == (1, 0)
    assert their_late not in _shown(overview["late_items"])
    html = client_for(coordinator).get("/").content.decode()
    more = html[html.index('id="late-more"') :]
    assert f'href="{reverse("followups:late")}"' in more[: more.index("</p>")]


def test_the_late_list_pages_through_every_late_item_the_latest_first(
    busy_caseload,
    site_a,
    site_b,
    social_worker,
    social_worker_b,
    coordinator,
    client_for,
    monkeypatch,
):
    monkeypatch.setattr(selectors, "LATE_PAGE_SIZE", 2)
    late = _more_late_items(busy_caseload, site_a, social_worker, steps=2)
    other_site, _relocation = relocated_household(site=site_b, by=social_worker_b)
    overdue_followup(other_site, social_worker_b)  # another site: not listed
    client = client_for(coordinator)
    url = reverse("followups:late")

    pages = [client.get(url, {"page": number}) for number in (1, 2)]

    assert [_shown(page.context["late_items"]) for page in pages] == [late[:2], late[2:]]
    assert pages[0].context["page"].paginator.count == 4
    html = pages[0].content.decode()
    assert reverse("followups:record", args=[late[0].pk]) in html
    assert "page=2" in html
    # A page past the end shows the last one.
    assert _shown(client.get(url, {"page": 9}).context["late_items"]) == late[2:]


@pytest.mark.parametrize("steps", [1, 12])
def test_the_late_list_runs_the_same_queries_whatever_the_number_of_late_items(
    steps, busy_caseload, site_a, social_worker, coordinator, client_for, django_assert_num_queries
):
    late = _more_late_items(busy_caseload, site_a, social_worker, steps=steps)
    client = client_for(coordinator)
    client.get(reverse("followups:late"))

    # 1 session, 2 user, 3 memberships, 4 late items counted, 5 the page's keys (UNION),
    # 6 their follow-ups, 7 their plan steps, 8-10 savepoint, session save, release.
    with django_assert_num_queries(10):
        response = client.get(reverse("followups:late"))

    assert _shown(response.context["late_items"]) == late


def test_closed_households_have_nothing_late(busy_caseload, social_worker, coordinator):
    step = late_step(busy_caseload["step"].plan.household, social_worker, 2)
    household = busy_caseload["overdue"].household
    for followup in household.followups.filter(status="scheduled"):
        services.followup_mark_missed(followup=followup, by=social_worker)
    household_close(household=household, by=social_worker)

    overview = site_overview(user=coordinator)

    assert _shown(overview["late_items"]) == [step]
    assert overview["late_count"] == 1


def test_a_coordinator_with_a_caseload_gets_a_link_to_it(site_a, coordinator, client_for):
    make_household(site=site_a, by=coordinator, social_worker=coordinator)

    html = client_for(coordinator).get("/").content.decode()

    assert reverse("followups:caseload") in html
    response = client_for(coordinator).get(reverse("followups:caseload"))
    assert len(response.context["caseload"].interviews_to_hold) == 1


def test_the_coordinator_transfers_ticked_households_from_the_page(
    site_a, social_worker, coordinator, client_for
):
    colleague = user_with_role(Role.SOCIAL_WORKER, site_a, username="ts.collegue")
    first, second, third = (
        make_household(site=site_a, by=social_worker, social_worker=social_worker) for _ in range(3)
    )
    client = client_for(coordinator)
    page = client.get(reverse("followups:transfer"), {"from_worker": social_worker.pk})
    assert set(page.context["form"].fields["households"].queryset) == {first, second, third}

    response = client.post(
        reverse("followups:transfer"),
        {
            "from_worker": social_worker.pk,
            "households": [first.pk, third.pk],
            "to_social_worker": colleague.pk,
        },
    )

    assert response.status_code == 302
    for household, expected in ((first, colleague), (second, social_worker), (third, colleague)):
        household.refresh_from_db()
        assert household.social_worker == expected
