"""The director's commentary of a yearly report: directors write it, others read it; a saved
commentary builds a finished PDF again; a save over a newer text is refused, losing nothing."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from reporting import services
from reporting.models import COMMENTARY_MAX_LENGTH, Report, ReportStatus

pytestmark = pytest.mark.django_db

PARAMS = {"year": 2025, "sites": []}


@pytest.fixture
def queued(coordinator):
    # Requested by a coordinator: the director writes the commentary of any report.
    return Report.objects.create(kind="yearly_report", parameters=PARAMS, requested_by=coordinator)


def _url(report) -> str:
    return reverse("reporting:report_commentary", args=[report.pk])


def test_a_director_writes_the_commentary_of_a_report_still_queued(queued, director, client_for):
    client = client_for(director)
    assert client.get(_url(queued)).status_code == 200

    response = client.post(_url(queued), {"commentary": "  Une belle année.  ", "version": 0})

    assert response.status_code == 302
    queued.refresh_from_db()
    assert queued.commentary == "Une belle année."
    assert queued.commentary_version == 1 and queued.commentary_by == director
    assert queued.status == ReportStatus.QUEUED  # built later, with it


@pytest.mark.parametrize("role", ["coordinator", "auditor", "social_worker"])
def test_no_one_but_a_director_opens_or_saves_the_commentary(queued, role, request, client_for):
    client = client_for(request.getfixturevalue(role))
    assert client.get(_url(queued)).status_code == 403
    assert client.post(_url(queued), {"commentary": "Faux", "version": 0}).status_code == 403
    queued.refresh_from_db()
    assert queued.commentary == "" and queued.commentary_version == 0


def test_the_service_refuses_a_coordinator_too(queued, coordinator):
    with pytest.raises(services.ReportRuleError):
        services.report_commentary_set(report=queued, by=coordinator, text="Faux", version=0)


def test_the_coordinator_reads_the_commentary_on_the_reports_page(
    queued, coordinator, director, client_for
):
    services.report_commentary_set(report=queued, by=director, text="Lu par tous", version=0)

    page = client_for(coordinator).get(reverse("reporting:reports")).content.decode()
    assert "Lu par tous" in page
    assert _url(queued) not in page  # no link to an edit page they may not open


def test_a_commentary_too_long_is_a_form_error_and_nothing_is_saved(queued, director, client_for):
    text = "x" * (COMMENTARY_MAX_LENGTH + 1)
    response = client_for(director).post(_url(queued), {"commentary": text, "version": 0})

    assert response.status_code == 200
    assert response.context["form"].errors["commentary"]
    assert text in response.content.decode()  # what was typed is still there
    queued.refresh_from_db()
    assert queued.commentary == ""


def test_a_save_over_a_newer_commentary_is_refused_then_goes_through_once_compared(
    queued, director, admin_user, client_for
):
    services.report_commentary_set(
        report=queued, by=admin_user, text="Version de l’autre", version=0
    )
    client = client_for(director)

    refused = client.post(_url(queued), {"commentary": "Ma version", "version": 0})

    assert refused.status_code == 200
    html = refused.content.decode()
    assert "changed by someone else" in html
    assert "Ma version" in html and "Version de l’autre" in html  # both texts to compare
    queued.refresh_from_db()
    assert queued.commentary == "Version de l’autre"
    # The form now carries the saved text's version: saving again replaces it knowingly.
    assert refused.context["form"].data["version"] == "1"
    assert client.post(_url(queued), {"commentary": "Ma version", "version": 1}).status_code == 302
    queued.refresh_from_db()
    assert queued.commentary == "Ma version" and queued.commentary_version == 2


def test_a_report_being_built_refuses_the_commentary(queued, director):
    Report.objects.filter(pk=queued.pk).update(status=ReportStatus.RUNNING)
    with pytest.raises(services.ReportRuleError):
        services.report_commentary_set(report=queued, by=director, text="Trop tôt", version=0)


def test_a_bad_version_is_a_form_error_never_a_500(queued, director, client_for):
    response = client_for(director).post(_url(queued), {"commentary": "Texte", "version": "x"})
    assert response.status_code == 200
    queued.refresh_from_db()
    assert queued.commentary == ""


def test_a_control_pack_has_no_commentary(director, client_for):
    pack = Report.objects.create(kind="control_pack", parameters={}, requested_by=director)
    assert client_for(director).get(_url(pack)).status_code == 404


def test_saving_the_commentary_of_a_finished_report_builds_its_pdf_again(
    programme, director, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(by=director, kind="yearly_report", parameters=PARAMS)
    report.refresh_from_db()
    first_hash, first_name = report.sha256, report.file.name
    client = client_for(director)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(report), {"commentary": "Nouveau mot du directeur", "version": 0}, follow=True
        )

    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.sha256 != first_hash
    assert report.file.name == first_name  # the new file replaces the old one, same name
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(report.file.read())).pages)
    assert "Nouveau mot du directeur" in text
    assert "built again" in response.content.decode()


def test_a_pdf_downloaded_at_once_takes_no_commentary(director, client_for):
    # A direct export is recorded as a finished row without a file: nothing to build again.
    row = services.export_record(by=director, kind="yearly_report", parameters=PARAMS)
    response = client_for(director).post(_url(row), {"commentary": "Texte", "version": 0})

    assert response.status_code == 200 and "not kept" in response.content.decode()
    row.refresh_from_db()
    assert row.commentary == "" and row.status == ReportStatus.DONE
