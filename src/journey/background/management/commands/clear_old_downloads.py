"""`python manage.py clear_old_downloads`: remove the files of background work (Annex A
workbooks, long chronology prints) finished more than JOURNEY_KEEP_DOWNLOADS_DAYS days ago.
Run it nightly; safe to run twice."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from journey.background.services import clear_old_files


class Command(BaseCommand):
    help = "Remove produced files older than JOURNEY_KEEP_DOWNLOADS_DAYS days."

    def handle(self, *args, **options):
        days = settings.JOURNEY_KEEP_DOWNLOADS_DAYS
        cleared = clear_old_files(timezone.now() - dt.timedelta(days=days))
        self.stdout.write(f"Removed {cleared} file(s) finished more than {days} days ago.")
