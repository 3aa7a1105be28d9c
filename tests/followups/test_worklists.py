import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from followups import services
from followups.selectors import caseload_for, site_overview
from households.services import household_close
from mobility_plans.services import plan_step_add
from partners.models import PartnerKind
from tests.factories import UserFactory, make_household, make_person, user_with_role
from tests.followups.helpers import OUTCOME, moved_in_the_past, relocated_household, today
from tests.interviews.builders import days_ago, record_diagnostic, record_plan_interview
from tests.partners.helpers import give_sharing_consent, make_partner, send_referral

pytestmark = pytest.mark.django_db


def _overdue_followup(household, by):
    """The household's first follow-up, moved to yesterday: it is late."""
    first = household.followups.order_by("due_on").first()
    return services.followup_reschedule(followup=first, by=by, due_on=days_ago(1))


@pytest.fixture
def busy_caseload(site_a, social_worker):
    """One of each thing a social worker has to act on, all in their caseload."""
    worker = social_worker
    data = {}
    # Relocated: one follow-up late, one due in three days.
    relocated, relocation = relocated_household(site=site_a, by=worker)
    data["overdue"] = _overdue_followup(relocated, worker)
    second = relocation.followups.order_by("due_on")[1]
    data["due"] = services.followup_reschedule(
        followup=second, by=worker, due_on=today() + datetime.timedelta(days=3)
    )
    # Referred: the diagnostic is to hold; its head's permit expires soon.
    data["referred"] = make_household(site=site_a, by=worker, social_worker=worker)
    data["permit"] = make_person(
        household=data["referred"],
        by=worker,
        permit_expiry=today() + datetime.timedelta(days=45),
    )
    # Diagnosed: the plan interview is to hold.
    data["diagnosed"] = make_household(site=site_a, by=worker, social_worker=worker)
    make_person(household=data["diagnosed"], by=worker)
    record_diagnostic(household=data["diagnosed"], by=worker)
    # A draft plan with a step due in five days and a referral unanswered for 20 days.
    planned = make_household(site=site_a, by=worker, social_worker=worker)
    make_person(household=planned, by=worker)
    record_diagnostic(household=planned, by=worker)
    plan = record_plan_interview(household=planned, by=worker, steps=[])
    data["step"] = plan_step_add(
        plan=plan,
        by=worker,
        action="Visiter l'appartement",
        due_on=today() + datetime.timedelta(days=5),
    )
    plan_step_add(
        plan=plan, by=worker, action="Plus tard", due_on=today() + datetime.timedelta(days=30)
    )
    give_sharing_consent(household=planned, by=worker, given_on=days_ago(40))
    data["referral"] = send_referral(
        plan=plan,
        partner=make_partner(kind=PartnerKind.SOCIAL_LANDLORD),
        by=worker,
        sent_on=days_ago(20),
    )
    return data


def test_the_caseload_lists_what_the_social_worker_has_to_act_on(busy_caseload, social_worker):
    caseload = caseload_for(user=social_worker)

    assert caseload.followups_overdue == [busy_caseload["overdue"]]
    assert caseload.followups_due == [busy_caseload["due"]]
    assert caseload.steps_due == [busy_caseload["step"]]
    assert caseload.referrals_waiting == [busy_caseload["referral"]]
    assert caseload.permits_expiring == [busy_caseload["permit"]]
    kinds = {h.pk: h.interview_kind for h in caseload.interviews_to_hold}
    assert kinds == {
        busy_caseload["referred"].pk: "diagnostic",
        busy_caseload["diagnosed"].pk: "mobility_plan",
    }
    counts = {row["status"]: row["count"] for row in caseload.counts}
    assert counts["relocated"] == 1
    assert counts["diagnosed"] == 2  # one waiting for its plan interview, one with a draft plan


def test_the_caseload_page_links_each_line_to_the_place_to_act(
    busy_caseload, social_worker, client_for
):
    html = client_for(social_worker).get(reverse("home")).content.decode()

    assert reverse("followups:record", args=[busy_caseload["overdue"].pk]) in html
    assert reverse("followups:record", args=[busy_caseload["due"].pk]) in html
    referred = busy_caseload["referred"]
    assert f"{reverse('interviews:create', args=[referred.pk])}?kind=diagnostic" in html
    diagnosed = busy_caseload["diagnosed"]
    assert f"{reverse('interviews:create', args=[diagnosed.pk])}?kind=mobility_plan" in html
    step = busy_caseload["step"]
    assert f"{reverse('mobility_plans:detail', args=[step.plan_id])}#step-{step.pk}" in html
    assert reverse("partners:referral_detail", args=[busy_caseload["referral"].pk]) in html
    assert reverse("households:person_update", args=[busy_caseload["permit"].pk]) in html


def test_the_caseload_holds_only_the_users_own_active_households(
    site_a, site_b, social_worker, social_worker_b
):
    colleague = user_with_role(Role.SOCIAL_WORKER, site_a, username="ts.collegue")
    theirs, _relocation = relocated_household(site=site_a, by=colleague)
    _overdue_followup(theirs, colleague)
    other_site, _relocation = relocated_household(site=site_b, by=social_worker_b)
    _overdue_followup(other_site, social_worker_b)
    mine, _relocation = relocated_household(site=site_a, by=social_worker)
    mine_late = _overdue_followup(mine, social_worker)
    closed, _relocation = relocated_household(site=site_a, by=social_worker)
    _overdue_followup(closed, social_worker)
    for followup in closed.followups.all():
        services.followup_mark_missed(followup=followup, by=social_worker)
    household_close(household=closed, by=social_worker)

    caseload = caseload_for(user=social_worker)

    assert caseload.followups_overdue == [mine_late]
    assert caseload_for(user=social_worker_b).followups_overdue != []
    assert all(
        f.household.site_id == site_b.pk
        for f in caseload_for(user=social_worker_b).followups_overdue
    )


def test_a_recorded_follow_up_leaves_the_overdue_list(site_a, social_worker, client_for):
    household, _relocation = relocated_household(site=site_a, by=social_worker)
    late = _overdue_followup(household, social_worker)
    client = client_for(social_worker)
    assert reverse("followups:record", args=[late.pk]) in client.get("/").content.decode()

    response = client.post(
        reverse("followups:record", args=[late.pk]),
        {
            **{k: v for k, v in OUTCOME.items() if v is not None},
            "done_on": today().isoformat(),
            "housing_kept": "true",
            "in_training": "false",
            "children_at_school": "unknown",
            "version": late.version,
        },
    )

    assert response.status_code == 302
    late.refresh_from_db()
    assert late.status == "done"
    assert late.in_training is False
    assert late.children_at_school is None
    assert caseload_for(user=social_worker).followups_overdue == []


def _caseload_of(size, site, worker):
    for number in range(size):
        household = make_household(site=site, by=worker, social_worker=worker)
        make_person(
            household=household,
            by=worker,
            first_name=f"Prénom{number}",
            permit_expiry=today() + datetime.timedelta(days=number % 50),
        )


@pytest.mark.parametrize("size", [10, 200])
def test_the_caseload_page_runs_the_same_queries_for_10_or_200_households(
    size, busy_caseload, site_a, social_worker, client_for, django_assert_num_queries
):
    _caseload_of(size, site_a, social_worker)
    client = client_for(social_worker)
    client.get("/")  # warm the session

    # 1 session, 2 user, 3 memberships (access),
    # 4 funnel counts, 5 interviews to hold (head names annotated), 6 follow-ups due or late,
    # 7 permits expiring, 8 plan steps due, 9 referrals waiting,
    # 10-12 savepoint, session save (renewed on every request), release.
    with django_assert_num_queries(12):
        response = client.get("/")

    assert response.status_code == 200
    assert len(response.context["caseload"].interviews_to_hold) == size + 2


@pytest.mark.parametrize("size", [10, 200])
def test_the_site_overview_runs_the_same_queries_for_10_or_200_households(
    size, busy_caseload, site_a, social_worker, coordinator, client_for, django_assert_num_queries
):
    _caseload_of(size, site_a, social_worker)
    for _ in range(3):
        make_household(site=site_a, by=coordinator)
    client = client_for(coordinator)
    client.get("/")

    # 1 session, 2 user, 3 memberships, 4 caseload per worker, 5 late follow-ups,
    # 6 late plan steps, 7 workers, 8 sites, 9 unassigned, 10 unassigned count,
    # 11 own caseload?, 12-14 savepoint, session save, release.
    with django_assert_num_queries(14):
        response = client.get("/")

    assert response.status_code == 200
    assert response.context["unassigned_count"] == 3


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
    assert overview["late_followups"] == [busy_caseload["overdue"]]
    assert not overview["has_own_caseload"]


def test_each_role_lands_on_its_own_home_page(
    busy_caseload, social_worker, coordinator, director, auditor, client_for
):
    assert "followups/caseload.html" in _templates(client_for(social_worker).get("/"))
    assert "followups/site_overview.html" in _templates(client_for(coordinator).get("/"))
    assert "reporting/home_director.html" in _templates(client_for(director).get("/"))
    assert "reporting/home_auditor.html" in _templates(client_for(auditor).get("/"))


def test_a_user_without_a_role_is_told_whom_to_ask(client_for):
    response = client_for(UserFactory()).get("/")

    assert _templates(response)[0] == "home.html"
    assert "Demandez à un administrateur" in response.text


def _late_step(household, by, days):
    plan = household.mobility_plans.get()
    return plan_step_add(plan=plan, by=by, action=f"Relancer ({days})", due_on=days_ago(days))


def test_late_items_come_first_the_latest_at_the_top_with_their_days(
    busy_caseload, site_a, social_worker, client_for
):
    _household, relocation = moved_in_the_past(
        site=site_a, by=social_worker, moved_on=days_ago(30), historical=False
    )
    very_late = services.followup_reschedule(
        followup=relocation.followups.order_by("due_on").first(),
        by=social_worker,
        due_on=days_ago(5),
    )
    planned = busy_caseload["step"].plan.household
    step = _late_step(planned, social_worker, 3)

    caseload = caseload_for(user=social_worker)

    assert [(i.followup or i.step, i.days_late) for i in caseload.late] == [
        (very_late, 5),
        (step, 3),
        (busy_caseload["overdue"], 1),
    ]
    # The late step is no longer among those due this week.
    assert caseload.steps_upcoming == [busy_caseload["step"]]
    html = client_for(social_worker).get("/").content.decode()
    late_section = html[html.index('id="followups-overdue"') : html.index('id="funnel-title"')]
    assert late_section.index(very_late.household.reference) < late_section.index("Relancer")
    assert "en retard de 5 jours" in late_section
    assert "en retard de 1 jour<" in late_section
    # Late items come before every other list of the page.
    assert html.index('id="followups-overdue"') < html.index('id="followups-due"')


def test_the_site_overview_opens_on_the_late_items_of_every_worker(
    busy_caseload, site_a, social_worker, coordinator, client_for
):
    step = _late_step(busy_caseload["step"].plan.household, social_worker, 2)

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


def test_a_coordinator_with_a_caseload_gets_a_link_to_it(site_a, coordinator, client_for):
    make_household(site=site_a, by=coordinator, social_worker=coordinator)

    html = client_for(coordinator).get("/").content.decode()

    assert reverse("followups:caseload") in html
    response = client_for(coordinator).get(reverse("followups:caseload"))
    assert len(response.context["caseload"].interviews_to_hold) == 1


def _templates(response):
    return [t.name for t in response.templates]


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


def test_closing_page_shows_the_refusal_as_a_form_error(site_a, social_worker, client_for):
    household, _relocation = relocated_household(site=site_a, by=social_worker)

    response = client_for(social_worker).post(
        reverse("followups:close", args=[household.pk]),
        {"closed_on": today().isoformat(), "reason": ""},
    )

    assert response.status_code == 200
    # Pages speak French: the service's message arrives translated.
    assert "4 suivi(s) prévu(s)" in str(response.context["form"].non_field_errors())
    household.refresh_from_db()
    assert household.status == "relocated"


def test_the_household_page_shows_the_follow_ups_and_the_close_button(
    site_a, social_worker, client_for
):
    household, _relocation = relocated_household(site=site_a, by=social_worker)

    html = (
        client_for(social_worker)
        .get(reverse("households:detail", args=[household.pk]))
        .content.decode()
    )

    assert reverse("followups:close", args=[household.pk]) in html
    for followup in household.followups.all():
        assert reverse("followups:record", args=[followup.pk]) in html


def test_auditors_do_not_see_the_free_text_of_a_follow_up(
    site_a, social_worker, auditor, client_for
):
    household, _relocation = relocated_household(site=site_a, by=social_worker)
    first = household.followups.order_by("due_on").first()
    services.followup_record(followup=first, by=social_worker, done_on=today(), **OUTCOME)
    url = reverse("followups:detail", args=[first.pk])

    assert OUTCOME["next_actions"] in client_for(social_worker).get(url).content.decode()
    html = client_for(auditor).get(url).content.decode()
    assert OUTCOME["next_actions"] not in html
    assert OUTCOME["difficulties"] not in html


def test_dates_are_changed_and_extra_follow_ups_added_from_the_household_page(
    site_a, social_worker, client_for
):
    household, _relocation = relocated_household(site=site_a, by=social_worker)
    first = household.followups.order_by("due_on").first()
    client = client_for(social_worker)
    new_date = today() + datetime.timedelta(days=10)

    response = client.post(
        reverse("followups:reschedule", args=[first.pk]), {"due_on": new_date.isoformat()}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.due_on == new_date

    response = client.post(
        reverse("followups:add", args=[household.pk]), {"due_on": new_date.isoformat()}
    )
    assert response.status_code == 302
    assert household.followups.filter(months_after__isnull=True).get().due_on == new_date

    # Before the move: refused on the form, nothing written.
    response = client.post(
        reverse("followups:add", args=[household.pk]), {"due_on": days_ago(30).isoformat()}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert household.followups.count() == 5


def test_a_missed_follow_up_no_longer_blocks_the_closing(site_a, social_worker, client_for):
    household, _relocation = relocated_household(site=site_a, by=social_worker)
    client = client_for(social_worker)
    for followup in household.followups.all():
        client.post(
            reverse("followups:missed", args=[followup.pk]), {"missed_on": today().isoformat()}
        )

    response = client.post(
        reverse("followups:close", args=[household.pk]),
        {"closed_on": today().isoformat(), "reason": ""},
    )

    assert response.status_code == 302
    household.refresh_from_db()
    assert household.status == "closed"
