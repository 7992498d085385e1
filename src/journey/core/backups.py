"""Backups that restore: the database and the files people uploaded, in one go.

PostgreSQL is dumped with `pg_dump --format=custom` and restored with `pg_restore` (the tools of
the server's own packages); the embedded SQLite database is copied with SQLite's online backup
API, so a backup taken while Journey runs is a consistent snapshot. The private files (uploads,
prints, the host's documents of a peer review) go beside the database as `<backup>.files.tar.gz`.

A restore goes into an empty database unless told to replace one: restoring over live records
by mistake would lose everything written since the backup.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

FILES_SUFFIX = ".files.tar.gz"


class BackupError(Exception):
    """A backup or restore that cannot be done, with what to do instead."""


@dataclass(frozen=True)
class Database:
    vendor: str  # "postgresql" or "sqlite"
    name: str
    settings: dict[str, Any]

    @classmethod
    def configured(cls, alias: str = "default") -> Database:
        # The connection's own settings: under the test runner they name the test database.
        config = connections[alias].settings_dict
        vendor = connections[alias].vendor
        if vendor not in {"postgresql", "sqlite"}:
            raise BackupError(f"Journey backs up PostgreSQL and SQLite, not {vendor}.")
        return cls(vendor, str(config["NAME"]), config)

    def named(self, name: str) -> Database:
        """The same server, another database (or, for SQLite, another file)."""
        return Database(self.vendor, name, self.settings)

    @property
    def suffix(self) -> str:
        return ".dump" if self.vendor == "postgresql" else ".sqlite3"


def files_beside(backup: Path) -> Path:
    return backup.with_name(backup.name + FILES_SUFFIX)


# --- PostgreSQL -----------------------------------------------------------------------------


def _pg_args(db: Database) -> tuple[list[str], dict[str, str]]:
    config = db.settings
    args = []
    if config.get("HOST"):
        args += ["--host", str(config["HOST"])]
    if config.get("PORT"):
        args += ["--port", str(config["PORT"])]
    if config.get("USER"):
        args += ["--username", str(config["USER"])]
    env = {**os.environ}
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = str(config["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    tool = command[0]
    if shutil.which(tool) is None:
        raise BackupError(
            f"{tool} is not installed: install PostgreSQL's client tools (Debian: "
            "postgresql-client) of the server's version or later."
        )
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{tool} failed: {result.stderr.strip() or result.stdout.strip()}")


def _pg_backup(db: Database, out: Path) -> None:
    args, env = _pg_args(db)
    _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(out), *args, db.name], env)


def _pg_restore(db: Database, backup: Path, *, replace: bool) -> None:
    args, env = _pg_args(db)
    clean = ["--clean", "--if-exists"] if replace else []
    _run(
        ["pg_restore", "--no-owner", "--exit-on-error", *clean, *args, "--dbname", db.name]
        + [str(backup)],
        env,
    )


def pg_connection(db: Database) -> Any:
    """A psycopg connection to the database (outside Django's, which names one database)."""
    import psycopg

    config = db.settings
    params = {
        "dbname": db.name,
        "host": config.get("HOST"),
        "port": config.get("PORT"),
        "user": config.get("USER"),
        "password": config.get("PASSWORD"),
    }
    return psycopg.connect(**{k: v for k, v in params.items() if v})


def _pg_has_tables(db: Database) -> bool:
    with pg_connection(db) as conn:
        row = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
    return bool(row and row[0])


# --- SQLite ---------------------------------------------------------------------------------


def _sqlite_copy(source: str, target: str) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    # sqlite3's context manager commits but does not close.
    src.close()
    dst.close()


def _sqlite_has_tables(path: str) -> bool:
    if not Path(path).exists():
        return False
    with sqlite3.connect(path) as conn:
        (count,) = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        ).fetchone()
    conn.close()
    return bool(count)


# --- the files ------------------------------------------------------------------------------


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _pack_files(out: Path) -> Path | None:
    root = _media_root()
    if not root.is_dir() or not any(root.iterdir()):
        return None
    archive = files_beside(out)
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(root, arcname=".")
    return archive


def _unpack_files(backup: Path) -> Path | None:
    archive = files_beside(backup)
    if not archive.exists():
        return None
    root = _media_root()
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(root, filter="data")
    return archive


# --- the two operations ---------------------------------------------------------------------


def backup(out: Path, db: Database | None = None) -> list[Path]:
    """Back up the database (and the private files) to `out`; the paths written."""
    db = db or Database.configured()
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists():
        raise BackupError(f"{out} already exists: choose another name, a backup never overwrites.")
    if db.vendor == "postgresql":
        _pg_backup(db, out)
    else:
        _sqlite_copy(db.name, str(out))
    files = _pack_files(out)
    return [out, files] if files else [out]


def restore(backup_file: Path, db: Database | None = None, *, replace: bool = False) -> list[Path]:
    """Restore a backup into the database (empty, unless `replace`); the paths read."""
    db = db or Database.configured()
    if not backup_file.is_file():
        raise BackupError(f"There is no backup at {backup_file}.")
    has_tables = _pg_has_tables(db) if db.vendor == "postgresql" else _sqlite_has_tables(db.name)
    if has_tables and not replace:
        raise BackupError(
            f"The database {db.name} already holds tables: restore into an empty database "
            "(create one and point DATABASE_URL at it), or replace this one with --replace."
        )
    if db.vendor == "postgresql":
        _pg_restore(db, backup_file, replace=replace)
    else:
        _sqlite_copy(str(backup_file), db.name)
    files = _unpack_files(backup_file)
    return [backup_file, files] if files else [backup_file]
