"""The signed attendance sheet: random name, download headers, scoped to the session's site,
the sheet it replaces removed from the disk once the change is committed."""

import re

import pytest
from django.urls import reverse

from accounts.models import Role
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

pytestmark = pytest.mark.django_db


def _send(client, workshop, file):
    return client.post(reverse("workshops:signed_sheet", args=[workshop.pk]), {"sheet": file})


@pytest.fixture
def signed(workshop, client_for, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(client_for(coordinator), workshop, upload("émargement Haidari.pdf"))
    assert response.status_code == 302
    workshop.refresh_from_db()
    return workshop


def test_signed_sheet_is_stored_under_a_random_name(signed):
    name = signed.signed_sheet.name
    assert re.fullmatch(r"attendance_sheets/workshop/[0-9a-f]{32}\.pdf", name)
    assert "Haidari" not in "".join(stored_files())


def test_signed_sheet_download_headers(signed, client_for, social_worker):
    response = client_for(social_worker).get(
        reverse("workshops:signed_sheet_download", args=[signed.pk])
    )
    assert_download_headers(response, "application/pdf")
    assert (
        f'filename="emargement-signe-{signed.date:%Y-%m-%d}.pdf"'
        in (response["Content-Disposition"])
    )


def test_signed_sheet_of_another_site_is_404(signed, client_for, site_b):
    other = user_with_role(Role.COORDINATOR, site_b, username="coord.b")
    response = client_for(other).get(reverse("workshops:signed_sheet_download", args=[signed.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("content", [HTML, SVG])
def test_a_page_named_pdf_is_not_a_signed_sheet(workshop, client_for, coordinator, content):
    response = _send(client_for(coordinator), workshop, upload("feuille.pdf", content))
    assert response.status_code == 200
    assert response.context["form"].errors["sheet"]
    workshop.refresh_from_db()
    assert not workshop.signed_sheet
    assert stored_files() == set()


def test_a_jpeg_sheet_is_accepted(workshop, client_for, coordinator):
    response = _send(client_for(coordinator), workshop, upload("photo.jpg", image("JPEG")))
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.signed_sheet.name.endswith(".jpg")


def test_replaced_sheet_leaves_the_disk_once_committed(
    signed, client_for, coordinator, django_capture_on_commit_callbacks
):
    old = signed.signed_sheet.name
    with django_capture_on_commit_callbacks() as callbacks:
        response = _send(client_for(coordinator), signed, upload("v2.png", image("PNG")))
    assert response.status_code == 302
    assert old in stored_files()  # not before the commit: a rollback would lose nothing
    for callback in callbacks:
        callback()
    signed.refresh_from_db()
    assert stored_files() == {signed.signed_sheet.name}


def test_clear_box_without_a_file_is_a_form_error_not_a_500(signed, client_for, coordinator):
    response = client_for(coordinator).post(
        reverse("workshops:signed_sheet", args=[signed.pk]), {"sheet-clear": "on"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["sheet"]
    signed.refresh_from_db()
    assert on_disk(signed.signed_sheet)


def test_oversized_sheet_is_refused_unread(signed, client_for, coordinator):
    response, body = oversized_post(
        client_for(coordinator), reverse("workshops:signed_sheet", args=[signed.pk])
    )
    assert response.status_code == 413
    assert body.reads == 0
    signed.refresh_from_db()
    assert on_disk(signed.signed_sheet)
