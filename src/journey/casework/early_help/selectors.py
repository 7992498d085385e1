"""Reads for the early help pages, shaped per screen in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.db.models import F, Prefetch, Q, QuerySet

from journey.cases.models import Episode
from journey.casework.models import (
    ActionProgress,
    Assessment,
    Meeting,
    MeetingAttendee,
    Plan,
    PlanAction,
)
from journey.people.models import Agency, HouseholdMember
from journey.people.network.selectors import network_names
from journey.workforce.models import CASE_HOLDING_ROLES, Worker


def latest_caf(episode: Episode) -> Assessment | None:
    """The CAF being written (a draft) if there is one, otherwise the latest completed."""
    return (
        episode.assessments.filter(kind=Assessment.Kind.CAF)
        .select_related("recorded_by")
        .order_by(F("completed_on").asc(nulls_first=True), "-started_on", "-pk")
        .first()
    )


def action_owners(episode: Episode) -> dict[str, Worker]:
    """Who may own an action, by id: the team's case holders and whoever holds the work now
    (the lead professional may be a partner's, outside the team)."""
    workers = (
        Worker.objects.active()
        .filter(
            Q(role__in=CASE_HOLDING_ROLES, team_id=episode.team_id)
            | Q(allocations__episode=episode, allocations__ended_on__isnull=True)
        )
        .select_related("user", "agency")
        .distinct()
        .order_by("user__first_name", "user__last_name", "pk")
    )
    return {str(worker.pk): worker for worker in workers}


def agencies() -> dict[str, Agency]:
    return {str(a.pk): a for a in Agency.objects.filter(is_active=True).order_by("name")}


def _actions() -> Prefetch[Literal["actions"], QuerySet[PlanAction], Literal["all_actions"]]:
    return Prefetch(
        "actions",
        queryset=PlanAction.objects.select_related("owner__user", "agency", "meeting")
        .prefetch_related(
            Prefetch(
                "progress",
                queryset=ActionProgress.objects.select_related("recorded_by").order_by(
                    "noted_on", "pk"
                ),
            )
        )
        .order_by("due_on", "pk"),
        to_attr="all_actions",
    )


def early_help_plan(episode: Episode, today: dt.date) -> dict:
    """The plan page: the current (or, once closed, the last) early help plan, its actions with
    their progress, and the TAF meetings. The query count does not grow with the actions."""
    plan = (
        episode.plans.filter(kind=Plan.Kind.EARLY_HELP)
        .prefetch_related(_actions())
        .order_by(F("ended_on").desc(nulls_first=True), "-started_on", "-pk")
        .first()
    )
    actions = plan.all_actions if plan else []
    overdue_count = 0
    for action in actions:
        is_overdue = action.is_open and action.due_on < today
        # A display flag for casework/_status_tag.html; PlanAction declares no such field.
        action.is_overdue = is_overdue  # type: ignore[attr-defined]
        overdue_count += is_overdue
    meetings = list(
        episode.meetings.filter(kind=Meeting.Kind.TAF)
        .prefetch_related(
            Prefetch(
                "attendees",
                queryset=MeetingAttendee.objects.select_related("agency").order_by(
                    "-attended", "pk"
                ),
                to_attr="all_attendees",
            )
        )
        .order_by("-held_on", "-pk")
    )
    return {
        "plan": plan,
        "open_actions": [a for a in actions if a.is_open],
        "finished_actions": [a for a in actions if not a.is_open],
        "overdue_count": overdue_count,
        "meetings": meetings,
        "last_meeting": meetings[0] if meetings else None,
        "caf": latest_caf(episode),
    }


def action_with_progress(episode: Episode, action_id: int) -> PlanAction | None:
    return (
        PlanAction.objects.filter(pk=action_id, plan__episode=episode)
        .select_related("owner__user", "agency", "plan")
        .prefetch_related(
            Prefetch(
                "progress",
                queryset=ActionProgress.objects.select_related("recorded_by").order_by(
                    "noted_on", "pk"
                ),
            )
        )
        .first()
    )


def open_actions(episode: Episode) -> list[PlanAction]:
    return list(
        PlanAction.objects.filter(plan__episode=episode, status__in=PlanAction.OPEN)
        .select_related("owner__user", "owner__agency", "agency", "plan")
        .order_by("due_on", "pk")
    )


def last_attendees(episode: Episode) -> list[dict]:
    """Who was invited to the last TAF, as the rows of the next one (all marked attended)."""
    last = episode.meetings.filter(kind=Meeting.Kind.TAF).order_by("-held_on", "-pk").first()
    if last is None:
        return []
    return [
        {"name": a.name, "role": a.role, "agency": str(a.agency_id or ""), "attended": "yes"}
        for a in last.attendees.order_by("pk")
    ]


def people_to_invite(episode: Episode) -> list[str]:
    """Names a TAF's attendees are picked from: the child's household and professional
    network (two queries)."""
    households = HouseholdMember.objects.filter(
        person_id=episode.child_id, left_on__isnull=True
    ).values("household_id")
    members = (
        HouseholdMember.objects.filter(household_id__in=households, left_on__isnull=True)
        .select_related("person")
        .order_by("person__date_of_birth")
    )
    return sorted({m.person.full_name for m in members} | set(network_names([episode.child_id])))
