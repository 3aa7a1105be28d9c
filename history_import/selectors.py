"""What the import pages read: the runs a user may follow, the sites they may import for.

Imports are the coordinators' work (services.check_may_import): a run is seen by whoever may
import for its site, so directors and auditors, who read every site, see none of them here.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.access import user_access
from accounts.models import Site

from .models import ImportRun


def may_import(user) -> bool:
    """Administrators, and coordinators of at least one site."""
    sites = user_access(user).coordinated_site_ids()
    return sites is None or bool(sites)


def import_sites_for_user(user) -> QuerySet[Site]:
    """The active sites the user may import for: those they coordinate, every one for admins."""
    sites = Site.objects.filter(is_active=True)
    coordinated = user_access(user).coordinated_site_ids()
    return sites if coordinated is None else sites.filter(pk__in=coordinated)


def _runs_for(user) -> QuerySet[ImportRun]:
    runs = ImportRun.objects.select_related("site", "created_by", "imported_by")
    coordinated = user_access(user).coordinated_site_ids()
    return runs if coordinated is None else runs.filter(site_id__in=coordinated)


def import_runs_for_user(user) -> QuerySet[ImportRun]:
    """The runs of the sites the user coordinates (every site for admins), newest first.

    Without their list of cases (one line per case of the file): the list shows counts only.
    """
    return _runs_for(user).defer("cases")


def import_run_get_for_user(user, pk: int, *, findings: bool = True) -> ImportRun:
    """One run of a site the user coordinates, or 404; without its findings (the errors and
    the line of each case, a few megabytes for a large file) when `findings` is False."""
    runs = _runs_for(user) if findings else _runs_for(user).defer("cases", "errors")
    return get_object_or_404(runs, pk=pk)
