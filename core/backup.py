"""Back up and restore the database and the uploaded files, with a manifest to check both.

A backup is a folder holding:
- the database: `database.dump` (pg_dump's custom format) on PostgreSQL, `database.sqlite3`
  (a copy made with SQLite's online backup API, consistent while the site runs) on SQLite;
- `media.tar.gz`: every file under MEDIA_ROOT (scans of evidence, reports, imports);
- `manifest.json`: the SHA-256 of those two files, the row count of every table and the
  SHA-256 of every media file, so that a restore can prove it put everything back.

The folder holds the personal data of every household: it is created readable by its owner
only, and SECURITY.md says where copies go.

Files on the disk only: with STORAGE_BACKEND=s3 the uploads are in a bucket, which this
module does not read, and both commands refuse to run (`BackupError`). The bucket is then
backed up by the object store's own versioning or replication, the database by pg_dump.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
CHUNK = 1024 * 1024
FORMAT_VERSION = 1


class BackupError(Exception):
    """The backup or restore could not be made, or does not match its manifest."""


@dataclass(frozen=True)
class Database:
    """Where a database is: the vendor ("postgresql" or "sqlite") and its connection settings,
    in the form of a Django DATABASES entry (NAME, USER, PASSWORD, HOST, PORT)."""

    vendor: str
    settings: dict

    @classmethod
    def from_django(cls, settings_dict: dict) -> "Database":
        engine = settings_dict["ENGINE"]
        if "postgresql" in engine:
            return cls("postgresql", settings_dict)
        if "sqlite3" in engine:
            return cls("sqlite", settings_dict)
        raise BackupError(f"Unsupported database engine: {engine}")

    def pg_arguments(self) -> tuple[list[str], dict]:
        """Connection options for pg_dump/pg_restore; the password goes in the environment,
        never on a command line other users of the machine can read."""
        s = self.settings
        args = []
        if s.get("HOST"):
            args += ["--host", str(s["HOST"])]
        if s.get("PORT"):
            args += ["--port", str(s["PORT"])]
        if s.get("USER"):
            args += ["--username", str(s["USER"])]
        env = {**os.environ}
        if s.get("PASSWORD"):
            env["PGPASSWORD"] = str(s["PASSWORD"])
        return [*args, "--dbname", str(s["NAME"])], env

    def connect(self):
        """A plain DB-API connection (not Django's), to count rows in any target database."""
        s = self.settings
        if self.vendor == "sqlite":
            return sqlite3.connect(s["NAME"])
        import psycopg  # only needed, and only installed, where PostgreSQL is used

        return psycopg.connect(
            dbname=s["NAME"],
            user=s.get("USER") or None,
            password=s.get("PASSWORD") or None,
            host=s.get("HOST") or None,
            port=s.get("PORT") or None,
        )


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def table_counts(cursor, vendor: str) -> dict[str, int]:
    """The number of rows of every table of the database, by table name."""
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    names = sorted(row[0] for row in cursor.fetchall())
    counts = {}
    for name in names:
        quoted = '"' + name.replace('"', '""') + '"'
        cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608  a catalogue's own name
        counts[name] = cursor.fetchone()[0]
    return counts


def database_counts(database: Database) -> dict[str, int]:
    """Row counts read through a connection of its own (the restore's target, for one)."""
    raw = database.connect()
    try:
        cursor = raw.cursor()
        try:
            return table_counts(cursor, database.vendor)
        finally:
            cursor.close()
    finally:
        raw.close()


def media_checksums(root: Path) -> dict[str, str]:
    """The SHA-256 of every file under `root`, by its path relative to it."""
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): sha256_of(path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def _run(command: list[str], env: dict) -> None:
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)  # noqa: S603
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed") from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} failed: {error.stderr.strip()[-2000:]}") from error


def _dump_postgres(database: Database, target: Path) -> dict[str, int]:
    """pg_dump in the snapshot where the rows are counted, so the counts match the dump."""
    args, env = database.pg_arguments()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = table_counts(cursor, "postgresql")
        _run(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot}", "--file", str(target), *args],
            env,
        )
    return counts


def _copy_sqlite(target: Path) -> dict[str, int]:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        return table_counts(copy.cursor(), "sqlite")
    finally:
        copy.close()


def _archive_media(root: Path, target: Path) -> dict[str, str]:
    checksums = media_checksums(root)
    with tarfile.open(target, "w:gz") as archive:
        for name in checksums:
            archive.add(root / name, arcname=name, recursive=False)
    return checksums


def _require_file_storage() -> None:
    if settings.STORAGE_BACKEND != "filesystem":
        raise BackupError(
            f"Uploads are stored in {settings.STORAGE_BACKEND}, not under MEDIA_ROOT: back up "
            "the bucket with the object store's own tools, and the database with pg_dump"
        )


def backup_create(*, destination: Path, media_root: Path, now: datetime.datetime) -> Path:
    """Write a backup of the default database and of `media_root` in a new folder under
    `destination`, named after `now` (UTC), and return that folder."""
    _require_file_storage()
    database = Database.from_django(connection.settings_dict)
    folder = destination / now.strftime("%Y%m%dT%H%M%SZ")
    destination.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder.mkdir(mode=0o700)
    previous_umask = os.umask(0o077)  # every file of the backup: its owner only
    try:
        _write(folder, database, media_root, now)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # half a backup must never pass for one
        raise
    finally:
        os.umask(previous_umask)
    return folder


def _write(folder: Path, database: Database, media_root: Path, now: datetime.datetime) -> None:
    if database.vendor == "postgresql":
        database_file = POSTGRES_DUMP
        counts = _dump_postgres(database, folder / database_file)
    else:
        database_file = SQLITE_COPY
        counts = _copy_sqlite(folder / database_file)
    media = _archive_media(media_root, folder / MEDIA_ARCHIVE)
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": now.isoformat(),
        "vendor": database.vendor,
        "database": {"file": database_file, "sha256": sha256_of(folder / database_file)},
        "media_archive": {"file": MEDIA_ARCHIVE, "sha256": sha256_of(folder / MEDIA_ARCHIVE)},
        "tables": counts,
        "media": media,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))


def manifest_read(folder: Path) -> dict:
    """The manifest of a backup, once its files are checked against it."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"No readable {MANIFEST} in {folder}") from error
    for part in ("database", "media_archive"):
        path = folder / manifest[part]["file"]
        if not path.is_file() or sha256_of(path) != manifest[part]["sha256"]:
            raise BackupError(f"{path.name} is missing or does not match the manifest")
    return manifest


def _restore_postgres(folder: Path, manifest: dict, target: Database) -> None:
    args, env = target.pg_arguments()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            *args,
            str(folder / manifest["database"]["file"]),
        ],
        env,
    )


def _restore_sqlite(folder: Path, manifest: dict, target: Database) -> None:
    source = sqlite3.connect(folder / manifest["database"]["file"])
    destination = sqlite3.connect(target.settings["NAME"])
    try:
        source.backup(destination)  # replaces every page of the target: tables not kept
    finally:
        source.close()
        destination.close()


def _restore_media(folder: Path, manifest: dict, media_root: Path) -> None:
    """Put back exactly the files of the backup: files added since are removed, as a restore
    also brings back the database that knew nothing of them."""
    media_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media_root.parent) as scratch:
        with tarfile.open(folder / manifest["media_archive"]["file"], "r:gz") as archive:
            archive.extractall(scratch, filter="data")  # no absolute paths, links or "..": safe
        for child in media_root.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
        for child in Path(scratch).iterdir():
            shutil.move(str(child), media_root / child.name)


def restore_differences(manifest: dict, *, target: Database, media_root: Path) -> list[str]:
    """What differs between the manifest and a restored database and media folder (empty
    when the restore is complete)."""
    problems = []
    counts = database_counts(target)
    for table, expected in sorted(manifest["tables"].items()):
        found = counts.get(table)
        if found != expected:
            problems.append(f"table {table}: {found} rows, {expected} in the backup")
    for table in sorted(set(counts) - set(manifest["tables"])):
        problems.append(f"table {table}: not in the backup")
    media = media_checksums(media_root)
    for name, digest in sorted(manifest["media"].items()):
        if media.get(name) != digest:
            problems.append(f"media {name}: missing or changed")
    for name in sorted(set(media) - set(manifest["media"])):
        problems.append(f"media {name}: not in the backup")
    return problems


def backup_restore(*, folder: Path, target: Database, media_root: Path) -> dict:
    """Put a backup back into `target` and `media_root`, then check both against the
    manifest; raises BackupError on any difference. Returns the manifest."""
    _require_file_storage()
    manifest = manifest_read(folder)
    if manifest["vendor"] != target.vendor:
        raise BackupError(f"A {manifest['vendor']} backup cannot be restored into {target.vendor}")
    if target.vendor == "postgresql":
        _restore_postgres(folder, manifest, target)
    else:
        _restore_sqlite(folder, manifest, target)
    _restore_media(folder, manifest, media_root)
    problems = restore_differences(manifest, target=target, media_root=media_root)
    if problems:
        raise BackupError("The restore does not match the backup: " + "; ".join(problems))
    return manifest
