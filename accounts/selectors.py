"""Reads of users and sites that other apps need: who works where."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.rules import RuleError

from .models import Role, User

# The roles that hold a caseload: coordinators follow households too.
CASEWORK_ROLES = (Role.SOCIAL_WORKER, Role.COORDINATOR)


def social_workers_of(site_ids) -> QuerySet[User]:
    """Active users who may hold a caseload at one of these sites, by name."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__site_id__in=site_ids,
            memberships__role__in=CASEWORK_ROLES,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def check_social_worker_of_site(*, social_worker, site, error: type[RuleError]) -> None:
    """Refuse (raise `error`) a social worker who does not work at the site; None passes.

    Households (their social worker) and interviews (who held it) use this one rule.
    """
    if social_worker is None:
        return
    if not social_workers_of([site.pk]).filter(pk=social_worker.pk).exists():
        raise error(
            _("%(user)s is not a social worker of the site %(site)s.")
            % {"user": social_worker, "site": site}
        )
