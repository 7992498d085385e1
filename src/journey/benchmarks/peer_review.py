"""The peer challenge pages' measurement (R14): a completed review as the assistant director
reads it, cycling its tabs (plan and schedule, cases and audits with the council's grades beside
the peers', findings, the issued letter, and across reviews). Budget: p95 ≤ 150 ms, with a
constant number of queries (`peer_review_queries`) however many cases and findings it holds."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse

from journey.benchmarks.runner import Bench, BenchError, Figures, Page, measurement, p50, p95
from journey.peer_review.models import PeerReview
from journey.workforce.models import Role, Worker


@measurement("peer_review")
def peer_review(bench: Bench) -> Figures:
    director = (
        Worker.objects.filter(role=Role.ASSISTANT_DIRECTOR, is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if director is None:
        raise BenchError("No active assistant director: seed a demo council.")
    review = (
        PeerReview.objects.filter(letter__issued_at__isnull=False)
        .annotate(n_findings=Count("findings"))
        .order_by("-n_findings", "pk")
        .first()
    )
    if review is None:
        raise BenchError("No peer challenge review with an issued letter: seed a demo council.")
    kwargs = {"review_id": review.pk}
    pages = [
        Page(reverse("peer_review", kwargs=kwargs), expect="The review team"),
        Page(reverse("peer_review_samples", kwargs=kwargs), expect="Cases and audits"),
        Page(reverse("peer_review_findings", kwargs=kwargs), expect="Findings and letter"),
        Page(reverse("peer_review_letter", kwargs=kwargs), expect="as issued"),
        Page(reverse("peer_review_history", kwargs=kwargs), expect="Across reviews"),
    ]
    client = bench.client_for(director)
    times = bench.time_pages(client, pages)
    queries = bench.count_queries(client, pages)
    bench.details["peer_review"] = {
        "worker": director.user.username,
        "p50_ms": p50(times),
        "findings": review.n_findings,  # type: ignore[attr-defined]
    }
    return {"peer_review_p95_ms": p95(times), "peer_review_queries": queries}
