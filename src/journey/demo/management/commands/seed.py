"""`python manage.py seed --size small|large|national [--seed N] [--census-problems N]`: the
synthetic demo council; its CIN census return is clean unless --census-problems spoils a few
records on purpose, to show the data-quality page."""

import datetime as dt
import random
import time

from django.core.management import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from journey.demo.family_help import FAMILY_HELP_SIGN_INS
from journey.demo.generator import DEMO_PASSWORD, DEMO_USERS, SIZES, generate
from journey.demo.models import DemoCouncil
from journey.people.models import Person
from journey.workforce.models import Worker


class Command(BaseCommand):
    help = "Create the deterministic synthetic demo council (does nothing if already loaded)."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), default="small")
        parser.add_argument("--seed", type=int, default=2014)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only into an empty database; otherwise leave it as it is (for `make run`).",
        )
        parser.add_argument(
            "--as-of",
            type=dt.date.fromisoformat,
            default=None,
            help="The demo council's 'today' (default: today). Same seed and date, same data.",
        )
        parser.add_argument(
            "--census-problems",
            type=int,
            default=0,
            help="Spoil this many records of the census year under way on purpose (default 0).",
        )

    def handle(self, *args, size, seed, as_of, if_empty, census_problems, **options):
        existing = DemoCouncil.objects.first()
        if existing or (if_empty and Worker.objects.exists()):
            if if_empty or (existing.size == size and existing.seed == seed):
                self.stdout.write(
                    f"{existing or 'Existing data'} is already loaded: nothing to do."
                )
                self.stdout.write(demo_sign_ins())
                return
            raise CommandError(
                f"This database already holds the {existing}. "
                "Use a fresh database for another size."
            )
        if Person.objects.exists() or Worker.objects.exists():
            raise CommandError(
                "This database already holds people or workers that are not the demo council: "
                "refusing to add demo data to it. Point DATABASE_URL at an empty database."
            )
        as_of = as_of or timezone.localdate()
        started = time.perf_counter()
        self.stdout.write(f"Creating the {size} demo council (seed {seed}, as of {as_of})…")
        with transaction.atomic():
            result = generate(size, seed, as_of, log=self.stdout.write)
            _analyze_journey_tables()
            # Reviewer visits and observations need the demo users and work, so they come last.
            from journey.demo.practice import seed_practice
            from journey.demo.quality import seed_observations
            from journey.demo.reviewers import seed_reviewer_visit

            self.stdout.write("Reviewer visits")
            seed_reviewer_visit(as_of=as_of, rng=random.Random(seed + 4))
            self.stdout.write("Practice observations")
            seed_observations(as_of=as_of, rng=random.Random(seed + 5))
            self.stdout.write("Reflective summaries and professional networks")
            seed_practice(as_of=as_of, rng=random.Random(seed + 7))
            from journey.demo.family_network import seed_family_networks

            self.stdout.write("Family networks")
            seed_family_networks(as_of=as_of, rng=random.Random(seed + 8))
            from journey.demo.identifiers import seed_identifiers
            from journey.demo.partners import seed_partner_services

            self.stdout.write("NHS numbers checked, and possible duplicates")
            seed_identifiers(as_of=as_of, rng=random.Random(seed + 8))
            self.stdout.write("Referrals to partner services")
            seed_partner_services(as_of=as_of, rng=random.Random(seed + 9))
            from journey.demo.family_group import seed_family_group

            self.stdout.write("Children in pre-proceedings: family group decision-making")
            seed_family_group(as_of=as_of, rng=random.Random(seed + 10))
            from journey.demo.caseloads import seed_caseloads

            self.stdout.write("Caseloads: a specialist worker over their limit")
            seed_caseloads(as_of=as_of, rng=random.Random(seed + 11))
            from journey.demo.complaints import seed_complaints

            self.stdout.write("Two years of complaints, compliments and comments")
            seed_complaints(as_of=as_of, rng=random.Random(seed + 13))
            from journey.demo.views_links import seed_views_links

            self.stdout.write("A year of secure links for children's and parents' views")
            seed_views_links(as_of=as_of, rng=random.Random(seed + 14))
            from journey.demo.voice import seed_participation

            self.stdout.write("A year of participation on Hart's ladder, and you said, we did")
            seed_participation(as_of=as_of, rng=random.Random(seed + 15))
            from journey.demo.outcomes import seed_outcomes

            self.stdout.write("Two years of outcome measures: the family wheel, start to closure")
            seed_outcomes(as_of=as_of, rng=random.Random(seed + 16))
            self._drift_snapshots(as_of)
            from journey.demo.authenticators import give_demo_authenticators

            self.stdout.write("Authenticator apps with the demo secrets, for two-factor sign-in")
            give_demo_authenticators()
            self._improvement(as_of, random.Random(seed + 12), random.Random(seed + 17))
            if census_problems:
                self._spoil(census_problems, as_of, random.Random(seed + 6))
            # Again, for the tables the later steps filled (outcomes, figures, observations):
            # the council is queried before autovacuum has caught up with a load this size.
            _analyze_journey_tables()
        seconds = time.perf_counter() - started
        DemoCouncil.objects.create(size=size, seed=seed, as_of=as_of, seconds=seconds)
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {seconds:.1f} s: {Person.objects.children().count():,} children, "
                f"{result['entries']:,} chronology entries."
            )
        )
        self.stdout.write(demo_sign_ins())

    def _drift_snapshots(self, as_of: dt.date) -> None:
        """The nightly drift scan for the demo's day and the end of last month, so the CAF
        tracker shows this month against last from the start."""
        from journey.tracker.services import take_snapshot

        last_month_end = as_of.replace(day=1) - dt.timedelta(days=1)
        for day in (last_month_end, as_of):
            result = take_snapshot(day)
            self.stdout.write(f"Drift snapshot for {day:%-d %B %Y}: {result.flags} flags")

    def _improvement(self, as_of: dt.date, rng: random.Random, peer_rng: random.Random) -> None:
        """The peer challenge reviews, the improvement plan their letter became, then a year of
        monthly figures counted from the records, then the reports to scrutiny that read them."""
        from journey.demo.improvement import seed_figures, seed_improvement, seed_reports
        from journey.demo.peer_review import seed_peer_reviews

        self.stdout.write("Peer challenge: a review completed, with its letter, and one planned")
        made = seed_peer_reviews(as_of=as_of, rng=peer_rng)
        self.stdout.write("An improvement plan from the peer challenge review's letter")
        plan = seed_improvement(as_of=as_of, rng=rng, plan=made)
        started = time.perf_counter()
        figures = seed_figures(as_of=as_of)
        self.stdout.write(
            f"A year of monthly figures: {figures:,} ({time.perf_counter() - started:.1f} s)"
        )
        if plan is not None:
            reports = seed_reports(plan, as_of=as_of)
            self.stdout.write(f"Reports to scrutiny issued: {len(reports)}")

    def _spoil(self, count: int, as_of: dt.date, rng: random.Random) -> None:
        from journey.demo.census_problems import spoil_for_demo
        from journey.reporting.census.collection import Collection, current_year

        self.stdout.write(f"Census data-quality problems, on purpose ({count})")
        for line in spoil_for_demo(count, rng, Collection(current_year(as_of))):
            self.stdout.write(f"  {line}")


def _analyze_journey_tables() -> None:
    """The planner's statistics, taken inside the seed's transaction, which sees its own rows:
    without them every later step plans for empty tables (nested loops over millions of rows at
    national size). Only Journey's own tables: a bare ANALYZE also locks the cluster's shared
    catalogues until the seed commits, which holds up every other database's ANALYZE."""
    statement = "ANALYZE"  # SQLite analyses one table or all; it has no shared catalogue
    if connection.vendor == "postgresql":
        tables = sorted(connection.introspection.django_table_names(only_existing=True))
        statement += " " + ", ".join(connection.ops.quote_name(name) for name in tables)
    with connection.cursor() as cursor:
        cursor.execute(statement)


def demo_sign_ins() -> str:
    lines = [f"  {username:<24} {role.label}" for username, _, _, role in DEMO_USERS]
    lines.append(f"  {'reviewer':<24} Peer reviewer (read-only, a sample of cases for 14 days)")
    lines += [f"  {username:<24} {what}" for username, what in FAMILY_HELP_SIGN_INS]
    return "\n".join(
        [
            "Demo sign-ins (password for all: " + DEMO_PASSWORD + "):",
            *lines,
            "With two-factor sign-in on (DEBUG=0), `manage.py demo_code USERNAME` shows the code "
            "the account's authenticator app would show now.",
        ]
    )
