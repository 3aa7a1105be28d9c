"""What the partners know of a household's move, to start the form that records it.

Receiver of mobility_plans.signals.relocation_prefill_requested: the plan's accepted referrals
(newest answer first, those whose outcome says nothing came of them left out) give the lever
used, the destination of the offer, the housing or the job or training obtained. The newest
referral wins a field; another fills the fields it leaves empty (a job here, a flat there).
"""

from django.dispatch import receiver

from mobility_plans.models import HousingObtained, Lever
from mobility_plans.signals import relocation_prefill_requested

from .models import Answer, HousingType, OfferKind, Outcome, Referral
from .scoring import LEVER_OF_KIND

LEVER_OF_OUTCOME = {
    Outcome.HIRED: Lever.EMPLOYMENT,
    Outcome.HOUSED: Lever.HOUSING,
    Outcome.ENROLLED: Lever.TRAINING,
}
HOUSING_OBTAINED = {
    HousingType.SOCIAL: HousingObtained.SOCIAL,
    HousingType.PRIVATE: HousingObtained.PRIVATE,
    HousingType.RESIDENCE: HousingObtained.HOSTEL,
    HousingType.TEMPORARY: HousingObtained.TEMPORARY,
    HousingType.SHARED: HousingObtained.OTHER,
    HousingType.OTHER: HousingObtained.OTHER,
}


def _known_of(referral: Referral) -> dict:
    offer, partner = referral.offer, referral.partner
    known = {"lever_used": LEVER_OF_OUTCOME.get(referral.outcome)}
    if offer is None:
        if referral.outcome in (Outcome.HIRED, Outcome.ENROLLED):
            known["job_or_training"] = partner.name
        return known
    known["lever_used"] = known["lever_used"] or LEVER_OF_KIND.get(offer.kind)
    known.update(
        commune=offer.commune,
        departement=offer.departement_id,
        region=offer.departement.region_id,
    )
    if offer.kind == OfferKind.HOUSING:
        known["housing_obtained"] = HOUSING_OBTAINED.get(offer.housing_type)
    else:
        known["job_or_training"] = f"{offer.title} · {partner.name}"
    return known


@receiver(relocation_prefill_requested, dispatch_uid="partners_relocation_prefill")
def relocation_prefill_from_referrals(sender, *, plan, **kwargs) -> dict:
    referrals = (
        Referral.objects.filter(plan=plan, answer=Answer.ACCEPTED)
        .exclude(outcome__in=[Outcome.NOT_RETAINED, Outcome.DECLINED])
        .select_related("partner", "offer", "offer__departement")
        .order_by("-answered_on", "-sent_on", "-id")
    )
    values: dict = {}
    for referral in referrals:
        for name, value in _known_of(referral).items():
            if value and name not in values:
                values[name] = value
    return values
