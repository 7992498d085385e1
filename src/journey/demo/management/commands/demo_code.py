"""`python manage.py demo_code USERNAME`: the code a demo account's authenticator app would show
now, to sign in to the demo council with two-factor sign-in on (DEBUG=0, `make serve`)."""

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError

from journey.demo.authenticators import demo_code, demo_secret, give_demo_authenticators
from journey.demo.models import DemoCouncil
from journey.signin.selectors import authenticator


class Command(BaseCommand):
    help = "Show the current two-factor code of a demo account (demo council only)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if not DemoCouncil.objects.exists():
            raise CommandError(
                "This database does not hold the demo council: its accounts' codes come from "
                "their own authenticator apps."
            )
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account is named {username!r}.")
        give_demo_authenticators([user.pk])
        if authenticator(user).key != demo_secret(username):
            raise CommandError(
                f"{username} has set up an authenticator app of their own: use its code."
            )
        self.stdout.write(demo_code(username))
