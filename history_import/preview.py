"""Reading and judging a whole file of past cases: what it would create, or what is wrong.

`import_preview` writes nothing; the services of services.py run it for the dry run and again,
inside the import's transaction, before writing (the database may have changed since).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.selectors import social_workers_of
from core import tabular
from core.dates import today
from core.tabular import RowError
from core.text import normalise

from .checking import check_cases
from .columns import TABULAR_COLUMNS
from .models import ColumnMapping
from .reading import Lookups, read_cases
from .records import CaseRecord
from .writing import plan_signed_on

MAX_ERRORS = 1000  # more would not help anyone: the file needs fixing at its source


def import_max_bytes() -> int:
    return settings.MAX_UPLOAD_MB * 1024 * 1024


@dataclass
class Preview:
    """What a file would create, or why it cannot be imported."""

    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    cases: list[dict] = field(default_factory=list)  # one line per case, in the file's order
    summary: dict[str, int] = field(default_factory=dict)
    to_create: list[CaseRecord] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    unknown_headings: list[str] = field(default_factory=list)


def saved_mapping(site) -> dict[str, str]:
    found = ColumnMapping.objects.filter(site=site).first()
    return dict(found.mapping) if found else {}


def _resolve_workers(cases, site, headings, errors) -> None:
    workers = {}
    for user in social_workers_of([site.pk]):
        workers[normalise(user.username)] = user.pk
        if user.email:
            workers[normalise(user.email)] = user.pk
    for case in cases:
        name = case.get("social_worker")
        if not name:
            continue
        found = workers.get(normalise(name))
        if found is None:
            errors.append(
                RowError(
                    case.row,
                    headings["social_worker"],
                    _("No social worker of this site has this login or e-mail address."),
                )
            )
        case.values["social_worker_id"] = found


def _describe(case: CaseRecord) -> str:
    parts = [
        ngettext("%(count)d person", "%(count)d persons", len(case.persons))
        % {"count": len(case.persons)}
    ]
    interviews = sum(1 for name in ("diagnostic_on", "plan_interview_on") if case.get(name))
    if case.workshop_dates:
        parts.append(
            ngettext("%(count)d workshop", "%(count)d workshops", len(case.workshop_dates))
            % {"count": len(case.workshop_dates)}
        )
    if interviews:
        parts.append(
            ngettext("%(count)d interview", "%(count)d interviews", interviews)
            % {"count": interviews}
        )
    if case.get("plan_interview_on"):
        parts.append(_("signed plan") if plan_signed_on(case) else _("unsigned plan"))
    if case.get("moved_on"):
        parts.append(
            _("move on %(day)s") % {"day": date_format(case.get("moved_on"), "SHORT_DATE_FORMAT")}
        )
    if case.followups:
        parts.append(
            ngettext("%(count)d follow-up", "%(count)d follow-ups", len(case.followups))
            % {"count": len(case.followups)}
        )
    if case.get("withdrawn_on"):
        parts.append(_("withdrawn"))
    elif case.get("closed_on"):
        parts.append(_("closed"))
    return ", ".join(parts)


def _summary(cases: list[CaseRecord]) -> dict[str, int]:
    return {
        "households": len(cases),
        "persons": sum(len(c.persons) for c in cases),
        "attendances": sum(len(set(p.workshop_dates)) for c in cases for p in c.persons),
        "interviews": sum(
            1 for c in cases for n in ("diagnostic_on", "plan_interview_on") if c.get(n)
        ),
        "relocations": sum(1 for c in cases if c.get("moved_on")),
        "followups": sum(len(c.followups) for c in cases),
        "evidence": sum(1 for c in cases for p in c.persons if p.evidence),
    }


def import_preview(
    data: bytes, *, name: str, site, user, mapping: dict[str, str] | None = None, progress=None
) -> Preview:
    """Read and judge a whole file; writes nothing. `progress(done, total)` hears of the rows."""
    preview = Preview()
    try:
        table = tabular.read_table(data, name=name, max_bytes=import_max_bytes())
    except tabular.TabularFileError as error:
        preview.errors.append(RowError(1, "", error.message))
        return preview
    preview.rows = len(table.rows)
    preview.headings = list(table.headings)
    if mapping is None:
        mapping = saved_mapping(site)
    found = tabular.match_headings(table.headings, TABULAR_COLUMNS, mapping=mapping)
    preview.unknown_headings = found.unknown
    preview.errors += found.errors()
    if not table.rows:
        preview.errors.append(RowError(2, "", _("The file has no row below its headings.")))
    if preview.errors:
        return preview
    headings = {name: table.headings[position] for name, position in found.positions.items()}
    read = read_cases(table, found.positions, headings, Lookups.load(), progress=progress)
    errors = read.errors
    _resolve_workers(read.cases, site, headings, errors)
    checked = check_cases(read.cases, site=site, user=user, headings=headings, today=today())
    errors += checked.errors
    preview.errors = sorted(errors, key=lambda e: e.row)[:MAX_ERRORS]
    failed = {e.row for e in errors}
    for verdict in checked.verdicts:
        case = verdict.case
        preview.cases.append(
            {
                "row": case.row,
                "case": case.key,
                "action": verdict.action if not failed & set(case.rows) else "error",
                "detail": verdict.detail or _describe(case),
            }
        )
    preview.to_create = [c for c in checked.to_create if not failed & set(c.rows)]
    preview.summary = _summary(preview.to_create)
    return preview
