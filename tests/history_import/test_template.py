"""The documented template: its first sheet reads back as a file of one household."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from history_import.columns import COLUMNS
from history_import.models import ImportRun
from history_import.preview import import_preview
from history_import.services import import_file
from history_import.template import english_heading
from households.models import Household
from tests.history_import.files import counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def template(client, coordinator) -> bytes:
    client.force_login(coordinator)
    response = client.get(reverse("history_import:template"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return response.content


def test_the_example_sheet_comes_first_and_every_column_is_explained(template):
    workbook = load_workbook(io.BytesIO(template), read_only=True)
    assert workbook.sheetnames == ["Dossiers", "Explications"]
    cases, explained = (list(sheet.values) for sheet in workbook.worksheets)
    assert list(cases[0]) == [column.heading for column in COLUMNS]
    assert len(cases) == 2
    described = {row[0]: row for row in explained if row and row[0] in cases[0]}
    assert set(described) == set(cases[0])
    case_number = described["N° dossier"]
    assert case_number[1] == "case number"
    assert case_number[2] in ("oui", "yes")


def test_every_column_has_an_english_heading_among_its_aliases():
    for column in COLUMNS:
        assert english_heading(column) in column.column.aliases, column.name


def test_the_template_reads_back_and_its_example_imports_as_one_household(
    template, site_a, coordinator, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    name = "modele.xlsx"
    preview = import_preview(template, name=name, site=site_a, user=coordinator)
    assert preview.errors == []
    assert not preview.unknown_headings
    assert preview.summary["households"] == 1

    before = counts()
    run = import_file(template, name=name, site=site_a, by=coordinator, dry_run=True)
    assert run.errors == [] and run.can_import
    assert [case["action"] for case in run.cases] == ["create"]
    assert counts() == before
    assert ImportRun.objects.count() == 1

    run = import_file(template, name=name, site=site_a, by=coordinator, dry_run=False)
    assert Household.objects.get().import_key == "2019-017"
