"""Background tasks in tests: the real database backend and its real worker
(`manage.py db_worker --batch`), run in the test's own process until the queue is empty.

In a `transactional_db` test the worker commits, and closes stale connections, as it does in
production: use one to see work commit as it goes. In a test wrapped in a transaction (`db`),
its transactions are savepoints of the test's, and its connection check is held off for the run,
as Django's test client holds off its own (it would close the test's connection and lose the
transaction). Files go to a temporary MEDIA_ROOT (`private_media`, used by every test module
that produces one)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django_tasks_db.management.commands import db_worker

SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
REPO = Path(__file__).resolve().parents[2]


def run_worker() -> None:
    """Run every queued task, then return. The worker sets its own signal handlers for a clean
    shutdown; the test runner's are put back afterwards."""
    saved = {number: signal.getsignal(number) for number in SIGNALS}
    try:
        with ExitStack() as stack:
            if connection.in_atomic_block:
                stack.enter_context(mock.patch.object(db_worker, "close_old_connections"))
            call_command(
                "db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0
            )
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploads and produced files go under the test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root) -> list[str]:
    """Every file kept in private storage."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def database_url() -> str:
    """The test database, as DATABASE_URL names it, for a worker in a process of its own."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = f"{db['USER']}:{db['PASSWORD']}@" if db["USER"] else ""
    where = f"{db['HOST']}:{db['PORT']}" if db["HOST"] else ""
    return f"postgres://{auth}{where}/{db['NAME']}"


def start_worker_process() -> subprocess.Popen:
    """`manage.py db_worker --batch` in a process of its own, as production runs it, on the test
    database and MEDIA_ROOT: it runs what is queued, then exits. Commit what it needs first."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DEBUG": "0",
        "SECRET_KEY": "worker-in-a-test",
    }
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload"]
    command += ["--no-startup-delay", "--interval", "0", "--verbosity", "0"]
    return subprocess.Popen(command, cwd=REPO, env=env)
