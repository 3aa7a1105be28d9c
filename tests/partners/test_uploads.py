"""A partner's agreement document: stored under a random name, served as a download only,
removed from the disk once replaced, cleared or deleted (after the change is committed)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from partners.models import Partner, PartnerKind
from tests.core.upload_files import (
    HTML,
    PDF,
    SVG,
    assert_download_headers,
    image,
    on_disk,
    oversized_post,
    stored_files,
    upload,
)
from tests.partners.helpers import ILLE_ET_VILAINE

pytestmark = pytest.mark.django_db


def _data(partner=None, **changes):
    data = {
        "name": "Habitat Breton",
        "kind": PartnerKind.SOCIAL_LANDLORD,
        "postcode": "35000",
        "commune": "Rennes",
        "departement": ILLE_ET_VILAINE,
        "agreement_signed_on": "2024-03-01",
        "is_active": "on",
    }
    if partner is not None and hasattr(partner, "version"):
        data["version"] = partner.version  # the edit form's stale-edit guard
    data.update(changes)
    return data


@pytest.fixture
def coordinator_client(client_for, coordinator):
    return client_for(coordinator)


@pytest.fixture
def partner(coordinator_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            reverse("partners:create"),
            _data(agreement_document=upload("Convention Haidari.pdf")),
        )
    assert response.status_code == 302
    return Partner.objects.get()


def _update(client, partner, **changes):
    partner.refresh_from_db()
    return client.post(reverse("partners:update", args=[partner.pk]), _data(partner, **changes))


def test_agreement_is_stored_under_a_random_name_without_the_original(partner):
    assert re.fullmatch(r"partners/agreements/[0-9a-f]{32}\.pdf", partner.agreement_document.name)
    assert "Haidari" not in "".join(stored_files())
    assert on_disk(partner.agreement_document)


def test_agreement_is_served_as_an_attachment_never_as_a_page(partner, client_for, social_worker):
    response = client_for(social_worker).get(reverse("partners:agreement", args=[partner.pk]))
    assert_download_headers(response, "application/pdf")
    assert 'filename="convention-habitat-breton.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


def test_agreement_is_not_served_to_a_visitor(partner):
    response = Client().get(reverse("partners:agreement", args=[partner.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("content", [HTML, SVG])
def test_a_page_named_pdf_is_refused_on_its_field(coordinator_client, content):
    response = coordinator_client.post(
        reverse("partners:create"), _data(agreement_document=upload("convention.pdf", content))
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("agreement_document", code="bad_content")
    assert not Partner.objects.exists()
    assert stored_files() == set()


def test_a_pdf_named_png_is_stored_as_a_pdf(coordinator_client):
    coordinator_client.post(
        reverse("partners:create"), _data(agreement_document=upload("convention.png", PDF))
    )
    assert Partner.objects.get().agreement_document.name.endswith(".pdf")


def test_replaced_agreement_leaves_the_disk_once_committed(
    partner, coordinator_client, django_capture_on_commit_callbacks
):
    old = partner.agreement_document.name
    with django_capture_on_commit_callbacks() as callbacks:
        response = _update(
            coordinator_client, partner, agreement_document=upload("v2.png", image("PNG"))
        )
    assert response.status_code == 302
    # Still there until the change is committed: a rollback would lose nothing.
    assert old in stored_files()
    for callback in callbacks:
        callback()
    partner.refresh_from_db()
    assert partner.agreement_document.name.endswith(".png")
    assert stored_files() == {partner.agreement_document.name}


def test_clearing_the_agreement_empties_it_and_removes_the_file(
    partner, coordinator_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _update(coordinator_client, partner, **{"agreement_document-clear": "on"})
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.agreement_document.name == ""
    assert stored_files() == set()
    download = coordinator_client.get(reverse("partners:agreement", args=[partner.pk]))
    assert download.status_code == 404


def test_clearing_while_sending_a_file_is_a_form_error(partner, coordinator_client):
    response = _update(
        coordinator_client,
        partner,
        **{"agreement_document-clear": "on", "agreement_document": upload("v2.pdf")},
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("agreement_document", code="contradiction")


def test_deleted_partner_takes_its_agreement_off_the_disk(
    partner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        partner.delete()
    assert stored_files() == set()


def test_oversized_agreement_is_refused_unread_and_the_saved_one_kept(partner, coordinator_client):
    response, body = oversized_post(
        coordinator_client, reverse("partners:update", args=[partner.pk])
    )
    assert response.status_code == 413
    assert body.reads == 0
    partner.refresh_from_db()
    assert on_disk(partner.agreement_document)
    assert partner.name == "Habitat Breton"


def test_form_page_tells_the_browser_the_limit_and_the_types(coordinator_client, settings):
    page = coordinator_client.get(reverse("partners:create")).content.decode()
    assert f'data-max-bytes="{settings.MAX_UPLOAD_MB * 1024 * 1024}"' in page
    assert 'accept=".pdf,.jpg,.jpeg,.png"' in page
    assert "js/upload-size" in page
