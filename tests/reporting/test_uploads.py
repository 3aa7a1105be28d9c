"""A finished report is downloaded as an attachment that no browser shows or keeps."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from reporting.models import Report, ReportStatus
from tests.core.upload_files import PDF, assert_download_headers

pytestmark = pytest.mark.django_db


def test_report_download_headers(client_for, director):
    report = Report.objects.create(kind="funder_report", requested_by=director)
    report.file.save("rapport-annuel-2025.pdf", ContentFile(PDF), save=False)
    report.status = ReportStatus.DONE
    report.save()
    response = client_for(director).get(reverse("reporting:report_download", args=[report.pk]))
    assert_download_headers(response, "application/pdf")
    assert response["Content-Disposition"] == 'attachment; filename="rapport-annuel-2025.pdf"'
