"""The outcomes page's measurement (R9): use and distance travelled for the whole council, as
a quality assurance officer reads it, over a mix of its views. Budget: p95 ≤ 200 ms on the large
council, with a constant number of queries (`outcomes_queries`)."""

from __future__ import annotations

from django.urls import reverse

from journey.benchmarks.runner import Bench, BenchError, Figures, Page, measurement, p50, p95
from journey.outcomes.models import EpisodeOutcome, Measurement
from journey.workforce.models import Role, Worker

EXPECT = "Outcomes and distance travelled"


@measurement("outcomes")
def outcomes(bench: Bench) -> Figures:
    """The outcomes page, cycled evenly: the default (work closed in the last 12 months, by
    team), by kind of work, by closure reason, open work by team, and the second page of closed
    work without a closing measure."""
    reader = (
        Worker.objects.filter(role=Role.QA_OFFICER, is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if reader is None:
        raise BenchError("No active quality assurance officer: seed a demo council.")
    if not Measurement.objects.exists():
        raise BenchError("No outcome measures: seed a demo council (its outcomes step).")
    url = reverse("outcomes")
    pages = [
        Page(url, expect=EXPECT),
        Page(url, {"group": "kind"}, expect=EXPECT),
        Page(url, {"group": "reason"}, expect=EXPECT),
        Page(url, {"open_work": "on", "group": "team"}, expect=EXPECT),
        Page(url, {"page": "2"}, expect=EXPECT),
    ]
    client = bench.client_for(reader)
    times = bench.time_pages(client, pages)
    queries = bench.count_queries(client, pages)
    bench.details["outcomes"] = {
        "worker": reader.user.username,
        "p50_ms": p50(times),
        "measurements": Measurement.objects.count(),
        "measured_work": EpisodeOutcome.objects.filter(measures__gt=0).count(),
    }
    return {"outcomes_p95_ms": p95(times), "outcomes_queries": queries}
