"""`manage.py serve` (`make serve`): Journey as a council runs it.

It refuses to start with an insecure configuration: Django's deploy checks and Journey's own must
all pass with no warning (DEBUG off, a real secret key, secure cookies, HSTS, two-factor sign-in),
and the database must be PostgreSQL. Then it applies migrations, collects the static files
(served by WhiteNoise), and runs gunicorn with the background task worker beside it; when either
stops, or on Ctrl-C or SIGTERM, both stop.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, SystemCheckError
from django.db import connection


def default_workers() -> int:
    """Gunicorn's rule of thumb: two per core, and one."""
    return 2 * (os.cpu_count() or 1) + 1


def refusals() -> list[str]:
    """Why this configuration must not serve a council, beyond Django's deploy checks."""
    problems = []
    if settings.DEBUG:
        problems.append("DEBUG is on: set DEBUG=0")
    if connection.vendor != "postgresql":
        problems.append(
            "The database is not PostgreSQL: set DATABASE_URL=postgres://… (the embedded SQLite "
            "database is for `make run` on one machine)"
        )
    return problems


class Command(BaseCommand):
    help = "Check the configuration, migrate, and serve Journey with gunicorn and the task worker."

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind",
            default=os.environ.get("JOURNEY_BIND", "127.0.0.1:8000"),
            help="Where gunicorn listens (JOURNEY_BIND; default 127.0.0.1:8000, behind the proxy)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("JOURNEY_WORKERS", default_workers())),
            help="Gunicorn workers (JOURNEY_WORKERS; default two per core, and one)",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only check the configuration: exit 0 if it may serve, 1 if not",
        )

    def handle(self, *args, bind, workers, check, **options):
        self._check_configuration()
        if check:
            self.stdout.write(self.style.SUCCESS("The configuration may serve Journey."))
            return
        call_command("migrate", interactive=False, verbosity=1)
        call_command("collectstatic", interactive=False, verbosity=0)
        self._serve(bind, workers)

    def _check_configuration(self) -> None:
        problems = refusals()
        try:
            call_command("check", deploy=True, fail_level="WARNING", stdout=self.stdout)
        except SystemCheckError as error:
            problems.append(str(error).strip())
        if problems:
            raise CommandError(
                "Journey will not start with this configuration:\n- " + "\n- ".join(problems)
            )

    def _serve(self, bind: str, workers: int) -> None:
        manage = [sys.executable, "-m", "django"]
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "journey.settings"}
        worker = subprocess.Popen([*manage, "db_worker", "--no-reload"], env=env)
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "journey.wsgi",
                "--bind",
                bind,
                "--workers",
                str(workers),
                "--access-logfile",
                "-",
                "--forwarded-allow-ips",
                os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
            ],
            env=env,
        )
        self.stdout.write(
            f"Journey is serving on {bind} with {workers} workers and the task worker"
        )
        stopping = False

        def stop(signum, frame):  # noqa: ARG001 (a signal handler's signature)
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while not stopping and server.poll() is None and worker.poll() is None:
            time.sleep(0.5)
        for process in (server, worker):
            if process.poll() is None:
                process.terminate()
        for process in (server, worker):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        if not stopping:
            raise CommandError("Gunicorn or the task worker stopped: Journey has stopped.")
