"""Add a few deliberate CIN census data-quality problems to a demo council (never by default)."""

from __future__ import annotations

import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from journey.demo.census_problems import spoil_for_demo
from journey.reporting.census.collection import Collection, current_year


class Command(BaseCommand):
    help = "Spoil a few records so the CIN census data-quality page has something to show."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=5)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--year", type=int, default=None)

    def handle(self, *args, count: int, seed: int, year: int | None, **options):
        collection = Collection(year or current_year(timezone.localdate()))
        with transaction.atomic():
            done = spoil_for_demo(count, random.Random(seed), collection)
        for line in done:
            self.stdout.write(line)
