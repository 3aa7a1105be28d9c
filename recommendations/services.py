"""Every write of the recommendations: importing reference files, loading the samples, and
picking a recommended département as a target of the household's plan."""

from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import require_write
from core.rules import RuleError
from mobility_plans.corrections import plan_agreement_editable, plan_correct
from mobility_plans.models import MobilityPlan
from territories.models import Departement

from .access import check_may_import
from .importing import parse_file
from .models import Dataset, DatasetKind, DatasetUpload, HiringNeed, HousingZone

SAMPLES = {
    DatasetKind.HIRING_NEEDS: (
        "hiring_needs.csv",
        "France Travail, BMO (échantillon fictif)",
        2025,
    ),
    DatasetKind.HOUSING_ZONES: ("housing_zones.csv", "Zonage ABC (échantillon fictif)", 2024),
}
SAMPLE_DIR = Path(__file__).resolve().parent / "sample"


class RecommendationRuleError(RuleError):
    """A rule refused the change; nothing was written."""


def max_bytes() -> int:
    return settings.MAX_UPLOAD_MB * 1024 * 1024


@transaction.atomic
def dataset_upload(*, by, kind: str, source: str, year: int, upload) -> DatasetUpload:
    """Keep a sent file for its mapping step and preview; nothing is imported yet."""
    check_may_import(by)
    upload.seek(0)
    content = upload.read(max_bytes() + 1)
    if len(content) > max_bytes():
        raise RecommendationRuleError(
            _("The file is too large (at most %(mb)s MB).") % {"mb": settings.MAX_UPLOAD_MB}
        )
    return DatasetUpload.objects.create(
        kind=kind,
        source=source.strip(),
        year=year,
        file_name=Path(upload.name).name[:200],
        content=content,
        created_by=by,
    )


@transaction.atomic
def dataset_upload_remap(*, upload: DatasetUpload, by, mapping: dict) -> DatasetUpload:
    """Keep the columns chosen for the file's headings; the preview reads it again under them."""
    check_may_import(by)
    upload.mapping = dict(mapping)
    upload.save(update_fields=["mapping"])
    return upload


def dataset_summarise(*, dataset: Dataset) -> Dataset:
    """Add up what every ranking reads of the whole dataset (its occupation families and
    totals per département, or its communes per zone and département), once, so that a
    recommendation reads a hundred numbers instead of tens of thousands of rows."""
    if dataset.kind == DatasetKind.HIRING_NEEDS:
        rows = dataset.hiring_needs.values_list(
            "departement_id", "family_code", "family_label", "planned_hires", "difficult_share"
        )
        families, totals = {}, defaultdict(lambda: [0.0, 0.0])
        for dep, code, label, hires, difficult in rows.iterator(chunk_size=5000):
            families.setdefault(code, label)
            totals[dep][0] += hires
            totals[dep][1] += hires * float(difficult) / 100
        dataset.summary = {"families": families, "totals": dict(totals)}
    else:
        zones = defaultdict(dict)
        for dep, zone, n in (
            dataset.housing_zones.values("departement_id", "zone")
            .annotate(n=Count("id"))
            .values_list("departement_id", "zone", "n")
        ):
            zones[dep][zone] = n
        dataset.summary = {"zones": dict(zones)}
    dataset.save(update_fields=["summary"])
    return dataset


def _create_rows(dataset: Dataset, rows: list[dict]) -> None:
    if dataset.kind == DatasetKind.HIRING_NEEDS:
        HiringNeed.objects.bulk_create(
            [HiringNeed(dataset=dataset, departement_id=r.pop("departement"), **r) for r in rows],
            batch_size=2000,
        )
    else:
        HousingZone.objects.bulk_create(
            [HousingZone(dataset=dataset, departement_id=r.pop("departement"), **r) for r in rows],
            batch_size=2000,
        )
    dataset_summarise(dataset=dataset)


@transaction.atomic
def dataset_import(*, upload: DatasetUpload, by) -> Dataset:
    """Import the file as a new dataset (the recommendations read it from now on when it is
    the newest of its kind); refused while any row has an error, so nothing is half-imported."""
    check_may_import(by)
    upload = DatasetUpload.objects.select_for_update().get(pk=upload.pk)
    parsed = parse_file(
        bytes(upload.content),
        name=upload.file_name,
        kind=upload.kind,
        mapping=upload.mapping,
        max_bytes=max_bytes(),
    )
    if not parsed.ok:
        raise RecommendationRuleError(
            _("The file still has errors: correct them (or the columns) before importing.")
        )
    dataset = Dataset.objects.create(
        kind=upload.kind,
        source=upload.source,
        year=upload.year,
        imported_by=by,
        row_count=len(parsed.rows),
    )
    _create_rows(dataset, parsed.rows)
    upload.delete()
    return dataset


@transaction.atomic
def dataset_upload_discard(*, upload: DatasetUpload, by) -> None:
    """Forget a sent file without importing it."""
    check_may_import(by)
    upload.delete()


@transaction.atomic
def dataset_withdraw(*, dataset: Dataset, by) -> Dataset:
    """Stop the recommendations reading a dataset (imported by mistake, or superseded): the
    newest other one of its kind becomes current. Withdrawing it again changes nothing."""
    check_may_import(by)
    dataset = Dataset.objects.select_for_update().get(pk=dataset.pk)
    if dataset.withdrawn_at is None:
        dataset.withdrawn_at, dataset.withdrawn_by = timezone.now(), by
        dataset.save(update_fields=["withdrawn_at", "withdrawn_by"])
    return dataset


@transaction.atomic
def dataset_restore(*, dataset: Dataset, by) -> Dataset:
    """Put a withdrawn dataset back among those the recommendations may read."""
    check_may_import(by)
    dataset = Dataset.objects.select_for_update().get(pk=dataset.pk)
    if dataset.withdrawn_at is not None:
        dataset.withdrawn_at, dataset.withdrawn_by = None, None
        dataset.save(update_fields=["withdrawn_at", "withdrawn_by"])
    return dataset


@transaction.atomic
def samples_load() -> list[Dataset]:
    """Load the sample of each kind shipped with the app, marked as sample data, once: a
    sample already loaded is kept as it is (the demo command runs again and again)."""
    loaded = []
    for kind, (file_name, source, year) in SAMPLES.items():
        existing = Dataset.objects.filter(kind=kind, is_sample=True).first()
        if existing is not None:
            loaded.append(existing)
            continue
        parsed = parse_file(
            (SAMPLE_DIR / file_name).read_bytes(),
            name=file_name,
            kind=kind,
            mapping={},
            max_bytes=max_bytes(),
        )
        if not parsed.ok:  # the shipped file is part of the code: a mistake there is a bug
            raise ValueError(f"sample {file_name}: {parsed.errors[:3]}")
        dataset = Dataset.objects.create(
            kind=kind, source=source, year=year, is_sample=True, row_count=len(parsed.rows)
        )
        _create_rows(dataset, parsed.rows)
        loaded.append(dataset)
    return loaded


@transaction.atomic
def plan_target_pick(*, plan: MobilityPlan, by, departement: Departement) -> MobilityPlan:
    """Add a recommended département to the plan's target areas, after those it has, through
    the plan's correction service (so the history says who added it, when and why)."""
    require_write(by, plan.household.site_id)
    if not plan.is_active:
        raise RecommendationRuleError(_("A realised or abandoned plan can no longer be corrected."))
    if not plan_agreement_editable(plan=plan, user=by):
        raise RecommendationRuleError(
            _("The plan is signed: only a coordinator of the site can change its target areas.")
        )
    targets = [
        {"region": t.region, "departement": t.departement}
        for t in plan.targets.select_related("region", "departement").order_by("preference", "id")
    ]
    if any(t["departement"] == departement for t in targets):
        raise RecommendationRuleError(_("This département is already a target of the plan."))
    targets.append({"region": departement.region, "departement": departement})
    return plan_correct(
        plan=plan,
        by=by,
        expected_version=plan.version,
        reason=_("Recommended département chosen: %(dep)s") % {"dep": departement},
        objectives=plan.objectives,
        targets=targets,
    )
