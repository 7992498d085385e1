"""`manage.py bench` (what `make bench` runs) on the tiny council: every figure, no timings."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from journey.benchmarks import runner as benchmarks
from tests.tiny_council import SEED

pytestmark = pytest.mark.django_db
FIGURES = {
    "chronology_p50_ms",
    "chronology_p95_ms",
    "chronology_queries",
    "chronology_raw_sql_p50_ms",
    "chronology_pdf_2000_s",
    "search_p50_ms",
    "search_p95_ms",
    "search_queries",
    "child_record_p95_ms",
    "my_work_p95_ms",
    "manager_queue_p95_ms",
    "team_view_p95_ms",
    "cin_census_check_s",
    "census_page_p95_ms",
    "monthly_snapshot_s",
    "dashboard_p95_ms",
    "dashboard_queries",
    "complaints_report_s",
    "complaints_p95_ms",
    "outcomes_p95_ms",
    "outcomes_queries",
    "peer_review_p95_ms",
    "peer_review_queries",
}


def bench(tmp_path, **options):
    output = tmp_path / "results.json"
    stdout = io.StringIO()
    call_command(
        "bench",
        size="tiny",
        seed=SEED,
        repeat=3,
        warmup=1,
        output=output,
        stdout=stdout,
        stderr=io.StringIO(),
        **options,
    )
    results = json.loads(output.read_text())
    assert json.loads(stdout.getvalue()) == results
    return results


def test_the_bench_reports_every_figure_for_the_tiny_council(tiny_council, tmp_path):
    results = bench(tmp_path)
    assert results["size"] == "tiny"
    assert results["database"] == connection.vendor
    figures = results["figures"]
    assert set(figures) >= FIGURES
    for name, value in figures.items():
        assert isinstance(value, int | float) and not isinstance(value, bool), name
        assert value > 0, name
        if name.endswith("_queries"):
            assert isinstance(value, int), name
    assert results["data"]["children"] >= 60
    assert results["data"]["chronology_entries"] > 2000
    assert results["details"]["chronology"]["entries"] >= 2000
    assert results["details"]["chronology_pdf"]["entries"] == 2000
    assert results["run"]["repeat"] == 3
    assert results["run"]["cores"] >= 1


def test_a_measurement_is_a_registered_function(tiny_council, tmp_path, monkeypatch):
    # The measurements register themselves on import: import them before the registry is
    # swapped for a copy, or the run below registers them in the copy, lost for later tests.
    benchmarks.load_measurements()
    monkeypatch.setattr(benchmarks, "MEASUREMENTS", dict(benchmarks.MEASUREMENTS))

    @benchmarks.measurement("children_count")
    def children_count(bench: benchmarks.Bench) -> benchmarks.Figures:
        times = bench.time_call(lambda: bench.reader_sample)
        return {"children_count_p50_ms": benchmarks.p50(times)}

    results = bench(tmp_path, only="children_count,chronology_raw_sql")
    assert set(results["figures"]) == {"children_count_p50_ms", "chronology_raw_sql_p50_ms"}


def test_a_database_holding_another_council_is_refused_clearly(tiny_council, tmp_path):
    with pytest.raises(CommandError, match="Cannot benchmark the small demo council"):
        call_command("bench", size="small", output=tmp_path / "r.json", stderr=io.StringIO())
    assert not (tmp_path / "r.json").exists()
