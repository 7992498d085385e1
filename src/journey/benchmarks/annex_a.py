"""Measurements for make bench (registered with journey.benchmarks.measurement)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from django.utils import timezone

from journey.benchmarks.runner import Bench, Figures, measurement
from journey.reporting.annex_a.lists import Period
from journey.reporting.annex_a.workbook import write_workbook


@measurement("annex_a")
def annex_a(bench: Bench) -> Figures:
    """The whole Annex A workbook (lists 1 to 8) for the default period, the six months to
    today, written to a file. Budget: ≤ 60 s for the large council."""
    period = Period.last_six_months(timezone.localdate())
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "annex-a.xlsx"
        started = time.perf_counter()
        written = write_workbook(period, out)
        seconds = time.perf_counter() - started
        size = out.stat().st_size
    bench.details["annex_a"] = {
        "period": [period.start.isoformat(), period.end.isoformat()],
        "rows": {f"list_{number}": rows for number, rows in written.rows.items()},
        "bytes": size,
    }
    return {"annex_a_s": max(round(seconds, 3), 0.001)}
