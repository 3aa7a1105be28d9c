"""Small real files of each kind an upload may be, the fakes it must refuse, and a request
body that records whether anyone read it."""

import io
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

PDF = b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9"/></svg>'


def image(kind: str) -> bytes:
    """A real 2×2 image, "PNG" or "JPEG", as a scanner or a phone would write one."""
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, format=kind)
    return buffer.getvalue()


def upload(name: str, content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def stored_files() -> set[str]:
    """Every file under MEDIA_ROOT, relative to it."""
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def on_disk(field_file) -> bool:
    return bool(field_file.name) and (Path(settings.MEDIA_ROOT) / field_file.name).is_file()


class UnreadBody:
    """A wsgi.input that says whether anything read it (and gives nothing if so)."""

    def __init__(self):
        self.reads = 0

    def read(self, *args):
        self.reads += 1
        return b""

    def readline(self, *args):
        self.reads += 1
        return b""


def oversized_post(client, url: str, *, megabytes: int = 200):
    """A multipart POST announcing `megabytes` of body, whose body no one should read."""
    body = UnreadBody()
    response = client.generic(
        "POST",
        url,
        CONTENT_TYPE="multipart/form-data; boundary=----upload",
        CONTENT_LENGTH=str(megabytes * 1024 * 1024),
        **{"wsgi.input": body},
    )
    return response, body


def garbage_post(client, url: str):
    """Multipart bodies that cannot be parsed: no boundary, or a body that is no multipart."""
    return [
        client.generic("POST", url, b"\x00garbage", content_type="multipart/form-data"),
        client.generic(
            "POST", url, b"--x\r\nnonsense\r\n", content_type="multipart/form-data; boundary=x"
        ),
        client.generic(
            "POST",
            url,
            b'--x\r\nContent-Disposition: form-data; name="f"; filename="a.pdf"\r\n\r\n%PDF',
            content_type="multipart/form-data; boundary=x",
        ),
    ]


def assert_download_headers(response, content_type: str) -> None:
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
