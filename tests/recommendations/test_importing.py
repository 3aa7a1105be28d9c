"""Importing reference data: upload → columns → preview with row errors → import."""

import io
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from recommendations import services
from recommendations.importing import parse_file
from recommendations.models import Dataset, DatasetKind, DatasetUpload, HiringNeed, HousingZone
from recommendations.selectors import dataset_current
from tests.recommendations.helpers import HIRING_HEADINGS, csv_upload, import_hiring, import_zones

pytestmark = pytest.mark.django_db


def send(client, lines, *, kind=DatasetKind.HIRING_NEEDS, name="bmo.csv"):
    return client.post(
        reverse("recommendations:datasets"),
        {
            "kind": kind,
            "source": "France Travail, BMO",
            "year": "2025",
            "file": csv_upload(lines, name),
        },
    )


def test_a_coordinator_imports_a_file_whose_headings_need_mapping(client, coordinator):
    client.force_login(coordinator)
    # This year's file calls two columns differently: the mapping step places them.
    lines = [
        "Code métier BMO;Nom métier BMO;Département;Nb projets;Part difficiles (%);Saisonnalité",
        "V0X21;Aides-soignants;87;412;71,2;3",
        "S1X40;Cuisiniers;1;90;55;40",
    ]
    response = send(client, lines)
    upload = DatasetUpload.objects.get()
    assert response.url == reverse("recommendations:upload", args=[upload.pk])
    page = client.get(response.url)
    assert "Cette colonne manque dans le fichier." in page.content.decode()
    assert reverse("recommendations:upload_import", args=[upload.pk]).encode() not in page.content

    mapping = {
        "h0": "family_code",
        "h1": "family_label",
        "h2": "departement",
        "h3": "planned_hires",
    }
    mapping |= {"h4": "difficult_share", "h5": "seasonal_share"}
    client.post(response.url, mapping)
    page = client.get(response.url).content.decode()
    assert "2 lignes à importer" in page
    assert "Aides-soignants" in page

    client.post(reverse("recommendations:upload_import", args=[upload.pk]))
    dataset = Dataset.objects.get()
    assert (dataset.kind, dataset.year, dataset.imported_by, dataset.is_sample) == (
        DatasetKind.HIRING_NEEDS,
        2025,
        coordinator,
        False,
    )
    rows = {(r.family_code, r.departement_id): r for r in dataset.hiring_needs.all()}
    assert rows["V0X21", "87"].planned_hires == 412
    assert float(rows["S1X40", "01"].seasonal_share) == 40.0  # "1" read as Ain, 01
    assert not DatasetUpload.objects.exists()


def test_malformed_rows_are_listed_in_french_and_nothing_is_imported(client, coordinator):
    client.force_login(coordinator)
    lines = [
        HIRING_HEADINGS,
        "V0X21;Aides-soignants;87;beaucoup;71;3",
        "V0X21;Aides-soignants;99;10;71;3",
        "V0X21;Aides-soignants;87;10;171;3",
        "=HYPERLINK(1);Cuisiniers;87;10;10;3",
        "S1X40;Cuisiniers;87;12,5;10;3",
    ]
    response = send(client, lines)
    page = client.get(response.url).content.decode()
    for message in (
        "Ce n’est pas un nombre",
        "Aucun département n’a ce code.",
        "Une part est un pourcentage entre 0 et 100.",
        "Une formule n’est pas acceptée",
        "Un nombre d’embauches est un nombre entier, 0 ou plus.",
    ):
        assert message in page
    upload = DatasetUpload.objects.get()
    response = client.post(reverse("recommendations:upload_import", args=[upload.pk]))
    assert response.status_code == 302
    assert not Dataset.objects.exists() and DatasetUpload.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bmo.csv", b""),
        ("bmo.csv", b"\x00\x01\x02garbage"),
        ("bmo.xlsx", b"PK\x03\x04 not really a workbook"),
        ("bmo.csv", b"Dept\n87"),
    ],
)
def test_an_unreadable_file_gives_a_clear_page_never_a_500(client, coordinator, name, content):
    client.force_login(coordinator)
    response = client.post(
        reverse("recommendations:datasets"),
        {
            "kind": DatasetKind.HIRING_NEEDS,
            "source": "x",
            "year": "2025",
            "file": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert client.get(response.url).status_code == 200
    assert not Dataset.objects.exists()


def test_an_xlsx_zoning_file_is_read_and_communes_give_their_departement(coordinator):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Code INSEE", "Zonage ABC"])
    sheet.append(["1053", "B2"])
    sheet.append(["2A004", "a bis"])
    sheet.append(["87085", "C"])
    handle = io.BytesIO()
    workbook.save(handle)
    upload = services.dataset_upload(
        by=coordinator,
        kind=DatasetKind.HOUSING_ZONES,
        source="Zonage ABC",
        year=2024,
        upload=SimpleUploadedFile("zonage.xlsx", handle.getvalue()),
    )
    services.dataset_import(upload=upload, by=coordinator)
    zones = dict(HousingZone.objects.values_list("commune_code", "departement_id"))
    assert zones == {"01053": "01", "2A004": "2A", "87085": "87"}
    assert HousingZone.objects.get(commune_code="2A004").zone == "Abis"


def test_employment_areas_of_one_departement_are_added_up(coordinator):
    dataset = import_hiring(
        by=coordinator,
        rows=[
            ("V0X21", "Aides-soignants", "87", 100, 80, 0),
            ("V0X21", "Aides-soignants", "87", 300, 40, 10),
        ],
    )
    row = HiringNeed.objects.get(dataset=dataset)
    assert row.planned_hires == 400
    assert float(row.difficult_share) == 50.0  # (100×80 + 300×40) ÷ 400
    assert float(row.seasonal_share) == 7.5


@pytest.mark.parametrize("role", ["social_worker", "director", "auditor"])
def test_only_coordinators_and_administrators_import(client, world, role):
    client.force_login(world.users[role])
    assert send(client, [HIRING_HEADINGS]).status_code == 403
    page = client.get(reverse("recommendations:datasets"))
    assert page.status_code == 200 and b'type="file"' not in page.content
    with pytest.raises(PermissionDenied):
        services.dataset_upload(
            by=world.users[role],
            kind=DatasetKind.HIRING_NEEDS,
            source="x",
            year=2025,
            upload=csv_upload([HIRING_HEADINGS]),
        )


def test_the_newest_imported_dataset_is_read_before_any_sample(coordinator):
    services.samples_load()
    assert dataset_current(kind=DatasetKind.HIRING_NEEDS).is_sample
    older = import_hiring(
        by=coordinator, rows=[("V0X21", "Aides-soignants", "87", 1, 1, 1)], year=2023
    )
    newer = import_hiring(
        by=coordinator, rows=[("V0X21", "Aides-soignants", "87", 1, 1, 1)], year=2025
    )
    import_hiring(by=coordinator, rows=[("V0X21", "Aides-soignants", "87", 1, 1, 1)], year=2024)
    assert dataset_current(kind=DatasetKind.HIRING_NEEDS) == newer != older


def test_the_samples_load_once_marked_as_sample_data():
    first = services.samples_load()
    again = services.samples_load()
    assert first == again and all(d.is_sample for d in first)
    assert Dataset.objects.count() == 2
    assert HiringNeed.objects.count() > 200 and HousingZone.objects.count() > 100


def test_the_dataset_page_shows_source_year_and_import_date(client, social_worker, coordinator):
    import_zones(by=coordinator, rows=[("87085", "C")])
    services.samples_load()
    client.force_login(social_worker)
    page = client.get(reverse("recommendations:datasets")).content.decode()
    assert "Zonage ABC" in page and "2024" in page and "importé le" in page
    assert "données d’exemple" in page


def test_the_demo_command_loads_the_samples_once():
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    datasets = list(Dataset.objects.all())
    assert len(datasets) == 2 and all(d.is_sample for d in datasets)
    assert all(d.summary for d in datasets)


def test_two_headings_mapped_to_one_column_are_refused(client, coordinator):
    client.force_login(coordinator)
    response = send(client, [HIRING_HEADINGS, "V0X21;Aides-soignants;87;412;71;3"])
    page = client.post(response.url, {f"h{n}": "family_code" for n in range(6)})
    assert page.status_code == 200
    assert "est déjà donnée par" in page.content.decode()
    assert DatasetUpload.objects.get().mapping == {}


CELL = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(DatasetKind.values),
    rows=st.lists(st.lists(CELL, min_size=0, max_size=8), max_size=6),
    raw=st.binary(max_size=200),
)
def test_any_file_gives_rows_or_errors_never_an_exception(kind, rows, raw):
    text = "\n".join([HIRING_HEADINGS if kind == "hiring_needs" else "CODGEO;Zone"])
    text += "".join("\n" + ";".join(cell.replace("\n", " ") for cell in row) for row in rows)
    for data, name in ((text.encode(), "f.csv"), (raw, "f.csv"), (raw, "f.xlsx")):
        parsed = parse_file(data, name=name, kind=kind, mapping={}, max_bytes=10_000)
        assert parsed.ok or parsed.errors
        assert all(isinstance(error.message, str) for error in parsed.errors)
