import itertools
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from households.models import FUNNEL, Household, Person, ReferenceCounter, Relation, StatusChange
from households.transitions import funnel_rank
from mobility_plans.models import MobilityPlan, Relocation

pytestmark = pytest.mark.django_db

REACHED_A_MOVE = ("relocated", "followed_up", "closed")


def generate(households=40, seed=7):
    out = StringIO()
    call_command("generate_dataset", households=households, seed=seed, stdout=out)
    return out.getvalue()


def names(households):
    return [
        list(h.members.order_by("id").values_list("first_name", "last_name", "birth_date"))
        for h in households
    ]


def test_generates_the_households_asked_for_with_their_members():
    output = generate()

    assert Household.objects.count() == 40
    assert Person.objects.count() >= 40
    assert "Generated 40 households" in output
    heads = Person.objects.filter(relation=Relation.HEAD)
    assert heads.count() == 40
    assert heads.values("household").distinct().count() == 40
    for household in Household.objects.prefetch_related("members"):
        names_in_search = household.search_text
        assert household.reference.lower() in names_in_search
        for person in household.members.all():
            assert person.normalized_name in names_in_search


def test_references_are_unique_per_year_and_the_counters_follow():
    generate()

    references = list(Household.objects.values_list("reference", "referral_date"))
    assert len({ref for ref, _day in references}) == 40
    for reference, day in references:
        assert reference.startswith(f"CDF-{day.year}-")
    for counter in ReferenceCounter.objects.all():
        numbers = [
            int(ref.rsplit("-", 1)[1]) for ref, day in references if day.year == counter.year
        ]
        assert counter.last_number == max(numbers)


def test_status_history_follows_the_funnel_in_date_order():
    generate()

    changes = {}
    for change in StatusChange.objects.order_by("occurred_on", "id"):
        changes.setdefault(change.household_id, []).append(change)
    for household in Household.objects.all():
        history = changes[household.pk]
        assert history[0].to_status == "referred"
        assert history[-1].to_status == household.status
        dates = [c.occurred_on for c in history]
        assert dates == sorted(dates)
        assert dates[0] >= household.referral_date
        on_the_funnel = [c.to_status for c in history if c.to_status in FUNNEL]
        ranks = [funnel_rank(s) for s in on_the_funnel]
        assert ranks == sorted(ranks) and len(set(ranks)) == len(ranks)
        # Withdrawn and on hold only ever end the history.
        assert all(c.to_status in FUNNEL for c in history[:-1])
        for previous, change in itertools.pairwise(history):
            assert change.from_status == previous.to_status


def test_each_relocated_household_has_its_move_and_a_realised_plan():
    generate()

    moved = Household.objects.filter(status__in=REACHED_A_MOVE)
    assert moved.exists(), "40 households over 20 years include some moves"
    for household in moved:
        relocation = Relocation.objects.get(household=household)
        assert relocation.plan.status == "realised"
        assert relocation.plan.signed_on <= relocation.moved_on
        assert relocation.persons.exists()
    assert not Relocation.objects.exclude(household__status__in=REACHED_A_MOVE).exists()
    signed = Household.objects.filter(status="plan_signed")
    for household in signed:
        assert MobilityPlan.objects.filter(household=household, status="signed").exists()


def test_the_same_seed_gives_the_same_households():
    generate(seed=7)
    first = names(Household.objects.order_by("id"))
    generate(seed=7)
    second = names(Household.objects.order_by("id")[40:])
    generate(seed=8)
    other = names(Household.objects.order_by("id")[80:])

    assert first == second
    assert first != other
    assert Household.objects.count() == 120  # a second run adds, with fresh references


@pytest.mark.parametrize("households", [0, -3])
def test_refuses_a_number_of_households_that_is_not_positive(households):
    with pytest.raises(CommandError, match="positive"):
        generate(households=households)
    assert not Household.objects.exists()
