"""The main pages' measurements: chronology, search, the child record, My work, the tracker,
the measures page, the nightly drift scan, the monthly snapshot of the measures and the
leadership dashboard."""

from __future__ import annotations

import statistics
import time

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from journey.benchmarks.runner import Bench, BenchError, Figures, Page, measurement, p50, p95
from journey.chronology import printing, selectors
from journey.chronology.forms import ChronologyFilterForm
from journey.chronology.models import ChronologyEntry
from journey.chronology.views import PAGE_SIZE
from journey.core.working_days import add_months
from journey.improvement.services import snapshot_measures
from journey.people.models import Person
from journey.tracker.services import take_snapshot
from journey.workforce.models import Role, Worker


@measurement("chronology")
def chronology(bench: Bench) -> Figures:
    """The first page of the long-history child's chronology, newest first."""
    child, reader = bench.long_child, bench.reader
    newest = ChronologyEntry.objects.for_child(child.pk).order_by("-occurred_at", "-pk").first()
    url = reverse("child_chronology", args=[child.pk])
    pages = [Page(url, expect=escape(newest.title))]
    client = bench.client_for(reader)
    times = bench.time_pages(client, pages)
    bench.details["chronology"] = {
        "child": child.local_id,
        "entries": child.entry_count,
        "worker": reader.user.username,
    }
    return {
        "chronology_p50_ms": p50(times),
        "chronology_p95_ms": p95(times),
        "chronology_queries": bench.count_queries(client, pages),
    }


#: How many entries the chronology print measurement prints.
PRINTED_ENTRIES = 2000


@measurement("chronology_pdf")
def chronology_pdf(bench: Bench) -> Figures:
    """The newest 2,000 entries of the long-history child's chronology printed as the reader
    would print them: read as they may see them, laid out and written as a PDF (the median of
    three prints)."""
    child, reader = bench.long_child, bench.reader
    form = ChronologyFilterForm(None, **selectors.filter_choices(child, reader.user))
    seconds, pdf = [], b""
    for _ in range(3):
        started = time.perf_counter()
        printed = printing.chronology_print(child, reader.user, form, limit=PRINTED_ENTRIES)
        pdf = printing.chronology_pdf(printed)
        seconds.append(time.perf_counter() - started)
    if len(printed.entries) < PRINTED_ENTRIES:
        raise BenchError(f"The long-history child has {len(printed.entries)} entries to print.")
    bench.details["chronology_pdf"] = {
        "child": child.local_id,
        "entries": len(printed.entries),
        "pdf_bytes": len(pdf),
        "runs_s": [round(s, 3) for s in seconds],
    }
    return {"chronology_pdf_2000_s": round(statistics.median(seconds), 3)}


#: The floor for the chronology page: the same rows and columns, one hand-written query.
CHRONOLOGY_SQL = """
    SELECT id, occurred_at, kind, title, summary, is_significant, recorded_by_name,
           in_error, in_error_reason
      FROM chronology_chronologyentry
     WHERE child_id = %s
  ORDER BY occurred_at DESC, id DESC
     LIMIT %s
"""


@measurement("chronology_raw_sql")
def chronology_raw_sql(bench: Bench) -> Figures:
    child_id = bench.long_child.pk

    def fetch():
        with connection.cursor() as cursor:
            cursor.execute(CHRONOLOGY_SQL, [child_id, PAGE_SIZE])
            rows = cursor.fetchall()
        if len(rows) != min(PAGE_SIZE, bench.long_child.entry_count):
            raise BenchError(f"The raw chronology query returned {len(rows)} rows.")

    times = bench.time_call(fetch)
    return {"chronology_raw_sql_p50_ms": p50(times)}


@measurement("search")
def search(bench: Bench) -> Figures:
    """Child search as the reader: a common surname, part of a name, a date of birth, an ID."""
    surname = (
        Person.objects.children()
        .values("last_name")
        .annotate(n=Count("id"))
        .order_by("-n", "last_name")
        .first()["last_name"]
    )
    sample = bench.reader_sample
    partial, by_dob, by_id = (sample[i % len(sample)] for i in (1, 2, 3))
    url = reverse("search")
    dob = by_dob.date_of_birth
    pages = [
        Page(url, {"q": surname}, expect="found"),
        Page(
            url,
            {"q": f"{partial.first_name[:3]} {partial.last_name[:4]}"},
            expect=partial.local_id,
        ),
        Page(
            url,
            {"dob_0": str(dob.day), "dob_1": str(dob.month), "dob_2": str(dob.year)},
            expect=by_dob.local_id,
        ),
        Page(url, {"q": by_id.local_id}, expect=by_id.local_id),
    ]
    client = bench.client_for(bench.reader)
    times = bench.time_pages(client, pages)
    bench.details["search"] = {
        "worker": bench.reader.user.username,
        "mix": [
            {**page.params, "p50_ms": p50(times[i :: len(pages)])} for i, page in enumerate(pages)
        ],
    }
    return {
        "search_p50_ms": p50(times),
        "search_p95_ms": p95(times),
        "search_queries": bench.count_queries(client, pages),
    }


@measurement("child_record")
def child_record(bench: Bench) -> Figures:
    """The summary page of children on the reader's caseload (the long child among them)."""
    pages = [
        Page(reverse("child", args=[child.pk]), expect=child.local_id)
        for child in bench.reader_sample
    ]
    client = bench.client_for(bench.reader)
    times = bench.time_pages(client, pages)
    bench.details["child_record"] = {
        "worker": bench.reader.user.username,
        "children": len(pages),
        "p50_ms": p50(times),
        "queries": bench.count_queries(client, pages),
    }
    return {"child_record_p95_ms": p95(times)}


@measurement("my_work")
def my_work(bench: Bench) -> Figures:
    """The My work page (each child once, with what is next due) for the worker holding the
    most open work."""
    worker = bench.busiest_worker
    pages = [Page(reverse("my_work"), expect=worker.name)]
    client = bench.client_for(worker)
    times = bench.time_pages(client, pages)
    bench.details["my_work"] = {
        "worker": worker.user.username,
        "allocations": worker.allocation_count,
        "p50_ms": p50(times),
        "queries": bench.count_queries(client, pages),
    }
    return {"my_work_p95_ms": p95(times)}


def _managers_page(bench: Bench, name: str, page: Page) -> Figures:
    """One page as the manager of the biggest CAF team: its p95, and its p50 and queries."""
    manager = bench.tracker_manager
    client = bench.client_for(manager)
    times = bench.time_pages(client, [page])
    bench.details[name] = {
        "worker": manager.user.username,
        "p50_ms": p50(times),
        "queries": bench.count_queries(client, [page]),
    }
    return {f"{name}_p95_ms": p95(times)}


@measurement("manager_queue")
def manager_queue(bench: Bench) -> Figures:
    """The queue of the manager of the biggest CAF team: everything waiting for them, oldest
    first (decisions, step requests, visits and supervision due, drafts, summaries, audits)."""
    return _managers_page(
        bench, "manager_queue", Page(reverse("manager_queue"), expect="Waiting for you")
    )


@measurement("team_view")
def team_view(bench: Bench) -> Figures:
    """The team view (each open piece of work, its worker, supervision and next visit) of the
    biggest CAF team, as its manager."""
    team = bench.tracker_manager.team.name
    return _managers_page(bench, "team_view", Page(reverse("team"), expect=team))


@measurement("tracker")
def tracker(bench: Bench) -> Figures:
    """The CAF tracker of the team with the most open CAF work, as its manager: the default
    view (most drift flags first), sorted by child and by next TAF, filtered by a flag, page 2."""
    manager = bench.tracker_manager
    url = reverse("caf_tracker")
    pages = [
        Page(url, expect="open CAF case"),
        Page(url, {"sort": "child"}, expect="open CAF case"),
        Page(url, {"sort": "-next_taf"}, expect="open CAF case"),
        Page(url, {"flag": "action_overdue"}, expect="open CAF case"),
        Page(url, {"page": "2"}, expect="open CAF case"),
    ]
    client = bench.client_for(manager)
    times = bench.time_pages(client, pages)
    queries = bench.count_queries(client, pages)
    bench.details["tracker"] = {
        "worker": manager.user.username,
        "team": manager.team.name,
        "open_caf_episodes": manager.open_caf,
        "p50_ms": p50(times),
        "mix": [
            {**page.params, "p50_ms": p50(times[i :: len(pages)])} for i, page in enumerate(pages)
        ],
    }
    return {"tracker_p95_ms": p95(times), "tracker_queries": queries}


@measurement("measures")
def measures(bench: Bench) -> Figures:
    """The measures page as a head of service: all teams, the default 12 months. The timed views
    reuse the figures as the page does for a few minutes; `measures_counting_ms` is the median
    of three views that count them."""
    head = (
        Worker.objects.filter(role=Role.HEAD_OF_SERVICE, is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if head is None:
        raise BenchError("No active head of service: seed a demo council.")
    pages = [Page(reverse("measures"), {"months": "12", "team": "all"}, expect="All teams")]
    client = bench.client_for(head)
    counting = []
    for _ in range(3):  # the view that counts the figures: the first of a few minutes
        cache.clear()
        started = time.perf_counter()
        bench.get(client, pages[0])
        counting.append((time.perf_counter() - started) * 1000)
    cache.clear()
    counting_queries = bench.count_queries(client, pages)
    times = bench.time_pages(client, pages)
    bench.details["measures"] = {
        "worker": head.user.username,
        "p50_ms": p50(times),
        "queries": bench.count_queries(client, pages),
        "counting_queries": counting_queries,
    }
    return {
        "measures_p95_ms": p95(times),
        "measures_counting_ms": round(statistics.median(counting), 3),
    }


@measurement("drift_scan")
def drift_scan(bench: Bench) -> Figures:
    """The nightly snapshot's work for the whole council: every drift rule on every open CAF
    episode, and the day's flags written (rolled back, so the database is left as it was)."""
    started = time.perf_counter()
    with transaction.atomic():
        result = take_snapshot(timezone.localdate())
        transaction.set_rollback(True)
    seconds = time.perf_counter() - started
    bench.details["drift_scan"] = {"flags": result.flags}
    return {"drift_scan_s": max(round(seconds, 3), 0.001)}


@measurement("monthly_snapshot")
def monthly_snapshot(bench: Bench) -> Figures:
    """The monthly snapshot's work: every registered measure counted for last month, for the
    council, each team and each worker, and the plans' ratings (rolled back)."""
    today = timezone.localdate()
    last_month = add_months(today.replace(day=1), -1)
    started = time.perf_counter()
    with transaction.atomic():
        result = snapshot_measures([last_month], today)
        transaction.set_rollback(True)
    seconds = time.perf_counter() - started
    bench.details["monthly_snapshot"] = {"measures": result.measures, "figures": result.figures}
    return {"monthly_snapshot_s": max(round(seconds, 3), 0.001)}


@measurement("dashboard")
def dashboard(bench: Bench) -> Figures:
    """The leadership dashboard as the assistant director: the whole council, twelve months of
    stored figures and this month counted live. The timed views reuse this month's figures as
    the page does for a few minutes; the one view that counts them is in the details."""
    director = (
        Worker.objects.filter(role=Role.ASSISTANT_DIRECTOR, is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if director is None:
        raise BenchError("No active assistant director: seed a demo council.")
    pages = [Page(reverse("dashboard"), expect="Leadership dashboard")]
    client = bench.client_for(director)
    cache.clear()  # this month's figures counted afresh: the first view of a few minutes
    started = time.perf_counter()
    bench.get(client, pages[0])
    counting_ms = round((time.perf_counter() - started) * 1000, 3)
    times = bench.time_pages(client, pages)
    queries = bench.count_queries(client, pages)
    bench.details["dashboard"] = {
        "worker": director.user.username,
        "p50_ms": p50(times),
        "counting_this_month_ms": counting_ms,
    }
    return {"dashboard_p95_ms": p95(times), "dashboard_queries": queries}
