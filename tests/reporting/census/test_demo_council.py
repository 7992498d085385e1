"""The tiny demo council's CIN census return is schema-valid, reads back as written and breaks
no census rule; the demo problems option spoils a few records, and the page lists them."""

import io
import random

import pytest
from django.core.management import call_command

from journey.demo.census_problems import spoil_for_demo
from journey.reporting.census import rules
from journey.reporting.census.collection import Collection, census_children
from journey.reporting.census.reader import read_census
from journey.reporting.census.validate import validate_file
from journey.reporting.census.xml import write_census
from tests.tiny_council import AS_OF

pytestmark = pytest.mark.django_db


def test_the_demo_council_return_is_valid_clean_and_reads_back(tiny_council, tmp_path):
    for year in (2026, 2027):  # the year to March 2026 (Sex) and the one under way
        collection = Collection(year)
        out = tmp_path / f"census-{year}.xml"
        counts = write_census(out, collection)
        assert counts.children > 0
        assert validate_file(out, year).valid, validate_file(out, year)
        assert list(read_census(out)) == list(census_children(collection))
        summary = rules.check(collection)
        assert not summary.breaches, summary.by_rule()  # the demo council's return is clean
        # Ten children cannot show the range of disabilities the LA-level queries look for
        # (2887Q, 2888Q); the small council can, and its return is clean of those too.
        assert not [r for r in summary.return_breaches if not r.query], summary.by_rule()
    collection = Collection(2026)
    spoiled = spoil_for_demo(5, random.Random(1), collection)
    assert len(spoiled) == 5
    summary = rules.check(collection)
    spoiled_rules = {b.rule.number for b in summary.breaches}
    assert spoiled_rules == {"8866", "8610", "1510", "8897Q", "4220"} & spoiled_rules
    assert len(spoiled_rules) >= 3, summary.by_rule()


def test_the_seed_option_spoils_a_few_records_on_purpose():
    call_command(
        "seed",
        size="tiny",
        seed=7,
        as_of=AS_OF,
        census_problems=3,
        verbosity=0,
        stdout=io.StringIO(),
    )
    summary = rules.check(Collection(2027))
    assert len({b.child.la_child_id for b in summary.breaches}) == 3, summary.by_rule()
