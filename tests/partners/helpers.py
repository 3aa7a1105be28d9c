"""Partners, offers and plans built through the real services."""

import datetime

from django.utils import timezone

from households.models import ConsentScope
from households.services import consent_record
from mobility_plans.models import Lever
from mobility_plans.services import plan_create
from partners import services
from partners.models import OfferKind, PartnerKind
from territories.models import Departement, Region

ISERE = "38"
RHONE = "69"
ILLE_ET_VILAINE = "35"
AURA = "84"  # Auvergne-Rhône-Alpes
BRETAGNE = "53"


def dep(code: str) -> Departement:
    return Departement.objects.get(pk=code)


def make_partner(*, name="Entreprise Alpine", kind=PartnerKind.EMPLOYER, departement=ISERE, **f):
    fields = {"commune": "Grenoble", **f}
    return services.partner_create(
        by=None,
        name=name,
        kind=kind,
        departement=dep(departement) if departement else None,
        **fields,
    )


def make_offer(
    *,
    partner,
    kind=OfferKind.JOB,
    title="Agent de production",
    departement=ISERE,
    by=None,
    **fields,
):
    if kind == OfferKind.HOUSING:
        fields.setdefault("capacity", 4)
    return services.offer_create(
        partner=partner, by=by, kind=kind, title=title, departement=dep(departement), **fields
    )


def make_plan(*, household, by, lever=Lever.EMPLOYMENT, targets=((AURA, ISERE),), persons=()):
    """A draft plan targeting (region code, département code or None) areas, in order."""
    return plan_create(
        household=household,
        by=by,
        lever=lever,
        targets=[
            {"region": Region.objects.get(pk=r), "departement": dep(d) if d else None}
            for r, d in targets
        ],
        persons=persons,
    )


def give_sharing_consent(*, household, by, given_on: datetime.date | None = None):
    return consent_record(
        household=household,
        scope=ConsentScope.PARTNER_SHARING,
        given_on=given_on or timezone.localdate() - datetime.timedelta(days=30),
        by=by,
    )


def send_referral(*, plan, partner, by, offer=None, sent_on=None, **fields):
    return services.referral_send(
        plan=plan,
        partner=partner,
        offer=offer,
        by=by,
        sent_on=sent_on or timezone.localdate(),
        channel=fields.pop("channel", "email"),
        **fields,
    )
