"""`python manage.py escalate_audit_actions [--date YYYY-MM-DD]`: run daily by the OS timer.

Escalates every audit action not done by its due date to the step it has reached (team manager,
head of service, assistant director). Running it twice on a day adds nothing.
"""

import datetime as dt

from django.core.management import BaseCommand
from django.utils import timezone

from journey.quality.followup import escalate_overdue_actions


class Command(BaseCommand):
    help = "Escalate overdue audit actions up the management line (idempotent, date-driven)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=dt.date.fromisoformat,
            default=None,
            help="The day to escalate as of (default: today)",
        )

    def handle(self, *args, date, **options):
        today = date or timezone.localdate()
        events = escalate_overdue_actions(today)
        self.stdout.write(
            f"{len(events)} escalation step{'s' if len(events) != 1 else ''} as of {today}"
        )
