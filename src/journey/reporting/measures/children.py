"""The children behind each figure on the measures page: the same events the figure counts,
listed for the children the viewer may see (access.rules.visible_children), with a count
of the children outside their access."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from journey.access.rules import visible_children
from journey.cases.models import Episode, StepChange, ThresholdDecision
from journey.people.models import Person
from journey.reporting.measures.selectors import (
    LEVEL_CHANGED,
    REESCALATION_DAYS,
    REVIEWED,
    UP,
    DateRange,
    Scope,
    decisions_in,
    declined_in,
    handed_over_in,
    previous_referral,
    referrals_in,
    social_care_after_handover,
    step_downs_in,
)

LIST_PAGE_SIZE = 50


@dataclass(frozen=True)
class FigureFilter:
    """Which figure, and the part of it a cell shows (a month, a level, a direction)."""

    figure: str
    level: int | None = None
    direction: str = ""
    longest_first: bool = False


@dataclass(frozen=True)
class ChildEvent:
    """One event behind a figure, for a child the viewer may see."""

    child: Person
    event_on: dt.date
    team: str
    what: str


def _day(day: dt.date | None) -> str:
    return f"{day:%-d %B %Y}" if day else ""


def _level_text(decision: ThresholdDecision) -> str:
    if decision.manager_agreed is None:
        return f"Level {decision.level}; not yet reviewed by a manager"
    if decision.manager_agreed:
        return f"Level {decision.level}; the manager agreed"
    if decision.manager_level and decision.manager_level != decision.level:
        return f"Level {decision.manager_level}: the manager changed it from level {decision.level}"
    return f"Level {decision.level}; the manager changed the next step only"


def _decision_events(scope: Scope, within: DateRange, only: FigureFilter) -> QuerySet:
    decisions = decisions_in(scope, within)
    if only.figure == "reviewed":
        decisions = decisions.filter(REVIEWED)
    elif only.figure == "level_changed":
        decisions = decisions.filter(LEVEL_CHANGED)
    if only.level:
        decisions = decisions.filter(outcome_level=only.level)
    return decisions.annotate(
        event_on=TruncDate("contact__received_at"), team_name=F("decided_by__team__name")
    )


def _step_text(step: StepChange) -> str:
    verb = "Stepped up" if step.direction == UP else "Stepped down"
    return (
        f"{verb} to {step.receiving_team_name or 'another team'}: requested "
        f"{_day(timezone.localdate(step.requested_at))}, handed over {step.days} days later"
    )


def _step_events(scope: Scope, within: DateRange, only: FigureFilter) -> QuerySet:
    steps = handed_over_in(scope, within)
    if only.direction:
        steps = steps.filter(direction=only.direction)
    return steps.annotate(
        event_on=F("handover_on"),
        team_name=F("from_episode__team__name"),
        receiving_team_name=F("receiving_team__name"),
    )


def _declined_text(step: StepChange) -> str:
    what = "Step-up" if step.direction == UP else "Step-down"
    return f"{what} request declined (requested {_day(timezone.localdate(step.requested_at))})"


def _declined_events(scope: Scope, within: DateRange, only: FigureFilter) -> QuerySet:
    steps = declined_in(scope, within)
    if only.direction:
        steps = steps.filter(direction=only.direction)
    return steps.annotate(event_on=TruncDate("decided_at"), team_name=F("from_episode__team__name"))


def _step_down_text(step: StepChange) -> str:
    text = f"Stepped down on {_day(step.handover_on)}"
    if step.reescalated_on:
        days = (step.reescalated_on - step.handover_on).days
        return f"{text}; social care again from {_day(step.reescalated_on)} ({days} days later)"
    window_ends = step.handover_on + dt.timedelta(days=REESCALATION_DAYS)
    if step.window_open:
        return f"{text}; no social care since; the 6-month window runs to {_day(window_ends)}"
    return f"{text}; no social care within 6 months"


def _step_down_events(scope: Scope, within: DateRange, only: FigureFilter) -> QuerySet:
    steps = step_downs_in(scope, within)
    if only.figure == "reescalated":
        steps = steps.filter(reescalated=True)
    elif only.figure == "window_open":
        steps = steps.filter(window_open=True)
    first_return = social_care_after_handover().order_by("started_on").values("started_on")
    return steps.annotate(
        event_on=F("handover_on"),
        team_name=F("from_episode__team__name"),
        reescalated_on=Subquery(first_return[:1]),
    )


def _referral_text(episode: Episode) -> str:
    if episode.previous_on is None:
        return "Referral to children's social care"
    days = (episode.started_on - episode.previous_on).days
    return (
        f"Re-referral: the previous referral was on {_day(episode.previous_on)}, {days} days before"
    )


def _referral_events(scope: Scope, within: DateRange, only: FigureFilter) -> QuerySet:
    referrals = referrals_in(scope, within)
    if only.figure == "rereferrals":
        referrals = referrals.filter(rereferral=True)
    latest_before = previous_referral().order_by("-started_on").values("started_on")
    return referrals.annotate(
        event_on=F("started_on"),
        team_name=F("team__name"),
        previous_on=Subquery(latest_before[:1]),
    )


@dataclass(frozen=True)
class Figure:
    title: str
    #: The figure's events in a range, annotated with `event_on` and `team_name`.
    events: Callable[[Scope, DateRange, FigureFilter], QuerySet]
    #: What happened, in a sentence, for one of those events.
    describe: Callable[[object], str]


FIGURES: dict[str, Figure] = {
    "decisions": Figure("Threshold decisions", _decision_events, _level_text),
    "reviewed": Figure("Decisions reviewed by a manager", _decision_events, _level_text),
    "level_changed": Figure(
        "Decisions where the manager changed the level", _decision_events, _level_text
    ),
    "handed_over": Figure("Step changes handed over", _step_events, _step_text),
    "declined": Figure("Step change requests declined", _declined_events, _declined_text),
    "step_downs": Figure("Step-downs handed over", _step_down_events, _step_down_text),
    "reescalated": Figure(
        "Step-downs that re-escalated within 6 months", _step_down_events, _step_down_text
    ),
    "window_open": Figure(
        "Step-downs still inside their 6-month window", _step_down_events, _step_down_text
    ),
    "referrals": Figure("Referrals to children's social care", _referral_events, _referral_text),
    "rereferrals": Figure("Re-referrals within 12 months", _referral_events, _referral_text),
}


@dataclass
class FigureList:
    events: int
    children: int
    hidden_children: int
    page: Page
    rows: list[ChildEvent]


def _ordering(only: FigureFilter) -> list:
    if only.longest_first:
        return [F("days").desc(), "-event_on", "pk"]
    return ["-event_on", "child__last_name", "child__first_name", "pk"]


def figure_list(
    user: AbstractBaseUser,
    scope: Scope,
    within: DateRange,
    only: FigureFilter,
    page_number: str | int | None = None,
) -> FigureList:
    """The events behind one figure: counted whole, listed for the children the user may see.

    Two queries whatever the data: the counts (all, and visible), then one page of rows.
    """
    figure = FIGURES[only.figure]
    events = figure.events(scope, within, only)
    visible = Exists(visible_children(user).filter(pk=OuterRef("child_id")))
    events = events.annotate(visible=visible)
    counts = events.aggregate(
        events=Count("pk"),
        children=Count("child_id", distinct=True),
        visible_events=Count("pk", filter=Q(visible=True)),
        visible_children=Count("child_id", distinct=True, filter=Q(visible=True)),
    )
    listed = events.filter(visible=True).select_related("child").order_by(*_ordering(only))
    paginator = Paginator(listed, LIST_PAGE_SIZE)
    paginator.__dict__["count"] = counts["visible_events"]  # known already: no COUNT query
    page = paginator.get_page(page_number)
    rows = [
        ChildEvent(
            child=row.child,
            event_on=row.event_on,
            team=row.team_name or "",
            what=figure.describe(row),
        )
        for row in page.object_list
    ]
    return FigureList(
        events=counts["events"],
        children=counts["children"],
        hidden_children=counts["children"] - counts["visible_children"],
        page=page,
        rows=rows,
    )
