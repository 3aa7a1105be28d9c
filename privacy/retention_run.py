"""One pass of the retention rules (privacy.retention): what the nightly task and
`manage.py retention` run."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from core.dates import today
from core.ids import AmongIds
from households.models import Household
from households.services import household_mark_contact

from .anonymise import household_anonymise
from .retention import grant_holds_of, households_to_archive, inactivity_cutoff, with_last_contact
from .retention_backfill import latest_contacts


@dataclass
class RetentionRun:
    """What one pass of the retention rules did (or, in a dry run, would do): references
    only, never a name."""

    on: datetime.date
    dry_run: bool
    archived: list[str] = field(default_factory=list)
    anonymised: list[str] = field(default_factory=list)
    # Archived households a grant's retention still keeps: reference → the grants' references.
    kept: dict[str, list[str]] = field(default_factory=dict)


def _anonymisable(on: datetime.date, run: RetentionRun, newly_archived) -> list[Household]:
    cutoff = inactivity_cutoff(on)
    candidates = with_last_contact(
        Household.objects.filter(anonymised_at__isnull=True).select_related("site")
    ).filter(last_contact__lte=cutoff)
    # A dry run archives nothing, so the households it would archive are read as archived.
    archived = Q(archived_at__isnull=False)
    if run.dry_run:
        archived |= Q(AmongIds("pk", newly_archived))
    candidates = list(candidates.filter(archived).order_by("reference"))
    holds_of = grant_holds_of([household.pk for household in candidates], on)
    ready = []
    for household in candidates:
        holds = holds_of.get(household.pk)
        if holds:
            run.kept[household.reference] = [hold.grant.agreement_reference for hold in holds]
        else:
            ready.append(household)
    return ready


def _to_archive(on: datetime.date, *, dry_run: bool) -> list[tuple[int, str]]:
    """(pk, reference) of the households to archive on `on`, by reference.

    Rows written around the services (an import of past cases, the demo data) leave
    last_contact_on behind: the contacts the apps hold are read again for the candidates, and
    a later one keeps the household active (and, but in a dry run, is written down).
    """
    cutoff = inactivity_cutoff(on)
    candidates = list(
        households_to_archive(on)
        .order_by("reference")
        .values_list("pk", "reference", "last_contact")
    )
    latest = latest_contacts([pk for pk, _reference, _last in candidates])
    rows = []
    for pk, reference, last in candidates:
        contact = max(last, latest.get(pk, last))
        if contact > last and not dry_run:
            household_mark_contact(household_id=pk, on=contact)
        if contact <= cutoff:
            rows.append((pk, reference))
    return rows


def retention_apply(*, on: datetime.date | None = None, dry_run: bool = False) -> RetentionRun:
    """Archive the households without contact for RETENTION_INACTIVE_YEARS, then anonymise the
    archived ones no grant keeps any more. Running it twice does what running it once does;
    `dry_run` changes nothing and says what would be done.

    Each household is anonymised in its own transaction, so one failure leaves the others done.
    The households are archived before any is anonymised: the nightly job may stop midway
    and begin again the next night where it stopped.
    """
    on = on or today()
    run = RetentionRun(on=on, dry_run=dry_run)
    archive_rows = _to_archive(on, dry_run=dry_run)
    run.archived = [reference for _pk, reference in archive_rows]
    archive_ids = [pk for pk, _reference in archive_rows]
    if not dry_run and archive_ids:
        Household.objects.filter(AmongIds("pk", archive_ids), archived_at__isnull=True).update(
            archived_at=timezone.now()
        )
    for household in _anonymisable(on, run, archive_ids):
        run.anonymised.append(household.reference)
        if not dry_run:
            household_anonymise(household=household, reason="retention")
    return run
