"""Grants, evidence and expenses built through the real funding services."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from funding import services
from funding.models import FunderKind, Grant, GrantStatus
from households.models import ProtectionStatus
from workshops import services as workshop_services
from workshops.models import Attendance, Workshop

PDF = b"%PDF-1.4\n%fake but well-formed enough for the signature check\n"


def days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def pdf_upload(name: str = "titre de séjour Haidari.pdf", content: bytes = PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_funder(*, by, name: str = "Fonds Asile, Migration et Intégration", kind=None):
    return services.funder_create(by=by, name=name, kind=kind or FunderKind.EU_FUND)


def make_grant(*, by, sites=(), funder=None, signed: bool = False, **fields) -> Grant:
    """A grant running from a year ago to a year from now, for refugees and subsidiaries."""
    defaults = {
        "title": "Mobilité géographique des bénéficiaires de la protection internationale",
        "starts_on": days_from_today(-365),
        "ends_on": days_from_today(365),
        "budget": Decimal("250000.00"),
        "co_financing_rate": Decimal("75.00"),
        "eligible_statuses": [ProtectionStatus.REFUGEE, ProtectionStatus.SUBSIDIARY],
        "indirect_cost_rate": Decimal("15.00"),
    }
    defaults.update(fields)
    reference = defaults.pop("agreement_reference", None) or f"FAMI-{Grant.objects.count() + 1}"
    grant = services.grant_create(
        by=by,
        funder=funder or make_funder(by=by, name=f"Financeur {reference}"),
        agreement_reference=reference,
        sites=sites,
        **defaults,
    )
    if signed:
        grant = services.grant_update(
            grant=grant, by=by, status=GrantStatus.SIGNED, signed_on=days_from_today(-300)
        )
    return grant


def attend_workshop(*, household, by, date: datetime.date) -> Workshop:
    """A workshop at the household's site where its members were present."""
    workshop = workshop_services.workshop_create(
        by=by,
        site=household.site,
        date=date,
        capacity=10,
        start_time=datetime.time(9, 30),
        end_time=datetime.time(12, 0),
        place="Maison des associations",
        topic="Vivre et travailler en Bretagne",
        language="français",
    )
    for registration in workshop_services.workshop_register_household(
        workshop=workshop, household=household, by=by
    ):
        workshop_services.workshop_record_attendance(
            registration=registration, attendance=Attendance.PRESENT, by=by
        )
    return workshop
