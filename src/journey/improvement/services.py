"""Every write to improvement plans, and the monthly snapshot of the measures.

Services validate first and name the field and the fix; each call is one transaction. Who may
make a change is the view's question (journey.access.improvement); the services check the facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from journey.core import measures as registry
from journey.core.measures import Window, team_tallies
from journey.core.services import check_not_future, check_rationale
from journey.core.working_days import add_months
from journey.improvement.models import (
    Action,
    Area,
    ImprovementPlan,
    MeasureFigure,
    ProgressUpdate,
    Rag,
    RagOverride,
    RatingSnapshot,
    Source,
)
from journey.improvement.selectors import rate_actions, with_latest
from journey.workforce.models import Team, Worker


def _name(user: User) -> str:
    return user.get_full_name() or user.username


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _required(errors: dict[str, str], field: str, value: object, message: str) -> None:
    if value is None or (isinstance(value, str) and not value.strip()):
        errors[field] = message


# --- plans and areas ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanInput:
    title: str
    source: str
    owner: Worker | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    purpose: str = ""
    background: str = ""


def _plan_problems(data: PlanInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    _required(errors, "title", data.title, "Enter the plan's title")
    if data.source not in Source.values:
        errors["source"] = "Select where the plan comes from"
    if data.owner is None:
        errors["owner"] = "Select the plan's owner"
    elif not data.owner.is_active:
        errors["owner"] = f"{data.owner} no longer works here: select someone who does"
    _required(errors, "starts_on", data.starts_on, "Enter the date the plan starts")
    _required(errors, "ends_on", data.ends_on, "Enter the date the plan ends")
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        errors["ends_on"] = "The end date must be the same as or after the start date"
    return errors


@transaction.atomic
def create_plan(data: PlanInput, *, by: User) -> ImprovementPlan:
    _raise(_plan_problems(data))
    assert data.owner is not None and data.starts_on and data.ends_on
    return ImprovementPlan.objects.create(
        title=data.title.strip(),
        source=data.source,
        owner=data.owner,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        purpose=data.purpose.strip(),
        background=data.background.strip(),
        created_by=by,
        created_at=timezone.now(),
    )


@transaction.atomic
def change_plan(plan: ImprovementPlan, data: PlanInput, *, by: User) -> ImprovementPlan:
    _raise(_plan_problems(data))
    plan = ImprovementPlan.objects.select_for_update().get(pk=plan.pk)
    for field in ("source", "owner", "starts_on", "ends_on"):
        setattr(plan, field, getattr(data, field))
    plan.title, plan.purpose = data.title.strip(), data.purpose.strip()
    plan.background = data.background.strip()
    plan._change_reason = f"Changed by {_name(by)}"  # type: ignore[attr-defined]
    plan.save()
    return plan


@dataclass(frozen=True)
class AreaInput:
    title: str
    finding: str = ""
    recommendation: str = ""


@transaction.atomic
def add_area(plan: ImprovementPlan, data: AreaInput, *, by: User) -> Area:
    errors: dict[str, str] = {}
    _required(errors, "title", data.title, "Enter the area for improvement")
    _raise(errors)
    ImprovementPlan.objects.select_for_update().get(pk=plan.pk)
    last = plan.areas.aggregate(n=Max("number"))["n"] or 0
    return Area.objects.create(
        plan=plan,
        number=last + 1,
        title=data.title.strip(),
        finding=data.finding.strip(),
        recommendation=data.recommendation.strip(),
    )


# --- actions -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionInput:
    action: str
    lead: Worker | None
    responsible_officer: Worker | None
    evidence: str
    due_on: dt.date | None
    timescale_note: str = ""
    linked_plans: str = ""
    measure: str = ""
    measure_team: Team | None = None
    target: Decimal | None = None
    target_by: dt.date | None = None


def _action_problems(data: ActionInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    _required(errors, "action", data.action, "Enter the action")
    for field, label in (("lead", "lead"), ("responsible_officer", "responsible officer")):
        worker = getattr(data, field)
        if worker is None:
            errors[field] = f"Select the {label}"
        elif not worker.is_active:
            errors[field] = f"{worker} no longer works here: select someone who does"
    _required(errors, "evidence", data.evidence, "Enter what will show the action has worked")
    _required(errors, "due_on", data.due_on, "Enter the timescale: the date it is due")
    errors.update(_measure_problems(data))
    return errors


def _measure_problems(data: ActionInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not data.measure:
        if data.target is not None or data.target_by is not None or data.measure_team:
            errors["measure"] = "Select the measure the target is for, or clear the target"
        return errors
    measure = registry.get(data.measure)
    if measure is None:
        errors["measure"] = "Select a measure from the list"
        return errors
    if data.target is None:
        errors["target"] = f"Enter the target for {measure.title.lower()}"
    elif data.target < 0 or (measure.unit == registry.Unit.PERCENT and data.target > 100):
        errors["target"] = (
            "Enter a target between 0 and 100"
            if measure.unit == "percent"
            else "Enter a target of 0 or more"
        )
    if data.target_by is None:
        errors["target_by"] = "Enter the date the target is to be met by"
    return errors


def _apply(action: Action, data: ActionInput) -> None:
    action.action = data.action.strip()
    action.lead = data.lead  # type: ignore[assignment]
    action.responsible_officer = data.responsible_officer  # type: ignore[assignment]
    action.evidence = data.evidence.strip()
    action.due_on = data.due_on  # type: ignore[assignment]
    action.timescale_note = data.timescale_note.strip()
    action.linked_plans = data.linked_plans.strip()
    action.measure = data.measure
    action.measure_team = data.measure_team if data.measure else None
    action.target = data.target if data.measure else None
    action.target_by = data.target_by if data.measure else None


@transaction.atomic
def add_action(area: Area, data: ActionInput, *, by: User) -> Action:
    _raise(_action_problems(data))
    Area.objects.select_for_update().get(pk=area.pk)
    action = Action(
        area=area,
        number=(area.actions.aggregate(n=Max("number"))["n"] or 0) + 1,
        created_at=timezone.now(),
    )
    _apply(action, data)
    action.save()
    return action


def _open_action(action: Action) -> Action:
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.is_withdrawn:
        raise ValidationError(
            f"Action {action.area.number}.{action.number} was withdrawn on "
            f"{action.withdrawn_at:%-d %B %Y}: it cannot be changed"
        )
    return action


@transaction.atomic
def change_action(action: Action, data: ActionInput, *, by: User) -> Action:
    _raise(_action_problems(data))
    action = _open_action(action)
    _apply(action, data)
    action._change_reason = f"Changed by {_name(by)}"  # type: ignore[attr-defined]
    action.save()
    return action


@transaction.atomic
def withdraw_action(action: Action, reason: str, *, by: User) -> Action:
    reason = check_rationale(reason, "reason", "reason for withdrawing the action")
    action = _open_action(action)
    action.withdrawn_at, action.withdrawn_by, action.withdrawn_reason = timezone.now(), by, reason
    action._change_reason = f"Withdrawn by {_name(by)}"  # type: ignore[attr-defined]
    action.save()
    return action


@dataclass(frozen=True)
class ProgressInput:
    recorded_on: dt.date | None
    note: str
    rag: str = ""


@transaction.atomic
def record_progress(action: Action, data: ProgressInput, *, by: User) -> ProgressUpdate:
    errors: dict[str, str] = {}
    if data.recorded_on is None:
        errors["recorded_on"] = "Enter the date of the update"
    else:
        try:
            check_not_future(data.recorded_on, "recorded_on", "The date of the update")
        except ValidationError as error:
            errors["recorded_on"] = error.message_dict["recorded_on"][0]
    _required(errors, "note", data.note, "Enter the progress made, and the evidence for it")
    if data.rag and data.rag not in Rag.values:
        errors["rag"] = "Select a rating from the list"
    if not action.is_measured and not data.rag:
        errors["rag"] = "Select your rating: achieved, on task, or at risk of not achieving"
    if action.is_measured and data.rag:
        errors["rag"] = (
            "This action's rating follows its measure: leave the rating empty, or ask the "
            "plan's owner to override it with a reason"
        )
    _raise(errors)
    assert data.recorded_on is not None
    action = _open_action(action)
    return ProgressUpdate.objects.create(
        action=action,
        recorded_on=data.recorded_on,
        note=data.note.strip(),
        rag=data.rag,
        recorded_by=by,
        recorded_by_name=_name(by),
        recorded_at=timezone.now(),
    )


@transaction.atomic
def override_rating(action: Action, rag: str, reason: str, *, by: User) -> RagOverride:
    """Rate a measured action by hand (`rag`), or hand it back to the evidence (`rag` empty)."""
    errors: dict[str, str] = {}
    if not action.is_measured:
        errors["rag"] = "Only an action tied to a measure has a computed rating to override"
    elif rag and rag not in Rag.values:
        errors["rag"] = "Select a rating from the list"
    problem = None
    try:
        reason = check_rationale(reason, "reason", "reason")
    except ValidationError as error:
        problem = error.message_dict["reason"][0]
    if problem:
        errors["reason"] = problem
    _raise(errors)
    action = _open_action(action)
    return RagOverride.objects.create(
        action=action,
        rag=rag,
        reason=reason,
        made_by=by,
        made_by_name=_name(by),
        made_at=timezone.now(),
    )


# --- the monthly snapshot of the measures --------------------------------------------------------


@dataclass(frozen=True)
class SnapshotResult:
    months: list[dt.date]
    measures: int
    figures: int


def _figures(measure: registry.Measure, window: Window, at: dt.datetime) -> Iterable[MeasureFigure]:
    groups = measure.groups(window)
    base = {
        "measure": measure.key,
        "month": window.first,
        "whole_month": window.is_whole_month,
        "computed_at": at,
    }
    total = registry.council_tally(groups)
    yield MeasureFigure(numerator=total.numerator, denominator=total.denominator, **base)
    for team_id, tally in team_tallies(groups).items():
        if team_id is not None:
            yield MeasureFigure(
                team_id=team_id, numerator=tally.numerator, denominator=tally.denominator, **base
            )
    if measure.by_worker:
        for (team_id, worker_id), tally in groups.items():
            if worker_id is not None:
                yield MeasureFigure(
                    team_id=team_id,
                    worker_id=worker_id,
                    numerator=tally.numerator,
                    denominator=tally.denominator,
                    **base,
                )


def _rated_at(month: dt.date, today: dt.date) -> dt.date:
    """The day a month's ratings are read: the next month's first day, or today."""
    return min(add_months(month, 1), today)


def snapshot_ratings(months: Iterable[dt.date], today: dt.date) -> int:
    """Count each plan's actions by rating as they stood when each month ended (the actions
    added and not withdrawn by then, with the updates and overrides made by then)."""
    at = timezone.now()
    rows = 0
    for first in sorted({m.replace(day=1) for m in months if m <= today}):
        day = _rated_at(first, today)
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time.max))
        actions = list(
            with_latest(
                Action.objects.filter(created_at__lte=moment).exclude(withdrawn_at__lte=moment)
            )
        )
        ratings = rate_actions(actions, day)
        counts: dict[int, RatingSnapshot] = {}
        for action in actions:
            snapshot = counts.setdefault(
                action.area.plan_id,
                RatingSnapshot(month=first, plan_id=action.area.plan_id, computed_at=at),
            )
            name = ratings[action.pk].rag or "unrated"
            setattr(snapshot, name, getattr(snapshot, name) + 1)
        RatingSnapshot.objects.filter(month=first).delete()
        RatingSnapshot.objects.bulk_create(counts.values())
        rows += len(counts)
    return rows


@transaction.atomic
def snapshot_measures(months: Iterable[dt.date], today: dt.date) -> SnapshotResult:
    """Count every registered measure for each month (a month not yet over is counted to
    `today`), replacing the figures stored for those months, so a rerun never double counts."""
    firsts = sorted({m.replace(day=1) for m in months if m <= today})
    at = timezone.now()
    figures = 0
    measures = registry.registered()
    for first in firsts:
        window = Window.month(first, today)
        MeasureFigure.objects.filter(month=first).delete()
        rows = [row for m in measures for row in _figures(m, window, at)]
        MeasureFigure.objects.bulk_create(rows, batch_size=2000)
        figures += len(rows)
    snapshot_ratings(firsts, today)
    return SnapshotResult(firsts, len(measures), figures)
