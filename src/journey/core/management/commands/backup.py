"""`manage.py backup` (`make backup`): the database and the private files, to a file."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from journey.core import backups


class Command(BaseCommand):
    help = "Back up the database (pg_dump or SQLite's backup API) and the uploaded files."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="Where to write it (default backups/journey-<date>-<time>.dump or .sqlite3)",
        )

    def handle(self, *args, output, **options):
        db = backups.Database.configured()
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        out = Path(output or f"backups/journey-{stamp}{db.suffix}")
        started = time.perf_counter()
        try:
            written = backups.backup(out, db)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
        for path in written:
            self.stdout.write(f"{path} ({path.stat().st_size / 1e6:,.1f} MB)")
        self.stdout.write(self.style.SUCCESS(f"Backed up {db.name} in {seconds:.1f} s."))
