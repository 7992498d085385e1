"""Backups that restore: the tiny demo council backed up (`manage.py backup`, what `make backup`
runs), restored into a fresh database (`manage.py restore --into`), and found whole: the same
children, chronology entries, history rows and access events, and the uploaded files. On SQLite
locally, on PostgreSQL in CI. A restore never goes over a database that holds tables unless told
to replace it."""

from __future__ import annotations

import io
import sqlite3
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from journey.core import backups

#: What must come back: (what it is, its table).
COUNTED = [
    ("people (children and their families)", "people_person"),
    ("chronology entries", "chronology_chronologyentry"),
    ("history rows of people", "people_historicalperson"),
    ("history rows of work", "cases_historicalepisode"),
    ("access events", "core_accessevent"),
    ("peer challenge findings", "peer_review_finding"),
]


def _counts_here() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for _what, table in COUNTED:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (fixed table names)
            counts[table] = cursor.fetchone()[0]
    return counts


class FreshDatabase:
    """An empty database beside the test one: a file for SQLite, a new database for
    PostgreSQL (dropped afterwards)."""

    def __init__(self, tmp_path: Path):
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            self.name = str(tmp_path / "restored.sqlite3")
        else:
            self.name = f"journey_restore_{uuid.uuid4().hex[:8]}"
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{self.name}"')

    def counts(self) -> dict[str, int]:
        query = "SELECT count(*) FROM {}"
        if self.vendor == "sqlite":
            with sqlite3.connect(self.name) as conn:
                found = {t: conn.execute(query.format(t)).fetchone()[0] for _w, t in COUNTED}
            conn.close()
            return found
        with backups.pg_connection(backups.Database.configured().named(self.name)) as conn:
            return {t: conn.execute(query.format(t)).fetchone()[0] for _w, t in COUNTED}

    def drop(self) -> None:
        if self.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}"')


@pytest.fixture
def fresh(tmp_path, transactional_db):
    database = FreshDatabase(tmp_path)
    yield database
    database.drop()


@pytest.fixture
def council_with_files(transactional_db, settings, tmp_path):
    """The tiny council, committed (a backup reads what is committed), with its files."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    from tests.factories import ensure_audit_tool

    ensure_audit_tool()
    call_command("seed", size="tiny", seed=7, verbosity=0, stdout=io.StringIO())
    return Path(settings.MEDIA_ROOT)


def test_a_backup_restores_into_a_fresh_database_whole(council_with_files, fresh, tmp_path):
    before = _counts_here()
    assert all(before[table] > 0 for _what, table in COUNTED), before
    documents = sorted(p.relative_to(council_with_files) for p in council_with_files.rglob("*.*"))
    assert documents, "the demo's peer challenge self-assessments are uploaded files"
    out = tmp_path / "backups" / f"journey{backups.Database.configured().suffix}"

    call_command("backup", output=str(out), stdout=io.StringIO())
    for path in council_with_files.rglob("*"):
        if path.is_file():
            path.unlink()  # the files are lost with the server
    call_command("restore", str(out), into=fresh.name, stdout=io.StringIO())

    assert fresh.counts() == before
    restored = sorted(p.relative_to(council_with_files) for p in council_with_files.rglob("*.*"))
    assert restored == documents


def test_a_restore_never_goes_over_a_database_with_tables(council_with_files, tmp_path):
    out = tmp_path / f"journey{backups.Database.configured().suffix}"
    call_command("backup", output=str(out), stdout=io.StringIO())
    with pytest.raises(CommandError, match="already holds tables"):
        call_command("restore", str(out), stdout=io.StringIO())
    with pytest.raises(CommandError, match="never overwrites"):
        call_command("backup", output=str(out), stdout=io.StringIO())
    with pytest.raises(CommandError, match="There is no backup at"):
        call_command("restore", str(tmp_path / "missing.dump"), stdout=io.StringIO())
