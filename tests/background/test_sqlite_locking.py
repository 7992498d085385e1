"""On SQLite, people writing at the same time wait for each other instead of failing with
"database is locked", and long work commits a chunk at a time, so nobody waits long.

The waiting is SQLite's own (PostgreSQL locks rows, not the database): skipped there."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction

from journey.people.models import Agency, Person
from tests.factories import make_child

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "sqlite",
        reason="SQLite locks the whole database for a writer; PostgreSQL does not",
    ),
]
HELD = 1.5  # seconds


def hold_the_write_lock(holding: threading.Event) -> None:
    """Another person's write transaction, open for a moment (its own connection)."""
    try:
        with transaction.atomic():
            Agency.objects.create(name="Held a moment", kind=Agency.Kind.SCHOOL)
            holding.set()
            time.sleep(HELD)
    finally:
        connection.close()


def test_a_writer_waits_for_another_and_succeeds(council):
    holding = threading.Event()
    other = threading.Thread(target=hold_the_write_lock, args=(holding,))
    other.start()
    try:
        assert holding.wait(5)
        started = time.monotonic()
        make_child(council["social_worker"], first_name="Waited", last_name="Patiently")
        waited = time.monotonic() - started
    finally:
        other.join()
    assert Person.objects.filter(first_name="Waited").exists()
    assert Agency.objects.filter(name="Held a moment").exists()
    assert waited > HELD / 2, "the child was recorded while the other write held the lock"


def test_the_busy_timeout_outlasts_any_chunk_of_background_work():
    options = connection.settings_dict["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 20
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
