"""Measurements for make bench (registered with journey.benchmarks.measurement).

`cin_census_check`: the census data-quality check of the whole council and the page that reads
it (`cin_census_check_s`, `census_page_p95_ms`).

`cin_census`: the CIN census return of the whole council written to a temporary file, timed,
with its peak memory. The peak is that of a separate process running `manage.py census` (its
own high-water mark, VmHWM, on Linux), so it is the export's own footprint, not the bench
process's. When the bench runs on a database a child process cannot open (the test suite's
database), the export runs in this process and the peak is this process's maximum RSS, an upper
bound (`details.cin_census.in_process`).
"""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import environ
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from journey.benchmarks.runner import Bench, BenchError, Figures, Page, measurement, p50, p95
from journey.demo.census_problems import spoil_for_demo
from journey.reporting.census.checks import PAGE_SIZE, check_census
from journey.reporting.census.collection import Collection, current_year
from journey.reporting.census.xml import write_census
from journey.workforce.models import Role, Worker


def _child_process_can_open_the_database() -> bool:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return False
    return environ.Env.db_url_config(url)["NAME"] == connection.settings_dict["NAME"]


#: Runs manage.py (the arguments after the first) and then writes the process's own peak
#: resident memory (VmHWM, kB) to the file named first. The peak os.wait4 reports would not do:
#: a child started by vfork and exec keeps its parent's high-water mark, so it would be the
#: bench process's size, not the export's.
_REPORT_PEAK = """
import runpy, sys
peak_file, sys.argv = sys.argv[1], sys.argv[2:]
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
finally:
    with open("/proc/self/status") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM"))
    with open(peak_file, "w") as out:
        out.write(peak)
"""


def _in_subprocess(collection: Collection, out: Path) -> tuple[float, float]:
    peak_file = out.with_suffix(".peak")
    command = [sys.executable, "-c", _REPORT_PEAK, str(peak_file)]
    command += [str(Path(settings.REPO_DIR) / "manage.py"), "census"]
    command += ["--year", str(collection.year), "--out", str(out), "--no-validate"]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _pid, _status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if peak_file.exists():  # Linux: the export's own peak
        return seconds, int(peak_file.read_text()) / 1024
    return seconds, usage.ru_maxrss / 1024  # elsewhere: at most the bench process's size


def _in_process(collection: Collection, out: Path) -> tuple[float, float]:
    started = time.perf_counter()
    write_census(out, collection)
    seconds = time.perf_counter() - started
    return seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@measurement("cin_census")
def cin_census(bench: Bench) -> Figures:
    collection = Collection(current_year(timezone.localdate()))
    separate = _child_process_can_open_the_database()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "census.xml"
        run = _in_subprocess if separate else _in_process
        seconds, peak_mb = run(collection, out)
        size = out.stat().st_size if out.exists() else 0
    bench.details["cin_census"] = {
        "year": collection.year,
        "bytes": size,
        "in_process": not separate,
    }
    return {"cin_census_s": max(round(seconds, 3), 0.001), "cin_census_peak_mb": round(peak_mb, 1)}


@measurement("cin_census_check")
def cin_census_check(bench: Bench) -> Figures:
    """The data-quality check an assistant director runs from the census page (every rule on every
    child, the breaches stored), then the page itself reading the stored check a page at a time.
    500 records are spoiled first so the page has problems to list; all of it is rolled back."""
    collection = Collection(current_year(timezone.localdate()))
    head = (
        Worker.objects.filter(role=Role.ASSISTANT_DIRECTOR, is_active=True).order_by("pk").first()
    )
    if head is None:
        raise BenchError("No active assistant director: seed a demo council.")
    with transaction.atomic():
        spoil_for_demo(500, random.Random(1), collection)
        started = time.perf_counter()
        check = check_census(collection, checked_by=head.user)
        seconds = time.perf_counter() - started
        second = check.errors + check.queries > PAGE_SIZE  # a small council has one page
        params = {"year": str(collection.year), "page": "2" if second else "1"}
        pages = [Page(reverse("census"), params, "Page 2 of" if second else "Data quality")]
        client = bench.client_for(head)
        times = bench.time_pages(client, pages)
        bench.details["cin_census_check"] = {
            "children": check.children,
            "breaches": check.errors + check.queries,
            "page_p50_ms": p50(times),
            "page_queries": bench.count_queries(client, pages),
        }
        transaction.set_rollback(True)
    return {"cin_census_check_s": max(round(seconds, 3), 0.001), "census_page_p95_ms": p95(times)}
