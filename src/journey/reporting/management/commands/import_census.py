"""`python manage.py import_census --file F --team "Team name" [--dry-run]`: import the children
and social care history of a CIN census return from a previous system, all or nothing.

The same service as the import page (/returns/census/import/): the run is recorded, and the
records are written by the "imported" worker (see `reporting.census.import_runs`).
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from journey.reporting.census.import_runs import run_census_import
from journey.workforce.models import Team

RUN_BY = "the import_census command"


class Command(BaseCommand):
    help = "Import a CIN census XML return (children and their history); nothing if any is bad."

    def add_arguments(self, parser):
        parser.add_argument("--file", required=True, help="The CIN census XML file")
        parser.add_argument("--team", required=True, help="The social care team for the episodes")
        parser.add_argument("--dry-run", action="store_true", help="Check only; save nothing")

    def handle(self, *args, file: str, team: str, dry_run: bool, **options):
        try:
            chosen = Team.objects.select_related("service").get(name=team)
        except Team.DoesNotExist as error:
            raise CommandError(f"No team is called “{team}”.") from error
        try:
            with open(file, "rb") as source:
                _run, result = run_census_import(
                    source,
                    file_name=Path(file).name,
                    team=chosen,
                    run_by=None,
                    run_by_name=RUN_BY,
                    check_only=dry_run,
                )
        except OSError as error:
            raise CommandError(f"{file} cannot be read: {error}") from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for problem in result.problems:
            self.stdout.write(str(problem))
        if not result.ok:
            raise CommandError(result.summary())
        self.stdout.write(self.style.SUCCESS(result.summary()))
