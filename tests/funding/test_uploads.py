"""Scans of eligibility evidence and of expenses: real type, random name, download headers,
scoped to who reads the household or the expense, removed from the disk with their row."""

import re

import pytest
from django.urls import reverse

from accounts.models import Role
from funding.models import EligibilityEvidence, EvidenceKind, Expense, ExpenseCategory
from tests.core.upload_files import (
    HTML,
    SVG,
    assert_download_headers,
    image,
    on_disk,
    oversized_post,
    stored_files,
    upload,
)
from tests.factories import user_with_role

from .factories import days_from_today

pytestmark = pytest.mark.django_db


def _evidence_data(**changes):
    return {
        "kind": EvidenceKind.REFUGEE_RESIDENT_CARD,
        "number": "IDF-9988",
        "issued_on": days_from_today(-30).isoformat(),
        **changes,
    }


def _expense_data(grant, **changes):
    return {
        "date": days_from_today(-3).isoformat(),
        "supplier": "Interprètes sans frontières",
        "category": ExpenseCategory.INTERPRETING,
        "amount": "240.00",
        "invoice_reference": "ISF-77",
        "shares-TOTAL_FORMS": "1",
        "shares-INITIAL_FORMS": "0",
        "shares-MIN_NUM_FORMS": "0",
        "shares-MAX_NUM_FORMS": "20",
        "shares-0-grant": str(grant.pk),
        "shares-0-percent": "50",
        **changes,
    }


@pytest.fixture
def evidence(client_for, social_worker, refugee):
    url = reverse("funding:evidence_create", args=[refugee.pk])
    scan = upload("titre de séjour Haidari.png", image("PNG"))
    response = client_for(social_worker).post(url, _evidence_data(scan=scan))
    assert response.status_code == 302
    return EligibilityEvidence.objects.get()


def test_evidence_scan_is_stored_under_a_random_name(evidence):
    assert re.fullmatch(r"funding/eligibilityevidence/[0-9a-f]{32}\.png", evidence.scan.name)
    assert "Haidari" not in "".join(stored_files())


def test_evidence_scan_download_headers(evidence, client_for, social_worker):
    response = client_for(social_worker).get(reverse("funding:evidence_scan", args=[evidence.pk]))
    assert_download_headers(response, "image/png")
    assert f'filename="justificatif-{evidence.pk}.png"' in response["Content-Disposition"]


def test_evidence_scan_of_another_site_is_404(evidence, client_for, social_worker_b):
    response = client_for(social_worker_b).get(reverse("funding:evidence_scan", args=[evidence.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("content", [HTML, SVG])
def test_a_page_named_pdf_is_not_evidence(client_for, social_worker, refugee, content):
    url = reverse("funding:evidence_create", args=[refugee.pk])
    response = client_for(social_worker).post(
        url, _evidence_data(scan=upload("titre.pdf", content))
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("scan", code="bad_content")
    assert not EligibilityEvidence.objects.exists()


def test_clear_box_on_a_new_evidence_records_it_without_a_scan(client_for, social_worker, refugee):
    url = reverse("funding:evidence_create", args=[refugee.pk])
    response = client_for(social_worker).post(url, _evidence_data(**{"scan-clear": "on"}))
    assert response.status_code == 302
    assert EligibilityEvidence.objects.get().scan.name == ""


def test_deleted_evidence_takes_its_scan_off_the_disk(evidence, django_capture_on_commit_callbacks):
    assert on_disk(evidence.scan)
    with django_capture_on_commit_callbacks(execute=True):
        evidence.delete()
    assert stored_files() == set()


def test_oversized_scan_is_refused_unread(client_for, social_worker, refugee):
    url = reverse("funding:evidence_create", args=[refugee.pk])
    response, body = oversized_post(client_for(social_worker), url)
    assert response.status_code == 413
    assert body.reads == 0
    assert not EligibilityEvidence.objects.exists()


@pytest.fixture
def expense(client_for, director, grant):
    response = client_for(director).post(
        reverse("funding:expense_create"),
        _expense_data(grant, scan=upload("facture Dupont.jpg", image("JPEG"))),
    )
    assert response.status_code == 302
    return Expense.objects.get()


def test_expense_scan_download_headers_and_random_name(expense, client_for, director):
    assert re.fullmatch(r"funding/expense/[0-9a-f]{32}\.jpg", expense.scan.name)
    response = client_for(director).get(reverse("funding:expense_scan", args=[expense.pk]))
    assert_download_headers(response, "image/jpeg")


def test_expense_scan_of_another_site_is_404(expense, client_for, site_b):
    other = user_with_role(Role.COORDINATOR, site_b, username="coord.b")
    response = client_for(other).get(reverse("funding:expense_scan", args=[expense.pk]))
    assert response.status_code == 404


def test_expense_clear_box_and_svg(client_for, director, grant):
    client = client_for(director)
    refused = client.post(
        reverse("funding:expense_create"), _expense_data(grant, scan=upload("f.pdf", SVG))
    )
    assert refused.context["form"].has_error("scan", code="bad_content")
    cleared = client.post(
        reverse("funding:expense_create"), _expense_data(grant, **{"scan-clear": "on"})
    )
    assert cleared.status_code == 302
    assert Expense.objects.get().scan.name == ""


def test_deleted_expense_takes_its_scan_off_the_disk(expense, django_capture_on_commit_callbacks):
    name = expense.scan.name
    with django_capture_on_commit_callbacks(execute=True):
        expense.delete()
    assert stored_files() == set()
    # Its history still names the file, as a trace only: the document itself is gone.
    assert Expense.history.filter(scan=name).exists()
