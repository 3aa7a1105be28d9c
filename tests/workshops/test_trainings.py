import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partners.models import PartnerKind
from reporting import indicators
from tests.factories import PartnerFactory
from workshops import services
from workshops.models import Attendance, ProfessionalTraining, RegistrationStatus

from .test_sheets import _pdf_text


def make_training(*, site, by, capacity=10, date=None):
    return services.training_create(
        by=by,
        site=site,
        date=date or timezone.localdate(),
        duration_hours=Decimal("3.5"),
        topic="Accompagner vers la mobilité",
        place="Siège",
        capacity=capacity,
    )


def test_coordinator_schedules_a_training(client_for, coordinator, site_a):
    response = client_for(coordinator).post(
        "/workshops/trainings/new/",
        {
            "site": site_a.pk,
            "date": timezone.localdate().isoformat(),
            "duration_hours": "6",
            "topic": "La mobilité géographique",
            "place": "Salle A",
            "capacity": "15",
            "trainers": [coordinator.pk],
        },
    )

    training = ProfessionalTraining.objects.get()
    assert response["Location"] == training.get_absolute_url()
    assert training.duration_hours == Decimal("6")


def test_coordinator_changes_a_training_but_never_its_site(client_for, coordinator, site_a, site_b):
    training = make_training(site=site_a, by=coordinator)
    response = client_for(coordinator).post(
        f"/workshops/trainings/{training.pk}/edit/",
        {
            "site": site_b.pk,
            "date": training.date.isoformat(),
            "duration_hours": "7",
            "topic": training.topic,
            "place": training.place,
            "capacity": "12",
            "trainers": [coordinator.pk],
            "version": training.version,
        },
    )

    assert response["Location"] == training.get_absolute_url()
    training.refresh_from_db()
    assert training.duration_hours == Decimal("7")
    assert training.site == site_a
    assert list(training.trainers.all()) == [coordinator]


def test_a_new_professional_is_added_and_registered_at_once(client_for, coordinator, site_a):
    training = make_training(site=site_a, by=coordinator)
    centre = PartnerFactory(name="CADA des Lilas")

    response = client_for(coordinator).post(
        f"/workshops/trainings/{training.pk}/register/",
        {"name": "Lina Morel", "organisation": centre.pk, "job_title": "Éducatrice"},
    )

    assert response.status_code == 302
    registration = training.registrations.get()
    assert registration.trainee.organisation == centre
    assert registration.status == RegistrationStatus.REGISTERED


def test_a_full_training_refuses_then_takes_the_waiting_list(coordinator, site_a):
    training = make_training(site=site_a, by=coordinator, capacity=1)
    first, second = (
        services.trainee_create(by=coordinator, name=name, organisation=PartnerFactory())
        for name in ("Lina Morel", "Paul Ribeiro")
    )
    services.training_register_trainee(training=training, trainee=first, by=coordinator)

    with pytest.raises(services.SessionFullError):
        services.training_register_trainee(training=training, trainee=second, by=coordinator)
    waiting = services.training_register_trainee(
        training=training, trainee=second, by=coordinator, waiting_list=True
    )
    assert waiting.status == RegistrationStatus.WAITING_LIST


def test_training_attendance_redraws_the_row(client_for, coordinator, site_a):
    training = make_training(site=site_a, by=coordinator)
    trainee = services.trainee_create(by=coordinator, name="Lina", organisation=PartnerFactory())
    registration = services.training_register_trainee(
        training=training, trainee=trainee, by=coordinator
    )

    response = client_for(coordinator).post(
        f"/workshops/trainings/registrations/{registration.pk}/attendance/",
        {"attendance": "present"},
        headers={"HX-Request": "true"},
    )

    assert 'data-attendance="present"' in response.content.decode()
    registration.refresh_from_db()
    assert registration.attendance == Attendance.PRESENT


def test_training_sheet_lists_every_trainee(client_for, coordinator, site_a):
    training = make_training(site=site_a, by=coordinator)
    for name in ("Lina Morel", "Paul Ribeiro", "Sonia Benali"):
        trainee = services.trainee_create(by=coordinator, name=name, organisation=PartnerFactory())
        services.training_register_trainee(training=training, trainee=trainee, by=coordinator)

    response = client_for(coordinator).get(f"/workshops/trainings/{training.pk}/sheet/")

    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content)
    for name in ("Lina Morel", "Paul Ribeiro", "Sonia Benali"):
        assert name in text


def test_another_sites_training_is_404(client_for, coordinator, coordinator_b, site_b):
    theirs = make_training(site=site_b, by=coordinator_b)

    assert client_for(coordinator).get(f"/workshops/trainings/{theirs.pk}/").status_code == 404


def test_training_indicators_count_professionals_hours_and_reception_centres(coordinator, site_a):
    today = timezone.localdate()
    training = make_training(site=site_a, by=coordinator)
    other = make_training(site=site_a, by=coordinator)
    centre = PartnerFactory(kind=PartnerKind.RECEPTION_CENTRE)
    employer = PartnerFactory(kind=PartnerKind.EMPLOYER)
    for session in (training, other):
        for organisation in (centre, employer):
            trainee = services.trainee_create(
                by=coordinator, name=f"Pro {organisation.pk}", organisation=organisation
            )
            registration = services.training_register_trainee(
                training=session, trainee=trainee, by=coordinator
            )
            if session is training:
                services.training_record_attendance(
                    registration=registration, attendance=Attendance.PRESENT, by=coordinator
                )

    scope = indicators.make_scope(period_start=today - datetime.timedelta(days=1), period_end=today)
    figures = indicators.training_indicators(scope)
    centres = indicators.reception_centre_indicators(scope)

    assert figures["professionals"] == 2
    assert centres["training"] == 1
    assert figures["sessions"] == 1
    assert figures["hours"] == Decimal("3.5")


def test_training_list_queries_do_not_grow(client_for, coordinator, site_a):
    client = client_for(coordinator)
    make_training(site=site_a, by=coordinator)
    client.get("/workshops/trainings/")

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get("/workshops/trainings/")
        return len(queries)

    small = count()
    for _n in range(4):
        training = make_training(site=site_a, by=coordinator)
        trainee = services.trainee_create(by=coordinator, name="X", organisation=PartnerFactory())
        services.training_register_trainee(training=training, trainee=trainee, by=coordinator)
    assert count() == small


def _messages(response) -> list[tuple[str, str]]:
    # Followed to the page that shows them, so each response holds only its own messages.
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


def test_a_professional_of_the_directory_is_registered_or_offered_the_waiting_list(
    client_for, coordinator, site_a
):
    training = make_training(site=site_a, by=coordinator, capacity=1)
    first, second = (
        services.trainee_create(by=coordinator, name=name, organisation=PartnerFactory())
        for name in ("Lina Morel", "Paul Ribeiro")
    )
    client = client_for(coordinator)
    url = f"/workshops/trainings/{training.pk}/register/"

    registered = client.post(url, {"trainee": first.pk}, follow=True)
    full = client.post(url, {"trainee": second.pk})
    waiting = client.post(url, {"trainee": second.pk, "waiting_list": "1"}, follow=True)

    assert registered.redirect_chain == [(url, 302)]
    assert _messages(registered) == [("success", "Inscrit(e)\u00a0: Lina Morel.")]
    assert full.status_code == 200
    assert f'name="trainee" value="{second.pk}"' in full.content.decode()
    assert _messages(waiting) == [("warning", "Sur liste d’attente\u00a0: Paul Ribeiro.")]


def test_a_new_professional_for_a_full_training_is_told_without_a_waiting_list_button(
    client_for, coordinator, site_a
):
    training = make_training(site=site_a, by=coordinator, capacity=1)
    seated = services.trainee_create(by=coordinator, name="Paul", organisation=PartnerFactory())
    services.training_register_trainee(training=training, trainee=seated, by=coordinator)
    centre = PartnerFactory(name="CADA des Lilas")

    response = client_for(coordinator).post(
        f"/workshops/trainings/{training.pk}/register/",
        {"name": "Lina Morel", "organisation": centre.pk},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "La séance est complète" in body
    assert 'name="waiting_list"' not in body
    assert training.registrations.get().trainee == seated
