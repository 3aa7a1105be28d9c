"""The file of past cases: a first look at its type before it is stored, under a random name."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from history_import.models import ImportRun
from tests.core.upload_files import PDF, garbage_post, oversized_post, stored_files
from tests.history_import.helpers import csv_bytes, person_row

pytestmark = pytest.mark.django_db

LIST = reverse("history_import:list")


@pytest.fixture
def importer(client_for, coordinator):
    return client_for(coordinator)


def _send(client, site, name, content):
    return client.post(LIST, {"site": site.pk, "file": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("dossiers.xlsx", PDF, "bad_content"),
        ("dossiers.csv", PDF, "bad_content"),
        ("dossiers.csv", b"\x7fELF\x02\x01\x01\x00\x00", "bad_content"),
        ("dossiers.pdf", b"Nom;Prenom\n", "bad_type"),
    ],
)
def test_junk_is_refused_before_it_is_stored(importer, site_a, name, content, code):
    response = _send(importer, site_a, name, content)
    assert response.status_code == 200
    assert response.context["form"].has_error("file", code=code)
    assert not ImportRun.objects.exists()
    assert stored_files() == set()


def test_a_csv_file_is_stored_under_a_random_name(
    importer, site_a, django_capture_on_commit_callbacks
):
    content = csv_bytes([person_row(case="2019-001", last_name="Haddad", first_name="Amina")])
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(importer, site_a, "dossiers Haddad 2019.csv", content)
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert re.fullmatch(r"imports/[0-9a-f]{32}\.csv", run.file.name)
    assert run.file_name == "dossiers Haddad 2019.csv"  # the row keeps it, the disk does not


def test_oversized_file_is_refused_unread(importer):
    response, body = oversized_post(importer, LIST)
    assert response.status_code == 413
    assert body.reads == 0


def test_garbage_body_is_never_a_500(importer):
    assert all(response.status_code < 500 for response in garbage_post(importer, LIST))
