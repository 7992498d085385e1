"""Server-side measurements for `make bench` (DESIGN §4; how to run them: bench/README.md).

Each measurement is a function registered under a name with `@measurement`. It gets the shared
`Bench` (signed-in clients, the subjects picked from the data, timing helpers) and returns its
named figures. Adding a figure is one more function, for example::

    @measurement("tracker")
    def tracker(bench: Bench) -> Figures:
        times = bench.time_pages(bench.client_for(bench.reader), [Page(reverse("tracker"))])
        return {"tracker_p95_ms": p95(times)}

Pages are requested through the Django test client in this process, so the figures are server
time (URL routing, middleware, views, queries, templates), not network or browser time.
"""

from __future__ import annotations

import os
import platform
import random
import sqlite3
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import django
from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from journey.access.rules import can_view_child, may_see_social_care, visible_children
from journey.cases.models import Episode, EpisodeKind
from journey.chronology.models import ChronologyEntry
from journey.demo.models import DemoCouncil
from journey.people.models import Person
from journey.workforce.models import CASE_HOLDING_ROLES, Allocation, Role, Worker

Figures = dict[str, float | int]
Measurement = Callable[["Bench"], Figures]

#: Every measurement, by name, in the order they run (and their figures appear).
MEASUREMENTS: dict[str, Measurement] = {}

#: How many children the child record and search measurements draw from the reader's caseload.
SAMPLE_SIZE = 20


class BenchError(Exception):
    """The data cannot be measured as asked (no long-history child, no worker who may see it…)."""


def measurement(name: str) -> Callable[[Measurement], Measurement]:
    def register(function: Measurement) -> Measurement:
        MEASUREMENTS[name] = function
        return function

    return register


def percentile(samples: list[float], pct: int) -> float:
    """The pct-th percentile (inclusive method, interpolated), rounded to the microsecond."""
    if len(samples) == 1:
        return round(samples[0], 3)
    return round(statistics.quantiles(samples, n=100, method="inclusive")[pct - 1], 3)


def p50(samples: list[float]) -> float:
    return percentile(samples, 50)


def p95(samples: list[float]) -> float:
    return percentile(samples, 95)


@dataclass(frozen=True)
class Page:
    """One GET request, and a piece of text the response must contain to count as a real page."""

    url: str
    params: dict[str, str] = field(default_factory=dict)
    expect: str = ""

    def __str__(self) -> str:
        query = "&".join(f"{k}={v}" for k, v in self.params.items())
        return f"{self.url}?{query}" if query else self.url


@dataclass
class Bench:
    """The shared state of one benchmark run: subjects from the data and timing helpers."""

    repeat: int = 50
    warmup: int = 5
    log: Callable[[str], None] = lambda _: None
    details: dict[str, dict] = field(default_factory=dict)
    _clients: dict[int, Client] = field(default_factory=dict)

    # --- subjects, picked from the data (once, when a measurement first needs them) ----------

    @cached_property
    def long_child(self) -> Person:
        """The child with the most chronology entries: the worst case for the chronology page."""
        row = (
            ChronologyEntry.objects.values("child_id")
            .annotate(n=Count("id"))
            .order_by("-n", "child_id")
            .first()
        )
        if row is None:
            raise BenchError("The database holds no chronology entries: seed a demo council.")
        child = Person.objects.get(pk=row["child_id"])
        child.entry_count = row["n"]
        return child

    @cached_property
    def reader(self) -> Worker:
        """A council worker who may see the long-history child, found through the child's work.

        The allocated worker on one of the child's open episodes if there is one, else a case
        holder in a team that held the child's work, else that team's manager.
        """
        child = self.long_child
        allocated = (
            Worker.objects.filter(
                allocations__episode__child=child,
                allocations__ended_on__isnull=True,
                allocations__episode__ended_on__isnull=True,
                allocations__kind=Allocation.Kind.WORKER,
            )
            .order_by("-allocations__started_on", "pk")
            .select_related("user")
        )
        in_team = (
            Worker.objects.filter(team__episodes__child=child, role__in=CASE_HOLDING_ROLES)
            .order_by("team__episodes__ended_on", "-team__episodes__started_on", "role", "pk")
            .select_related("user")
        )
        for worker in [*allocated[:5], *in_team[:20]]:
            if (
                worker.is_active
                and may_see_social_care(worker.user)
                and can_view_child(worker.user, child).allowed
            ):
                return worker
        raise BenchError(f"No council worker may see {child.local_id}, the long-history child.")

    @cached_property
    def reader_sample(self) -> list[Person]:
        """Up to SAMPLE_SIZE children the reader may see (the long child first), same every run."""
        ids = sorted(visible_children(self.reader.user).values_list("pk", flat=True))
        others = [pk for pk in ids if pk != self.long_child.pk]
        chosen = random.Random(2014).sample(others, min(len(others), SAMPLE_SIZE - 1))
        children = Person.objects.in_bulk(chosen)
        return [self.long_child, *(children[pk] for pk in chosen)]

    @cached_property
    def busiest_worker(self) -> Worker:
        """The worker with the most current allocations on open episodes."""
        row = (
            Allocation.objects.current()
            .filter(episode__ended_on__isnull=True)
            .values("worker_id")
            .annotate(n=Count("id"))
            .order_by("-n", "worker_id")
            .first()
        )
        if row is None:
            raise BenchError("No worker holds any open work: seed a demo council.")
        worker = Worker.objects.select_related("user").get(pk=row["worker_id"])
        worker.allocation_count = row["n"]
        return worker

    @cached_property
    def tracker_manager(self) -> Worker:
        """The manager of the team holding the most open CAF work: the biggest team tracker."""
        row = (
            Episode.objects.filter(kind=EpisodeKind.EARLY_HELP_CAF, ended_on__isnull=True)
            .values("team_id")
            .annotate(n=Count("id"))
            .order_by("-n", "team_id")
            .first()
        )
        manager = (
            Worker.objects.filter(team_id=row["team_id"], role=Role.TEAM_MANAGER, is_active=True)
            .select_related("user", "team")
            .order_by("pk")
            .first()
            if row
            else None
        )
        if manager is None:
            raise BenchError("No team manager holds open CAF work: seed a demo council.")
        manager.open_caf = row["n"]
        return manager

    # --- requests ------------------------------------------------------------------------

    def client_for(self, worker: Worker) -> Client:
        """A test client signed in as the worker: one session per worker for the whole run, or a
        new one if its session has gone (signed in inside a measurement that was rolled back)."""
        client = self._clients.get(worker.pk)
        if client is None or not client.session.exists(client.session.session_key):
            client = Client()
            client.force_login(worker.user)
            self._clients[worker.pk] = client
        return client

    def get(self, client: Client, page: Page):
        response = client.get(page.url, page.params, secure=True)
        if response.status_code != 200:
            raise BenchError(f"GET {page} answered {response.status_code}, not 200.")
        return response

    def time_pages(self, client: Client, pages: list[Page]) -> list[float]:
        """Milliseconds for `repeat` requests (at least one per page), cycling through the pages.

        Request i is of page i % len(pages), so times[k::len(pages)] are page k's times.

        Each page is requested (and its expected text checked) once before timing starts, and
        then `warmup` more requests are made, so caches and connections are warm.
        """
        for page in pages:
            response = self.get(client, page)
            if page.expect and page.expect not in response.content.decode():
                raise BenchError(f"GET {page} did not show {page.expect!r}.")
        for i in range(self.warmup):
            self.get(client, pages[i % len(pages)])
        times = []
        for i in range(max(self.repeat, len(pages))):
            page = pages[i % len(pages)]
            started = time.perf_counter()
            self.get(client, page)
            times.append((time.perf_counter() - started) * 1000)
        return times

    def count_queries(self, client: Client, pages: list[Page]) -> int:
        """The most SQL queries any one of the pages makes (each requested once, warm)."""
        most = 0
        for page in pages:
            with CaptureQueriesContext(connection) as queries:
                self.get(client, page)
            most = max(most, len(queries))
        return most

    def time_call(self, call: Callable[[], object]) -> list[float]:
        for _ in range(self.warmup):
            call()
        times = []
        for _ in range(self.repeat):
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
        return times


def load_measurements() -> None:
    """Each module of measurements registers its own when imported."""
    from journey.benchmarks import (  # noqa: F401
        annex_a,
        census,
        complaints,
        outcomes,
        pages,
        peer_review,
    )


# --- a run ---------------------------------------------------------------------------------


def run(
    size: str,
    *,
    repeat: int = 50,
    warmup: int = 5,
    only: list[str] | None = None,
    log: Callable[[str], None] = lambda _: None,
) -> dict:
    """Run the measurements (all, or those named in `only`) and return the results document."""
    load_measurements()
    unknown = set(only or []) - set(MEASUREMENTS)
    if unknown:
        raise BenchError(f"Unknown measurements: {', '.join(sorted(unknown))}.")
    if repeat < 1:
        raise BenchError("Repeat each measurement at least once.")
    started = time.perf_counter()
    load_before = _load_average()
    bench = Bench(repeat=repeat, warmup=warmup, log=log)
    figures: Figures = {}
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    # The pages are timed for a signed-in, verified user: the second step is not what is measured.
    with override_settings(ALLOWED_HOSTS=hosts, JOURNEY_TWO_FACTOR_REQUIRED=False):
        for name, function in MEASUREMENTS.items():
            if only and name not in only:
                continue
            step = time.perf_counter()
            measured = function(bench)
            figures.update(measured)
            shown = ", ".join(f"{k} {v}" for k, v in measured.items())
            log(f"  {name}: {shown} ({time.perf_counter() - step:.1f} s)")
    council = DemoCouncil.objects.first()
    return {
        "size": size,
        "database": connection.vendor,
        "figures": figures,
        "data": {
            "children": Person.objects.children().count(),
            "chronology_entries": ChronologyEntry.objects.count(),
            "workers": Worker.objects.count(),
            "demo_council": (
                {"size": council.size, "seed": council.seed, "as_of": council.as_of.isoformat()}
                if council
                else None
            ),
        },
        "run": {
            "date": timezone.now().isoformat(timespec="seconds"),
            **_git(),
            "cores": os.cpu_count(),
            "load_average_before": load_before,
            "load_average_after": _load_average(),
            "python": platform.python_version(),
            "django": django.get_version(),
            "database_version": _database_version(),
            "debug": settings.DEBUG,
            "repeat": repeat,
            "warmup": warmup,
            "seconds": round(time.perf_counter() - started, 1),
        },
        "details": bench.details,
    }


def _git() -> dict:
    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", *args],
                cwd=settings.REPO_DIR,
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    commit = git("rev-parse", "--short", "HEAD")
    changes = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": commit, "uncommitted_changes": bool(changes) if commit else None}


def _load_average() -> list[float] | None:
    try:
        return [round(load, 2) for load in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def _database_version() -> str:
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        version = connection.pg_version
        return f"{version // 10000}.{version % 10000}"
    if connection.vendor == "sqlite":
        return sqlite3.sqlite_version
    return ""
