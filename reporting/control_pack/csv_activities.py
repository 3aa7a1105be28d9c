"""The activities of the period at the grant's sites, one CSV each: workshops and who
attended them, interviews, referrals, relocations, follow-ups.

Households appear only as pseudonyms and persons as "pseudonym/number"; the only names are
staff's. Every free-text field (notes, information shared with a partner, comments,
difficulties, next actions, reasons, the job obtained, the destination commune) is left out:
auditors never read free text about a person (DESIGN.md).
"""

from collections import defaultdict

from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _

from accounts.models import User
from followups.models import FollowUp, FollowUpStatus
from interviews.models import Interview
from mobility_plans.models import Relocation
from partners.models import Referral
from workshops.models import Attendance, RegistrationStatus, Workshop, WorkshopRegistration

from .context import PackContext, counted, row_staff, staff_fields, user_name, yes_no


def labels(model, field: str) -> dict:
    return {key: str(label) for key, label in model._meta.get_field(field).flatchoices}


def period_workshops(context: PackContext) -> list[Workshop]:
    """The workshops of the grant's sites in the period, with their site and facilitators
    (two queries); read once for workshops.csv and for the attendance sheets."""
    return list(
        Workshop.objects.filter(
            site__in=context.site_ids(), date__range=(context.start, context.end)
        )
        .select_related("site")
        .prefetch_related(
            Prefetch("facilitators", queryset=User.objects.order_by("last_name", "pk")),
            "regions_presented",
        )
        .order_by("date", "start_time", "pk")
    )


def workshop_registrations(context: PackContext) -> dict[int, list[dict]]:
    """The seats taken at each workshop of period_workshops (one query)."""
    by_workshop: dict[int, list[dict]] = defaultdict(list)
    rows = (
        WorkshopRegistration.objects.filter(
            workshop__site__in=context.site_ids(),
            workshop__date__range=(context.start, context.end),
            status=RegistrationStatus.REGISTERED,
        )
        .order_by("workshop_id", "person__household_id", "person_id")
        .values("workshop_id", "person_id", "person__household_id", "attendance")
    )
    for row in rows:
        by_workshop[row["workshop_id"]].append(row)
    return by_workshop


def _hours(workshop: Workshop) -> str:
    if workshop.start_time is None:
        return ""  # an imported workshop whose times the archive did not keep
    minutes = (workshop.end_time.hour * 60 + workshop.end_time.minute) - (
        workshop.start_time.hour * 60 + workshop.start_time.minute
    )
    return f"{minutes / 60:.2f}"


def _time(value) -> str:
    return value.strftime("%H:%M") if value else ""


def workshop_files(context: PackContext, workshops: list[Workshop], registrations):
    """(name, headers, rows) of workshops.csv and workshop_attendance.csv."""
    attendance_labels = dict(Attendance.choices)

    def sessions():
        for workshop in workshops:
            seats = registrations.get(workshop.pk, [])
            yield [
                workshop.pk,
                workshop.date,
                _time(workshop.start_time),
                _time(workshop.end_time),
                _hours(workshop),
                workshop.site.name,
                workshop.topic,
                workshop.language,
                ", ".join(user_name(user) for user in workshop.facilitators.all()),
                yes_no(workshop.is_cancelled),
                len(seats),
                sum(1 for seat in seats if seat["attendance"] == Attendance.PRESENT),
                yes_no(bool(workshop.signed_sheet)),
            ]

    def seats():
        for workshop in workshops:
            for seat in registrations.get(workshop.pk, []):
                yield [
                    workshop.pk,
                    workshop.date,
                    context.pseudonym(seat["person__household_id"]),
                    context.member(seat["person_id"], seat["person__household_id"]),
                    str(attendance_labels.get(seat["attendance"], seat["attendance"])),
                ]

    context.counts["workshops"] = len(workshops)
    yield (
        "activities/workshops.csv",
        [
            _("Workshop"),
            _("Date"),
            _("Start"),
            _("End"),
            _("Duration (hours)"),
            _("Site"),
            _("Topic"),
            _("Language"),
            _("Facilitators"),
            _("Cancelled"),
            _("Seats taken"),
            _("Present"),
            _("Signed sheet on file"),
        ],
        sessions(),
    )
    yield (
        "activities/workshop_attendance.csv",
        [_("Workshop"), _("Date"), _("Pseudonym"), _("Member"), _("Attendance")],
        seats(),
    )


def _in_period(context: PackContext, model, date_field: str):
    return model.objects.filter(
        household__site__in=context.site_ids(),
        **{f"{date_field}__range": (context.start, context.end)},
    )


def interview_file(context: PackContext):
    kinds, modes = labels(Interview, "kind"), labels(Interview, "mode")
    rows = (
        _in_period(context, Interview, "held_on")
        .annotate(persons_n=Count("persons_present"))
        .order_by("held_on", "pk")
        .values(
            "pk",
            "held_on",
            "household_id",
            "kind",
            "mode",
            "duration_minutes",
            "interpreter_used",
            "persons_n",
            *staff_fields("social_worker"),
        )
    )

    def line(row):
        return [
            row["pk"],
            row["held_on"],
            context.pseudonym(row["household_id"]),
            kinds.get(row["kind"], row["kind"]),
            modes.get(row["mode"], row["mode"]),
            row["duration_minutes"],
            yes_no(row["interpreter_used"]),
            row["persons_n"],
            row_staff(row, "social_worker"),
        ]

    return (
        "activities/interviews.csv",
        [
            _("Interview"),
            _("Date"),
            _("Pseudonym"),
            _("Kind"),
            _("Held"),
            _("Duration (minutes)"),
            _("Interpreter"),
            _("Persons present"),
            _("Social worker"),
        ],
        counted(context, "interviews", rows, line),
    )


def referral_file(context: PackContext):
    channels, answers = labels(Referral, "channel"), labels(Referral, "answer")
    outcomes = labels(Referral, "outcome")
    rows = (
        _in_period(context, Referral, "sent_on")
        .annotate(persons_n=Count("persons"))
        .order_by("sent_on", "pk")
        .values(
            "pk",
            "sent_on",
            "household_id",
            "partner__name",
            "partner__kind",
            "offer__kind",
            "channel",
            "answer",
            "answered_on",
            "outcome",
            "persons_n",
            *staff_fields("created_by"),
        )
    )
    partner_kinds = labels(Referral._meta.get_field("partner").related_model, "kind")
    offer_kinds = labels(Referral._meta.get_field("offer").related_model, "kind")

    def line(row):
        return [
            row["pk"],
            row["sent_on"],
            context.pseudonym(row["household_id"]),
            row["partner__name"],
            partner_kinds.get(row["partner__kind"], row["partner__kind"]),
            offer_kinds.get(row["offer__kind"], row["offer__kind"] or ""),
            channels.get(row["channel"], row["channel"]),
            answers.get(row["answer"], row["answer"]),
            row["answered_on"],
            outcomes.get(row["outcome"], row["outcome"]),
            row["persons_n"],
            row_staff(row, "created_by"),
        ]

    return (
        "activities/referrals.csv",
        [
            _("Referral"),
            _("Sent on"),
            _("Pseudonym"),
            _("Partner"),
            _("Kind of partner"),
            _("Kind of offer"),
            _("Channel"),
            _("Answer"),
            _("Answered on"),
            _("Outcome"),
            _("Persons"),
            _("Recorded by"),
        ],
        counted(context, "referrals", rows, line),
    )


def relocation_file(context: PackContext):
    levers = labels(Relocation, "lever_used")
    housing = labels(Relocation, "housing_obtained")
    rows = (
        _in_period(context, Relocation, "moved_on")
        .annotate(persons_n=Count("persons"))
        .order_by("moved_on", "pk")
        .values(
            "pk",
            "moved_on",
            "household_id",
            "departement_id",
            "departement__region__name",
            "lever_used",
            "housing_obtained",
            "persons_n",
            *staff_fields("recorded_by"),
        )
    )

    def line(row):
        return [
            row["pk"],
            row["moved_on"],
            context.pseudonym(row["household_id"]),
            row["departement_id"],
            row["departement__region__name"],
            levers.get(row["lever_used"], row["lever_used"]),
            housing.get(row["housing_obtained"], row["housing_obtained"]),
            row["persons_n"],
            row_staff(row, "recorded_by"),
        ]

    return (
        "activities/relocations.csv",
        [
            _("Relocation"),
            _("Moving date"),
            _("Pseudonym"),
            _("Destination département"),
            _("Destination region"),
            _("Lever used"),
            _("Housing obtained"),
            _("Persons who moved"),
            _("Recorded by"),
        ],
        counted(context, "relocations", rows, line),
    )


def followup_file(context: PackContext):
    methods, locations = labels(FollowUp, "method"), labels(FollowUp, "location")
    employment, housing = labels(FollowUp, "employment"), labels(FollowUp, "housing_kind")
    rows = (
        _in_period(context, FollowUp, "done_on")
        .filter(status=FollowUpStatus.DONE)
        .order_by("done_on", "pk")
        .values(
            "pk",
            "done_on",
            "household_id",
            "months_after",
            "method",
            "housing_kept",
            "housing_kind",
            "employment",
            "in_training",
            "location",
            *staff_fields("recorded_by"),
        )
    )

    def line(row):
        return [
            row["pk"],
            row["done_on"],
            context.pseudonym(row["household_id"]),
            row["months_after"],
            methods.get(row["method"], row["method"]),
            yes_no(row["housing_kept"]),
            housing.get(row["housing_kind"], row["housing_kind"]),
            employment.get(row["employment"], row["employment"]),
            yes_no(row["in_training"]),
            locations.get(row["location"], row["location"]),
            row_staff(row, "recorded_by"),
        ]

    return (
        "activities/followups.csv",
        [
            _("Follow-up"),
            _("Done on"),
            _("Pseudonym"),
            _("Months after the move"),
            _("How"),
            _("Housing kept"),
            _("Housing"),
            _("Employment situation"),
            _("In training"),
            _("Where"),
            _("Recorded by"),
        ],
        counted(context, "followups", rows, line),
    )
