import datetime

from django.utils import timezone

from tests.access import (
    COORDINATE_OBJECT_OF_SITE_A,
    LOGIN,
    READ_ALL,
    READ_OBJECT_OF_SITE_A,
    REFUSE_COORDINATION_OF_SITE_A,
    REFUSE_WRITE_OF_SITE_A,
    WRITE_OBJECT_OF_SITE_A,
    Rule,
    expect,
)
from tests.factories import PartnerFactory
from workshops import services

# Only coordinators (and administrators) schedule workshops and trainings.
COORDINATORS_ONLY = expect(
    200,
    anonymous=LOGIN,
    social_worker=403,
    social_worker_other_site=403,
    director=403,
    auditor=403,
)
REFUSE_UNLESS_COORDINATOR = {
    role: (None if status == 200 else status) for role, status in COORDINATORS_ONLY.items()
}
POST_ONLY = expect(405, anonymous=LOGIN)
# The world's sessions have no signed sheet yet: readers get 404, outsiders never reach it.
NO_SHEET_YET = expect(404, anonymous=LOGIN)


def workshop(world):
    return {"pk": world.workshop.pk}


def workshop_household(world):
    return {"pk": world.workshop.pk, "household_pk": world.household.pk}


def registration(world):
    return {"pk": world.workshop_registration.pk}


def training(world):
    return {"pk": world.training.pk}


def trainee_registration(world):
    return {"pk": world.trainee_registration.pk}


def build(world):
    coordinator = world.users["coordinator"]
    world.workshop = services.workshop_create(
        by=coordinator,
        site=world.site_a,
        date=timezone.localdate(),
        start_time=datetime.time(9, 30),
        end_time=datetime.time(12, 0),
        place="Salle 1",
        capacity=10,
        topic="Vivre et travailler en Bretagne",
        language="français",
    )
    world.workshop_registration = services.workshop_register_person(
        workshop=world.workshop, person=world.person, by=coordinator
    )
    world.training = services.training_create(
        by=coordinator,
        site=world.site_a,
        date=timezone.localdate(),
        duration_hours=3,
        topic="Présenter la mobilité géographique",
        place="Salle 2",
        capacity=12,
    )
    trainee = services.trainee_create(
        by=coordinator, name="Lina Morel", organisation=PartnerFactory()
    )
    world.trainee_registration = services.training_register_trainee(
        training=world.training, trainee=trainee, by=coordinator
    )


RULES = [
    Rule("workshops:list", get=READ_ALL),
    Rule("workshops:calendar", get=READ_ALL),
    Rule("workshops:no_shows", get=READ_ALL),
    Rule("workshops:create", get=COORDINATORS_ONLY, post=REFUSE_UNLESS_COORDINATOR),
    Rule("workshops:detail", get=READ_OBJECT_OF_SITE_A, kwargs=workshop),
    Rule(
        "workshops:update",
        get=COORDINATE_OBJECT_OF_SITE_A,
        post=REFUSE_COORDINATION_OF_SITE_A,
        kwargs=workshop,
    ),
    Rule(
        "workshops:cancel",
        get=COORDINATE_OBJECT_OF_SITE_A,
        post=REFUSE_COORDINATION_OF_SITE_A,
        kwargs=workshop,
    ),
    Rule(
        "workshops:duplicate",
        get=COORDINATE_OBJECT_OF_SITE_A,
        post=REFUSE_COORDINATION_OF_SITE_A,
        kwargs=workshop,
    ),
    Rule(
        "workshops:register",
        get=WRITE_OBJECT_OF_SITE_A,
        post=REFUSE_WRITE_OF_SITE_A,
        kwargs=workshop,
    ),
    Rule("workshops:person_search", get=WRITE_OBJECT_OF_SITE_A, kwargs=workshop),
    Rule("workshops:attendance", get=WRITE_OBJECT_OF_SITE_A, kwargs=workshop),
    Rule(
        "workshops:household_present",
        get=POST_ONLY,
        post=REFUSE_WRITE_OF_SITE_A,
        kwargs=workshop_household,
    ),
    Rule("workshops:sheet", get=READ_OBJECT_OF_SITE_A, kwargs=workshop),
    Rule(
        "workshops:signed_sheet",
        get=WRITE_OBJECT_OF_SITE_A,
        post=REFUSE_WRITE_OF_SITE_A,
        kwargs=workshop,
    ),
    Rule("workshops:signed_sheet_download", get=NO_SHEET_YET, kwargs=workshop),
    Rule(
        "workshops:attendance_mark",
        get=POST_ONLY,
        post=REFUSE_WRITE_OF_SITE_A,
        kwargs=registration,
    ),
    Rule(
        "workshops:registration_remove",
        get=POST_ONLY,
        post=REFUSE_WRITE_OF_SITE_A,
        kwargs=registration,
    ),
    Rule("workshops:training_list", get=READ_ALL),
    Rule("workshops:training_create", get=COORDINATORS_ONLY, post=REFUSE_UNLESS_COORDINATOR),
    Rule("workshops:training_detail", get=READ_OBJECT_OF_SITE_A, kwargs=training),
    Rule(
        "workshops:training_update",
        get=COORDINATE_OBJECT_OF_SITE_A,
        post=REFUSE_COORDINATION_OF_SITE_A,
        kwargs=training,
    ),
    Rule(
        "workshops:training_register",
        get=WRITE_OBJECT_OF_SITE_A,
        post=REFUSE_WRITE_OF_SITE_A,
        kwargs=training,
    ),
    Rule("workshops:training_trainee_search", get=WRITE_OBJECT_OF_SITE_A, kwargs=training),
    Rule("workshops:training_attendance", get=WRITE_OBJECT_OF_SITE_A, kwargs=training),
    Rule("workshops:training_sheet", get=READ_OBJECT_OF_SITE_A, kwargs=training),
    Rule(
        "workshops:training_signed_sheet",
        get=WRITE_OBJECT_OF_SITE_A,
        post=REFUSE_WRITE_OF_SITE_A,
        kwargs=training,
    ),
    Rule("workshops:training_signed_sheet_download", get=NO_SHEET_YET, kwargs=training),
    Rule(
        "workshops:training_attendance_mark",
        get=POST_ONLY,
        post=REFUSE_WRITE_OF_SITE_A,
        kwargs=trainee_registration,
    ),
    Rule(
        "workshops:training_registration_remove",
        get=POST_ONLY,
        post=REFUSE_WRITE_OF_SITE_A,
        kwargs=trainee_registration,
    ),
]
