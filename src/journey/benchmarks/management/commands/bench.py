"""`python manage.py bench --size S`: migrate, seed (or reuse) the demo council, measure.

`make bench` runs it with DEBUG off against bench/bench-S.sqlite3 or DATABASE_URL; the
measurements themselves are in journey/benchmarks/ and what they mean is in bench/README.md.
"""

import json
import sys
import warnings
from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError, call_command

from journey.benchmarks import runner as benchmarks
from journey.demo.generator import SIZES


class Command(BaseCommand):
    help = "Seed (or reuse) a demo council of the given size and measure the main pages."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), default="small")
        parser.add_argument("--seed", type=int, default=2014, help="The demo council's seed.")
        parser.add_argument("--repeat", type=int, default=50, help="Timed requests per figure.")
        parser.add_argument("--warmup", type=int, default=5, help="Untimed requests first.")
        parser.add_argument(
            "--only",
            default="",
            help="Comma-separated measurements to run (default all: "
            + ", ".join(benchmarks.MEASUREMENTS)
            + ")",
        )
        parser.add_argument(
            "--output",
            type=Path,
            default=settings.REPO_DIR / "bench" / "results.json",
            help="Where to write the results (default bench/results.json).",
        )

    def handle(self, *args, size, seed, repeat, warmup, only, output, **options):
        say = self.stderr.write  # progress on stderr; the results alone on stdout
        if settings.DEBUG:
            say("DEBUG is on: the figures include Django's query log (`make bench` turns it off).")
        say("Migrating the database…")
        call_command("migrate", interactive=False, verbosity=0)
        say(f"Seeding the {size} demo council (or reusing it)…")
        try:
            call_command("seed", size=size, seed=seed, stdout=sys.stderr)
        except CommandError as error:
            raise CommandError(
                f"Cannot benchmark the {size} demo council on this database: {error} "
                "The benchmark needs a database holding only that council (or an empty one): "
                "unset DATABASE_URL to use bench/bench-<size>.sqlite3, or point it elsewhere."
            ) from error
        # WhiteNoise warns that collectstatic has not run; the pages are measured without assets.
        warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
        say(f"Measuring ({repeat} timed requests each after {warmup} to warm up)…")
        try:
            results = benchmarks.run(
                size,
                repeat=repeat,
                warmup=warmup,
                only=[name.strip() for name in only.split(",") if name.strip()],
                log=say,
            )
        except benchmarks.BenchError as error:
            raise CommandError(str(error)) from error
        text = json.dumps(results, indent=2) + "\n"
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text)
        say(f"Written to {output}")
        self.stdout.write(text, ending="")
