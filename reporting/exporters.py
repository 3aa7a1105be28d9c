"""Every export of the app, in one registry: identifier -> exporter class.

An exporter has an identifier, a name, who may use it (`allowed`), a form for its options and
`render(params, user)` returning (filename, mimetype, content), where content is bytes, an
iterator of bytes (streamed) or an open file (sent as it is). List exporters write CSV and XLSX
from one `iterate_list()`, reading the database in chunks so memory stays flat for any size;
the yearly PDF is an exporter too, built in the background through a Report (see services).

Cells are neutralised against formula injection (core.spreadsheet.neutralise).
"""

import datetime
from collections.abc import Callable, Iterable, Iterator

from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, Min, OuterRef, Q, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.rules import RuleError
from core.spreadsheet import csv_lines, xlsx_file
from households.models import Household, Person, Status, WithdrawalReason
from mobility_plans.models import Lever, Relocation

from . import pdf
from .access import may_export
from .forms import ListExportForm, PdfExportForm, PeriodForm
from .indicators import (
    DEFINITIONS,
    FUNNEL_STEPS,
    Scope,
    indicators_for_scope,
    open_households_queryset,
    steps_from,
)

CHUNK_SIZE = 2000
CSV_MIMETYPE = "text/csv; charset=utf-8"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_MIMETYPE = "application/pdf"

Progress = Callable[[int], None]


class ExportError(RuleError):
    """The options do not allow an export (shown to the user, never a 500)."""


class BaseExporter:
    identifier: str = ""
    verbose_name = ""
    description = ""
    form_class: type[PeriodForm] = PeriodForm
    # Built as a Report in the background (long), rather than answered at once.
    runs_in_background = False
    # render() takes the director's commentary stored on the Report (services.report_generate).
    has_commentary = False

    @classmethod
    def allowed(cls, user) -> bool:
        """Who may use this export (access.may_export); override to narrow it."""
        return may_export(user)

    def form(self, data, user) -> PeriodForm:
        """The options form; its own field ids, since every export's form shares a page."""
        form = self.form_class(data, user=user, auto_id=f"{self.identifier}_%s")
        form.helper.form_action = reverse("reporting:export", args=[self.identifier])
        return form

    def scope_and_form(self, params: dict, user) -> tuple[Scope, PeriodForm]:
        form = self.form(params, user)
        if not form.is_valid():
            raise ExportError(_("The export options are not valid."))
        return form.scope(), form

    def render(self, params: dict, user, progress: Progress | None = None):
        """(filename, mimetype, content) for these options, seen as `user` sees."""
        raise NotImplementedError

    def filename(self, form: PeriodForm, extension: str) -> str:
        start, end = form.period()
        whole_year = start == datetime.date(start.year, 1, 1) and end == datetime.date(
            start.year, 12, 31
        )
        period = str(start.year) if whole_year else f"{start:%Y%m%d}-{end:%Y%m%d}"
        if form.cleaned_data.get("cumulative"):
            period = f"cumul-{end:%Y%m%d}"
        return f"{self.identifier}-{period}.{extension}"


class ListExporter(BaseExporter):
    """One list of rows, written as CSV (streamed) or XLSX (write-only workbook)."""

    form_class = ListExportForm

    def headers(self) -> list[str]:
        raise NotImplementedError

    def iterate_list(self, scope: Scope, user) -> Iterable[list]:
        raise NotImplementedError

    def render(self, params: dict, user, progress: Progress | None = None):
        scope, form = self.scope_and_form(params, user)
        rows = self.iterate_list(scope, user)
        if form.cleaned_data["format"] == "xlsx":
            return self.filename(form, "xlsx"), XLSX_MIMETYPE, self._xlsx(rows)
        return self.filename(form, "csv"), CSV_MIMETYPE, self._csv(rows)

    def _csv(self, rows: Iterable[list]) -> Iterator[bytes]:
        return csv_lines(headers=self.headers(), rows=rows)

    def _xlsx(self, rows: Iterable[list]):
        return xlsx_file(title=self.verbose_name, headers=self.headers(), rows=rows)


class IndicatorTablesExporter(ListExporter):
    identifier = "indicators"
    verbose_name = gettext_lazy("Indicator tables")
    description = gettext_lazy("Every indicator of the period, one figure a line.")

    def headers(self):
        return [_("Section"), _("Indicator"), _("Detail"), _("Value")]

    def iterate_list(self, scope: Scope, user):
        data = indicators_for_scope(scope)
        label = {key: str(value[0]) for key, value in DEFINITIONS.items()}
        rel, work, train = data["relocations"], data["workshops"], data["trainings"]
        households, persons = _("households"), _("persons")
        section = _("Relocations")
        yield [section, label["relocated"], "", rel["households"]]
        yield [section, label["persons_relocated"], "", rel["persons"]]
        for key in ("by_lever", "by_region", "by_year"):
            for row in rel[key]:
                yield [section, label[key], f"{row['label']} · {households}", row["households"]]
                yield [section, label[key], f"{row['label']} · {persons}", row["persons"]]
        for row in rel["by_protection"]:
            yield [section, label["by_protection"], str(row["label"]), row["persons"]]
        section = _("Workshops")
        yield [section, label["workshops"], "", work["held"]]
        yield [section, label["attendances"], "", work["attendances"]]
        yield [section, label["informed"], "", work["households"]]
        yield [section, label["persons_informed"], "", work["persons"]]
        during, cohort = _("during the period"), _("households referred in the period")
        conversion = _("conversion rate (%)")
        section = _("Interviews and funnel")
        for row in data["interviews"]["by_kind"]:
            yield [section, label["interviews"], str(row["label"]), row["interviews"]]
        for row in data["funnel"]["steps"]:
            yield [section, label["funnel"], f"{row['label']} · {during}", row["households"]]
            yield [section, label["funnel"], f"{row['label']} · {cohort}", row["cohort"]]
            if row["conversion"] is not None:
                yield [
                    section,
                    label["funnel"],
                    f"{row['label']} · {conversion}",
                    row["conversion"],
                ]
        section = _("Partners and trainings")
        centres = data["reception_centres"]
        yield [section, label["reception_centres"], "", centres["total"]]
        yield [section, label["reception_centres"], _("through a referral"), centres["referral"]]
        yield [section, label["reception_centres"], _("through a training"), centres["training"]]
        yield [section, label["trainings"], "", train["sessions"]]
        yield [section, label["professionals"], "", train["professionals"]]
        yield [section, label["training_hours"], _("session hours"), float(train["hours"])]
        yield [section, label["training_hours"], _("trainee hours"), float(train["trainee_hours"])]
        section = _("Duration")
        duration = data["duration"]
        yield [section, label["duration"], _("mean (months)"), duration["mean_months"]]
        yield [section, label["duration"], _("median (months)"), duration["median_months"]]
        yield [section, label["duration"], _("relocations measured"), duration["relocations"]]
        done = _("done")
        section = _("Follow-ups")
        for row in data["followups"]["by_months"]:
            months = _("%(months)s months") % {"months": row["months"]}
            yield [section, label["followups"], f"{months} · {done}", row["done"]]
            for outcome in row["outcomes"]:
                yield [
                    section,
                    label["followups"],
                    f"{months} · {outcome['label']}",
                    outcome["households"],
                ]
        section = _("Withdrawals and caseload")
        for row in data["withdrawals"]["by_reason"]:
            yield [section, label["withdrawals"], str(row["label"]), row["households"]]
        for row in data["caseload"]["by_social_worker"]:
            yield [section, label["caseload"], str(row["label"]), row["households"]]


class HouseholdListExporter(ListExporter):
    """Households open during the period with the date they reached each step.

    One query whatever the number of rows: each milestone is a MIN() over the household's status
    history in the same GROUP BY; free-text fields (notes, wishes, constraints) are never
    exported, and neither are names.
    """

    identifier = "households"
    verbose_name = gettext_lazy("Household list with funnel dates")
    description = gettext_lazy(
        "Households open during the period, their site, status and the date of each step."
    )

    def headers(self):
        return [
            _("Reference"),
            _("Site"),
            _("Status"),
            _("Referral date"),
            _("Social worker"),
            _("Members"),
            _("Current département"),
            _("Referred by"),
            _("Withdrawal reason"),
            *[_("Date: %(step)s") % {"step": step.label} for step in FUNNEL_STEPS],
            _("Date: %(step)s") % {"step": Status.CLOSED.label},
            _("Date: %(step)s") % {"step": Status.WITHDRAWN.label},
            _("Lever used"),
            _("Destination département"),
        ]

    def queryset(self, scope: Scope, user):
        members = (
            Person.objects.filter(household=OuterRef("pk"))
            .order_by()
            .values("household")
            .annotate(n=Count("pk"))
            .values("n")
        )
        latest_move = Relocation.objects.filter(household=OuterRef("pk")).order_by(
            "-moved_on", "-pk"
        )
        milestones = {
            f"d_{step}": Min(
                "status_changes__occurred_on",
                filter=Q(status_changes__to_status__in=steps_from(step)),
            )
            for step in FUNNEL_STEPS
        }
        for step in (Status.CLOSED, Status.WITHDRAWN):
            milestones[f"d_{step}"] = Min(
                "status_changes__occurred_on", filter=Q(status_changes__to_status=step)
            )
        return (
            Household.objects.visible_to(user)
            .filter(pk__in=open_households_queryset(scope).values("pk"))
            .annotate(
                **milestones,
                members_n=Subquery(members, output_field=IntegerField()),
                lever=Subquery(latest_move.values("lever_used")[:1]),
                destination=Subquery(latest_move.values("departement_id")[:1]),
            )
            .order_by("reference")
            .values_list(
                "reference",
                "site__name",
                "status",
                "referral_date",
                "social_worker__username",
                "members_n",
                "departement_id",
                "referring_partner__name",
                "withdrawal_reason",
                *milestones,
                "lever",
                "destination",
            )
        )

    def iterate_list(self, scope: Scope, user):
        statuses = dict(Status.choices)
        reasons = dict(WithdrawalReason.choices)
        levers = dict(Lever.choices)
        for row in self.queryset(scope, user).iterator(chunk_size=CHUNK_SIZE):
            row = list(row)
            row[2] = str(statuses.get(row[2], row[2]))
            row[5] = row[5] or 0
            row[8] = str(reasons.get(row[8], row[8]))
            row[-2] = str(levers.get(row[-2], row[-2] or ""))
            yield row


class YearlyReportExporter(BaseExporter):
    """The funders' yearly report as a PDF: cover, indicators, charts, methodology."""

    identifier = "yearly_report"
    verbose_name = gettext_lazy("Yearly report (PDF)")
    description = gettext_lazy(
        "The indicator report for funders: cover, figures, charts, breakdowns and methodology."
    )
    form_class = PdfExportForm
    runs_in_background = True
    has_commentary = True

    def render(self, params: dict, user, progress: Progress | None = None, commentary: str = ""):
        scope, form = self.scope_and_form(params, user)
        content = pdf.yearly_report_pdf(
            scope=scope,
            site_names=form.site_names(),
            progress=progress or (lambda percent: None),
            generated_at=timezone.localtime(),
            commentary=commentary,
        )
        return self.filename(form, "pdf"), PDF_MIMETYPE, content

    def filename(self, form: PeriodForm, extension: str) -> str:
        """rapport-annuel-2026.pdf: in French whatever the requester's language, as the report
        itself is (a funder files it under that name). A period other than a calendar year:
        rapport-indicateurs-20250101-20250630; since the programme began:
        rapport-indicateurs-cumul-20251231; limited to a grant, its reference follows."""
        start, end = form.period()
        if form.cleaned_data.get("cumulative"):
            name = f"rapport-indicateurs-cumul-{end:%Y%m%d}"
        elif (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and (
            start.year == end.year
        ):
            name = f"rapport-annuel-{start.year}"
        else:
            name = f"rapport-indicateurs-{start:%Y%m%d}-{end:%Y%m%d}"
        grant = form.chosen_grant()
        if grant is not None:
            name += f"-{slugify(grant.agreement_reference)}"
        return f"{name}.{extension}"


# The control pack lives in its own package (reporting/control_pack/), which never imports
# this module: it has BaseExporter's interface without subclassing it.
from .control_pack.exporter import ControlPackExporter  # noqa: E402

EXPORTERS: dict[str, type[BaseExporter]] = {
    exporter.identifier: exporter
    for exporter in (
        IndicatorTablesExporter,
        HouseholdListExporter,
        YearlyReportExporter,
        ControlPackExporter,
    )
}


def exporters_for(user) -> list[BaseExporter]:
    return [cls() for cls in EXPORTERS.values() if cls.allowed(user)]


def exporter_get_for_user(*, user, identifier: str) -> BaseExporter:
    """The exporter, or 404 if unknown and 403 if the user's role may not use it."""
    cls = EXPORTERS.get(identifier)
    if cls is None:
        raise Http404("Unknown export")
    if not cls.allowed(user):
        raise PermissionDenied
    return cls()
