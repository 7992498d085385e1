"""Children who meet (or miss) each sampling criterion, the council's own audits, and a review
with a team, for the samples tests. Case work opens through the services; the dates a test needs
(a hand-over months ago, an audit last spring) are set directly."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from journey.cases.models import Episode, EpisodeKind, StepChange
from journey.peer_review.models import TeamRole
from journey.peer_review.samples import services
from journey.quality.models import AuditRound, CaseAudit, SampledCase, SampleMethod
from journey.workforce.models import Role, Worker
from tests.factories import TeamFactory, WorkerFactory, ensure_audit_tool, make_child, make_episode
from tests.peer_review.factories import add_line, add_member, make_review, make_reviewer


def today() -> dt.date:
    return timezone.localdate()


def days_ago(n: int) -> dt.date:
    return today() - dt.timedelta(days=n)


@pytest.fixture(autouse=True)
def _the_audit_tool(db):
    ensure_audit_tool()


@pytest.fixture
def planner(council):
    return council["assistant_director"]


@pytest.fixture
def review(planner):
    return make_review(planner)


@pytest.fixture
def lead(review):
    worker = make_reviewer("Northdale Council", username="lead_reviewer")
    add_member(review, worker, TeamRole.LEAD)
    return worker


@pytest.fixture
def peer(review):
    worker = make_reviewer("Southmoor Council", username="peer_reviewer")
    add_member(review, worker)
    return worker


@pytest.fixture
def line(review):
    return add_line(review)


def worker_for(council, kind: str):
    """Someone in a team that does this kind of work (a Family Help team made on first use)."""
    if kind == EpisodeKind.SOCIAL_CARE:
        return council["team_manager"]
    if kind == EpisodeKind.FAMILY_HELP:
        team = TeamFactory(
            name="Family Help Northgate", service=council.eh_team.service, family_help=True
        )
        return Worker.objects.filter(team=team).first() or WorkerFactory(
            role=Role.TEAM_MANAGER, team=team
        )
    return council["practitioner"]


def work(council, child, kind: str, started: int) -> Episode:
    """Open work of this kind for the child, begun `started` days ago."""
    worker = worker_for(council, kind)
    return make_episode(child, worker, kind=kind, started_on=days_ago(started))


def child_with(council, kind=EpisodeKind.SOCIAL_CARE, started=60, **names) -> Episode:
    """A new child with one piece of open work of this kind, begun `started` days ago."""
    child = make_child(worker_for(council, kind), **names)
    return work(council, child, kind, started)


def close(episode: Episode, ended: int, reason: str = "EH1") -> Episode:
    Episode.objects.filter(pk=episode.pk).update(ended_on=days_ago(ended), closure_reason=reason)
    episode.refresh_from_db()
    return episode


def stepped(council, direction: str, days: int, status=StepChange.Status.HANDED_OVER) -> Episode:
    """A child whose work stepped up (or down) `days` ago: the sending work closed that day and
    the receiving work opened it. Returns the receiving work (the sending work, still open, where
    the step was not handed over)."""
    up = direction == StepChange.Direction.UP
    sending_kind = EpisodeKind.EARLY_HELP_CAF if up else EpisodeKind.SOCIAL_CARE
    receiving_kind = EpisodeKind.SOCIAL_CARE if up else EpisodeKind.EARLY_HELP_CAF
    sending = child_with(council, sending_kind, started=days + 90)
    handed_over = status == StepChange.Status.HANDED_OVER
    if handed_over:
        close(sending, days, "EH2" if up else "RC7")
    receiving = work(council, sending.child, receiving_kind, days) if handed_over else None
    when = timezone.make_aware(dt.datetime.combine(days_ago(days + 5), dt.time(12)))
    StepChange.objects.create(
        child=sending.child,
        direction=direction,
        from_episode=sending,
        to_kind=receiving_kind,
        receiving_team=worker_for(council, receiving_kind).team,
        status=status,
        rationale="Needs have changed.",
        requested_by=council["team_manager"].user,
        requested_at=when,
        handover_on=days_ago(days) if handed_over else None,
        to_episode=receiving,
    )
    return receiving or sending


def council_audit(council, episode: Episode, grade: int, on: dt.date) -> CaseAudit:
    """The council's own completed audit of this work, on that day, with this final grade."""
    tool = ensure_audit_tool()
    qa = council["qa_officer"]
    audit_round = AuditRound.objects.create(
        name=f"Audit {on}",
        period_start=on - dt.timedelta(days=30),
        period_end=on,
        kinds=[episode.kind],
        sample_size=1,
        method=SampleMethod.RANDOM,
        seed=1,
        tool=tool,
        created_by=qa.user,
        created_at=timezone.now(),
    )
    sample = SampledCase.objects.create(round=audit_round, episode=episode, position=1)
    completed = timezone.make_aware(dt.datetime.combine(on, dt.time(10)))
    return CaseAudit.objects.create(
        sample=sample,
        round=audit_round,
        episode=episode,
        child_id=episode.child_id,
        team=episode.team,
        tool=tool,
        auditor=qa,
        completed_on=on,
        completed_at=completed,
        overall_grade=grade,
        final_grade=grade,
    )


def draw(line, by, *, criterion="early_help_open", months=None, size=3, seed=1234, now=None):
    return services.draw_line_sample(
        line, services.SampleInput(criterion, months, size, seed), by=by, now=now
    )
