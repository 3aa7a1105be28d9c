import threading

import pytest
from django.db import connection
from django.utils import translation

from households.models import Household
from tests.factories import make_person
from workshops import services
from workshops.models import RegistrationStatus, WorkshopRegistration

from .conftest import make_family, make_workshop


def test_household_registration_takes_one_seat_per_member(site_a, coordinator):
    workshop = make_workshop(site=site_a, by=coordinator, capacity=3)
    family = make_family(site=site_a, by=coordinator, last_name="Rahimi", size=3)

    created = services.workshop_register_household(
        workshop=workshop, household=family, by=coordinator
    )

    assert len(created) == 3
    assert {r.status for r in created} == {RegistrationStatus.REGISTERED}


def test_full_workshop_refuses_with_a_clear_message_and_writes_nothing(site_a, coordinator):
    workshop = make_workshop(site=site_a, by=coordinator, capacity=2)
    family = make_family(site=site_a, by=coordinator, last_name="Rahimi", size=3)

    with translation.override("en"), pytest.raises(services.SessionFullError) as error:
        services.workshop_register_household(workshop=workshop, household=family, by=coordinator)

    assert error.value.message.startswith("The session is full: 2 seat(s) left for 3 person(s).")
    assert not WorkshopRegistration.objects.exists()


def test_full_workshop_puts_the_household_on_the_waiting_list_when_asked(site_a, coordinator):
    workshop = make_workshop(site=site_a, by=coordinator, capacity=1)
    first = make_family(site=site_a, by=coordinator, last_name="Rahimi", size=1)
    second = make_family(site=site_a, by=coordinator, last_name="Diallo", size=2)
    services.workshop_register_household(workshop=workshop, household=first, by=coordinator)

    waiting = services.workshop_register_household(
        workshop=workshop, household=second, by=coordinator, waiting_list=True
    )

    assert {r.status for r in waiting} == {RegistrationStatus.WAITING_LIST}


def test_a_freed_seat_goes_to_the_first_on_the_waiting_list(site_a, coordinator):
    workshop = make_workshop(site=site_a, by=coordinator, capacity=1)
    seated = make_family(site=site_a, by=coordinator, last_name="Rahimi", size=1)
    early = make_family(site=site_a, by=coordinator, last_name="Diallo", size=1)
    late = make_family(site=site_a, by=coordinator, last_name="Sow", size=1)
    (seat,) = services.workshop_register_household(
        workshop=workshop, household=seated, by=coordinator
    )
    (first_waiting,) = services.workshop_register_household(
        workshop=workshop, household=early, by=coordinator, waiting_list=True
    )
    services.workshop_register_household(
        workshop=workshop, household=late, by=coordinator, waiting_list=True
    )

    promoted = services.session_registration_remove(registration=seat, by=coordinator)

    assert [r.pk for r in promoted] == [first_waiting.pk]
    first_waiting.refresh_from_db()
    assert first_waiting.status == RegistrationStatus.REGISTERED


def test_registering_twice_is_refused(workshop, coordinator, person):
    services.workshop_register_person(workshop=workshop, person=person, by=coordinator)

    with pytest.raises(services.WorkshopRuleError):
        services.workshop_register_person(workshop=workshop, person=person, by=coordinator)


def test_household_registration_skips_members_already_registered(workshop, coordinator, household):
    head = make_person(household=household, by=coordinator)
    services.workshop_register_person(workshop=workshop, person=head, by=coordinator)
    make_person(household=household, by=coordinator, first_name="Omar", relation="child")

    created = services.workshop_register_household(
        workshop=workshop, household=household, by=coordinator
    )

    assert [r.person.first_name for r in created] == ["Omar"]


def test_capacity_below_the_seats_taken_is_refused(site_a, coordinator):
    workshop = make_workshop(site=site_a, by=coordinator, capacity=3)
    family = make_family(site=site_a, by=coordinator, last_name="Rahimi", size=3)
    services.workshop_register_household(workshop=workshop, household=family, by=coordinator)

    with pytest.raises(services.WorkshopRuleError) as error:
        services.workshop_update(workshop=workshop, by=coordinator, capacity=2)

    assert "3" in error.value.message


def test_more_capacity_seats_the_waiting_list(site_a, coordinator):
    workshop = make_workshop(site=site_a, by=coordinator, capacity=1)
    services.workshop_register_household(
        workshop=workshop,
        household=make_family(site=site_a, by=coordinator, last_name="Rahimi", size=1),
        by=coordinator,
    )
    (waiting,) = services.workshop_register_household(
        workshop=workshop,
        household=make_family(site=site_a, by=coordinator, last_name="Diallo", size=1),
        by=coordinator,
        waiting_list=True,
    )

    services.workshop_update(workshop=workshop, by=coordinator, capacity=2)

    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.REGISTERED


def test_register_view_offers_the_waiting_list_when_full(client_for, site_a, coordinator):
    workshop = make_workshop(site=site_a, by=coordinator, capacity=1)
    seated = make_family(site=site_a, by=coordinator, last_name="Rahimi", size=1)
    services.workshop_register_household(workshop=workshop, household=seated, by=coordinator)
    late = make_family(site=site_a, by=coordinator, last_name="Diallo", size=1)
    client = client_for(coordinator)
    url = f"/workshops/{workshop.pk}/register/"

    response = client.post(url, {"household": late.pk})

    assert response.status_code == 200
    assert 'name="waiting_list" value="1"' in response.content.decode()
    response = client.post(url, {"household": late.pk, "waiting_list": "1"})
    assert response.status_code == 302
    assert WorkshopRegistration.objects.get(person__household=late).status == "waiting_list"


def test_register_view_refuses_a_household_outside_the_users_sites(
    client_for, workshop, coordinator, social_worker_b, site_b
):
    other = make_family(site=site_b, by=social_worker_b, last_name="Dupont", size=1)

    response = client_for(coordinator).post(
        f"/workshops/{workshop.pk}/register/", {"household": other.pk}
    )

    assert response.status_code == 404
    assert not WorkshopRegistration.objects.exists()


def test_search_finds_only_households_of_the_users_sites(
    client_for, workshop, coordinator, site_a, site_b, social_worker_b
):
    mine = make_family(site=site_a, by=coordinator, last_name="Haidari", size=1)
    theirs = make_family(site=site_b, by=social_worker_b, last_name="Haidari", size=1)

    response = client_for(coordinator).get(
        f"/workshops/{workshop.pk}/register/search/", {"q": "haidari"}
    )

    body = response.content.decode()
    assert mine.reference in body
    assert theirs.reference not in body


@pytest.mark.django_db(transaction=True)
def test_two_registrations_for_the_last_seat_give_it_to_exactly_one(
    site_a, coordinator, social_worker
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks: SQLite serialises every write anyway")
    workshop = make_workshop(site=site_a, by=coordinator, capacity=1)
    first = make_family(site=site_a, by=coordinator, last_name="Rahimi", size=1)
    second = make_family(site=site_a, by=social_worker, last_name="Diallo", size=1)
    start = threading.Barrier(2)
    outcomes = []

    def register(household: Household, user):
        try:
            start.wait(timeout=10)
            services.workshop_register_household(workshop=workshop, household=household, by=user)
            outcomes.append("seat")
        except services.SessionFullError:
            outcomes.append("full")
        finally:
            connection.close()  # each thread opened its own connection

    threads = [
        threading.Thread(target=register, args=(first, coordinator)),
        threading.Thread(target=register, args=(second, social_worker)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["full", "seat"]
    assert (
        WorkshopRegistration.objects.filter(
            workshop=workshop, status=RegistrationStatus.REGISTERED
        ).count()
        == 1
    )


def _messages(response) -> list[tuple[str, str]]:
    # Followed to the page that shows them, so each response holds only its own messages.
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


def test_register_view_names_who_is_registered_and_who_waits(client_for, site_a, coordinator):
    workshop = make_workshop(site=site_a, by=coordinator, capacity=2)
    seated = make_family(site=site_a, by=coordinator, last_name="Rahimi", size=2)
    late = make_family(site=site_a, by=coordinator, last_name="Diallo", size=1)
    client = client_for(coordinator)
    url = f"/workshops/{workshop.pk}/register/"

    registered = client.post(url, {"household": seated.pk}, follow=True)
    waiting = client.post(url, {"household": late.pk, "waiting_list": "1"}, follow=True)

    assert registered.redirect_chain == [(url, 302)]
    assert _messages(registered) == [("success", "Inscrits\u00a0: Parent Rahimi, Enfant1 Rahimi.")]
    assert _messages(waiting) == [("warning", "Sur liste d’attente\u00a0: Parent Diallo.")]


def test_register_view_says_why_a_registration_is_refused(client_for, workshop, coordinator):
    family = make_family(site=workshop.site, by=coordinator, last_name="Rahimi", size=1)
    client = client_for(coordinator)
    url = f"/workshops/{workshop.pk}/register/"
    client.post(url, {"household": family.pk}, follow=True)

    response = client.post(url, {"household": family.pk}, follow=True)

    assert response.status_code == 200
    assert _messages(response) == [("error", "Déjà inscrit à cette séance.")]


def test_removing_a_seated_person_names_who_was_given_the_seat(client_for, site_a, coordinator):
    workshop = make_workshop(site=site_a, by=coordinator, capacity=1)
    (seat,) = services.workshop_register_household(
        workshop=workshop,
        household=make_family(site=site_a, by=coordinator, last_name="Rahimi", size=1),
        by=coordinator,
    )
    services.workshop_register_household(
        workshop=workshop,
        household=make_family(site=site_a, by=coordinator, last_name="Diallo", size=1),
        by=coordinator,
        waiting_list=True,
    )

    response = client_for(coordinator).post(
        f"/workshops/registrations/{seat.pk}/remove/", follow=True
    )

    assert response.redirect_chain == [(f"/workshops/{workshop.pk}/register/", 302)]
    assert _messages(response) == [
        ("success", "Parent Rahimi retiré(e)."),
        ("info", "Place attribuée depuis la liste d’attente\u00a0: Parent Diallo."),
    ]
