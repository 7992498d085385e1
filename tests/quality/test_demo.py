"""A year of demo audit rounds: through the services, deterministic for the rng, and with the
whole story in it (moderated audits, actions done, overdue actions escalated)."""

from __future__ import annotations

import random

import pytest
from django.db import transaction

from journey.chronology.models import ChronologyEntry
from journey.core.models import RecordGrant
from journey.demo.quality import seed_audits
from journey.quality.models import (
    AuditAction,
    AuditAnswer,
    AuditModeration,
    AuditRound,
    CaseAudit,
    EscalationEvent,
    EscalationLevel,
    GradeChange,
    SampledCase,
)
from tests.tiny_council import AS_OF, SEED

pytestmark = pytest.mark.django_db


def clear_audits() -> None:
    for model in (EscalationEvent, GradeChange, AuditModeration, AuditAction, AuditAnswer):
        model.objects.all().delete()
    CaseAudit.objects.all().delete()
    SampledCase.objects.filter(replaces__isnull=False).delete()
    SampledCase.objects.all().delete()
    AuditRound.objects.all().delete()
    RecordGrant.objects.filter(reason__startswith="Case file audit").delete()
    ChronologyEntry.objects.filter(source_app="quality").delete()


def audit_rows() -> list[tuple]:
    return list(
        # A child may have two audits finished the same day (two pieces of work, or two rounds):
        # the episode and then the order they were made in break the tie.
        CaseAudit.objects.order_by(
            "completed_at", "child__local_id", "episode_id", "pk"
        ).values_list("completed_on", "child__local_id", "overall_grade", "final_grade")
    )


def seeded(seed: int) -> tuple[int, list[tuple]]:
    """The audits seed_audits completes with this seed, instead of the ones there (rolled back)."""
    with transaction.atomic():
        clear_audits()
        completed = seed_audits(as_of=AS_OF, rng=random.Random(seed))
        rows = audit_rows()
        transaction.set_rollback(True)
    return completed, rows


def test_a_year_of_audit_rounds_for_the_demo_council(tiny_council):
    # The seed command draws the audits with the council's seed + 3: the same rng, the same
    # audits; another, others.
    completed, rows = seeded(SEED + 3)
    assert rows == audit_rows()
    assert completed == CaseAudit.objects.count() > 80
    assert seeded(12)[1] != rows
    assert AuditRound.objects.count() == 12
    in_progress = AuditRound.objects.get(period_start__month=10, period_start__year=2026)
    assert in_progress.cases.filter(auditor__isnull=False, audit__isnull=True).exists()
    assert AuditModeration.objects.exists() and GradeChange.objects.exists()
    assert AuditAction.objects.filter(status=AuditAction.Status.DONE).exists()
    assert AuditAction.objects.filter(
        status=AuditAction.Status.OPEN, escalation_level=EscalationLevel.ASSISTANT_DIRECTOR
    ).exists()
    # Actions done late were escalated before they were done: the trail stops at the day.
    late = AuditAction.objects.filter(status="done", escalations__isnull=False).first()
    assert late is not None
    assert all(e.escalated_on <= late.done_on for e in late.escalations.all())
    assert ChronologyEntry.objects.filter(source_app="quality").count() >= completed
