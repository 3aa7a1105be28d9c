"""Exports: the registry, CSV/XLSX output, formula neutralising, scoping and query counts."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from core.spreadsheet import neutralise
from reporting.exporters import (
    EXPORTERS,
    HouseholdListExporter,
    exporter_get_for_user,
    exporters_for,
)
from tests.factories import make_household, make_person

pytestmark = pytest.mark.django_db


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body), delimiter=";"))


def xlsx_rows(response) -> list[list]:
    body = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+33 1 23", "'+33 1 23"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Rennes", "Rennes"),
        ("", ""),
        (-3, -3),
        (None, None),
    ],
)
def test_neutralise_makes_formula_cells_inert(value, expected):
    assert neutralise(value) == expected


def test_the_registry_holds_every_exporter_with_its_identifier():
    assert set(EXPORTERS) == {"indicators", "households", "yearly_report", "control_pack"}
    for identifier, exporter in EXPORTERS.items():
        assert exporter.identifier == identifier
        assert exporter.verbose_name and exporter.form_class


def test_the_registry_offers_each_role_its_exporters(director, auditor, social_worker):
    assert {e.identifier for e in exporters_for(director)} == set(EXPORTERS)
    assert {e.identifier for e in exporters_for(auditor)} == set(EXPORTERS)
    assert exporters_for(social_worker) == []
    assert isinstance(
        exporter_get_for_user(user=auditor, identifier="households"), HouseholdListExporter
    )
    with pytest.raises(PermissionDenied):
        exporter_get_for_user(user=social_worker, identifier="households")
    with pytest.raises(Http404):
        exporter_get_for_user(user=director, identifier="nothing")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"year": "2024"}, "households-2024.csv"),
        ({"start": "2024-01-01", "end": "2024-12-31"}, "households-2024.csv"),
        ({"start": "2024-03-01", "end": "2024-12-31"}, "households-20240301-20241231.csv"),
        ({"start": "2024-01-01", "end": "2025-12-31"}, "households-20240101-20251231.csv"),
        ({"year": "2024", "cumulative": "on"}, "households-cumul-20241231.csv"),
    ],
)
def test_export_file_names_tell_the_period(director, params, expected):
    exporter = HouseholdListExporter()
    filename, _mimetype, _content = exporter.render(params, director)
    assert filename == expected


def _formula_household(site, by):
    # A commune is free text typed by staff: a formula could sneak into any text cell.
    household = make_household(site=site, by=by, referral_date=datetime.date(2025, 2, 3))
    household.reference = "=1+2"
    household.save(update_fields=["reference"])
    return household


def test_household_csv_neutralises_formula_cells(site_a, social_worker, director, client_for):
    _formula_household(site_a, social_worker)
    response = client_for(director).get(
        reverse("reporting:export", args=["households"]), {"year": "2025"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    assert rows[0][0] == "Reference"
    assert rows[1][0] == "'=1+2"


def test_household_xlsx_neutralises_formula_cells(site_a, social_worker, director, client_for):
    _formula_household(site_a, social_worker)
    response = client_for(director).get(
        reverse("reporting:export", args=["households"]), {"year": "2025", "format": "xlsx"}
    )
    assert response.status_code == 200
    rows = xlsx_rows(response)
    assert rows[1][0] == "'=1+2"


def test_household_export_carries_funnel_dates_and_no_notes(programme, auditor, client_for):
    response = client_for(auditor).get(
        reverse("reporting:export", args=["households"]), {"year": "2025"}
    )
    rows = csv_rows(response)
    header, body = rows[0], rows[1:]
    by_ref = {row[0]: dict(zip(header, row, strict=True)) for row in body}
    h1 = by_ref[programme.h1.reference]
    assert h1["Date: Informed"] == "2024-11-05"
    assert h1["Date: Relocated"] == "2025-03-05"
    assert h1["Lever used"] == "Employment"
    # H3 skipped the workshop: its diagnostic date marks "informed" as well.
    h3 = by_ref[programme.h3.reference]
    assert h3["Date: Informed"] == h3["Date: Diagnosed"] == "2025-02-01"
    assert h3["Date: Withdrawn"] == "2025-06-01"
    # Every household open during 2025, on every site for an auditor.
    assert len(body) == 6
    assert not any("note" in column.lower() or "wish" in column.lower() for column in header)


def test_a_coordinator_exports_only_households_of_their_sites(programme, coordinator, client_for):
    rows = csv_rows(
        client_for(coordinator).get(
            reverse("reporting:export", args=["households"]), {"year": "2025"}
        )
    )
    references = {row[0] for row in rows[1:]}
    assert programme.h6.reference not in references
    assert programme.h1.reference in references


def test_indicator_tables_as_csv_and_xlsx(programme, director, client_for):
    client = client_for(director)
    url = reverse("reporting:export", args=["indicators"])
    rows = csv_rows(client.get(url, {"year": "2025"}))
    assert ["Relocations", "Households relocated", "", "3"] in rows
    assert ["Relocations", "Persons relocated", "", "5"] in rows
    sheet = xlsx_rows(client.get(url, {"year": "2025", "format": "xlsx"}))
    assert ["Relocations", "Households relocated", None, 3] in sheet


def test_the_pdf_is_an_export_too(programme, auditor, client_for):
    response = client_for(auditor).get(
        reverse("reporting:export", args=["yearly_report"]), {"year": "2025"}
    )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_social_workers_may_not_export(social_worker, client_for):
    response = client_for(social_worker).get(reverse("reporting:export", args=["households"]))
    assert response.status_code == 403


def test_bad_options_show_the_form_again(director, client_for):
    response = client_for(director).get(
        reverse("reporting:export", args=["households"]), {"start": "2025-05-01"}
    )
    assert response.status_code == 400
    assert "Give both the start and the end of the period." in response.content.decode()


def _count_export_queries(client, fmt) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            reverse("reporting:export", args=["households"]), {"year": "2025", "format": fmt}
        )
        b"".join(response.streaming_content)
    return len(queries)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_household_export_runs_the_same_queries_for_5_and_50_households(
    site_a, social_worker, director, client_for, fmt
):
    def add(n):
        for _ in range(n):
            household = make_household(
                site=site_a, by=social_worker, referral_date=datetime.date(2025, 3, 1)
            )
            make_person(household=household, by=social_worker)

    client = client_for(director)
    add(5)
    small = _count_export_queries(client, fmt)
    add(45)
    assert _count_export_queries(client, fmt) == small
    exporter = HouseholdListExporter()
    assert exporter.headers()[0] == "Reference"
