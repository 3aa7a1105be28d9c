"""The checks every upload goes through (core/uploads.py): its size before its body is read,
its real type, the random name it is stored under."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from core.uploads import (
    DocumentField,
    UploadSizeMiddleware,
    random_name,
    validate_document,
    validate_table,
)

from .upload_files import HTML, PDF, SVG, garbage_post, image, oversized_post, upload


def _refusal(check, file) -> str:
    with pytest.raises(ValidationError) as caught:
        check(file)
    return caught.value.code


@pytest.mark.parametrize(
    ("name", "content", "stored_as"),
    [
        ("convention.pdf", PDF, "document.pdf"),
        ("scan.png", image("PNG"), "document.png"),
        ("photo.jpg", image("JPEG"), "document.jpg"),
        ("photo.JPEG", image("JPEG"), "document.jpg"),
        # Name and content disagree: kept as what the bytes are.
        ("scan.png", PDF, "document.pdf"),
        ("scan.pdf", image("PNG"), "document.png"),
    ],
)
def test_real_documents_are_accepted_under_their_real_type(name, content, stored_as):
    file = upload(name, content)
    validate_document(file)
    assert file.name == stored_as
    assert file.read() == content  # left at its start for whoever stores it


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("convention.pdf", HTML),
        ("convention.pdf", SVG),
        ("scan.png", SVG),
        ("scan.jpg", b"MZ\x90\x00 a program"),
        ("scan.pdf", b""),
        ("scan.pdf", b"%PD"),
    ],
)
def test_a_page_or_an_image_script_named_pdf_is_refused(name, content):
    assert _refusal(validate_document, upload(name, content)) == "bad_content"


@pytest.mark.parametrize("name", ["scan.svg", "page.html", "scan.docx", "scan", "scan.pdf.exe"])
def test_a_name_of_another_type_is_refused_even_with_pdf_content(name):
    assert _refusal(validate_document, upload(name, PDF)) == "bad_type"


def test_a_document_over_the_limit_is_refused(settings):
    settings.MAX_UPLOAD_MB = 1
    assert _refusal(validate_document, upload("a.pdf", PDF + b"0" * 1024 * 1024)) == "too_large"
    validate_document(upload("a.pdf", PDF + b"0" * (1024 * 1024 - len(PDF))))


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("cases.xlsx", PDF, "bad_content"),
        ("cases.xlsx", b"Nom;Prenom\n", "bad_content"),
        ("cases.csv", PDF, "bad_content"),
        ("cases.csv", b"Nom;Pr\x00nom\n", "bad_content"),
        ("cases.csv", b"PK\x03\x04 a workbook renamed", "bad_content"),
        ("cases.pdf", b"Nom;Prenom\n", "bad_type"),
        ("cases.xls", b"\xd0\xcf\x11\xe0", "bad_type"),
    ],
)
def test_a_table_file_must_be_csv_text_or_an_xlsx_workbook(name, content, code):
    assert _refusal(validate_table, upload(name, content)) == code


@pytest.mark.parametrize(
    "content", [b"Nom;Pr\xc3\xa9nom\nA;B\n", b"Nom;Pr\xe9nom\n", b"\xef\xbb\xbfNom\n"]
)
def test_csv_text_in_utf8_or_windows_1252_passes_the_first_look(content):
    validate_table(upload("dossiers.csv", content))


def test_xlsx_starting_as_a_zip_passes_the_first_look():
    validate_table(upload("dossiers.xlsx", b"PK\x03\x04rest of the workbook"))


def test_stored_name_is_random_and_keeps_only_an_accepted_extension():
    first = random_name("partners/agreements", "Convention Haidari Fatima.PDF")
    second = random_name("partners/agreements", "Convention Haidari Fatima.PDF")
    assert re.fullmatch(r"partners/agreements/[0-9a-f]{32}\.pdf", first)
    assert first != second
    assert random_name("x", "scan.jpeg").endswith(".jpg")
    assert random_name("x", "../../etc/passwd").endswith(".bin")
    assert random_name("x", "page.html").endswith(".bin")
    assert random_name("x", "cas.xlsx", extensions={"csv", "xlsx"}).endswith(".xlsx")


def test_clearing_a_document_gives_an_empty_name_not_false():
    field = DocumentField(required=False)
    assert field.clean(False, "partners/agreements/old.pdf") == ""
    assert field.clean(None, "partners/agreements/old.pdf") == "partners/agreements/old.pdf"
    with pytest.raises(ValidationError):
        field.clean(upload("x.pdf", SVG))


@pytest.mark.django_db
def test_oversized_upload_is_refused_before_its_body_is_read(coordinator):
    # With the CSRF check on, as in production: it reads the body unless refused before it.
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    response, body = oversized_post(client, reverse("partners:create"))
    assert response.status_code == 413
    assert body.reads == 0
    assert 'id="upload-back" href="/partners/new/"' in response.content.decode() or (
        'href="/partners/new/" id="upload-back"' in response.content.decode()
    )
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_oversized_upload_of_a_visitor_is_refused_unread_too(client):
    response, body = oversized_post(client, reverse("partners:create"))
    assert response.status_code == 413
    assert body.reads == 0


@pytest.mark.django_db
def test_a_body_just_over_the_file_limit_still_reaches_the_form(settings, coordinator):
    # The other fields and the multipart boundaries come on top of the file's own size.
    settings.MAX_UPLOAD_MB = 1
    client = Client()
    client.force_login(coordinator)
    big = upload("a.pdf", PDF + b"0" * 1024 * 1024)
    data = {"name": "X", "kind": "employer", "agreement_document": big}
    response = client.post(reverse("partners:create"), data)
    assert response.status_code == 200
    assert response.context["form"].has_error("agreement_document", code="too_large")


def test_only_multipart_posts_are_judged_by_their_announced_size(rf, settings):
    settings.MAX_UPLOAD_MB = 1
    middleware = UploadSizeMiddleware(lambda request: "passed on")
    big = str(50 * 1024 * 1024)
    assert middleware(rf.get("/", CONTENT_LENGTH=big)) == "passed on"
    urlencoded = rf.post("/", CONTENT_TYPE="application/x-www-form-urlencoded")
    urlencoded.META["CONTENT_LENGTH"] = big
    assert middleware(urlencoded) == "passed on"  # Django refuses it itself, unread
    nonsense = rf.post("/", CONTENT_TYPE="multipart/form-data; boundary=x")
    nonsense.META["CONTENT_LENGTH"] = "-5"
    assert middleware(nonsense) == "passed on"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("coordinator", "/partners/new/"),
        ("coordinator", "/imports/"),
        ("director", "/funding/expenses/new/"),
    ],
)
def test_a_garbage_multipart_body_is_never_a_500(client_for, request, role, url):
    client = client_for(request.getfixturevalue(role))
    for response in garbage_post(client, url):
        assert response.status_code < 500
