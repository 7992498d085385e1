"""`python manage.py import_census --file F --team "Team name" [--dry-run]`: import the children
and social care history of a CIN census return from a previous system, all or nothing.

Everything is recorded by the "imported" user (a team manager in the chosen team, created on
first use, inactive and without a password) so imported records say where they came from.
There is no page for this yet: councils run it once while migrating.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from journey.people.models import Agency
from journey.reporting.census.importer import import_census
from journey.workforce.models import Role, Team, Worker

IMPORT_USERNAME = "imported"


def imported_worker(team: Team) -> Worker:
    user, created = get_user_model().objects.get_or_create(
        username=IMPORT_USERNAME,
        defaults={"first_name": "Imported", "last_name": "record", "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    worker = Worker.objects.filter(user=user).first()
    if worker is None:
        agency = Agency.objects.filter(kind=Agency.Kind.COUNCIL).first()
        if agency is None:
            raise CommandError("No council agency is set up: the imported worker needs one.")
        worker = Worker.objects.create(
            user=user,
            role=Role.TEAM_MANAGER,
            team=team,
            agency=agency,
            job_title="Records imported from a previous system",
            is_active=False,
        )
    return worker


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
        result = import_census(
            file, imported_by=imported_worker(chosen), team=chosen, dry_run=dry_run
        )
        for problem in result.problems:
            self.stdout.write(str(problem))
        if not result.ok:
            raise CommandError(result.summary())
        self.stdout.write(self.style.SUCCESS(result.summary()))
