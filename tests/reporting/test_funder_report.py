"""The yearly PDF as a funder receives it, read back with pypdf: its cover, its page numbers,
the director's commentary, the grant's targets against what was achieved, one font family, no
member of staff named, and the French name of the file.

The programme of the conftest (today frozen on 15 March 2026); grant G covers site A for 2025,
funded by "Région Bretagne Test", with two targets on trainings (not about households, so no
eligibility evidence is needed): 4 professionals trained (2 achieved: T1) and 7 training hours
(3.5 achieved).
"""

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from funding import services as funding_services
from funding.models import IndicatorKind
from reporting import services
from reporting.models import ReportStatus
from tests.funding.factories import make_funder, make_grant

pytestmark = pytest.mark.django_db

D = __import__("datetime").date
COMMENTARY = "Une année de consolidation : les ateliers se sont ouverts à Créteil."


def _compact(text: str) -> str:
    # pypdf splits some words on kerning ("T est"): compare without any white space.
    return re.sub(r"\s+", "", text)


def _pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def _fonts(content: bytes) -> set[str]:
    """The base name of every font the PDF embeds (subset prefix "ABCDEF+" dropped)."""
    names = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        resources = page["/Resources"]
        fonts = dict(resources.get("/Font", {}))
        for xobject in resources.get("/XObject", {}).values():
            fonts.update(xobject.get_object().get("/Resources", {}).get("/Font", {}))
        for font in fonts.values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
    return names


@pytest.fixture
def grant(programme, site_a, director):
    grant = make_grant(
        by=director,
        sites=[site_a],
        funder=make_funder(by=director, name="Région Bretagne Test"),
        agreement_reference="REG-2025-12",
        title="Mobilité vers la Bretagne",
        starts_on=D(2025, 1, 1),
        ends_on=D(2025, 12, 31),
    )
    for indicator, target in (
        (IndicatorKind.PROFESSIONALS_TRAINED, "4"),
        (IndicatorKind.TRAINING_HOURS, "7"),
    ):
        funding_services.grant_indicator_set(
            grant=grant, by=director, indicator=indicator, target=Decimal(target)
        )
    return grant


@pytest.fixture
def named_social_worker(social_worker):
    social_worker.first_name, social_worker.last_name = "Solène", "Marchetti"
    social_worker.save()
    return social_worker


def _build(director, capture, parameters):
    with capture(execute=True):
        report = services.report_request(by=director, kind="yearly_report", parameters=parameters)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    return report


def _comment(report, director, capture, text):
    with capture(execute=True):
        services.report_commentary_set(
            report=report, by=director, text=text, version=report.commentary_version
        )
    report.refresh_from_db()
    return report


def test_the_funders_pdf_cover_commentary_targets_pages_and_file_name(
    grant, director, named_social_worker, client_for, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    report = _build(director, capture, {"year": 2025, "sites": [], "grant": grant.pk})
    report = _comment(report, director, capture, COMMENTARY)
    assert report.status == ReportStatus.DONE, report.error

    content = report.file.read()
    pages = _pages(content)
    cover = _compact(pages[0])
    for expected in ("Clef de France", "Région Bretagne", "REG-2025-12", "Mobilité vers la"):
        assert _compact(expected) in cover, expected
    assert "2025" in cover and "Paris" in cover  # the period and the only site of the grant
    assert "Créteil" not in cover  # site B is not covered by the grant
    # The footer from the first page on, from the translated pattern ("page 1 sur 9").
    with translation.override("fr"):
        footer = translation.gettext("page {page} of {pages}")
    for number, text in enumerate(pages, start=1):
        assert _compact(footer.format(page=number, pages=len(pages))) in _compact(text), number
    # The commentary and the targets against what was achieved, on the page after the cover.
    opening = _compact(pages[1])
    assert _compact(COMMENTARY) in opening
    assert _compact("4 2 50,0 %") in opening  # professionals trained: target, achieved, rate
    assert _compact("7 3,5 50,0 %") in opening  # training hours
    # No member of staff named anywhere, though the dashboard lists their caseload.
    everything = _compact("\n".join(pages))
    for name in ("Marchetti", "Solène", named_social_worker.username):
        assert _compact(name) not in everything
    # One font family throughout (its bold and oblique faces are the same family).
    family = re.compile(r"DejaVu-?Sans(-Bold|-Oblique|-BoldOblique)?")
    assert all(family.fullmatch(font) for font in _fonts(content)), _fonts(content)

    response = client_for(director).get(reverse("reporting:report_download", args=[report.pk]))
    assert response["Content-Disposition"] == (
        'attachment; filename="rapport-annuel-2025-reg-2025-12.pdf"'
    )
    dashboard = client_for(director).get(reverse("reporting:dashboard"), {"year": "2025"})
    assert "Solène Marchetti" in dashboard.content.decode()  # the internal dashboard keeps it


def test_a_yearly_pdf_without_a_grant_is_named_rapport_annuel_and_the_year(
    programme, auditor, client_for
):
    response = client_for(auditor).get(
        reverse("reporting:export", args=["yearly_report"]),
        {"year": "2025", "commentary": "Texte glissé dans l’adresse"},
    )
    assert response["Content-Disposition"] == 'attachment; filename="rapport-annuel-2025.pdf"'
    text = _compact("\n".join(_pages(response.content)))
    # Only the commentary stored on a report is printed, never one put in the parameters.
    assert _compact("Texte glissé") not in text


def test_a_period_other_than_a_year_has_its_dates_in_the_file_name(
    programme, director, django_capture_on_commit_callbacks
):
    report = _build(
        director,
        django_capture_on_commit_callbacks,
        {"start": "2025-01-01", "end": "2025-06-30", "sites": []},
    )
    assert report.filename == "rapport-indicateurs-20250101-20250630.pdf"
