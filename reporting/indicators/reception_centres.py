"""4. Reception centres participating: they referred a household or sent staff to a training."""

from django.db.models import Count

from partners.models import Partner, PartnerKind

from .querysets import Scope, centre_referred, centre_trained


def reception_centre_indicators(scope: Scope) -> dict:
    """4. Reception centres that referred a household or sent staff to a training."""
    referred, trained = centre_referred(scope), centre_trained(scope)
    return Partner.objects.filter(kind=PartnerKind.RECEPTION_CENTRE).aggregate(
        total=Count("pk", filter=referred | trained),
        referral=Count("pk", filter=referred),
        training=Count("pk", filter=trained),
    )
