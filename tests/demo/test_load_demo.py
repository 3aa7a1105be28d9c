"""The demo data set: thirty households brought to their status by the programme's real events."""

import datetime
from collections import Counter
from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from demo.demo_data.data import TARGETS
from followups.models import FollowUp, FollowUpStatus
from households.models import FUNNEL, Household, Person, Status, StatusChange
from interviews.models import Interview, Kind
from mobility_plans.models import MobilityPlan, PlanStatus, Relocation
from partners.models import Answer, Offer, OfferStatus, PartnerKind, Referral
from reporting.indicators import compute_indicators
from workshops.models import Attendance, ProfessionalTraining, Workshop, WorkshopRegistration

# The demo is drawn backwards from "today": freezing it keeps every year's figures stable.
from .conftest import DEMO_NOW as NOW

TODAY = NOW.date()
MOVED = (Status.RELOCATED, Status.FOLLOWED_UP, Status.CLOSED)
DIAGNOSED_OR_LATER = FUNNEL[FUNNEL.index(Status.DIAGNOSED) :]


def _row_counts() -> dict[str, int]:
    models = (Household, Person, Interview, MobilityPlan, Relocation, FollowUp, Workshop)
    return {model.__name__: model.objects.count() for model in (*models, Referral, Offer, User)}


def test_thirty_households_spread_over_every_status(loaded):
    statuses = Counter(Household.objects.values_list("status", flat=True))

    assert sum(statuses.values()) == 30
    assert statuses == Counter(TARGETS)
    assert set(statuses) == set(Status.values)


def test_every_moved_household_has_a_relocation_and_a_realised_plan(loaded):
    moved = Household.objects.filter(status__in=MOVED)
    assert moved.count() == sum(1 for target in TARGETS if target in MOVED)

    for household in moved:
        relocation = household.relocations.select_related("plan", "departement").get()
        assert relocation.plan.household_id == household.pk
        assert relocation.plan.status == PlanStatus.REALISED
        assert relocation.plan.signed_on <= relocation.moved_on
        assert not relocation.departement.is_ile_de_france
        assert relocation.persons.exists()


def test_diagnosed_or_later_households_had_their_interviews_in_order(loaded):
    for household in Household.objects.filter(status__in=DIAGNOSED_OR_LATER):
        diagnostic = household.interviews.get(kind=Kind.DIAGNOSTIC)
        assert hasattr(diagnostic, "assessment")
        if household.status == Status.DIAGNOSED:
            continue
        plan_interview = household.interviews.get(kind=Kind.MOBILITY_PLAN)
        assert diagnostic.held_on <= plan_interview.held_on
        plan = plan_interview.plan
        assert plan.signed_on is not None
        assert plan.steps.exists()
        assert all(not t.region.is_ile_de_france for t in plan.targets.select_related("region"))


def test_informed_households_attended_a_workshop_or_an_interview(loaded):
    informed = Household.objects.exclude(status=Status.REFERRED)
    assert informed.count() == 25

    for household in informed:
        present = WorkshopRegistration.objects.filter(
            person__household=household, attendance=Attendance.PRESENT
        )
        assert present.exists() or household.interviews.exists(), household.reference
        step = household.status_changes.filter(to_status=Status.INFORMED).first()
        if step is not None:
            # The "informed" step is dated by the workshop the household attended.
            assert present.filter(workshop__date=step.occurred_on).exists()


def test_relocated_households_have_their_follow_ups(loaded):
    for household in Household.objects.filter(status__in=MOVED):
        followups = list(household.followups.order_by("due_on"))
        assert [f.months_after for f in followups] == [1, 3, 6, 12]
        done = [f for f in followups if f.status == FollowUpStatus.DONE]
        if household.status == Status.RELOCATED:
            assert done == []
        elif household.status == Status.FOLLOWED_UP:
            assert followups[0] in done
        else:
            assert done == followups


def test_events_are_in_the_past_and_in_funnel_order(loaded):
    assert not StatusChange.objects.filter(occurred_on__gt=TODAY).exists()
    for household in Household.objects.prefetch_related("status_changes"):
        changes = sorted(household.status_changes.all(), key=lambda change: change.pk)
        dates = [change.occurred_on for change in changes]
        assert dates == sorted(dates), household.reference
        assert dates[0] == household.referral_date
        assert household.referral_date >= TODAY - datetime.timedelta(days=16 * 31)


def test_sessions_partners_and_referrals_are_behind_the_figures(loaded):
    upcoming = Workshop.objects.filter(date__gt=TODAY)
    assert upcoming.count() == 1
    assert upcoming.get().registrations.exists()
    past = WorkshopRegistration.objects.filter(workshop__date__lte=TODAY)
    assert not past.filter(attendance=Attendance.UNKNOWN).exists()
    assert Workshop.objects.filter(date__lte=TODAY, regions_presented__isnull=False).exists()

    training = ProfessionalTraining.objects.get()
    present = training.registrations.filter(attendance=Attendance.PRESENT)
    assert present.count() >= 4
    kinds = set(present.values_list("trainee__organisation__kind", flat=True))
    assert kinds == {PartnerKind.RECEPTION_CENTRE}

    assert Offer.objects.filter(status=OfferStatus.OPEN).exists()
    assert Referral.objects.filter(answer=Answer.ACCEPTED).exists()
    for referral in Referral.objects.select_related("household"):
        assert referral.household.consents.filter(scope="partner_sharing").exists()


def test_dashboard_has_figures_for_this_year_and_the_last(loaded):
    for year in (TODAY.year - 1, TODAY.year):
        figures = compute_indicators(
            period_start=datetime.date(year, 1, 1),
            period_end=min(datetime.date(year, 12, 31), TODAY),
        )
        assert figures["relocations"]["households"] > 0, year
        assert figures["workshops"]["held"] > 0, year
        assert figures["interviews"]["total"] > 0, year


def test_second_run_adds_nothing(loaded):
    before = _row_counts()
    out = StringIO()

    call_command("load_demo", stdout=out)

    assert "Demo data already loaded." in out.getvalue()
    assert _row_counts() == before


def test_demo_social_worker_logs_in_and_opens_a_household(loaded, client):
    # The password documented in the README for every demo login, typed on the login page.
    response = client.post(
        reverse("accounts:login"), {"username": "ts.paris", "password": "Clef-de-France-2026"}
    )
    assert response.status_code == 302
    household = Household.objects.filter(site__code="paris", status=Status.FOLLOWED_UP).first()

    response = client.get(reverse("households:detail", kwargs={"pk": household.pk}))

    assert response.status_code == 200
    assert household.reference in response.content.decode()
