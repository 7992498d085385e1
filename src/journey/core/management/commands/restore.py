"""`manage.py restore FILE` (`make restore FILE=…`): a backup into an empty database, or over
this one with --replace."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from journey.core import backups


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` (and its files) into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("backup", help="The backup file")
        parser.add_argument(
            "--into",
            help="Another database on the same server (or, for SQLite, another file) to restore "
            "into, to try a restore without touching the live one",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace the tables of a database that already holds them",
        )

    def handle(self, *args, backup, into, replace, **options):
        db = backups.Database.configured()
        if into:
            db = db.named(into)
        started = time.perf_counter()
        try:
            backups.restore(Path(backup), db, replace=replace)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"Restored {backup} into {db.name} in {seconds:.1f} s.")
        )
