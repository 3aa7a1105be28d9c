"""manage.py backup then restore into a scratch database, checked against the manifest.

On PostgreSQL (CI) the scratch database is a fresh one created and dropped here, and the
backup is pg_dump's; on SQLite (a developer's machine) it is a temporary file. The data is
committed (transaction=True): pg_dump reads the database from a connection of its own.
"""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from core.backup import (
    MANIFEST,
    MEDIA_ARCHIVE,
    Database,
    database_counts,
    manifest_read,
    restore_differences,
    table_counts,
)
from households.models import Household, Person

pytestmark = pytest.mark.django_db(transaction=True)

MEDIA = {
    "evidence/2026/titre-de-sejour.pdf": b"%PDF-1.7 scan",
    "reports/2026/1-rapport-annuel-2025.pdf": b"%PDF-1.7 report",
    "top-level.txt": "é".encode() * 1000,
}


@pytest.fixture
def media(settings) -> Path:
    root = Path(settings.MEDIA_ROOT)
    for name, content in MEDIA.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    return root


@pytest.fixture
def scratch_database(tmp_path):
    """A database the backup is restored into: never the test's own."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        yield f"sqlite:///{path}", Database("sqlite", {"NAME": str(path)})
        return
    settings_dict = connection.settings_dict
    name = f"{settings_dict['NAME']}_restore"
    admin = Database("postgresql", {**settings_dict, "NAME": "postgres"}).connect()
    admin.autocommit = True
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    target = Database("postgresql", {**settings_dict, "NAME": name})
    credentials = settings_dict["USER"] or ""
    if settings_dict["PASSWORD"]:
        credentials += f":{settings_dict['PASSWORD']}"
    host = settings_dict["HOST"] or "localhost"
    port = f":{settings_dict['PORT']}" if settings_dict["PORT"] else ""
    try:
        yield f"postgres://{credentials}@{host}{port}/{name}", target
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _backup(tmp_path) -> Path:
    call_command("backup", output=tmp_path / "backups", stdout=io.StringIO())
    (folder,) = (tmp_path / "backups").iterdir()
    return folder


def test_a_backup_restores_into_a_scratch_database_with_every_row_and_file(
    household, person, media, scratch_database, tmp_path
):
    assert Household.objects.count() == 1 and Person.objects.count() == 1
    with connection.cursor() as cursor:
        counts_now = table_counts(cursor, connection.vendor)
    folder = _backup(tmp_path)

    manifest = json.loads((folder / MANIFEST).read_text())
    assert manifest["vendor"] == connection.vendor
    assert manifest["tables"] == counts_now
    assert manifest["tables"][Household._meta.db_table] == 1
    assert manifest["tables"][Person._meta.db_table] == 1
    assert manifest["media"] == {n: hashlib.sha256(c).hexdigest() for n, c in MEDIA.items()}
    # Personal data: the folder and its files are readable by their owner only.
    assert folder.stat().st_mode & 0o077 == 0
    assert all(path.stat().st_mode & 0o077 == 0 for path in folder.iterdir())
    with tarfile.open(folder / MEDIA_ARCHIVE) as archive:
        assert sorted(archive.getnames()) == sorted(MEDIA)

    url, target = scratch_database
    restored_media = tmp_path / "restored-media"
    (restored_media / "old").mkdir(parents=True)
    (restored_media / "old" / "added-since.txt").write_text("not in the backup")
    call_command(
        "restore",
        str(folder),
        database_url=url,
        media_root=restored_media,
        noinput=True,
        stdout=io.StringIO(),
    )

    assert database_counts(target) == manifest["tables"]
    restored = {
        path.relative_to(restored_media).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in restored_media.rglob("*")
        if path.is_file()
    }
    assert restored == manifest["media"]  # the file added since the backup is gone
    # The test's own database is untouched.
    assert Household.objects.get().pk == household.pk


def test_a_restore_refuses_a_backup_that_does_not_match_its_manifest(
    household, media, scratch_database, tmp_path
):
    folder = _backup(tmp_path)
    archive = folder / MEDIA_ARCHIVE
    archive.write_bytes(archive.read_bytes() + b"tampered")
    url, _target = scratch_database
    with pytest.raises(CommandError, match="does not match the manifest"):
        call_command(
            "restore", str(folder), database_url=url, media_root=tmp_path / "m", noinput=True
        )
    assert not (tmp_path / "m").exists()  # refused before anything was written


def test_a_restore_refuses_another_kind_of_database(household, media, tmp_path):
    folder = _backup(tmp_path)
    other = "sqlite:///" + str(tmp_path / "x.sqlite3")
    if connection.vendor == "sqlite":
        other = "postgres://nobody@127.0.0.1:1/none"
    with pytest.raises(CommandError, match="cannot be restored"):
        call_command(
            "restore", str(folder), database_url=other, media_root=tmp_path / "m", noinput=True
        )


def test_a_restore_asks_before_replacing_anything(household, media, tmp_path, monkeypatch):
    folder = _backup(tmp_path)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", str(folder), media_root=tmp_path / "m")
    assert Household.objects.count() == 1


def test_the_check_names_every_difference(household, media, scratch_database, tmp_path):
    folder = _backup(tmp_path)
    url, target = scratch_database
    restored_media = tmp_path / "restored-media"
    call_command(
        "restore",
        str(folder),
        database_url=url,
        media_root=restored_media,
        noinput=True,
        stdout=io.StringIO(),
    )
    manifest = manifest_read(folder)
    assert restore_differences(manifest, target=target, media_root=restored_media) == []

    (restored_media / "top-level.txt").write_bytes(b"changed")
    (restored_media / "new.txt").write_bytes(b"new")
    manifest["tables"][Household._meta.db_table] = 2
    assert restore_differences(manifest, target=target, media_root=restored_media) == [
        f"table {Household._meta.db_table}: 1 rows, 2 in the backup",
        "media top-level.txt: missing or changed",
        "media new.txt: not in the backup",
    ]


def test_a_failed_backup_leaves_no_folder_behind(household, media, tmp_path, monkeypatch):
    def disk_full(root, target):
        raise OSError("No space left on device")

    monkeypatch.setattr("core.backup._archive_media", disk_full)
    with pytest.raises(OSError):
        call_command("backup", output=tmp_path / "backups", stdout=io.StringIO())
    assert list((tmp_path / "backups").iterdir()) == []
