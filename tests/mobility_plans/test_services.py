import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from households.funnel import household_transition
from households.models import Status
from interviews.models import Interview
from interviews.services import InterviewRuleError
from mobility_plans import services
from mobility_plans.models import (
    HousingObtained,
    Lever,
    MobilityPlan,
    PlanStatus,
    PlanStep,
    Relocation,
)
from mobility_plans.selectors import plan_active_for_household, relocation_list
from mobility_plans.services import PlanRuleError
from mobility_plans.signals import relocation_recorded
from territories.models import Departement, Region
from tests.factories import make_household, make_person
from tests.interviews.builders import (
    days_ago,
    plan_data,
    record_diagnostic,
    record_plan_interview,
    signed_plan,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are matched in the source language."""
    with translation.override("en"):
        yield


def _relocate(plan, by, departement="35", **overrides):
    fields = {
        "moved_on": days_ago(1),
        "commune": "Rennes",
        "departement": Departement.objects.get(code=departement),
        "lever_used": Lever.EMPLOYMENT,
        "housing_obtained": HousingObtained.SOCIAL,
        "job_or_training": "Cariste, CDI",
        "persons": list(plan.household.members.all()),
    }
    fields.update(overrides)
    return services.relocation_record(plan=plan, by=by, **fields)


def test_one_active_plan_per_household(household, person, social_worker):
    first = signed_plan(household=household, by=social_worker)

    with pytest.raises(InterviewRuleError, match="already has an active"):
        record_plan_interview(household=household, by=social_worker, held_on=days_ago(2))

    assert list(MobilityPlan.objects.all()) == [first]
    # The refused plan interview left no interview behind either.
    assert Interview.objects.count() == 2
    assert plan_active_for_household(household=household) == first


def test_the_database_refuses_a_second_active_plan(household, person, social_worker):
    signed_plan(household=household, by=social_worker)

    with pytest.raises(IntegrityError), transaction.atomic():
        MobilityPlan.objects.create(
            household=household, lever=Lever.HOUSING, created_by=social_worker
        )


def test_abandon_keeps_history_and_allows_a_new_plan(household, person, social_worker):
    first = signed_plan(household=household, by=social_worker)

    services.plan_abandon(
        plan=first, by=social_worker, reason="Le ménage préfère attendre", abandoned_on=days_ago(3)
    )
    second = record_plan_interview(
        household=household, by=social_worker, held_on=days_ago(2), lever=Lever.HOUSING
    )

    first.refresh_from_db()
    assert first.status == PlanStatus.ABANDONED
    assert first.abandon_reason == "Le ménage préfère attendre"
    assert first.steps.count() == 2  # its steps and targets stay with it
    assert plan_active_for_household(household=household) == second
    assert set(household.mobility_plans.all()) == {first, second}


def test_abandon_needs_a_reason(household, person, social_worker):
    plan = signed_plan(household=household, by=social_worker)

    with pytest.raises(PlanRuleError, match="Explain"):
        services.plan_abandon(plan=plan, by=social_worker, reason="  ")

    plan.refresh_from_db()
    assert plan.status == PlanStatus.SIGNED


def test_signing_a_draft_moves_household_to_plan_signed(household, person, social_worker):
    record_diagnostic(household=household, by=social_worker)
    plan = record_plan_interview(household=household, by=social_worker, held_on=days_ago(10))

    services.plan_sign(plan=plan, by=social_worker, signed_on=days_ago(4))

    plan.refresh_from_db()
    household.refresh_from_db()
    assert plan.status == PlanStatus.SIGNED
    assert household.status == Status.PLAN_SIGNED
    with pytest.raises(PlanRuleError):
        services.plan_sign(plan=plan, by=social_worker, signed_on=days_ago(1))


def test_a_plan_cannot_be_signed_before_its_interview(household, person, social_worker):
    record_diagnostic(household=household, by=social_worker)
    plan = record_plan_interview(household=household, by=social_worker, held_on=days_ago(5))

    with pytest.raises(PlanRuleError):
        services.plan_sign(plan=plan, by=social_worker, signed_on=days_ago(6))


def test_plan_targets_lie_outside_ile_de_france(household, person, social_worker):
    record_diagnostic(household=household, by=social_worker)
    data = plan_data(household, targets=[{"region": Region.objects.get(code="11")}])
    with pytest.raises(PlanRuleError, match="outside"):
        services.plan_create(household=household, by=social_worker, **data)

    wrong = plan_data(
        household,
        targets=[
            {
                "region": Region.objects.get(code="53"),
                "departement": Departement.objects.get(code="69"),
            }
        ],
    )
    with pytest.raises(PlanRuleError):
        services.plan_create(household=household, by=social_worker, **wrong)
    assert not MobilityPlan.objects.exists()


def test_relocation_needs_a_signed_plan(household, person, social_worker):
    record_diagnostic(household=household, by=social_worker)
    draft = record_plan_interview(household=household, by=social_worker)

    with pytest.raises(PlanRuleError, match="signed"):
        _relocate(draft, social_worker)

    draft.refresh_from_db()
    household.refresh_from_db()
    assert draft.status == PlanStatus.DRAFT
    assert household.status == Status.DIAGNOSED
    assert not Relocation.objects.exists()


def test_relocation_realises_the_plan_and_relocates_the_household(household, person, social_worker):
    plan = signed_plan(household=household, by=social_worker)

    relocation = _relocate(plan, social_worker, moved_on=days_ago(2))

    plan.refresh_from_db()
    household.refresh_from_db()
    assert plan.status == PlanStatus.REALISED
    assert household.status == Status.RELOCATED
    assert household.status_changes.get(to_status=Status.RELOCATED).occurred_on == days_ago(2)
    assert list(relocation.persons.all()) == [person]
    assert relocation.idf_override_reason == ""
    assert plan_active_for_household(household=household) is None
    with pytest.raises(PlanRuleError):
        _relocate(plan, social_worker)


def test_relocation_inside_ile_de_france_is_refused_to_a_social_worker(
    household, person, social_worker
):
    plan = signed_plan(household=household, by=social_worker)

    with pytest.raises(PlanRuleError, match="outside Île-de-France"):
        _relocate(plan, social_worker, departement="93", idf_override_reason="Emploi trouvé")

    plan.refresh_from_db()
    assert plan.status == PlanStatus.SIGNED
    assert not Relocation.objects.exists()


def test_coordinator_may_allow_ile_de_france_with_a_reason(
    household, person, social_worker, coordinator
):
    plan = signed_plan(household=household, by=social_worker)

    with pytest.raises(PlanRuleError, match="Explain"):
        _relocate(plan, coordinator, departement="93")

    relocation = _relocate(
        plan, coordinator, departement="93", idf_override_reason="CDI signé à Saint-Denis"
    )
    assert relocation.idf_override_reason == "CDI signé à Saint-Denis"
    household.refresh_from_db()
    assert household.status == Status.RELOCATED


def test_relocation_of_a_household_on_hold_is_refused_and_writes_nothing(
    household, person, social_worker
):
    plan = signed_plan(household=household, by=social_worker)
    household_transition(
        household=household, to_status=Status.ON_HOLD, by=social_worker, comment="Attente"
    )

    with pytest.raises(PlanRuleError):
        _relocate(plan, social_worker)

    plan.refresh_from_db()
    assert plan.status == PlanStatus.SIGNED
    assert not Relocation.objects.exists()


def test_relocation_needs_who_moved(household, person, social_worker):
    plan = signed_plan(household=household, by=social_worker)
    with pytest.raises(PlanRuleError, match="who moved"):
        _relocate(plan, social_worker, persons=[])


def test_steps_are_ticked_and_unticked(household, person, social_worker):
    plan = signed_plan(household=household, by=social_worker)
    step = plan.steps.first()

    services.plan_step_set_done(step=step, by=social_worker, done=True)
    step.refresh_from_db()
    assert step.is_done

    services.plan_step_set_done(step=step, by=social_worker, done=False)
    step.refresh_from_db()
    assert step.done_on is None


def test_steps_of_a_realised_plan_are_frozen(household, person, social_worker):
    plan = signed_plan(household=household, by=social_worker)
    _relocate(plan, social_worker)

    with pytest.raises(PlanRuleError):
        services.plan_step_set_done(step=plan.steps.first(), by=social_worker, done=True)
    plan.refresh_from_db()
    with pytest.raises(PlanRuleError):
        services.plan_step_add(plan=plan, by=social_worker, action="Encore une")
    assert PlanStep.objects.filter(plan=plan).count() == 2


def test_relocation_list_is_scoped_and_runs_one_query(
    site_a, site_b, social_worker, social_worker_b, director, django_assert_num_queries
):
    def relocated(site, worker, n):
        for _ in range(n):
            household = make_household(site=site, by=worker, social_worker=worker)
            make_person(household=household, by=worker)
            _relocate(signed_plan(household=household, by=worker), worker)

    relocated(site_a, social_worker, 1)
    relocated(site_b, social_worker_b, 1)

    assert relocation_list(user=social_worker).count() == 1
    assert relocation_list(user=director).count() == 2

    for extra in (0, 3):
        relocated(site_a, social_worker, extra)
        with django_assert_num_queries(1):
            rows = [
                (r.household.site.name, r.departement.region.name)
                for r in relocation_list(user=director)
            ]
        assert len(rows) == 2 + extra


def test_a_relocation_says_whether_it_is_entered_as_history(household, person, social_worker):
    heard = []

    def listen(sender, *, relocation, by, historical, **kwargs):
        heard.append((relocation.pk, historical))

    relocation_recorded.connect(listen, dispatch_uid="test_listen_historical")
    try:
        plan = signed_plan(household=household, by=social_worker)
        relocation = _relocate(plan, social_worker, moved_on=days_ago(5), historical=True)
    finally:
        relocation_recorded.disconnect(dispatch_uid="test_listen_historical")

    assert heard == [(relocation.pk, True)]


def test_a_relocation_is_not_history_by_default(household, person, social_worker):
    heard = []

    def listen(sender, *, historical, **kwargs):
        heard.append(historical)

    relocation_recorded.connect(listen, dispatch_uid="test_listen_default")
    try:
        _relocate(signed_plan(household=household, by=social_worker), social_worker)
    finally:
        relocation_recorded.disconnect(dispatch_uid="test_listen_default")

    assert heard == [False]
