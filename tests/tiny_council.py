"""The tiny demo council, seeded once per test process for every test that asks for it.

Seeding the tiny council takes several seconds (its panels and a year of audits go through the
services), and a score of tests across the apps read it. So, as Django's `setUpTestData` does
for a class, the council is seeded once inside an outer transaction; each test that asks for
`tiny_council` runs in a savepoint inside it (pytest-django's usual per-test transaction), so
what one test changes the next never sees; and the outer transaction is rolled back as soon as
the next test to run does not ask for the council, so no other test ever sees it.

To seed once per process rather than once per stretch of tests, the tests that ask for it are
collected last: one process runs them one after another, and with `-n` (`--dist load`, which
hands out tests in collection order) each worker runs its share of them at the end of its run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from journey.demo.models import DemoCouncil
from tests.factories import ensure_audit_tool

FIXTURE = "tiny_council"
SEED = 7
AS_OF = dt.date(2026, 11, 1)


class _Council:
    """The open outer transaction that holds the seeded council, if any."""

    atomic: transaction.Atomic | None = None
    blocker = None
    next_item: pytest.Item | None = None

    @classmethod
    def open(cls, blocker) -> None:
        if cls.atomic is not None:
            return
        with blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                ensure_audit_tool()
                call_command("seed", size="tiny", seed=SEED, as_of=AS_OF, verbosity=0)
                # Check the deferred constraints now, once. Otherwise PostgreSQL checks every
                # seeded row again at the end of each test, as each test's savepoint rolls back.
                connection.check_constraints()
            except BaseException:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
                raise
        cls.atomic, cls.blocker = atomic, blocker

    @classmethod
    def close(cls) -> None:
        if cls.atomic is None:
            return
        atomic, cls.atomic = cls.atomic, None
        with cls.blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            # Leave no connection open that the drop of the test database would trip over.
            connection.close()


def uses_council(item: pytest.Item | None) -> bool:
    return item is not None and FIXTURE in getattr(item, "fixturenames", ())


@pytest.fixture
def tiny_council(django_db_setup, django_db_blocker) -> Iterator[DemoCouncil]:
    """The tiny demo council (seed 7, as of 1 November 2026), in the test's own transaction."""
    _Council.open(django_db_blocker)
    with django_db_blocker.unblock():
        council = DemoCouncil.objects.get()
    yield council
    # The test's own transaction is rolled back by now: `tiny_council` is set up first of the
    # test's fixtures (see below), so it is torn down last.
    if not uses_council(_Council.next_item):
        _Council.close()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    _Council.next_item = nextitem


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    council_tests = [item for item in items if uses_council(item)]
    for item in council_tests:
        # The council's transaction must open before the test's own (which `db` or the
        # django_db mark opens), so that the test's is a savepoint inside it.
        names = item.fixturenames
        names.remove(FIXTURE)
        names.insert(0, FIXTURE)
        marker = item.get_closest_marker("django_db")
        transactional = marker is not None and marker.kwargs.get("transaction")
        if transactional or {"transactional_db", "live_server"} & set(names):
            raise pytest.UsageError(
                f"{item.nodeid}: the tiny council is not for transactional tests"
            )
        if marker is None:
            item.add_marker(pytest.mark.django_db)
    others = [item for item in items if not uses_council(item)]
    items[:] = others + council_tests
