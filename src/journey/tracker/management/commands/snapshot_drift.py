"""`python manage.py snapshot_drift`: the nightly drift scan, recorded for the tracker's trend.

Run it once a day from the OS timer (cron or a systemd timer). Running it again the same day
replaces that day's snapshot, so nothing is counted twice.
"""

import datetime as dt
import time

from django.core.management import BaseCommand
from django.utils import timezone

from journey.tracker.services import take_snapshot


class Command(BaseCommand):
    help = "Snapshot today's drift flags on open CAF work (idempotent for the day)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=dt.date.fromisoformat,
            default=None,
            help="The day to evaluate the rules for and record under (default: today). Records "
            "are read as they are now, so an earlier date is an approximation.",
        )

    def handle(self, *args, date, **options):
        today = date or timezone.localdate()
        started = time.perf_counter()
        result = take_snapshot(today)
        seconds = time.perf_counter() - started
        replaced = f", replacing {result.replaced} taken earlier" if result.replaced else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Drift snapshot for {today:%-d %B %Y}: {result.flags} flags{replaced} "
                f"({seconds:.1f} s)."
            )
        )
