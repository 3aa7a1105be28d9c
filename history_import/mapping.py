"""The column-mapping step: which file headings need a choice, and checking a file again
under the headings chosen.

A file goes to this step when a required column is missing or a heading matches no column
(neither by the aliases of columns.py nor by the site's saved mapping): the coordinator says
what each heading holds, the choice is kept for the site's next files, and the dry run starts
again under it.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from core import tabular

from .columns import TABULAR_COLUMNS
from .models import ImportRun, RunStatus
from .preview import import_max_bytes, saved_mapping
from .services import ImportRuleError, check_may_import, column_mapping_save, queue_check

# A file is mapped again while it waits for its import, not once imported or being imported.
REMAPPABLE = (RunStatus.CHECKING, RunStatus.CHECKED)


def run_headings(run: ImportRun) -> list[str] | None:
    """The headings of the run's file, or None when it is gone or cannot be read."""
    if not run.file:
        return None
    with run.file.open("rb") as handle:
        data = handle.read()
    return file_headings(data, name=run.file_name)


def file_headings(data: bytes, *, name: str) -> list[str] | None:
    try:
        table = tabular.read_table(data, name=name, max_bytes=import_max_bytes())
    except tabular.TabularFileError:
        return None  # the dry run says why, in its errors
    return list(table.headings)


def needs_mapping(headings: list[str] | None, mapping: dict[str, str]) -> bool:
    """Whether a file's headings lack a required column or hold one the import cannot place.

    A heading the mapping says not to import ("") is placed: it does not ask again.
    """
    if headings is None:
        return False
    found = tabular.match_headings(headings, TABULAR_COLUMNS, mapping=mapping)
    chosen = {tabular.heading_key(heading) for heading in mapping}
    return bool(found.missing) or any(
        tabular.heading_key(heading) not in chosen for heading in found.unknown
    )


def mapping_initial(headings: list[str], mapping: dict[str, str]) -> list[str]:
    """The column each heading gives (by position; "" for none), as the import would read it."""
    found = tabular.match_headings(headings, TABULAR_COLUMNS, mapping=mapping)
    by_position = {position: name for name, position in found.positions.items()}
    return [by_position.get(position, "") for position in range(len(headings))]


@transaction.atomic
def import_remap(*, run: ImportRun, by, mapping: dict[str, str]) -> ImportRun:
    """Check the run's file again under `mapping` ({file heading: column name or ""}), and
    keep that mapping for the site's next files (over what it had for the same headings)."""
    check_may_import(by, run.site)
    run = ImportRun.objects.select_for_update().select_related("site").get(pk=run.pk)
    if run.status not in REMAPPABLE or not run.file:
        raise ImportRuleError(_("This file can no longer be checked again: send it again."))
    if run.status == RunStatus.CHECKING:
        # The running check would store, after the new one, the findings of the old columns.
        raise ImportRuleError(
            _("The file is still being checked: wait a moment, then save the columns again.")
        )
    column_mapping_save(site=run.site, by=by, mapping={**saved_mapping(run.site), **mapping})
    run.mapping = dict(mapping)
    run.status = RunStatus.CHECKING
    run.rows_done = 0
    run.errors, run.cases, run.summary = [], [], {}
    run.checked_at = None
    run.save()
    queue_check(run)
    return run


def missing_columns(headings: list[str], mapping: dict[str, str]) -> list[str]:
    """The headings of the required columns the file lacks under `mapping`."""
    found = tabular.match_headings(headings, TABULAR_COLUMNS, mapping=mapping)
    return [column.heading for column in found.missing]
