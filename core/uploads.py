"""Uploaded files: their size, their real type, the name they are stored under, their download.

A scan, a signed attendance sheet or a partner's agreement is a PDF, a JPEG or a PNG, judged
by its first bytes (the `filetype` library reads them), never by its name: an HTML page or an
SVG image named "scan.pdf" would run as a page if it were ever opened in the browser. A file
whose name and content disagree (a PDF named .png) is kept under the extension of what it
really is. A file of past cases is a CSV text or an XLSX workbook, judged the same way.

Every file is stored under a random name in its folder of MEDIA_ROOT, which no URL serves:
the original name may carry a person's name and never reaches the disk. It is handed out only
by a view that checks the user may see it, as a download (`file_download_response`).

A file replaced, cleared or deleted leaves the disk once the change is committed
(django-cleanup, a transaction.on_commit callback: a change that rolls back loses nothing).
The history rows of the change keep the old file's name only as a trace: the document itself
goes, as personal data is kept no longer than needed. Historical models hold that name as
text, not as a file field, so django-cleanup never acts on them.

An upload above MAX_UPLOAD_MB is refused from its declared size, before its body is read
(`UploadSizeMiddleware`): Django would otherwise receive the whole body, 200 MB or more, before
any form could judge it.
"""

import uuid
from pathlib import PurePath

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from .tabular import TabularFileError, decode_text

# What a document may be: the extension it is stored under, the type it is served as.
DOCUMENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}
# The names a document may be sent under ("jpeg" is stored as "jpg").
DOCUMENT_EXTENSIONS = {"pdf", "jpg", "jpeg", "png"}
TABLE_EXTENSIONS = {"csv", "xlsx"}
# The types of the files the programme builds itself (reports, exports), as served.
SERVED_TYPES = {
    **DOCUMENT_TYPES,
    "jpeg": "image/jpeg",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
    "json": "application/json",
}
# filetype looks at no more than this many first bytes.
HEAD_BYTES = 261
# An XLSX workbook is a ZIP archive.
ZIP_SIGNATURE = b"PK\x03\x04"
# Enough of a CSV file to tell text from a binary file renamed .csv.
TEXT_SAMPLE_BYTES = 64 * 1024
# What a form sends besides its file (its fields, the multipart boundaries) on top of the
# file's own limit, so that a file just under the limit is judged by its form, on its field.
FORM_FIELDS_ALLOWANCE = 256 * 1024

TOO_LARGE = _("The file is too large (at most %(mb)s MB).")


def max_upload_bytes() -> int:
    return settings.MAX_UPLOAD_MB * 1024 * 1024


def _extension(name) -> str:
    return PurePath(str(name or "")).suffix.lstrip(".").lower()


def _head(upload, size: int) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _check_size(upload) -> None:
    if upload.size > max_upload_bytes():
        raise ValidationError(TOO_LARGE % {"mb": settings.MAX_UPLOAD_MB}, code="too_large")


def document_kind(upload) -> str | None:
    """ "pdf", "jpg" or "png" as the upload's first bytes say, or None for anything else."""
    guessed = filetype.guess(_head(upload, HEAD_BYTES))
    return guessed.extension if guessed and guessed.extension in DOCUMENT_TYPES else None


def validate_document(upload) -> None:
    """Refuse a file above MAX_UPLOAD_MB and anything that is not really a PDF, JPEG or PNG.

    Error codes: too_large, bad_type (a name of another type: "scan.docx"), bad_content (the
    bytes are of no accepted type: an HTML page or an SVG named .pdf). A file accepted is
    renamed after its real type, which is the extension it is stored under: a PDF sent as
    "scan.png" is stored as a .pdf and served as one.
    """
    _check_size(upload)
    if _extension(upload.name) not in DOCUMENT_EXTENSIONS:
        raise ValidationError(_("Only PDF, JPEG or PNG files are accepted."), code="bad_type")
    kind = document_kind(upload)
    if kind is None:
        raise ValidationError(
            _("The file's content does not match its type (PDF, JPEG or PNG)."),
            code="bad_content",
        )
    upload.name = f"document.{kind}"


class SizeCheckedFileInput(forms.ClearableFileInput):
    """A file input that refuses a file over the limit as soon as it is chosen, on its own
    field, so the form is not sent and nothing typed is lost (static/js/upload-size.js).

    The message is put in at render time, in the language of the page.
    """

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "data-max-bytes": str(max_upload_bytes()),
                "data-too-large": TOO_LARGE % {"mb": settings.MAX_UPLOAD_MB},
            }
        )
        return context


class DocumentField(forms.FileField):
    """A scan or a signed document: a PDF, JPEG or PNG under MAX_UPLOAD_MB (validate_document).

    Its "clear" box gives "" rather than False: a model's file field set to False by a
    service (setattr) breaks its save, while "" empties it as a ModelForm would. The file
    it clears or replaces leaves the disk once the change is committed (django-cleanup).
    """

    default_validators = [validate_document]

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("PDF, JPEG or PNG."))
        kwargs.setdefault("widget", SizeCheckedFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        return "" if value is False else value


def validate_table(upload) -> None:
    """Refuse a file above MAX_UPLOAD_MB and anything that is not a CSV text or an XLSX file.

    Only a first look, so that junk is not stored: the import's own check reads the table.
    """
    _check_size(upload)
    extension = _extension(upload.name)
    if extension not in TABLE_EXTENSIONS:
        raise ValidationError(_("Send a CSV (.csv) or XLSX (.xlsx) file."), code="bad_type")
    if extension == "xlsx":
        if not _head(upload, len(ZIP_SIGNATURE)).startswith(ZIP_SIGNATURE):
            raise ValidationError(
                _("This file is not a readable XLSX workbook."), code="bad_content"
            )
        return
    try:
        decode_text(_head(upload, TEXT_SAMPLE_BYTES))
    except TabularFileError as error:
        raise ValidationError(error.message, code="bad_content") from None


def random_name(folder: str, filename, *, extensions=DOCUMENT_EXTENSIONS) -> str:
    """A new random path in `folder` that keeps only the file's extension, if accepted.

    The original name may carry a person's or a supplier's name: it never reaches the disk.
    The name is random, not the row's id, so that no one can guess another file's name.
    """
    extension = _extension(filename)
    if extension == "jpeg":
        extension = "jpg"
    if extension not in extensions:
        extension = "bin"
    return f"{folder}/{uuid.uuid4().hex}.{extension}"


def file_download_response(field_file, *, stem: str) -> FileResponse:
    """A stored file handed to the browser as a download named `stem` + its extension.

    Never shown as a page: an attachment, of the type its extension says (anything else is
    plain bytes), with `nosniff` so the browser does not guess another type, and `no-store`
    so no browser or proxy keeps a copy of a document about a person. 404 when there is no
    file, or it is gone from the disk.
    """
    if not field_file or not field_file.storage.exists(field_file.name):
        raise Http404
    extension = _extension(field_file.name)
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=True,
        filename=f"{stem}.{extension}" if extension else stem,
        content_type=SERVED_TYPES.get(extension, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response


def declared_length(request) -> int:
    """The body size the client announced (0 when it announced none, or nonsense)."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


class UploadSizeMiddleware:
    """Refuse a form with a file above MAX_UPLOAD_MB from its Content-Length, unread.

    It runs before anything reads request.POST or request.FILES (the CSRF check does, in its
    process_view), so the body stays unread: the answer is a page in the site's layout that
    says the limit and that nothing was saved, with the way back to the form. A body sent
    without a Content-Length is not read by Django at all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method == "POST"
            and request.content_type == "multipart/form-data"
            and declared_length(request) > max_upload_bytes() + FORM_FIELDS_ALLOWANCE
        ):
            return upload_too_large(request)
        return self.get_response(request)


def upload_too_large(request):
    """The page shown instead of a form whose file is over the limit (413)."""
    # Back to the form's own page; a path such as "//elsewhere" would leave the site.
    path = request.path
    back_url = path if path.startswith("/") and not path.startswith("//") else "/"
    return render(
        request,
        "core/upload_too_large.html",
        {"limit_mb": settings.MAX_UPLOAD_MB, "back_url": back_url},
        status=413,
    )
