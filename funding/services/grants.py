"""Funders, grants and their indicator targets."""

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from core.dates import today
from core.rules import check_fields
from core.versioning import version_next
from funding import rules
from funding.models import (
    Funder,
    FunderKind,
    Grant,
    GrantIndicator,
    GrantStatus,
    IndicatorKind,
    IndirectCostBase,
    StaffCostMethod,
)
from households.models import ProtectionStatus

from .base import FundingRuleError, check_choice

GRANT_FIELDS = (
    "title",
    "starts_on",
    "ends_on",
    "budget",
    "co_financing_rate",
    "eligible_statuses",
    "staff_cost_method",
    "indirect_cost_base",
    "indirect_cost_rate",
    "signed_on",
    "final_payment_on",
)
# Fixed at signature: the funder agreed to this flat rate on this base.
LOCKED_WHEN_SIGNED = ("indirect_cost_base", "indirect_cost_rate")
# A closed grant's statement is final; only the final payment may still arrive.
OPEN_WHEN_CLOSED = ("final_payment_on",)
STATUS_MOVES = {GrantStatus.DRAFT: GrantStatus.SIGNED, GrantStatus.SIGNED: GrantStatus.CLOSED}


@transaction.atomic
def funder_create(*, by, name: str, kind: str) -> Funder:
    """Add a funder (a European fund, a ministry, a county or regional council…)."""
    name = name.strip()
    if not name:
        raise FundingRuleError(_("Give the funder's name."))
    check_choice(kind, FunderKind, _("Unknown kind of funder."))
    if Funder.objects.filter(name__iexact=name).exists():
        raise FundingRuleError(_("A funder with this name already exists."))
    return Funder.objects.create(name=name, kind=kind)


def _check_grant(grant: Grant) -> None:
    unknown = set(grant.eligible_statuses) - set(ProtectionStatus.values)
    if unknown:
        raise FundingRuleError(
            _("Unknown protection status: %(statuses)s.") % {"statuses": ", ".join(sorted(unknown))}
        )
    if grant.ends_on < grant.starts_on:
        raise FundingRuleError(_("A grant cannot end before it starts."))
    if grant.budget < 0:
        raise FundingRuleError(_("The budget cannot be negative."))
    if not rules.is_percent(grant.co_financing_rate):
        raise FundingRuleError(_("The co-financing rate must be between 0 and 100 %."))
    if not rules.is_percent(grant.indirect_cost_rate):
        raise FundingRuleError(_("The indirect-cost rate must be between 0 and 100 %."))
    check_choice(grant.staff_cost_method, StaffCostMethod, _("Unknown staff-cost method."))
    check_choice(grant.indirect_cost_base, IndirectCostBase, _("Unknown indirect-cost base."))
    if grant.signed_on and grant.signed_on > today():
        raise FundingRuleError(_("A grant cannot be signed in the future."))
    if grant.final_payment_on and grant.final_payment_on < grant.starts_on:
        raise FundingRuleError(_("The final payment cannot come before the grant starts."))
    if grant.status != GrantStatus.DRAFT and not grant.signed_on:
        raise FundingRuleError(_("Give the date the grant agreement was signed."))
    reference_taken = (
        Grant.objects.filter(agreement_reference=grant.agreement_reference)
        .exclude(pk=grant.pk)
        .exists()
    )
    if reference_taken:
        raise FundingRuleError(_("Another grant already has this agreement reference."))


@transaction.atomic
def grant_create(
    *,
    by,
    funder: Funder,
    agreement_reference: str,
    sites: Iterable = (),
    **fields,
) -> Grant:
    """Record a grant agreement as a draft; it is signed and closed through grant_update."""
    check_fields(fields, GRANT_FIELDS)
    fields["eligible_statuses"] = list(fields.get("eligible_statuses", []))
    grant = Grant(
        funder=funder,
        agreement_reference=agreement_reference.strip(),
        status=GrantStatus.DRAFT,
        created_by=by,
        **fields,
    )
    _check_grant(grant)
    grant._history_user = by
    grant.save()
    grant.sites.set(sites)
    return grant


@transaction.atomic
def grant_update(
    *,
    grant: Grant,
    by,
    sites: Iterable | None = None,
    expected_version: int | None = None,
    **fields,
) -> Grant:
    """Change a grant, or move it on: draft → signed (needs signed_on) → closed.

    The indirect-cost rate and base are fixed once the grant is signed; a closed grant only
    takes its final payment date. From the edit form, `expected_version` is the version it
    was opened on: StaleEditError when someone saved the grant since. Without one (signing,
    closing) the version only moves on, so that a form opened before is refused rather than
    undoing the change.
    """
    check_fields(fields, (*GRANT_FIELDS, "status"))
    locked = Grant.objects.select_for_update().get(pk=grant.pk)
    version_next(Grant, locked, expected_version)
    changed = {name for name, value in fields.items() if getattr(locked, name) != value}
    if sites is not None and set(locked.sites.all()) != set(sites):
        changed.add("sites")
    if locked.status != GrantStatus.DRAFT and changed & set(LOCKED_WHEN_SIGNED):
        raise FundingRuleError(
            _("The indirect-cost rate and base are fixed when the grant is signed.")
        )
    if locked.status == GrantStatus.CLOSED and changed - set(OPEN_WHEN_CLOSED):
        raise FundingRuleError(_("This grant is closed: only its final payment date may change."))
    if "status" in changed and STATUS_MOVES.get(locked.status) != fields["status"]:
        raise FundingRuleError(_("A grant moves only from draft to signed, then to closed."))
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.eligible_statuses = list(locked.eligible_statuses)
    _check_grant(locked)
    locked._history_user = by
    locked.save()
    if sites is not None:
        locked.sites.set(sites)
    return locked


@transaction.atomic
def grant_indicator_set(*, grant: Grant, by, indicator: str, target: Decimal) -> GrantIndicator:
    """Set the agreement's target for one indicator (the row is created the first time)."""
    check_choice(indicator, IndicatorKind, _("Unknown indicator."))
    if target < 0:
        raise FundingRuleError(_("A target cannot be negative."))
    if grant.status == GrantStatus.CLOSED:
        raise FundingRuleError(_("This grant is closed: its targets cannot change."))
    row = GrantIndicator.objects.select_for_update().filter(grant=grant, indicator=indicator)
    target_row = row.first() or GrantIndicator(grant=grant, indicator=indicator)
    target_row.target = target
    target_row._history_user = by
    target_row.save()
    return target_row
