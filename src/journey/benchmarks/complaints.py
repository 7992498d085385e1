"""The annual complaints report's measurement: its content counted and its PDF drawn for the
last full year (1 April to 31 March), issued and rolled back. Budget: ≤ 10 s on the large
council. And the complaints list as the complaints officer sees it (`complaints_p95_ms`)."""

from __future__ import annotations

import time

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from journey.benchmarks.runner import Bench, BenchError, Figures, Page, measurement, p50, p95
from journey.complaints.annual import services
from journey.complaints.annual.selectors import Year
from journey.complaints.models import Complaint, Compliment
from journey.workforce.models import Role, Worker

INTRODUCTION = "The year's complaints, representations and compliments, for the benchmark."


@measurement("complaints_report")
def complaints_report(bench: Bench) -> Figures:
    officer = (
        Worker.objects.filter(
            role__in=[Role.COMPLAINTS_OFFICER, Role.ASSISTANT_DIRECTOR], is_active=True
        )
        .select_related("user")
        .order_by("role", "pk")
        .first()
    )
    if officer is None:
        raise BenchError("No active complaints officer or assistant director: seed a demo council.")
    year = Year.last_ended(timezone.localdate())
    started = time.perf_counter()
    with transaction.atomic():
        report = services.issue_report(
            services.ReportInput(year.first, INTRODUCTION), by=officer.user
        )
        size = len(bytes(report.pdf))
        transaction.set_rollback(True)
    seconds = time.perf_counter() - started
    bench.details["complaints_report"] = {
        "year": year.label,
        "complaints": Complaint.objects.filter(
            received_on__gte=year.before.starts_on, received_on__lte=year.ends_on
        ).count(),
        "compliments": Compliment.objects.filter(
            received_on__gte=year.before.starts_on, received_on__lte=year.ends_on
        ).count(),
        "pdf_bytes": size,
    }
    return {"complaints_report_s": max(round(seconds, 3), 0.001)}


@measurement("complaints_list")
def complaints_list(bench: Bench) -> Figures:
    """The complaints list as the complaints officer: the open complaints with their next
    deadline, the default view."""
    officer = (
        Worker.objects.filter(role=Role.COMPLAINTS_OFFICER, is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if officer is None:
        raise BenchError("No active complaints officer: seed a demo council.")
    pages = [Page(reverse("complaints"))]
    client = bench.client_for(officer)
    times = bench.time_pages(client, pages)
    bench.details["complaints_list"] = {
        "worker": officer.user.username,
        "p50_ms": p50(times),
        "queries": bench.count_queries(client, pages),
    }
    return {"complaints_p95_ms": p95(times)}
