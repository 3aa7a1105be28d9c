"""Checks on uploaded agreement documents: size and real file type, not just the name."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Extension -> the first bytes every such file starts with. The extension alone proves nothing.
ALLOWED_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}


def validate_agreement_document(upload) -> None:
    """Refuse files above MAX_UPLOAD_MB and anything that is not a real PDF, JPEG or PNG."""
    limit = settings.MAX_UPLOAD_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (at most %(mb)s MB).") % {"mb": settings.MAX_UPLOAD_MB},
            code="too_large",
        )
    signatures = ALLOWED_SIGNATURES.get(Path(upload.name).suffix.lower())
    if signatures is None:
        raise ValidationError(_("Only PDF, JPEG or PNG files are accepted."), code="bad_type")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(signatures):
        raise ValidationError(
            _("The file's content does not match its type (PDF, JPEG or PNG)."),
            code="bad_content",
        )
