"""`madina backup DIR` and `madina restore DIR`: the database, the uploads and a manifest that says what they hold.

The database is copied by its own tools, consistently while the site runs: PostgreSQL's `pg_dump` on a snapshot
that the row counts are taken in too, SQLite's backup API. The manifest lists each table's rows, the migrations,
the uploads, and a fingerprint of MADINA_BALLOT_KEY (not the key): a restore under another key would leave every
voter unable to find their ballot, so it is refused before anything is written. A restore goes into an empty
database and an empty media folder, then counts every table against the manifest and runs the apps' own checks
(`CHECKS`: budgeting's, that each voter finds their ballot).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils.crypto import salted_hmac

from .media import DERIVED

FORMAT = 1
MANIFEST = "manifest.json"
CHECKS: list[Callable[[], str]] = []
"""Checks an app runs on a restored database: each returns a line to print or raises BackupError."""


class BackupError(Exception):
    """What stops a backup or a restore, said so that the operator knows what to do."""


def ballot_key_check() -> str:
    return salted_hmac("madina.backup.ballot-key", "fingerprint", secret=settings.MADINA_BALLOT_KEY).hexdigest()[:16]


def tables() -> list[str]:
    """Every table Madina's models own (many-to-many ones included), in a stable order."""
    names = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            names.add(model._meta.db_table)
    return sorted(names)


def _counts(cursor) -> dict[str, int]:
    quote = connection.ops.quote_name
    counts = {}
    for table in tables():
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


# Backup -----------------------------------------------------------------------------------------------------------


def backup(target: Path, say: Callable[[str], None]) -> dict:
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: back up into a new folder.")
    target.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    say(f"database ({vendor})…")
    counts = _backup_postgresql(target) if vendor == "postgresql" else _backup_sqlite(target)
    say(f"  {sum(counts.values())} rows in {len(counts)} tables")
    say("uploads…")
    media = _copy_media(Path(settings.MEDIA_ROOT), target / "media")
    say(f"  {media['files']} files, {media['bytes']} bytes")
    manifest = {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "vendor": vendor,
        "tables": counts,
        "migrations": _migrations(),
        "media": media,
        "ballot_key_check": ballot_key_check(),
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return manifest


def _backup_sqlite(target: Path) -> dict[str, int]:
    connection.ensure_connection()
    copy = sqlite3.connect(target / "database.sqlite3")
    try:
        connection.connection.backup(copy)
        return _counts(copy.cursor())
    finally:
        copy.close()


def _backup_postgresql(target: Path) -> dict[str, int]:
    """Counts and dump from one exported snapshot: what the manifest says is exactly what the dump holds."""
    with connection.cursor() as cursor:
        connection.set_autocommit(False)
        try:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _counts(cursor)
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                  f"--file={target / 'database.dump'}"])
        finally:
            connection.rollback()
            connection.set_autocommit(True)
    return counts


def _copy_media(source: Path, target: Path) -> dict[str, int]:
    """The uploads, not what is made again on demand (core.media.DERIVED: thumbnails, stored sheets)."""
    files = size = 0

    def derived(folder: str, names: list[str]) -> list[str]:
        here = Path(folder).relative_to(source)
        return [name for name in names if (here / name).as_posix() in DERIVED]

    if source.is_dir():
        shutil.copytree(source, target, ignore=derived)
    for path in _files(target):
        files, size = files + 1, size + path.stat().st_size
    return {"files": files, "bytes": size}


def _files(folder: Path) -> Iterator[Path]:
    return (path for path in folder.rglob("*") if path.is_file()) if folder.is_dir() else iter(())


def _migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder.Migration.objects.values_list("app", "name").order_by("app", "name"):
        latest[app] = name
    return latest


# Restore ----------------------------------------------------------------------------------------------------------


def restore(source: Path, say: Callable[[str], None]) -> dict:
    manifest = _manifest(source)
    vendor = connection.vendor
    if manifest["vendor"] != vendor:
        raise BackupError(f"this backup is of a {manifest['vendor']} database; DATABASE_URL points to {vendor}.")
    if manifest["ballot_key_check"] != ballot_key_check():
        raise BackupError("this backup was made under another MADINA_BALLOT_KEY: set the key it was made with, or "
                          "no voter could find their ballot and no census entry or code would match.")
    if connection.introspection.table_names():
        raise BackupError("the database is not empty: restore into a new, empty one (createdb, then DATABASE_URL).")
    media_root = Path(settings.MEDIA_ROOT)
    if any(_files(media_root)):
        raise BackupError(f"the media folder {media_root} is not empty: restore into an empty one (MEDIA_ROOT).")
    say(f"database ({vendor})…")
    if vendor == "postgresql":
        _restore_postgresql(source / "database.dump")
    else:
        _restore_sqlite(source / "database.sqlite3")
    say("uploads…")
    if (source / "media").is_dir():
        shutil.copytree(source / "media", media_root, dirs_exist_ok=True)
    say("checking…")
    _verify(manifest, media_root)
    for check in CHECKS:
        say(f"  {check()}")
    return manifest


def _manifest(source: Path) -> dict:
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{source / MANIFEST} is missing: this is not a Madina backup folder.") from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise BackupError(f"{source / MANIFEST} is damaged (not JSON).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{source / MANIFEST}: not a backup this version of Madina reads (format {FORMAT}).")
    missing = [key for key in ("vendor", "tables", "media", "ballot_key_check") if key not in manifest]
    if missing:
        raise BackupError(f"{source / MANIFEST} lacks {', '.join(missing)}.")
    return manifest


def _restore_sqlite(dump: Path) -> None:
    if not dump.is_file():
        raise BackupError(f"{dump} is missing.")
    target = Path(connection.settings_dict["NAME"])
    connections.close_all()
    for suffix in ("-wal", "-shm"):  # left by the empty database just opened; they belong to no copy
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(dump) as source, sqlite3.connect(target) as copy:
        source.backup(copy)


def _restore_postgresql(dump: Path) -> None:
    if not dump.is_file():
        raise BackupError(f"{dump} is missing.")
    connections.close_all()
    _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
          f"--dbname={connection.settings_dict['NAME']}", str(dump)])


def _verify(manifest: dict, media_root: Path) -> None:
    with connection.cursor() as cursor:
        found = _counts(cursor)
    wrong = [f"{table}: {found.get(table)} rows, {count} expected"
             for table, count in manifest["tables"].items() if found.get(table) != count]
    if wrong:
        raise BackupError("the restored database differs from the manifest: " + "; ".join(wrong[:10]))
    files = sum(1 for _ in _files(media_root))
    if files < manifest["media"]["files"]:
        raise BackupError(f"{files} uploads restored, {manifest['media']['files']} expected.")


def _run(command: list[str]) -> None:
    """A PostgreSQL client tool, connected as Django is (the password through the environment, not the command)."""
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL's client tools, same major version as the "
                          "server).")
    db = connection.settings_dict
    given = (("PGHOST", db.get("HOST")), ("PGPORT", db.get("PORT")), ("PGUSER", db.get("USER")),
             ("PGPASSWORD", db.get("PASSWORD")), ("PGDATABASE", db.get("NAME")))
    env = {**os.environ, **{key: str(value) for key, value in given if value}}
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode:
        raise BackupError(f"{command[0]} failed: {(done.stderr or done.stdout).strip()[:1000]}")
