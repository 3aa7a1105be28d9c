import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from followups import services
from followups.selectors import caseload_for
from households.funnel import household_close
from partners.models import PartnerKind
from partners.selectors import referrals_waiting
from tests.factories import UserFactory, make_household, make_person, user_with_role
from tests.followups.helpers import (
    OUTCOME,
    caseload_of,
    late_step,
    moved_in_the_past,
    overdue_followup,
    relocated_household,
    today,
)
from tests.interviews.builders import days_ago, record_diagnostic, record_plan_interview
from tests.partners.helpers import give_sharing_consent, make_partner, send_referral

"""The social worker's work list (their caseload, the home page) and the follow-up pages it
leads to; the coordinator's pages are in test_site_overview.py."""

pytestmark = pytest.mark.django_db


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
    overdue_followup(theirs, colleague)
    other_site, _relocation = relocated_household(site=site_b, by=social_worker_b)
    overdue_followup(other_site, social_worker_b)
    mine, _relocation = relocated_household(site=site_a, by=social_worker)
    mine_late = overdue_followup(mine, social_worker)
    closed, _relocation = relocated_household(site=site_a, by=social_worker)
    overdue_followup(closed, social_worker)
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


def _planned_household(site, by, social_worker):
    household = make_household(site=site, by=by, social_worker=social_worker)
    make_person(household=household, by=by)
    record_diagnostic(household=household, by=by)
    plan = record_plan_interview(household=household, by=by, steps=[])
    give_sharing_consent(household=household, by=by, given_on=days_ago(40))
    return plan


def test_the_waiting_referrals_are_those_of_the_caseload_and_those_the_user_sent(
    site_a, social_worker
):
    colleague = user_with_role(Role.SOCIAL_WORKER, site_a, username="ts.collegue")
    sent = []

    def referral(plan, by, days):
        partner = make_partner(name=f"Bailleur {len(sent)}", kind=PartnerKind.SOCIAL_LANDLORD)
        sent.append(send_referral(plan=plan, partner=partner, by=by, sent_on=days_ago(days)))
        return sent[-1]

    mine = _planned_household(site_a, social_worker, social_worker)
    theirs = _planned_household(site_a, colleague, colleague)
    # Sent by a colleague for my household, by me for theirs, by me for mine (both ways).
    for_my_household = referral(mine, colleague, 30)
    sent_by_me = referral(theirs, social_worker, 25)
    both = referral(mine, social_worker, 20)
    referral(theirs, colleague, 30)  # neither: not mine to follow
    referral(mine, social_worker, 3)  # too recent to wait for an answer

    caseload = caseload_for(user=social_worker)

    assert caseload.referrals_waiting == [for_my_household, sent_by_me, both]
    assert caseload.referrals_waiting == list(referrals_waiting(user=social_worker))


def test_a_recorded_follow_up_leaves_the_overdue_list(site_a, social_worker, client_for):
    household, _relocation = relocated_household(site=site_a, by=social_worker)
    late = overdue_followup(household, social_worker)
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


@pytest.mark.parametrize("size", [10, 200])
def test_the_caseload_page_runs_the_same_queries_for_10_or_200_households(
    size, busy_caseload, site_a, social_worker, client_for, django_assert_num_queries
):
    caseload_of(size, site_a, social_worker)
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
    step = late_step(planned, social_worker, 3)

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


def _templates(response):
    return [t.name for t in response.templates]


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
