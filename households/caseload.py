"""Who follows a household, and from which site: assignment, caseload and site transfers.

Coordinators decide these; each move keeps a history row naming who made it (and why, for a
change of site). The shared refusals and checks come from services.py.
"""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from accounts.access import user_access
from accounts.selectors import check_social_worker_of_site

from .models import Household
from .services import HouseholdRuleError, household_milestones_changed


def _next_version(household: Household) -> None:
    # A form opened before the move must be refused as stale, not undo it (version_claim).
    Household.objects.filter(pk=household.pk).update(version=F("version") + 1)
    household.version += 1


@transaction.atomic
def household_assign(*, household: Household, social_worker, by) -> Household:
    """Give the household to a social worker of its site (a coordinator's decision)."""
    check_social_worker_of_site(
        social_worker=social_worker, site=household.site, error=HouseholdRuleError
    )
    if household.social_worker_id == getattr(social_worker, "pk", None):
        raise HouseholdRuleError(_("The household is already assigned to this social worker."))
    household.social_worker = social_worker
    household._history_user = by
    _next_version(household)
    household.save(update_fields=["social_worker", "updated_at"])
    household_milestones_changed(household_ids=[household.pk])
    return household


@transaction.atomic
def caseload_transfer(*, households, to_social_worker, by) -> int:
    """Give several households to another social worker of their site, in one transaction.

    Every household must belong to the same site, which the user coordinates; each keeps one
    history entry naming who transferred it. Returns how many households moved.
    """
    pks = [h.pk for h in households]
    if not pks:
        raise HouseholdRuleError(_("Select at least one household to transfer."))
    locked = list(Household.objects.select_for_update().filter(pk__in=pks).order_by("pk"))
    site_ids = {h.site_id for h in locked}
    if len(site_ids) != 1:
        raise HouseholdRuleError(_("Transfer the households of one site at a time."))
    if not user_access(by).coordinates_site(site_ids.pop()):
        raise HouseholdRuleError(_("Only a coordinator of the site can transfer its caseload."))
    for household in locked:
        try:
            household_assign(household=household, social_worker=to_social_worker, by=by)
        except HouseholdRuleError as error:
            raise HouseholdRuleError(f"{household.reference}: {error.message}") from error
    return len(locked)


# The history row keeps the reason of a site transfer in its change-reason column.
SITE_TRANSFER_REASON_MAX = Household.history.model._meta.get_field(
    "history_change_reason"
).max_length


@transaction.atomic
def household_transfer_site(
    *, household: Household, to_site, social_worker, by, reason: str
) -> Household:
    """Move an active household to another site, with the social worker who takes it over there.

    Only a coordinator of both sites (or an administrator) may; the social worker must work at
    the new site. The household's history keeps the move, who made it, when and why; its
    interviews, plans and follow-ups follow it, since they are scoped through the household.
    """
    locked = Household.objects.select_for_update().get(pk=household.pk)
    access = user_access(by)
    if not (access.coordinates_site(locked.site_id) and access.coordinates_site(to_site.pk)):
        raise HouseholdRuleError(
            _("Only a coordinator of both sites can move a household from one to the other.")
        )
    if not locked.is_active:
        raise HouseholdRuleError(
            _("The household is %(status)s: it can no longer move to another site.")
            % {"status": locked.get_status_display().lower()}
        )
    if to_site.pk == locked.site_id:
        raise HouseholdRuleError(
            _("The household already belongs to the site %(site)s.") % {"site": to_site}
        )
    if not to_site.is_active:
        raise HouseholdRuleError(_("The site %(site)s is closed.") % {"site": to_site})
    if social_worker is None:
        raise HouseholdRuleError(
            _("Choose the social worker who takes the household over at the new site.")
        )
    check_social_worker_of_site(social_worker=social_worker, site=to_site, error=HouseholdRuleError)
    reason = reason.strip()
    if not reason:
        raise HouseholdRuleError(_("Explain why the household moves to another site."))
    if len(reason) > SITE_TRANSFER_REASON_MAX:
        raise HouseholdRuleError(
            _("Keep the reason under %(max)s characters.") % {"max": SITE_TRANSFER_REASON_MAX}
        )
    locked.site = to_site
    locked.social_worker = social_worker
    locked._history_user = by
    locked._change_reason = reason
    _next_version(locked)
    locked.save(update_fields=["site", "social_worker", "updated_at"])
    household_milestones_changed(household_ids=[locked.pk])
    household.refresh_from_db()
    return household
