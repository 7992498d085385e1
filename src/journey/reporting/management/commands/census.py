"""`python manage.py census --year 2026 --out census.xml`: write the CIN census return for the
collection whose reference date is 31 March YEAR, validate it, print the data-quality summary."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from journey.reporting.census.collection import Collection, census_children, current_year
from journey.reporting.census.rules import Summary, child_breaches, context_for
from journey.reporting.census.validate import validate_file
from journey.reporting.census.xml import write_census


class Command(BaseCommand):
    help = "Write the Children in Need census return (DfE XML) and print its data quality."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None, help="Reference date 31 March YEAR")
        parser.add_argument("--out", default="census.xml")
        parser.add_argument("--no-validate", action="store_true", help="Skip the XSD check")

    def handle(self, *args, year: int | None, out: str, no_validate: bool, **options):
        collection = Collection(year or current_year(timezone.localdate()))
        summary = Summary()
        context = context_for(collection)
        started = time.perf_counter()

        def checked():
            for child in census_children(collection):
                summary.breaches.extend(child_breaches(child, context))
                yield child

        counts = write_census(out, collection, checked())
        summary.children, summary.episodes = counts.children, counts.episodes
        seconds = time.perf_counter() - started
        self._print_summary(collection, out, summary, seconds)
        if counts.children == 0:
            raise CommandError("No child is in this collection: the DfE schema needs at least one.")
        if not no_validate:
            result = validate_file(out, collection.year)
            if not result.valid:
                raise CommandError(f"{out} does not validate (line {result.line}): {result.error}")
            self.stdout.write(f"{out} validates against the CIN census schema.")

    def _print_summary(self, collection: Collection, out: str, summary: Summary, seconds: float):
        write = self.stdout.write
        write(f"CIN census {collection.label} (reference date {collection.reference_date})")
        write(f"Wrote {out}: {summary.children} children, {summary.episodes} CIN episodes")
        write(f"in {seconds:.1f} s.")
        problems = summary.children_with_problems
        write(f"Data quality: {problems} children would break {len(summary.breaches)} rules.")
        for number, message, n in summary.by_rule():
            write(f"  {number:>5}  {n:>6}  {message}")
