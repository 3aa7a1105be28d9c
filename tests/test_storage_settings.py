"""Uploads through Django's storage API: a folder by default, an S3 bucket by configuration."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse

from core.backup import BackupError, backup_create
from reporting.models import Report, ReportStatus
from tests.core.upload_files import PDF, assert_download_headers

PRINT_STORAGE = "import json, clefdefrance.settings as s; print(json.dumps(s.STORAGES['default']))"


def _settings_with(**env):
    return subprocess.run(  # a fresh interpreter: settings are read once, at start-up
        [sys.executable, "-c", PRINT_STORAGE],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DEBUG": "true", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_default_is_the_folder_of_media_root():
    assert settings.STORAGE_BACKEND == "filesystem"
    assert settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")


def test_s3_is_private_with_signed_urls():
    result = _settings_with(
        STORAGE_BACKEND="s3",
        AWS_STORAGE_BUCKET_NAME="cdf-uploads",
        AWS_S3_ENDPOINT_URL="https://s3.example.org",
    )
    assert result.returncode == 0, result.stderr
    storage = json.loads(result.stdout.strip().splitlines()[-1])
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "cdf-uploads"
    assert options["endpoint_url"] == "https://s3.example.org"
    assert options["default_acl"] == "private"
    assert options["querystring_auth"] is True
    assert not any("secret" in key or "key_id" in key for key in options)  # from the env only


@pytest.mark.parametrize(
    "env", [{"STORAGE_BACKEND": "s3"}, {"STORAGE_BACKEND": "ftp"}], ids=["no bucket", "unknown"]
)
def test_an_incomplete_or_unknown_storage_refuses_to_start(env):
    result = _settings_with(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


@pytest.mark.django_db
def test_a_download_works_from_a_storage_that_is_not_a_folder(settings, client_for, director):
    """No `.path`, no open() of a file under MEDIA_ROOT: any storage of Django's API serves."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    report = Report.objects.create(kind="funder_report", requested_by=director)
    report.file.save("rapport-annuel-2025.pdf", ContentFile(PDF), save=False)
    report.status = ReportStatus.DONE
    report.save()
    assert not (settings.MEDIA_ROOT / report.file.name).exists()
    response = client_for(director).get(reverse("reporting:report_download", args=[report.pk]))
    assert_download_headers(response, "application/pdf")
    assert b"".join(response.streaming_content) == PDF


def test_backup_refuses_uploads_in_a_bucket(settings, tmp_path):
    settings.STORAGE_BACKEND = "s3"
    with pytest.raises(BackupError, match="s3"):
        backup_create(destination=tmp_path, media_root=tmp_path / "media", now=None)
    assert not any(tmp_path.iterdir())


def test_without_debug_static_files_come_from_collectstatics_manifest():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import clefdefrance.settings as s; print(s.STORAGES['staticfiles']['BACKEND'])",
        ],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DEBUG": "false", "SECRET_KEY": "x" * 50},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("whitenoise.storage.CompressedManifestStaticFilesStorage")
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE
