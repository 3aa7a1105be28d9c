"""Reads of workshops and trainings, always starting from what the user may see."""

import calendar
import datetime
from collections import defaultdict

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from core import dates
from households.models import Household
from households.selectors import household_search

from .models import (
    Attendance,
    ProfessionalTraining,
    RegistrationStatus,
    Trainee,
    TraineeRegistration,
    Workshop,
    WorkshopRegistration,
)

SEARCH_LIMIT = 15


def _with_seats(queryset: QuerySet, registration_model) -> QuerySet:
    """Annotate seats taken and waiting, as subqueries so that joins never double a count."""

    def count(status):
        return Coalesce(
            Subquery(
                registration_model.objects.filter(
                    **{registration_model.session_field: OuterRef("pk")}, status=status
                )
                .order_by()
                .values(registration_model.session_field)
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            ),
            0,
        )

    return queryset.annotate(
        seats_taken=count(RegistrationStatus.REGISTERED),
        waiting_count=count(RegistrationStatus.WAITING_LIST),
    )


# --- workshops -------------------------------------------------------------------------------


def workshop_list(*, user) -> QuerySet[Workshop]:
    """Workshops of the user's sites, with their seats and regions, in a fixed number of queries."""
    return _with_seats(
        Workshop.objects.visible_to(user)
        .select_related("site")
        .prefetch_related("regions_presented"),
        WorkshopRegistration,
    )


def workshop_get_for_user(*, user, pk: int) -> Workshop:
    """The workshop, or 404 when it does not exist or lies outside the user's sites."""
    return get_object_or_404(
        _with_seats(
            Workshop.objects.visible_to(user).select_related("site", "created_by"),
            WorkshopRegistration,
        ),
        pk=pk,
    )


def workshop_registration_get_for_user(*, user, pk: int) -> WorkshopRegistration:
    """A registration, or 404 when its workshop lies outside the user's sites."""
    return get_object_or_404(
        WorkshopRegistration.objects.filter(
            workshop__in=Workshop.objects.visible_to(user)
        ).select_related("workshop", "workshop__site", "person", "person__household"),
        pk=pk,
    )


def workshop_registrations(*, workshop: Workshop) -> QuerySet[WorkshopRegistration]:
    """Everyone registered or waiting, grouped by household, in one query."""
    return workshop.registrations.select_related(
        "person", "person__household", "workshop"
    ).order_by("person__household__reference", "person__birth_date", "person__id")


def workshop_attendance_groups(*, workshop: Workshop) -> list[dict]:
    """Seated registrations by household: what the attendance screen shows, in one query."""
    groups: dict[int, dict] = {}
    for registration in workshop_registrations(workshop=workshop).filter(
        status=RegistrationStatus.REGISTERED
    ):
        household = registration.person.household
        group = groups.setdefault(household.pk, {"household": household, "registrations": []})
        group["registrations"].append(registration)
    return list(groups.values())


def workshop_household_group(*, workshop: Workshop, household: Household) -> dict:
    """One household's seated registrations, for redrawing its block after a change."""
    registrations = list(
        workshop_registrations(workshop=workshop).filter(
            status=RegistrationStatus.REGISTERED, person__household=household
        )
    )
    return {"household": household, "registrations": registrations}


def workshop_person_search(*, user, workshop: Workshop, query: str) -> list[dict]:
    """Households the user may see matching a name or reference, with their members.

    Each member carries whether they are already on this workshop. Three queries whatever
    the number of matches.
    """
    if len(query.strip()) < 2:
        return []
    households = list(
        household_search(Household.objects.visible_to(user), query)
        .select_related("site")
        .prefetch_related("members")
        .order_by("reference")[:SEARCH_LIMIT]
    )
    on_workshop = dict(
        workshop.registrations.filter(person__household__in=households).values_list(
            "person_id", "status"
        )
    )
    return [
        {
            "household": household,
            "members": [
                {"person": person, "status": on_workshop.get(person.pk)}
                for person in household.members.all()
            ],
            "all_registered": all(p.pk in on_workshop for p in household.members.all()),
        }
        for household in households
    ]


def workshop_household_informed(
    *, household: Household, workshop: Workshop
) -> dict[str, WorkshopRegistration | None]:
    """What already informs the household apart from `workshop`, in one query.

    "attended": a member's presence at another awareness workshop (the latest); "upcoming": a
    member's seat at another workshop still ahead and not cancelled (the nearest). Either may
    be None; both None means this registration is the household's first.
    """
    today = dates.today()
    found = list(
        WorkshopRegistration.objects.filter(person__household=household)
        .exclude(workshop=workshop)
        .filter(
            Q(attendance=Attendance.PRESENT)
            | Q(
                status=RegistrationStatus.REGISTERED,
                workshop__date__gte=today,
                workshop__cancelled_at__isnull=True,
            )
        )
        .select_related("workshop")
        .order_by("workshop__date", "id")
    )
    attended = [r for r in found if r.attendance == Attendance.PRESENT]
    upcoming = [r for r in found if r.attendance != Attendance.PRESENT]
    return {
        "attended": attended[-1] if attended else None,
        "upcoming": upcoming[0] if upcoming else None,
    }


def workshop_no_shows(*, user) -> QuerySet[WorkshopRegistration]:
    """Persons absent or excused at a past workshop who have neither come since nor been
    invited again: the list to call back.
    """
    today = dates.today()
    later = WorkshopRegistration.objects.filter(person=OuterRef("person")).filter(
        Q(attendance=Attendance.PRESENT)
        | Q(workshop__date__gte=today, workshop__cancelled_at__isnull=True)
    )
    return (
        WorkshopRegistration.objects.filter(
            workshop__in=Workshop.objects.visible_to(user),
            person__household__in=Household.objects.visible_to(user),
            workshop__date__lt=today,
            workshop__cancelled_at__isnull=True,
            attendance__in=[Attendance.ABSENT, Attendance.EXCUSED],
        )
        .exclude(Exists(later))
        .select_related("person", "person__household", "workshop", "workshop__site")
        .order_by("-workshop__date", "person__household__reference", "person__id")
    )


def workshop_calendar(*, user, year: int, month: int) -> list[list[dict]]:
    """The weeks of a month, each day with its workshops, in one query."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    by_day: dict[datetime.date, list[Workshop]] = defaultdict(list)
    for workshop in (
        Workshop.objects.visible_to(user)
        .filter(date__range=(first, last))
        .select_related("site")
        .order_by("date", "start_time", "id")
    ):
        by_day[workshop.date].append(workshop)
    return [
        [{"date": day, "in_month": day.month == month, "workshops": by_day[day]} for day in week]
        for week in weeks
    ]


# --- trainings -------------------------------------------------------------------------------


def training_list(*, user) -> QuerySet[ProfessionalTraining]:
    """Trainings of the user's sites with their seats, in a fixed number of queries."""
    return _with_seats(
        ProfessionalTraining.objects.visible_to(user).select_related("site"),
        TraineeRegistration,
    )


def training_get_for_user(*, user, pk: int) -> ProfessionalTraining:
    """The training, or 404 when it does not exist or lies outside the user's sites."""
    return get_object_or_404(
        _with_seats(
            ProfessionalTraining.objects.visible_to(user).select_related("site", "created_by"),
            TraineeRegistration,
        ),
        pk=pk,
    )


def trainee_registration_get_for_user(*, user, pk: int) -> TraineeRegistration:
    """A trainee's registration, or 404 when its training lies outside the user's sites."""
    return get_object_or_404(
        TraineeRegistration.objects.filter(
            training__in=ProfessionalTraining.objects.visible_to(user)
        ).select_related("training", "training__site", "trainee", "trainee__organisation"),
        pk=pk,
    )


def training_registrations(*, training: ProfessionalTraining) -> QuerySet[TraineeRegistration]:
    """Everyone registered or waiting for a training, in one query."""
    return training.registrations.select_related(
        "trainee", "trainee__organisation", "training"
    ).order_by("trainee__organisation__name", "trainee__name", "id")


def trainee_get(*, pk: int) -> Trainee:
    """A trainee of the shared directory (like partners, it is not split by site)."""
    return get_object_or_404(Trainee, pk=pk)


def trainee_search(*, training: ProfessionalTraining, query: str) -> list[dict]:
    """Trainees whose name, email or organisation matches, with whether they are registered."""
    query = query.strip()
    if len(query) < 2:
        return []
    trainees = list(
        Trainee.objects.filter(
            Q(name__icontains=query)
            | Q(email__icontains=query)
            | Q(organisation__name__icontains=query)
        )
        .select_related("organisation")
        .order_by("name")[:SEARCH_LIMIT]
    )
    registered = dict(
        training.registrations.filter(trainee__in=trainees).values_list("trainee_id", "status")
    )
    return [{"trainee": t, "status": registered.get(t.pk)} for t in trainees]
