"""`python manage.py census --year 2026 --out census.xml`: write the CIN census return for the
collection whose reference date is 31 March YEAR, validate it, print the data-quality summary.

The check made while writing is stored like one made from the census page, so the page then
lists the same children."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from journey.reporting.census.checks import CheckRecorder, counts_by_rule, return_rules_of
from journey.reporting.census.collection import Collection, census_children, current_year
from journey.reporting.census.validate import validate_file
from journey.reporting.census.xml import write_census
from journey.reporting.models import CensusCheck

CHECKED_BY = "the census command"


class Command(BaseCommand):
    help = "Write the Children in Need census return (DfE XML) and print its data quality."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None, help="Reference date 31 March YEAR")
        parser.add_argument("--out", default="census.xml")
        parser.add_argument("--no-validate", action="store_true", help="Skip the XSD check")

    def handle(self, *args, year: int | None, out: str, no_validate: bool, **options):
        collection = Collection(year or current_year(timezone.localdate()))
        started = time.perf_counter()
        with transaction.atomic():
            recorder = CheckRecorder(collection, checked_by=None, name=CHECKED_BY)
            write_census(out, collection, recorder.watch(census_children(collection)))
            check = recorder.finish()
        seconds = time.perf_counter() - started
        self._print_summary(collection, out, check, seconds)
        if check.children == 0:
            raise CommandError("No child is in this collection: the DfE schema needs at least one.")
        if not no_validate:
            result = validate_file(out, collection.year)
            if not result.valid:
                raise CommandError(f"{out} does not validate (line {result.line}): {result.error}")
            self.stdout.write(f"{out} validates against the CIN census schema.")

    def _print_summary(self, collection: Collection, out: str, check: CensusCheck, seconds: float):
        write = self.stdout.write
        write(f"CIN census {collection.label} (reference date {collection.reference_date})")
        write(f"Wrote {out}: {check.children} children, {check.episodes} CIN episodes")
        write(f"in {seconds:.1f} s.")
        write(
            f"Data quality: {check.children_with_problems} children; {check.errors} errors "
            f"and {check.queries} queries."
        )
        for rule in return_rules_of(check):
            write(f"  {rule.number:>6}  {rule.kind:<5}  whole return  {rule.message}")
        for count in counts_by_rule(check):
            kind = "Query" if count.is_query else "Error"
            write(f"  {count.number:>6}  {kind:<5}  {count.breaches:>6}  {count.message}")
