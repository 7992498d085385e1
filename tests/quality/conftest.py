"""Helpers for the audit tests: rounds, samples and audits made through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from journey.cases.models import EpisodeKind
from journey.quality import services
from journey.quality.models import AuditQuestion, AuditTool, Grade, SampleMethod
from journey.quality.services import ActionInput, AnswerInput, AuditInput, RoundInput
from tests.factories import ensure_audit_tool


@pytest.fixture(autouse=True)
def _the_audit_tool(db):
    """Every audit test has the council's audit tool, whichever transactional test ran before."""
    ensure_audit_tool()


FINDINGS = "The plan has no dates and the child's views were not recorded at the last visit."


def today() -> dt.date:
    return timezone.localdate()


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def round_input(teams, **changes) -> RoundInput:
    values = {
        "name": "Case file audit",
        "period_start": today() - dt.timedelta(days=30),
        "period_end": today(),
        "teams": list(teams),
        "kinds": [EpisodeKind.SOCIAL_CARE, EpisodeKind.EARLY_HELP_CAF],
        "sample_size": 5,
        "method": SampleMethod.RANDOM,
        "seed": 2014,
    }
    values.update(changes)
    return RoundInput(**values)


def questions(tool: AuditTool | None = None) -> list[AuditQuestion]:
    tool = tool or services.current_tool()
    return list(AuditQuestion.objects.filter(domain__tool=tool).select_related("domain"))


def audit_input(
    grade: int = Grade.GOOD,
    *,
    findings: str = "",
    actions: list[tuple[str, dt.date]] | None = None,
    question_grades: dict[str, int] | None = None,
) -> AuditInput:
    """Every question graded `grade`, or by domain code in `question_grades`."""
    grades = question_grades or {}
    return AuditInput(
        answers={
            q.pk: AnswerInput(grades.get(q.domain.code, grade), "Seen in the case notes.")
            for q in questions()
        },
        overall_grade=grade,
        findings=findings,
        worked_well="Visits are regular and the child is seen alone.",
        actions=[
            ActionInput(row, text, due) for row, (text, due) in enumerate(actions or [], start=1)
        ],
    )


@pytest.fixture
def qa(council):
    return council["qa_officer"]


@pytest.fixture
def sc_round(council, qa, sc_child):
    """A drawn round of the social care team's cases: the sample is Ruby's case."""
    audit_round = services.create_round(
        round_input([council.sc_team], kinds=[EpisodeKind.SOCIAL_CARE]), by=qa
    )
    services.draw_sample(audit_round, by=qa)
    return audit_round


@pytest.fixture
def sample(sc_round):
    return sc_round.cases.get()


@pytest.fixture
def allocated(sample, qa):
    """Ruby's case, allocated to the QA officer to audit."""
    return services.allocate_auditor(sample, auditor=qa, by=qa)


@pytest.fixture
def audit(allocated, qa):
    """Ruby's audit: requires improvement, one action for the social worker due in 14 days."""
    return services.complete_audit(
        allocated.round,
        allocated.episode,
        audit_input(
            Grade.REQUIRES_IMPROVEMENT,
            findings=FINDINGS,
            actions=[("Update the plan with dates and owners.", today() + dt.timedelta(days=14))],
        ),
        auditor=qa,
    )
