"""`python manage.py load` (`make load`): a bounded load test of Journey as a council runs it.

On a PostgreSQL database holding the demo council, it starts `manage.py serve` on a free port of
the loopback address, runs locust's simulated users against it for a fixed time (they sign in
with two-factor codes from the demo authenticators and work as their roles do: see
`benchmarks/load/locustfile.py`), stops the server, then looks in the database for every write
they made and its chronology entry. It prints the p95 of each page, the throughput and the
errors, and writes them to bench/load-results.json (or --output).
"""

from __future__ import annotations

import json
import os
import platform
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from journey.benchmarks.load import plan, report
from journey.demo.models import DemoCouncil

LOCUSTFILE = Path(plan.__file__).with_name("locustfile.py")
REPO = Path(settings.REPO_DIR)


class Command(BaseCommand):
    help = "Load-test Journey under make serve on the loopback address, then find every write."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=100, help="Simulated users (100)")
        parser.add_argument(
            "--minutes", type=float, default=5, help="How long the load runs, in minutes (5)"
        )
        parser.add_argument(
            "--spawn-rate",
            type=float,
            default=1,
            help="Users signing in each second as the load starts (1: a password check costs "
            "about a second of a core)",
        )
        parser.add_argument(
            "--pause",
            default="5-15",
            help="Seconds each user reads a page before the next, least-most (5-15: a user "
            "many times busier than a person at work)",
        )
        parser.add_argument("--output", type=Path, default=REPO / "bench" / "load-results.json")

    def handle(self, *args, users, minutes, spawn_rate, pause, output, **options):
        council = self._demo_council()
        run = timezone.now().strftime("%Y%m%dT%H%M%S")
        with tempfile.TemporaryDirectory(prefix="journey-load-") as folder:
            work = Path(folder)
            try:
                chosen = plan.choose_users(users)
            except plan.NotEnoughUsers as error:
                raise CommandError(str(error)) from error
            (work / "plan.json").write_text(json.dumps({"run": run, "users": chosen}))
            (work / "writes.jsonl").touch()
            port = _free_port()
            self.stdout.write(f"Serving Journey on 127.0.0.1:{port} (make serve)…")
            server = self._serve(port, work)
            try:
                started = time.perf_counter()
                self._locust(port, users, minutes, spawn_rate, pause, work)
                seconds = time.perf_counter() - started
            finally:
                _stop(server)
            results = self._results(run, council, users, minutes, pause, seconds, work)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(results, indent=2) + "\n")
        self.stdout.write(summary(results))
        self.stdout.write(f"Written to {output}")
        writes = results["writes"]
        if writes["missing"]:
            raise CommandError(f"{len(writes['missing'])} writes were not found afterwards.")

    def _demo_council(self) -> DemoCouncil:
        if connection.vendor != "postgresql":
            raise CommandError(
                "The load test runs against make serve, which needs PostgreSQL: set "
                "DATABASE_URL=postgres:///… (a database holding a demo council)."
            )
        council = DemoCouncil.objects.first()
        if council is None:
            raise CommandError(
                "This database does not hold the demo council: the load test signs in as the "
                "demo accounts and writes to their cases. Seed one (make seed SIZE=large)."
            )
        return council

    def _serve(self, port: int, work: Path) -> subprocess.Popen:
        env = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        log = (work / "serve.log").open("w")
        server = subprocess.Popen(
            [sys.executable, "manage.py", "serve", "--bind", f"127.0.0.1:{port}"],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError("make serve stopped:\n" + (work / "serve.log").read_text())
            if _answers(port):
                return server
            time.sleep(1)
        _stop(server)
        raise CommandError("make serve did not answer within 3 minutes.")

    def _locust(
        self, port: int, users: int, minutes: float, rate: float, pause: str, work: Path
    ) -> None:
        unit = "minute" if minutes == 1 else "minutes"
        self.stdout.write(f"{users} simulated users for {minutes:g} {unit}…")
        env = {
            **os.environ,
            "JOURNEY_LOAD_PLAN": str(work / "plan.json"),
            "JOURNEY_LOAD_WRITES": str(work / "writes.jsonl"),
            "JOURNEY_LOAD_PAUSE": pause,
            "PYTHONPATH": str(REPO / "src"),
        }
        command = [
            *(sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless"),
            *("--host", f"http://127.0.0.1:{port}", "--users", str(users)),
            *("--spawn-rate", str(rate), "--run-time", f"{round(minutes * 60)}s"),
            *("--stop-timeout", "30", "--csv", str(work / "locust"), "--only-summary"),
            *("--exit-code-on-error", "0", "--loglevel", "WARNING"),
        ]
        done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
        if done.returncode != 0 or not (work / "locust_stats.csv").exists():
            raise CommandError(f"locust failed:\n{done.stdout}\n{done.stderr}")

    def _results(self, run, council, users, minutes, pause, seconds, work: Path) -> dict:
        return {
            "run": run,
            "council": {"size": council.size, "seed": council.seed},
            "users": users,
            "minutes": minutes,
            "pause_s": pause,
            "seconds": round(seconds, 1),
            **report.page_figures(work / "locust_stats.csv"),
            "errors": report.failures(work / "locust_failures.csv"),
            "writes": report.writes_found(run, work / "writes.jsonl"),
            "machine": {"cores": os.cpu_count(), "python": platform.python_version()},
        }


def summary(results: dict) -> str:
    lines = [
        f"{'page':<28}{'requests':>9}{'failures':>9}{'p50 ms':>8}{'p95 ms':>8}{'per s':>7}",
    ]
    rows = [*results["pages"].items(), ("All", results["overall"])]
    for name, page in rows:
        lines.append(
            f"{name:<28}{page['requests']:>9}{page['failures']:>9}"
            f"{page['p50_ms'] or 0:>8.0f}{page['p95_ms'] or 0:>8.0f}{page['per_second']:>7.1f}"
        )
    writes = results["writes"]
    for kind, made in sorted(writes["made"].items()):
        lines.append(
            f"Writes ({kind}): {made} made, {writes['found'].get(kind, 0)} found, "
            f"{writes['on_chronology'].get(kind, 0)} with their chronology entries"
        )
    for error in results["errors"]:
        lines.append(f"Error on {error['page']} ×{error['times']}: {error['error']}")
    return "\n".join(lines)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(port: int) -> bool:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/accounts/login/", headers={"X-Forwarded-Proto": "https"}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
