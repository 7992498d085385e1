"""Hand-built case histories for the measures tests.

Contacts, episodes and closures go through the real services (which refuse future dates, so
everything is dated before the real today). Step changes are written directly, consistent with
the model, until the step change services exist: a handed-over step closes the sending episode
on the hand-over date and opens the receiving one that same day.

The measures are evaluated "as of" TODAY, a fixed date, so the figures never depend on the clock.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from journey.cases import services as case_services
from journey.cases.models import (
    EarlyHelpClosureReason,
    Episode,
    EpisodeKind,
    NextStep,
    StepChange,
    ThresholdDecision,
)
from journey.reporting.measures.selectors import Period, Scope
from journey.workforce.models import Worker
from tests.factories import make_child, make_episode

LONDON = ZoneInfo("Europe/London")
TODAY = dt.date(2026, 6, 15)
RATIONALE = (
    "The needs described cross several areas of the child's life and the family asked for "
    "help; this level is proportionate to what was reported."
)
STEP_FOR_LEVEL = {
    1: NextStep.SIGNPOST,
    2: NextStep.SINGLE_AGENCY,
    3: NextStep.CAF_TAF,
    4: NextStep.SOCIAL_CARE,
}


def scope(months: int = 12, team=None, today: dt.date = TODAY) -> Scope:
    return Scope(Period.ending(today, months), team.pk if team else None)


def local(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def decision(child, worker: Worker, received_at: dt.datetime, level: int = 3) -> ThresholdDecision:
    contact = case_services.record_contact(
        received_at=received_at,
        source="2A",
        summary="The school reports the child is often hungry and tired.",
        decided_by=worker,
        decisions=[
            case_services.DecisionInput(
                child=child, level=level, next_step=STEP_FOR_LEVEL[level], rationale=RATIONALE
            )
        ],
    )
    return contact.decisions.get()


def review(
    made: ThresholdDecision, manager: Worker, *, level: int | None = None, next_step: str = ""
) -> ThresholdDecision:
    """The manager agrees (no level or next step given) or changes the decision."""
    changed = level is not None or bool(next_step)
    return case_services.review_threshold_decision(
        made,
        manager=manager,
        agree=not changed,
        rationale=RATIONALE,
        level=level if level is not None else made.level,
        next_step=next_step or STEP_FOR_LEVEL[level or made.level],
    )


def referral(child, worker: Worker, on: dt.date) -> Episode:
    """Social care work (a referral) starting on the day, in the worker's team."""
    return make_episode(child, worker, kind=EpisodeKind.SOCIAL_CARE, started_on=on)


def early_help(child, worker: Worker, on: dt.date) -> Episode:
    return make_episode(child, worker, kind=EpisodeKind.EARLY_HELP_CAF, started_on=on)


def close(episode: Episode, on: dt.date) -> Episode:
    reason = (
        "RC8" if episode.kind == EpisodeKind.SOCIAL_CARE else EarlyHelpClosureReason.OUTCOMES_MET
    )
    return case_services.close_episode(
        episode, ended_on=on, reason=reason, note="", closed_by=episode.opened_by
    )


def step(
    from_episode: Episode,
    receiving: Worker,
    *,
    requested_at: dt.datetime,
    handover_on: dt.date | None = None,
    status: str = StepChange.Status.HANDED_OVER,
    decided_at: dt.datetime | None = None,
) -> StepChange:
    """A step change from the episode to the receiving worker's team.

    Handed over: the sending episode ends on the hand-over date and the receiving one (a CAF for
    a step-down, social care for a step-up) starts that day. Otherwise only the request is
    written, with its status and decision time.
    """
    up = from_episode.kind != EpisodeKind.SOCIAL_CARE
    to_kind = EpisodeKind.SOCIAL_CARE if up else EpisodeKind.EARLY_HELP_CAF
    to_episode = None
    if status == StepChange.Status.HANDED_OVER:
        reason = EarlyHelpClosureReason.STEPPED_UP if up else "RC9"
        case_services.close_episode(
            from_episode,
            ended_on=handover_on,
            reason=reason,
            note="",
            closed_by=from_episode.opened_by,
        )
        to_episode = make_episode(
            from_episode.child, receiving, kind=to_kind, started_on=handover_on
        )
    return StepChange.objects.create(
        child=from_episode.child,
        direction=StepChange.Direction.UP if up else StepChange.Direction.DOWN,
        from_episode=from_episode,
        to_kind=to_kind,
        receiving_team=receiving.team,
        status=status,
        rationale=RATIONALE,
        requested_by=from_episode.opened_by,
        requested_at=requested_at,
        decided_at=decided_at or requested_at + dt.timedelta(days=1),
        receiving_worker=receiving,
        handover_on=handover_on,
        to_episode=to_episode,
    )


def ago(days: int) -> dt.date:
    """A day before the real today, for the pages (which measure up to the real today)."""
    return timezone.localdate() - dt.timedelta(days=days)


def moment(days: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(ago(days), dt.time(10)))


@pytest.fixture
def history(council):
    """A little of everything, dated in the last few weeks, in two social care teams."""
    sw, other, practitioner, manager = (
        council["social_worker"],
        council["other_social_worker"],
        council["practitioner"],
        council["team_manager"],
    )
    ruby = make_child(sw, first_name="Ruby", last_name="Ashworth")
    first = referral(ruby, sw, ago(300))
    close(first, ago(200))
    referral(ruby, sw, ago(20))  # a re-referral, 280 days after the first
    reviewed = decision(ruby, sw, moment(20), level=2)
    review(reviewed, manager, level=3)
    hidden = make_child(other, first_name="Hidden", last_name="Elsewhere")
    referral(hidden, other, ago(15))
    decision(hidden, other, moment(15), level=4)
    oscar = make_child(practitioner, first_name="Oscar", last_name="Pennington")
    step(
        early_help(oscar, practitioner, ago(100)),
        sw,
        requested_at=moment(30),
        handover_on=ago(10),
    )
    return {"ruby": ruby, "hidden": hidden, "oscar": oscar}


__all__ = [
    "TODAY",
    "ago",
    "close",
    "decision",
    "early_help",
    "local",
    "make_child",
    "moment",
    "referral",
    "review",
    "scope",
    "step",
]
