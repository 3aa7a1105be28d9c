"""Professional trainings for the staff of partner organisations, and the trainees' directory."""

from django.db import transaction

from core.rules import check_fields

from .models import ProfessionalTraining, Trainee, TraineeRegistration
from .session_services import (
    SESSION_FIELDS,
    attendance_record,
    check_model,
    seats_book,
    session_create,
    session_update,
)
from .signals import session_saved

TRAINING_FIELDS = (*SESSION_FIELDS, "duration_hours")
TRAINING_M2M = ("trainers",)
TRAINEE_FIELDS = ("name", "organisation", "job_title", "email")


@transaction.atomic
def training_create(*, by, trainers=(), **fields) -> ProfessionalTraining:
    """Schedule a training for professionals of partner organisations."""
    training = session_create(
        ProfessionalTraining,
        by=by,
        fields=fields,
        allowed=TRAINING_FIELDS,
        m2m={"trainers": trainers},
    )
    session_saved.send(sender=ProfessionalTraining, session=training, by=by)
    return training


@transaction.atomic
def training_update(
    *, training: ProfessionalTraining, by, expected_version: int | None = None, **fields
) -> ProfessionalTraining:
    """Change a training; refused below the seats already taken, and when someone saved it
    since the form was opened on `expected_version` (StaleEditError)."""
    training = session_update(
        training,
        by=by,
        fields=fields,
        allowed=TRAINING_FIELDS,
        m2m_names=TRAINING_M2M,
        expected_version=expected_version,
    )
    session_saved.send(sender=ProfessionalTraining, session=training, by=by)
    return training


@transaction.atomic
def trainee_create(*, by, **fields) -> Trainee:
    """Add a professional to the trainees' directory."""
    check_fields(fields, TRAINEE_FIELDS)
    trainee = Trainee(**fields)
    check_model(trainee)
    trainee.save()
    return trainee


@transaction.atomic
def training_register_trainee(
    *, training: ProfessionalTraining, trainee: Trainee, by, waiting_list: bool = False
) -> TraineeRegistration:
    """Register a professional; SessionFullError when full unless `waiting_list`."""
    return seats_book(training, attendees=[trainee], by=by, waiting_list=waiting_list)[0]


@transaction.atomic
def training_record_attendance(
    *, registration: TraineeRegistration, attendance: str, by
) -> TraineeRegistration:
    """Record whether a professional came to the training."""
    attendance_record([registration], attendance=attendance, by=by)
    return registration
