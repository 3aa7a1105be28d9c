"""The API's reads and writes: the pages' selectors and services behind a JSON face.

Each list starts from the selector of its page (`visible_to(user)`), each object from its
`*_get_for_user` (404 outside the user's sites), each write from the page's service after the
page's own check (`require_write`: 403 to directors and auditors). Reads of a household's
file (the household, its persons, a referral, a move) are written to the access log of
personal files, as their pages are; a page of persons logs each of their households.
"""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from accounts.access import require_write, user_access
from accounts.access_log import Action, access_log_record, access_log_record_households
from core.rules import RuleError
from households import selectors as household_selectors
from households.models import Household, Person
from mobility_plans.models import Relocation
from mobility_plans.selectors import relocation_list
from partners import selectors as partner_selectors
from partners.models import Referral
from partners.services import referral_record_answer
from workshops import selectors as workshop_selectors
from workshops.models import Workshop, WorkshopRegistration
from workshops.services import workshop_record_attendance

from . import filters, serializers


class ApiViewSet(viewsets.ReadOnlyModelViewSet):
    # DRF authenticates the token: Django's LoginRequiredMiddleware must let the call in.

    filter_backends = [DjangoFilterBackend]
    # Ids of ASCII digits that fit the id column: anything else is a 404 from the URL
    # resolver, never a number the database refuses.
    lookup_value_regex = "[0-9]{1,18}"

    @classmethod
    def as_view(cls, *args, **kwargs):
        return login_not_required(super().as_view(*args, **kwargs))


def _log_read(
    request, *, household_id: int, person_id: int | None = None, object_id: int | None = None
) -> None:
    access_log_record(
        action=Action.VIEW,
        request=request._request,
        user=request.user,
        household_id=household_id,
        person_id=person_id,
        subject=(
            f"api:{request._request.resolver_match.url_name}:"
            f"{object_id or person_id or household_id}"
        ),
    )


def _run(service):
    """Call a service; its refusal (a RuleError) becomes a 400 with its message."""
    try:
        return service()
    except RuleError as error:
        raise ValidationError({"detail": [str(error.message)]}) from error


class HouseholdViewSet(ApiViewSet):
    """Households of the user's sites (every site for directors and auditors)."""

    serializer_class = serializers.HouseholdSerializer
    filterset_class = filters.HouseholdFilter
    queryset = Household.objects.none()  # the schema's model; rows come from the selector

    def get_queryset(self):
        return household_selectors.household_list(user=self.request.user)

    def get_object(self):
        household = household_selectors.household_get_for_user(
            user=self.request.user, pk=self.kwargs["pk"]
        )
        _log_read(self.request, household_id=household.pk)
        return household


class PersonViewSet(ApiViewSet):
    """Members of the households the user may see; no free text for auditors."""

    serializer_class = serializers.PersonSerializer
    filterset_class = filters.PersonFilter
    queryset = Person.objects.none()

    def get_queryset(self):
        # The persons of the households the user may see: person_get_for_user's rule.
        households = Household.objects.visible_to(self.request.user)
        return Person.objects.filter(household__in=households).order_by("household_id", "id")

    def paginate_queryset(self, queryset):
        # The page's persons are their households' files: each is in that file's log, as
        # the household page showing them is (one INSERT for the page).
        page = super().paginate_queryset(queryset)
        rows = queryset if page is None else page
        access_log_record_households(
            action=Action.VIEW,
            request=self.request._request,
            user=self.request.user,
            household_ids=[person.household_id for person in rows],
            subject="api:person-list",
        )
        return page

    def get_object(self):
        person = household_selectors.person_get_for_user(
            user=self.request.user, pk=self.kwargs["pk"]
        )
        _log_read(self.request, household_id=person.household_id, person_id=person.pk)
        return person


class WorkshopViewSet(ApiViewSet):
    """Awareness workshops of the user's sites, with their seats."""

    serializer_class = serializers.WorkshopSerializer
    filterset_class = filters.WorkshopFilter
    queryset = Workshop.objects.none()

    def get_queryset(self):
        return workshop_selectors.workshop_list(user=self.request.user)

    def get_object(self):
        return workshop_selectors.workshop_get_for_user(
            user=self.request.user, pk=self.kwargs["pk"]
        )

    @extend_schema(responses=serializers.RegistrationSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filterset_class=None, filter_backends=[])
    def attendance(self, request, pk=None):
        """Everyone registered or waiting at the workshop, and whether they came."""
        workshop = self.get_object()
        rows = workshop_selectors.workshop_registrations(workshop=workshop)
        page = self.paginate_queryset(rows)
        data = serializers.RegistrationSerializer(page, many=True).data
        return self.get_paginated_response(data)


class RegistrationViewSet(ApiViewSet):
    """A seat at a workshop; its attendance is recorded by the attendance screen's service."""

    serializer_class = serializers.RegistrationSerializer
    queryset = WorkshopRegistration.objects.none()

    def get_queryset(self):
        workshops = Workshop.objects.visible_to(self.request.user)
        return WorkshopRegistration.objects.filter(workshop__in=workshops).select_related("person")

    def get_object(self):
        return workshop_selectors.workshop_registration_get_for_user(
            user=self.request.user, pk=self.kwargs["pk"]
        )

    @extend_schema(
        request=serializers.AttendanceInputSerializer,
        responses=serializers.RegistrationSerializer,
    )
    @action(detail=True, methods=["post"], url_path="attendance", url_name="attendance")
    def record_attendance(self, request, pk=None):
        """Record whether the person came (present, absent, excused, not recorded)."""
        registration = self.get_object()
        require_write(request.user, registration.workshop.site_id)
        given = serializers.AttendanceInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        saved = _run(
            lambda: workshop_record_attendance(
                registration=registration,
                attendance=given.validated_data["attendance"],
                by=request.user,
            )
        )
        return Response(serializers.RegistrationSerializer(saved).data)


class ReferralViewSet(ApiViewSet):
    """Referrals of the households the user may see; no free text for auditors."""

    serializer_class = serializers.ReferralSerializer
    filterset_class = filters.ReferralFilter
    queryset = Referral.objects.none()

    def get_queryset(self):
        referrals = Referral.objects.visible_to(self.request.user)
        if not user_access(self.request.user).reads_free_text:
            # Not even loaded for auditors, as on referral_get_for_user.
            referrals = referrals.defer(*partner_selectors.REFERRAL_FREE_TEXT)
        return referrals

    def get_object(self):
        referral = partner_selectors.referral_get_for_user(
            user=self.request.user, pk=self.kwargs["pk"]
        )
        _log_read(self.request, household_id=referral.household_id, object_id=referral.pk)
        return referral

    @extend_schema(
        request=serializers.ReferralAnswerInputSerializer,
        responses=serializers.ReferralSerializer,
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        """Record the partner's answer, the visit or interview and the outcome."""
        referral = self.get_object()
        require_write(request.user, referral.household.site_id)
        given = serializers.ReferralAnswerInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        fields = {
            "answered_on": None,
            "refusal_reason": "",
            "visit_or_interview_on": None,
            "outcome": "",
            "outcome_comment": "",
            **given.validated_data,
        }
        saved = _run(lambda: referral_record_answer(referral=referral, by=request.user, **fields))
        return Response(self.get_serializer(saved).data)


class RelocationViewSet(ApiViewSet):
    """Moves of the households the user may see."""

    serializer_class = serializers.RelocationSerializer
    filterset_class = filters.RelocationFilter
    queryset = Relocation.objects.none()

    def get_queryset(self):
        return relocation_list(user=self.request.user)

    def get_object(self):
        relocation = get_object_or_404(
            relocation_list(user=self.request.user), pk=self.kwargs["pk"]
        )
        _log_read(self.request, household_id=relocation.household_id, object_id=relocation.pk)
        return relocation
