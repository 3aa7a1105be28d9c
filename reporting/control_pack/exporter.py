"""The auditor's financial-control pack, as an exporter of the registry (built in the
background as a Report, like the yearly PDF).

It has the interface of reporting.exporters.BaseExporter without subclassing it:
reporting.exporters registers it in EXPORTERS, so importing from there would make a cycle
between reporting's modules (import-linter's acyclic_siblings contract).
"""

from collections.abc import Callable

from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.rules import RuleError

from ..access import may_request_control_pack
from .build import build_control_pack
from .form import ControlPackForm

ZIP_MIMETYPE = "application/zip"


class ControlPackError(RuleError):
    """The stored options no longer allow the pack (shown on the report, never a 500)."""


class ControlPackExporter:
    identifier = "control_pack"
    verbose_name = gettext_lazy("Financial-control pack (ZIP)")
    description = gettext_lazy(
        "For the auditors of a grant: beneficiaries under pseudonyms with their eligibility "
        "and evidence, every activity, timesheets, staff costs, expenses, the statement, the "
        "attendance sheets, a summary and a manifest of SHA-256 checksums."
    )
    form_class = ControlPackForm
    runs_in_background = True
    # Never answered at once: its form asks for a Report (reporting:control_packs).
    background_only = True

    @classmethod
    def allowed(cls, user) -> bool:
        return may_request_control_pack(user)

    @classmethod
    def request_url(cls) -> str:
        return reverse("reporting:control_packs")

    def form(self, data, user) -> ControlPackForm:
        return ControlPackForm(data, user=user, auto_id=f"{self.identifier}_%s")

    def render(self, params: dict, user, progress: Callable[[int], None] | None = None):
        form = self.form(params, user)
        if not form.is_valid():
            # The grant may have left the requester's reach since the request.
            raise ControlPackError(_("The export options are not valid."))
        grant = form.cleaned_data["grant"]
        start, end = form.period()
        content = build_control_pack(
            grant=grant,
            start=start,
            end=end,
            user=user,
            parameters=form.params(),
            progress=progress or (lambda percent: None),
        )
        reference = slugify(grant.agreement_reference) or "grant"
        filename = f"control_pack-{reference}-{start:%Y%m%d}-{end:%Y%m%d}.zip"
        return filename, ZIP_MIMETYPE, content
