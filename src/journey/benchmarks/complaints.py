"""The annual complaints report's measurement: its content counted and its PDF drawn for the
last full year (1 April to 31 March), issued and rolled back. Budget: ≤ 10 s on the large
council. (The complaints list's `complaints_p95_ms` is measured with the list's page.)"""

from __future__ import annotations

import time

from django.db import transaction
from django.utils import timezone

from journey.benchmarks.runner import Bench, BenchError, Figures, measurement
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
