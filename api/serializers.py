"""What the API shows of each row: the fields of the pages, free text only for its readers.

Free text about a person (wishes, constraints, reasons, skills, what was shared with a partner)
is dropped for those who may not read it (auditors: Access.reads_free_text), as the pages
drop it. Those fields are optional in the schema for that reason.

The serializers only write answers: their model fields are not marked read-only, so that
the schema keeps what a field accepts (a blank choice, a null) as the answer may hold it.
"""

from rest_framework import serializers

from accounts.access import user_access
from core.fields import DEFAULT_YEARS, YearRangeValidator
from households.models import Household, Person
from mobility_plans.models import Relocation
from partners.models import Answer, Outcome, Referral
from workshops.models import Attendance, Workshop, WorkshopRegistration


def _free_text(**kwargs):
    return serializers.CharField(required=False, **kwargs)


class FreeTextSerializer(serializers.ModelSerializer):
    """Leaves out Meta.free_text for users who may not read free text about a person."""

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is None or not user_access(request.user).reads_free_text:
            for name in getattr(self.Meta, "free_text", ()):
                fields.pop(name, None)
        return fields


class HouseholdSerializer(FreeTextSerializer):
    site = serializers.SlugRelatedField(slug_field="code", read_only=True)
    departement = serializers.CharField(source="departement_id", allow_null=True, read_only=True)
    status_comment = _free_text()
    mobility_wishes = _free_text()
    constraints = _free_text()

    class Meta:
        model = Household
        fields = [
            "id",
            "reference",
            "site",
            "social_worker",
            "referring_partner",
            "referral_date",
            "status",
            "withdrawal_reason",
            "commune",
            "departement",
            "accommodation",
            "archived_at",
            "created_at",
            "updated_at",
            "status_comment",
            "mobility_wishes",
            "constraints",
        ]
        free_text = ("status_comment", "mobility_wishes", "constraints")


class PersonSerializer(FreeTextSerializer):
    nationality = serializers.CharField(read_only=True)
    languages = _free_text()
    occupation = _free_text()
    skills = _free_text()

    class Meta:
        model = Person
        fields = [
            "id",
            "household",
            "first_name",
            "last_name",
            "sex",
            "birth_date",
            "nationality",
            "relation",
            "protection_status",
            "permit_type",
            "permit_expiry",
            "french_level",
            "education",
            "employment_situation",
            "driving_licence",
            "languages",
            "occupation",
            "skills",
        ]
        free_text = ("languages", "occupation", "skills")


class WorkshopSerializer(serializers.ModelSerializer):
    site = serializers.SlugRelatedField(slug_field="code", read_only=True)
    # "09:30:00", local time of the site: JSON Schema's "time" format wants an offset.
    start_time = serializers.CharField(allow_null=True, read_only=True)
    end_time = serializers.CharField(allow_null=True, read_only=True)
    regions_presented = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    seats_taken = serializers.IntegerField(read_only=True)
    waiting_count = serializers.IntegerField(read_only=True)
    is_cancelled = serializers.BooleanField(read_only=True)

    class Meta:
        model = Workshop
        fields = [
            "id",
            "site",
            "date",
            "start_time",
            "end_time",
            "topic",
            "place",
            "language",
            "capacity",
            "seats_taken",
            "waiting_count",
            "regions_presented",
            "interpreter_booked",
            "is_cancelled",
        ]


class RegistrationSerializer(serializers.ModelSerializer):
    household = serializers.IntegerField(source="person.household_id", read_only=True)

    class Meta:
        model = WorkshopRegistration
        fields = [
            "id",
            "workshop",
            "person",
            "household",
            "status",
            "attendance",
            "attendance_recorded_at",
        ]


class AttendanceInputSerializer(serializers.Serializer):
    attendance = serializers.ChoiceField(choices=Attendance.choices)


class ReferralSerializer(FreeTextSerializer):
    shared_information = _free_text()
    refusal_reason = _free_text()
    outcome_comment = _free_text()

    class Meta:
        model = Referral
        fields = [
            "id",
            "household",
            "plan",
            "partner",
            "offer",
            "sent_on",
            "channel",
            "answer",
            "answered_on",
            "visit_or_interview_on",
            "outcome",
            "created_at",
            "shared_information",
            "refusal_reason",
            "outcome_comment",
        ]
        free_text = ("shared_information", "refusal_reason", "outcome_comment")


def _date_as_on_the_form():
    """A date whose year the page's form accepts too (core.fields.DEFAULT_YEARS): the
    service's checks then see the same dates through the API as through the page."""
    return serializers.DateField(
        required=False, allow_null=True, validators=[YearRangeValidator(*DEFAULT_YEARS)]
    )


class ReferralAnswerInputSerializer(serializers.Serializer):
    """The fields of the answer form (partners.forms.ReferralAnswerForm)."""

    answer = serializers.ChoiceField(choices=Answer.choices)
    answered_on = _date_as_on_the_form()
    refusal_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=Referral._meta.get_field("refusal_reason").max_length,
    )
    visit_or_interview_on = _date_as_on_the_form()
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False, allow_blank=True)
    outcome_comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class RelocationSerializer(FreeTextSerializer):
    departement = serializers.CharField(source="departement_id", read_only=True)
    region = serializers.CharField(source="departement.region_id", read_only=True)
    idf_override_reason = _free_text()

    class Meta:
        model = Relocation
        fields = [
            "id",
            "household",
            "plan",
            "moved_on",
            "commune",
            "departement",
            "region",
            "lever_used",
            "housing_obtained",
            "job_or_training",
            "recorded_at",
            "idf_override_reason",
        ]
        free_text = ("idf_override_reason",)


class IndicatorsSerializer(serializers.Serializer):
    """The period asked and every indicator family of reporting.indicators (plain figures)."""

    period_start = serializers.DateField(allow_null=True)
    period_end = serializers.DateField()
    cumulative = serializers.BooleanField()
    sites = serializers.ListField(child=serializers.IntegerField(), allow_null=True)
    indicators = serializers.DictField()
