"""`python manage.py snapshot_measures`: count every registered measure for recent months.

Run it nightly from the OS timer after `snapshot_drift`. By default it recounts last month (so a
month is stored whole once it ends) and this month so far; `--months 12` rebuilds a year. A rerun
replaces the months it counts, so nothing is counted twice.
"""

import time

from django.core.management import BaseCommand, CommandError
from django.utils import timezone

from journey.core.working_days import add_months
from journey.improvement.services import snapshot_measures


class Command(BaseCommand):
    help = "Count every registered measure for this month and the months before it."

    def add_arguments(self, parser):
        parser.add_argument(
            "--months", type=int, default=2, help="How many months to count, ending with this one"
        )

    def handle(self, *args, months, **options):
        if not 1 <= months <= 60:
            raise CommandError("--months must be between 1 and 60.")
        today = timezone.localdate()
        first = today.replace(day=1)
        started = time.perf_counter()
        result = snapshot_measures([add_months(first, -back) for back in range(months)], today)
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Counted {result.measures} measures for {len(result.months)} months: "
                f"{result.figures} figures ({seconds:.1f} s)."
            )
        )
