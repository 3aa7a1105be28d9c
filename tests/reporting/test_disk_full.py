"""The disk full while a report is written: failed with the reason, nothing half-written kept.

The storage's own write is made to fail the way a full disk fails it: half of the file written,
then OSError(ENOSPC) from inside FileSystemStorage._save, which leaves that half on the disk.
"""

import errno
from pathlib import Path

import pytest
import time_machine
from django.core.files.storage import FileSystemStorage
from django.urls import reverse

from reporting import services
from reporting.models import Report, ReportStatus

from .control_pack_world import NOW, build

pytestmark = pytest.mark.django_db

PARAMS = {"year": 2025, "sites": []}


class _FillsTheDisk:
    """The content handed to the storage: its first half goes to the disk, then no more room."""

    def __init__(self, content):
        self.content = content

    def chunks(self, chunk_size=None):
        data = b"".join(self.content.chunks())
        yield data[: max(1, len(data) // 2)]
        raise OSError(errno.ENOSPC, "No space left on device")


def fill_the_disk(monkeypatch) -> list[str]:
    """From now on every file written fills the disk; returns the names the storage tried."""
    real_save = FileSystemStorage._save
    tried = []

    def save(self, name, content):
        tried.append(name)
        return real_save(self, name, _FillsTheDisk(content))

    monkeypatch.setattr(FileSystemStorage, "_save", save)
    return tried


@pytest.fixture
def disk_full(monkeypatch):
    return fill_the_disk(monkeypatch)


def _stored(settings) -> list[Path]:
    return sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())


def _request(user, capture, kind, parameters) -> Report:
    with capture(execute=True):
        report = services.report_request(by=user, kind=kind, parameters=parameters)
    report.refresh_from_db()
    return report


def _assert_failed_for_want_of_space(report: Report, settings, client, stored=()):
    assert report.status == ReportStatus.FAILED
    # Stored in the programme's language; English until the catalogue holds it.
    assert "disk space" in report.error or "disque" in report.error
    assert not report.file
    assert report.sha256 == ""
    assert _stored(settings) == list(stored)  # the half-written file is gone
    download = reverse("reporting:report_download", args=[report.pk])
    assert client.get(download).status_code == 404


def test_a_report_on_a_full_disk_fails_with_the_reason_and_leaves_no_file(
    director, client_for, settings, disk_full, django_capture_on_commit_callbacks
):
    client = client_for(director)
    report = _request(director, django_capture_on_commit_callbacks, "yearly_report", PARAMS)
    assert disk_full  # the storage was asked to write it
    _assert_failed_for_want_of_space(report, settings, client)
    page = client.get(reverse("reporting:reports")).content.decode()
    assert reverse("reporting:report_download", args=[report.pk]) not in page
    assert reverse("reporting:report_retry", args=[report.pk]) in page


def test_the_report_is_built_once_the_disk_has_room_again(
    director, client_for, settings, monkeypatch, django_capture_on_commit_callbacks
):
    fill_the_disk(monkeypatch)
    report = _request(director, django_capture_on_commit_callbacks, "yearly_report", PARAMS)
    assert report.status == ReportStatus.FAILED

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_retry(report=report, by=director)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    (stored,) = _stored(settings)
    assert report.file.read().startswith(b"%PDF")
    assert report.file.path == str(stored)


def test_a_rebuild_on_a_full_disk_offers_neither_the_old_file_nor_a_half_new_one(
    director, client_for, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """A commentary rebuilds the PDF: the old file makes room for the new one, which the disk
    cannot hold; the report then holds no file at all, rather than a name without a file."""
    report = _request(director, django_capture_on_commit_callbacks, "yearly_report", PARAMS)
    assert report.status == ReportStatus.DONE
    fill_the_disk(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_commentary_set(
            report=report, by=director, text="Une année utile.", version=report.commentary_version
        )
    report.refresh_from_db()
    _assert_failed_for_want_of_space(report, settings, client_for(director))


def test_a_control_pack_on_a_full_disk_fails_the_same_way(
    site_a,
    director,
    coordinator,
    social_worker,
    auditor,
    client_for,
    settings,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    with time_machine.travel(NOW, tick=False):
        world = build(
            site=site_a, director=director, coordinator=coordinator, social_worker=social_worker
        )
        before = _stored(settings)  # the world's own uploads (evidence, attendance sheets)
        tried = fill_the_disk(monkeypatch)
        report = _request(
            auditor,
            django_capture_on_commit_callbacks,
            "control_pack",
            {"grant": world["grant"].pk},
        )
        assert tried
        assert _stored(settings) == before
        monkeypatch.undo()
        _assert_failed_for_want_of_space(report, settings, client_for(auditor), stored=before)


def test_another_storage_error_keeps_its_own_message(
    director, settings, monkeypatch, django_capture_on_commit_callbacks
):
    def refused(self, name, content):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(FileSystemStorage, "_save", refused)
    report = _request(director, django_capture_on_commit_callbacks, "yearly_report", PARAMS)
    assert report.status == ReportStatus.FAILED
    assert "Permission denied" in report.error
    assert "disk space" not in report.error
