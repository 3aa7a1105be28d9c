import io

import pypdf
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation

from workshops import pdf, services

from .conftest import make_family, make_workshop

PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_attendance_sheet_is_a_pdf_with_every_registered_name(
    client_for, site_a, coordinator, settings
):
    settings.PROGRAMME_NAME = "Clef de France"
    workshop = make_workshop(site=site_a, by=coordinator, capacity=40)
    names = []
    for last_name in ("Rahimi", "Diallo", "Nguyen", "Haidari", "Kone"):
        family = make_family(site=site_a, by=coordinator, last_name=last_name, size=2)
        services.workshop_register_household(workshop=workshop, household=family, by=coordinator)
        names += [f"Parent {last_name.upper()}", f"Enfant1 {last_name.upper()}"]
    waiting = make_family(site=site_a, by=coordinator, last_name="Attente", size=1)
    services.workshop_update(workshop=workshop, by=coordinator, capacity=10)
    services.workshop_register_household(
        workshop=workshop, household=waiting, by=coordinator, waiting_list=True
    )

    response = client_for(coordinator).get(f"/workshops/{workshop.pk}/sheet/")

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content)
    for name in names:
        assert name in text
    assert "ATTENTE" not in text  # the waiting list does not sign
    assert "Clef de France" in text
    assert "FAMI" in text  # the funders' line


def test_a_long_sheet_runs_over_several_numbered_pages(client_for, site_a, coordinator):
    workshop = make_workshop(site=site_a, by=coordinator, capacity=60)
    for n in range(12):
        family = make_family(site=site_a, by=coordinator, last_name=f"Famille{n}", size=4)
        services.workshop_register_household(workshop=workshop, household=family, by=coordinator)

    response = client_for(coordinator).get(f"/workshops/{workshop.pk}/sheet/")

    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 2
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (595, 842)  # A4 in points
    assert "2 / " in reader.pages[1].extract_text()


def _sheet_with_accents(rows: int) -> bytes:
    return pdf.attendance_sheet_pdf(
        title="Feuille d’émargement — atelier « Vivre à Besançon »",
        details=[
            ("Thème", "Se loger en Île-de-France"),
            ("Animateurs", "Hélène Çelik"),
            ("Lieu", ""),
        ],
        rows=[{"name": f"Élise “Zoé” Nguyễn {n}", "extra": "Présent"} for n in range(rows)],
        extra_label="Présence",
    )


def test_a_long_sheet_keeps_french_accents_and_quotes_on_every_page(settings):
    settings.PROGRAMME_NAME = "Clef de France"
    with translation.override("fr"):
        content = _sheet_with_accents(rows=40)

    reader = pypdf.PdfReader(io.BytesIO(content))
    text = _pdf_text(content)
    assert len(reader.pages) >= 3
    assert "Feuille d’émargement — atelier « Vivre à Besançon »" in text
    assert "Se loger en Île-de-France" in text
    assert "Hélène Çelik" in text
    assert "—" in text  # an empty detail
    for n in range(40):
        assert f"Élise “Zoé” Nguyễn {n}" in text
    last = reader.pages[-1].extract_text()
    assert f"Page {len(reader.pages)} / {len(reader.pages)}" in last
    assert "Imprimé le" in last
    for page in reader.pages:
        assert "Signature" in page.extract_text()  # the header is repeated
    assert reader.metadata.title == "Feuille d’émargement — atelier « Vivre à Besançon »"
    assert reader.metadata.author == "Clef de France"
    assert reader.trailer["/Root"]["/Lang"] == "fr"


def test_without_dejavu_the_sheet_falls_back_to_readable_helvetica(monkeypatch):
    monkeypatch.setattr(pdf, "FONT_DIRS", ())
    pdf._fonts.cache_clear()
    try:
        text = _pdf_text(_sheet_with_accents(rows=3))
    finally:
        pdf._fonts.cache_clear()

    assert "Hélène Çelik" in text  # WinAnsi has the French letters and quotes
    assert "Élise “Zoé” Nguyen 2" in text  # but not ễ, which loses its accent


def test_an_empty_sheet_says_nobody_registered():
    with translation.override("fr"):
        text = _pdf_text(_sheet_with_accents(rows=0))

    assert "Personne n’est inscrit." in text


def test_signed_sheet_upload_and_download(client_for, workshop, coordinator, auditor):
    upload = SimpleUploadedFile("feuille.pdf", PDF_BYTES, content_type="application/pdf")

    response = client_for(coordinator).post(
        f"/workshops/{workshop.pk}/signed-sheet/", {"sheet": upload}
    )

    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.signed_sheet
    download = client_for(auditor).get(f"/workshops/{workshop.pk}/signed-sheet/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_signed_sheet_must_be_a_pdf_or_an_image(client_for, workshop, coordinator):
    upload = SimpleUploadedFile(
        "feuille.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )

    response = client_for(coordinator).post(
        f"/workshops/{workshop.pk}/signed-sheet/", {"sheet": upload}
    )

    assert response.status_code == 200
    assert "Seuls les fichiers PDF, JPEG ou PNG sont acceptés." in response.content.decode()
    workshop.refresh_from_db()
    assert not workshop.signed_sheet


@override_settings(MAX_UPLOAD_MB=1)
def test_signed_sheet_above_the_size_limit_is_refused(client_for, workshop, coordinator):
    big = PDF_BYTES + b"0" * (1024 * 1024)
    upload = SimpleUploadedFile("feuille.pdf", big, content_type="application/pdf")

    response = client_for(coordinator).post(
        f"/workshops/{workshop.pk}/signed-sheet/", {"sheet": upload}
    )

    assert response.status_code == 200
    assert "1 Mo au maximum" in response.content.decode()
    workshop.refresh_from_db()
    assert not workshop.signed_sheet


def test_a_scanned_png_is_kept_but_a_renamed_file_is_not(client_for, workshop, coordinator):
    png = SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n" + b"0" * 32, content_type="image/png")
    renamed = SimpleUploadedFile("scan.docx", PDF_BYTES, content_type="application/pdf")
    client = client_for(coordinator)
    url = f"/workshops/{workshop.pk}/signed-sheet/"

    refused = client.post(url, {"sheet": renamed})
    workshop.refresh_from_db()
    assert refused.status_code == 200
    assert "Seuls les fichiers PDF, JPEG ou PNG sont acceptés." in refused.content.decode()
    assert not workshop.signed_sheet

    assert client.post(url, {"sheet": png}).status_code == 302
    workshop.refresh_from_db()
    assert workshop.signed_sheet.name.endswith(".png")
