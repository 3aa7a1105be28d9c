"""The ZIP of the control pack, written file by file to a temporary file on disk.

Each member is written through a stream that counts its bytes and hashes them as they pass,
so the manifest's sizes and SHA-256 come for free and no file (nor the ZIP) is ever held
whole in memory: CSV rows are encoded in batches, scans copied in chunks.
"""

import csv
import datetime
import hashlib
import tempfile
import zipfile
from collections.abc import Iterable
from decimal import Decimal

from django.utils import timezone

from core.spreadsheet import neutralise

BATCH_ROWS = 500
COPY_CHUNK = 1024 * 1024


def cell(value):
    """A CSV cell: dates in ISO form, datetimes in Paris time, text made inert."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, str):
        return neutralise(value)
    return value


class _Line:
    """A file-like object whose write() hands the line back, for csv.writer."""

    def write(self, value):
        return value


class PackArchive:
    """A ZIP being written on a temporary file, and what went into it (for the manifest)."""

    def __init__(self):
        self.handle = tempfile.TemporaryFile(suffix=".zip")  # noqa: SIM115 (handed on open)
        self.zip = zipfile.ZipFile(self.handle, "w", compression=zipfile.ZIP_DEFLATED)
        self.files: list[dict] = []

    def _member(self, name: str):
        return self.zip.open(name, "w", force_zip64=True)

    def _record(self, name: str, size: int, digest) -> None:
        self.files.append({"name": name, "size": size, "sha256": digest.hexdigest()})

    def add_csv(self, name: str, headers: list, rows: Iterable[list]) -> None:
        """Semicolons and a byte-order mark, like every export; every text cell neutralised."""
        writer = csv.writer(_Line(), delimiter=";")
        digest, size = hashlib.sha256(), 0
        with self._member(name) as member:

            def put(text: str) -> None:
                nonlocal size
                data = text.encode()
                digest.update(data)
                size += len(data)
                member.write(data)

            put("\ufeff" + writer.writerow([cell(h) for h in headers]))
            batch = []
            for row in rows:
                batch.append(writer.writerow([cell(value) for value in row]))
                if len(batch) >= BATCH_ROWS:
                    put("".join(batch))
                    batch = []
            if batch:
                put("".join(batch))
        self._record(name, size, digest)

    def add_bytes(self, name: str, content: bytes) -> None:
        with self._member(name) as member:
            member.write(content)
        self._record(name, len(content), hashlib.sha256(content))

    def add_stored_file(self, name: str, field_file) -> bool:
        """Copy a stored file (a signed sheet) in chunks; False when the storage lost it."""
        if not field_file or not field_file.storage.exists(field_file.name):
            return False
        digest, size = hashlib.sha256(), 0
        with field_file.open("rb") as source, self._member(name) as member:
            for chunk in iter(lambda: source.read(COPY_CHUNK), b""):
                digest.update(chunk)
                size += len(chunk)
                member.write(chunk)
        self._record(name, size, digest)
        return True

    def close(self):
        """Finish the ZIP; returns the open temporary file, at its start."""
        self.zip.close()
        self.handle.seek(0)
        return self.handle

    def discard(self) -> None:
        self.zip.close()
        self.handle.close()
