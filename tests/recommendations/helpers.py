"""Reference data built through the real import services, for the recommendations' tests."""

from django.core.files.uploadedfile import SimpleUploadedFile

from recommendations import services
from recommendations.models import DatasetKind

HIRING_HEADINGS = (
    "Code métier BMO;Nom métier BMO;Dept;Projets de recrutement;"
    "Part difficiles (%);Part saisonniers (%)"
)


def csv_upload(lines: list[str], name: str = "bmo.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, "\n".join(lines).encode(), content_type="text/csv")


def import_dataset(*, by, kind, lines, source="France Travail, BMO", year=2025, mapping=None):
    """Send, map (when asked) and import a CSV as a coordinator does; returns the dataset."""
    upload = services.dataset_upload(
        by=by, kind=kind, source=source, year=year, upload=csv_upload(lines)
    )
    if mapping:
        services.dataset_upload_remap(upload=upload, by=by, mapping=mapping)
    return services.dataset_import(upload=upload, by=by)


def import_hiring(*, by, rows, year=2025):
    """rows: (family code, label, département, hires, difficult %, seasonal %)."""
    lines = [HIRING_HEADINGS] + [";".join(str(cell) for cell in row) for row in rows]
    return import_dataset(by=by, kind=DatasetKind.HIRING_NEEDS, lines=lines, year=year)


def import_zones(*, by, rows, year=2024):
    """rows: (commune code, zone)."""
    lines = ["CODGEO;Zone"] + [f"{code};{zone}" for code, zone in rows]
    return import_dataset(
        by=by, kind=DatasetKind.HOUSING_ZONES, lines=lines, source="Zonage ABC", year=year
    )
