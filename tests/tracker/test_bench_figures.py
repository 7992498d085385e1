"""The tracker's figures in `make bench` (tracker_p95_ms, tracker_queries, drift_scan_s), on
the tiny council: present, positive, and the scan leaves the database as it was."""

import io
import json

import pytest
from django.core.management import call_command

from journey.tracker.models import DriftFlagSnapshot
from tests.tiny_council import SEED

pytestmark = pytest.mark.django_db


def test_the_bench_measures_the_tracker_and_the_drift_scan(tiny_council, tmp_path):
    seeded = sorted(DriftFlagSnapshot.objects.values_list("pk", "taken_on", "rule"))
    output = tmp_path / "results.json"
    call_command(
        "bench",
        size="tiny",
        seed=SEED,
        repeat=3,
        warmup=1,
        only="tracker,drift_scan",
        output=output,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    results = json.loads(output.read_text())
    figures = results["figures"]
    assert set(figures) == {"tracker_p95_ms", "tracker_queries", "drift_scan_s"}
    assert figures["tracker_p95_ms"] > 0 and figures["drift_scan_s"] > 0
    assert isinstance(figures["tracker_queries"], int) and figures["tracker_queries"] > 0
    assert results["details"]["tracker"]["open_caf_episodes"] > 0
    assert results["details"]["drift_scan"]["flags"] > 0
    # The measured scan is rolled back: only the demo's own snapshots remain.
    assert sorted(DriftFlagSnapshot.objects.values_list("pk", "taken_on", "rule")) == seeded
