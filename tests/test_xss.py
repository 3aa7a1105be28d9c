"""Hostile text typed in names and notes stays inert wherever it is shown or exported:
escaped in HTML, neutralised in CSV and XLSX cells, printed literally in PDFs."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from reporting.exporters import HouseholdListExporter
from tests.factories import PartnerFactory, make_household, make_person
from tests.workshops.conftest import make_workshop
from tests.workshops.test_sheets import _pdf_text
from workshops import services as workshops

SCRIPT = "<script>alert(1)</script>"
FORMULAS = ['=HYPERLINK("http://x")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3"]


@pytest.fixture
def hostile(site_a, social_worker):
    household = make_household(
        site=site_a,
        by=social_worker,
        social_worker=social_worker,
        referring_partner=PartnerFactory(name=FORMULAS[0]),
        constraints=f"{SCRIPT} {FORMULAS[0]}",
        mobility_wishes=SCRIPT,
    )
    person = make_person(
        household=household, by=social_worker, first_name=SCRIPT, last_name="Haidari"
    )
    return household, person


def test_html_escapes_names_and_notes(hostile, social_worker, client_for):
    household, person = hostile
    client = client_for(social_worker)

    for url in (
        reverse("households:detail", args=[household.pk]),
        reverse("households:list"),
        reverse("households:person_update", args=[person.pk]),
    ):
        body = client.get(url).content.decode()
        assert SCRIPT not in body, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body, url


@pytest.mark.parametrize("name", FORMULAS)
def test_csv_and_xlsx_cells_that_look_like_formulas_are_neutralised(name, hostile, director):
    household, _person = hostile
    household.referring_partner.name = name
    household.referring_partner.save()
    exporter = HouseholdListExporter()
    year = str(timezone.localdate().year)

    _filename, _mimetype, chunks = exporter.render({"year": year, "format": "csv"}, director)
    text = b"".join(chunks).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    referred_by = rows[0].index(str(exporter.headers()[7]))
    assert rows[1][referred_by] == "'" + name
    # Names and notes are never in the list.
    assert "alert(1)" not in text

    _filename, _mimetype, handle = exporter.render({"year": year, "format": "xlsx"}, director)
    sheet = openpyxl.load_workbook(io.BytesIO(handle.read())).active
    cell = sheet.cell(row=2, column=referred_by + 1)
    assert cell.data_type == "s"
    assert cell.value == "'" + name


def test_the_attendance_sheet_prints_hostile_names_literally(
    hostile, site_a, coordinator, social_worker, client_for
):
    household, _person = hostile
    make_person(
        household=household,
        by=social_worker,
        first_name=FORMULAS[0],
        last_name="Diallo",
        relation="spouse",
    )
    workshop = make_workshop(site=site_a, by=coordinator)
    workshops.workshop_register_household(workshop=workshop, household=household, by=coordinator)

    response = client_for(coordinator).get(f"/workshops/{workshop.pk}/sheet/")

    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert SCRIPT in text
    assert FORMULAS[0] in text
