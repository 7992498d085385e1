"""Writes for direct observations of practice (R5). Each is one transaction that refuses bad input
with a message naming the field and the fix; nothing is deleted (cancelled, with the reason).

Plan (who observes whom, when, where) → record what was seen, the strengths and the points for
development, optionally graded → the observed worker reflects and acknowledges it. An observation
is about the worker's practice, not a child: it never writes a chronology entry, even when it
names the piece of work it happened in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from journey.access.quality import (
    OBSERVED_ROLES,
    OBSERVER_ROLES,
    manages_worker,
    may_cancel_observation,
)
from journey.access.rules import visible_children
from journey.cases.models import Episode
from journey.core.services import MIN_RATIONALE_WORDS, rationale_problem
from journey.quality.models import Grade, ObservationSetting, PracticeObservation
from journey.quality.services import _long, _now, _raise_all, _refuse
from journey.workforce.models import Allocation, Worker

#: How far ahead an observation may be planned.
PLAN_AHEAD_DAYS = 365

Status = PracticeObservation.Status


def _sentence(text: str, message: str) -> str | None:
    """`message` if the text is not at least a sentence in the writer's own words."""
    return message if rationale_problem(text) else None


# --- Planning --------------------------------------------------------------------------------


@dataclass
class ObservationPlan:
    observer: Worker | None
    observed: Worker | None
    planned_on: dt.date | None
    setting: str
    setting_detail: str = ""
    child_id: str = ""  # the child's local ID, when it happens in a piece of work


def _people_errors(data: ObservationPlan, by: Worker) -> dict[str, str]:
    errors: dict[str, str] = {}
    observer, observed = data.observer, data.observed
    if observer is None:
        errors["observer"] = "Select who observes"
    elif not observer.is_active or observer.role not in OBSERVER_ROLES:
        errors["observer"] = (
            "Select an observer from the list: a team manager, head of service, assistant "
            "director or quality assurance officer"
        )
    if observed is None:
        errors["observed"] = "Select the worker whose practice is observed"
    elif observer is not None and observed.pk == observer.pk:
        errors["observed"] = (
            f"{observed.name} is also the observer: nobody observes their own practice. Choose "
            "another worker or another observer"
        )
    elif not observed.is_active or observed.role not in OBSERVED_ROLES:
        errors["observed"] = (
            "Select a worker from the list: observations are of early help practitioners' and "
            "social workers' practice"
        )
    elif by.pk != getattr(observer, "pk", None) and not manages_worker(by, observed):
        errors["observed"] = (
            f"You do not manage {observed.name}: plan observations of workers you manage, or "
            "make yourself the observer"
        )
    return errors


def _when_and_where_errors(data: ObservationPlan, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    latest = today + dt.timedelta(days=PLAN_AHEAD_DAYS)
    if data.planned_on is None:
        errors["planned_on"] = "Enter the planned date"
    elif data.planned_on < today:
        errors["planned_on"] = "The planned date must be today or in the future"
    elif data.planned_on > latest:
        errors["planned_on"] = f"The planned date must be within a year, by {_long(latest)}"
    if data.setting not in ObservationSetting.values:
        errors["setting"] = "Select the setting of the observation"
    elif data.setting == ObservationSetting.OTHER and not data.setting_detail.strip():
        errors["setting_detail"] = "Enter the setting, like “family group conference”"
    return errors


def observed_episode(local_id: str, observed: Worker, by: Worker) -> Episode:
    """The piece of work with this child that the observed worker holds (or last held, or their
    team holds), among the children the planner may see."""
    local_id = local_id.strip()
    # As typed or in capitals (IDs are issued in capitals), both on the ID's unique index: a
    # case-insensitive match would read every child the planner may see.
    typed = Q(local_id=local_id) | Q(local_id=local_id.upper())
    child = visible_children(by.user).filter(typed).first()
    if child is None:
        raise _refuse(
            f"There is no child with the ID {local_id} whose record you can open: check the ID "
            "on the child's record, or leave it empty",
            "child_id",
        )
    allocation = (
        Allocation.objects.filter(episode__child=child, worker=observed)
        .select_related("episode")
        .order_by(F("ended_on").desc(nulls_first=True), "-started_on", "-pk")
        .first()
    )
    if allocation is not None:
        return allocation.episode
    team_id = observed.team_id
    episode = (
        child.episodes.filter(team_id=team_id).order_by("-started_on").first()
        if team_id is not None
        else None
    )
    if episode is None:
        raise _refuse(
            f"{observed.name} has no work with {child.full_name}: enter the ID of a child whose "
            "case they or their team hold, or leave it empty",
            "child_id",
        )
    return episode


@transaction.atomic
def plan_observation(
    data: ObservationPlan, *, by: Worker, now: dt.datetime | None = None
) -> PracticeObservation:
    now = _now(now)
    if not by.is_active or by.role not in OBSERVER_ROLES:
        raise _refuse(
            "Only team managers, heads of service, assistant directors and quality assurance "
            "officers plan observations"
        )
    errors = {**_people_errors(data, by), **_when_and_where_errors(data, timezone.localdate(now))}
    _raise_all(errors)
    observer, observed, planned_on = data.observer, data.observed, data.planned_on
    # _people_errors and _when_and_where_errors refused any of these missing.
    assert observer is not None and observed is not None and planned_on is not None
    episode = observed_episode(data.child_id, observed, by) if data.child_id.strip() else None
    detail = data.setting_detail.strip() if data.setting == ObservationSetting.OTHER else ""
    return PracticeObservation.objects.create(
        observer=observer,
        observed=observed,
        team_id=observed.team_id,
        planned_on=planned_on,
        setting=data.setting,
        setting_detail=detail,
        episode=episode,
        planned_by=by.user,
        planned_at=now,
    )


# --- Recording -------------------------------------------------------------------------------


@dataclass
class ObservationRecord:
    observed_on: dt.date | None
    what_was_seen: str
    strengths: str
    development_points: str
    grade: int | None = None


def _locked(observation: PracticeObservation) -> PracticeObservation:
    return (
        PracticeObservation.objects.select_for_update(of=("self",))
        .select_related("observer__user", "observed__user")
        .get(pk=observation.pk)
    )


def _still_planned(observation: PracticeObservation, verb: str) -> None:
    if observation.status == Status.CANCELLED:
        when = _long(timezone.localdate(observation.cancelled_at))
        raise _refuse(f"This observation was cancelled on {when}: it cannot be {verb}")
    if observation.status == Status.RECORDED:
        assert observation.observed_on is not None  # set when it is recorded
        raise _refuse(f"This observation was already recorded on {_long(observation.observed_on)}")


def _date_errors(observed_on: dt.date | None, planned_on: dt.date, today: dt.date) -> dict:
    if observed_on is None:
        return {"observed_on": "Enter the date observed"}
    if observed_on > today:
        return {"observed_on": "The date observed must be today or in the past"}
    if observed_on < planned_on:
        return {
            "observed_on": (
                f"The date observed must be on or after the planned date, {_long(planned_on)}"
            )
        }
    return {}


def _record_errors(data: ObservationRecord) -> dict[str, str]:
    words = f"at least a full sentence ({MIN_RATIONALE_WORDS} words or more)"
    problems = {
        "what_was_seen": _sentence(
            data.what_was_seen, f"Enter what was seen: {words} describing the practice observed"
        ),
        "strengths": _sentence(
            data.strengths, f"Enter the strengths: {words} on what the worker did well"
        ),
        "development_points": _sentence(
            data.development_points,
            f"Enter the points for development: {words} on what the worker could do better",
        ),
    }
    if data.grade is not None and data.grade not in Grade.values:
        problems["grade"] = "Select a grade from the list, or no grade"
    return {name: message for name, message in problems.items() if message}


@transaction.atomic
def record_observation(
    observation: PracticeObservation,
    data: ObservationRecord,
    *,
    by: Worker,
    now: dt.datetime | None = None,
) -> PracticeObservation:
    """The observer records what they saw; the observed worker is asked to respond."""
    now = _now(now)
    observation = _locked(observation)
    if by.pk != observation.observer_id:
        raise _refuse(
            f"Only {observation.observer.name}, the observer, can record this observation"
        )
    _still_planned(observation, "recorded")
    today = timezone.localdate(now)
    _raise_all(
        {**_date_errors(data.observed_on, observation.planned_on, today), **_record_errors(data)}
    )
    observation.status = Status.RECORDED
    observation.observed_on, observation.recorded_at = data.observed_on, now
    observation.what_was_seen = data.what_was_seen.strip()
    observation.strengths = data.strengths.strip()
    observation.development_points = data.development_points.strip()
    observation.grade = data.grade
    observation.save()
    return observation


# --- The observed worker's response ----------------------------------------------------------


@transaction.atomic
def respond_to_observation(
    observation: PracticeObservation,
    *,
    by: Worker,
    response: str,
    now: dt.datetime | None = None,
) -> PracticeObservation:
    """The observed worker's reflection, which acknowledges the observation."""
    now = _now(now)
    observation = _locked(observation)
    if by.pk != observation.observed_id:
        raise _refuse(
            f"Only {observation.observed.name}, whose practice was observed, can respond to "
            "this observation"
        )
    if observation.status == Status.PLANNED:
        raise _refuse("This observation has not been recorded yet: respond once it has been")
    if observation.status == Status.CANCELLED:
        raise _refuse("This observation was cancelled: there is nothing to respond to")
    if observation.acknowledged_at is not None:
        when = _long(timezone.localdate(observation.acknowledged_at))
        raise _refuse(f"You responded to this observation on {when}")
    problem = _sentence(
        response,
        f"Enter your reflection: at least a full sentence ({MIN_RATIONALE_WORDS} words or more) "
        "on what you take from the observation",
    )
    if problem:
        raise _refuse(problem, "response")
    observation.response, observation.acknowledged_at = response.strip(), now
    observation.save(update_fields=["response", "acknowledged_at"])
    return observation


# --- Cancelling ------------------------------------------------------------------------------


@transaction.atomic
def cancel_observation(
    observation: PracticeObservation,
    *,
    by: Worker,
    reason: str,
    now: dt.datetime | None = None,
) -> PracticeObservation:
    """Take a planned observation out of the programme; the row stays, with the reason."""
    now = _now(now)
    observation = _locked(observation)
    if not may_cancel_observation(by, observation):
        raise _refuse(
            "Only the observer, whoever planned the observation or a manager of "
            f"{observation.observed.name} can cancel it"
        )
    _still_planned(observation, "cancelled")
    problem = _sentence(
        reason,
        f"Enter why the observation is cancelled: at least a full sentence "
        f"({MIN_RATIONALE_WORDS} words or more)",
    )
    if problem:
        raise _refuse(problem, "reason")
    observation.status = Status.CANCELLED
    observation.cancellation_reason = reason.strip()
    observation.cancelled_by, observation.cancelled_at = by.user, now
    observation.save()
    return observation
