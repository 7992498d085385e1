"""The panels' pages read from here: the list of panels, one panel with its attendees and
case list, the panels open for new cases and the chairs to choose from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from django.contrib.auth.models import User
from django.db.models import Count, Prefetch, Q, QuerySet

from journey.access.rules import visible_children
from journey.casework.models import (
    Panel,
    PanelAttendee,
    PanelCase,
)
from journey.workforce.models import CASE_HOLDING_ROLES, MANAGER_ROLES, Worker

#: How far ahead a panel may be scheduled.
SCHEDULE_AHEAD = dt.timedelta(days=365)
#: A case may still be added to a panel that sat this recently (recorded after the event).
BRING_AFTER = dt.timedelta(days=28)
#: Who may chair a panel: council managers and case holders.
CHAIR_ROLES = MANAGER_ROLES | CASE_HOLDING_ROLES


@dataclass
class PanelPage:
    panel: Panel
    attendees: list[PanelAttendee]
    agencies: list[str]
    cases: list[PanelCase]
    visible_ids: set[int]

    @property
    def outstanding(self) -> int:
        return sum(1 for case in self.cases if not case.is_decided)


def panel_cases() -> Prefetch[Literal["cases"], QuerySet[PanelCase], Literal["case_list"]]:
    return Prefetch(
        "cases",
        queryset=PanelCase.objects.select_related(
            "child", "episode", "brought_by__user", "decided_by__user", "decision_recorded_by"
        ).order_by("brought_at", "pk"),
        to_attr="case_list",
    )


def panel_attendees() -> Prefetch[
    Literal["attendees"], QuerySet[PanelAttendee], Literal["attendee_list"]
]:
    return Prefetch(
        "attendees",
        queryset=PanelAttendee.objects.select_related("agency").order_by("-attended", "pk"),
        to_attr="attendee_list",
    )


def panel_page(panel_id: int, user: User) -> PanelPage | None:
    """The panel, who came, and its case list, in a fixed number of queries whatever its size.
    `visible_ids` are the children on the list this user may see; the rest stay unnamed."""
    panel = (
        Panel.objects.filter(pk=panel_id)
        .select_related("chair__user", "recorded_by")
        .prefetch_related(panel_attendees(), panel_cases())
        .first()
    )
    if panel is None:
        return None
    child_ids = [case.child_id for case in panel.case_list]
    visible = visible_children(user).filter(pk__in=child_ids).values_list("pk", flat=True)
    agencies = sorted({str(a.agency) for a in panel.attendee_list if a.agency_id and a.attended})
    return PanelPage(
        panel=panel,
        attendees=panel.attendee_list,
        agencies=agencies,
        cases=panel.case_list,
        visible_ids=set(visible) if child_ids else set(),
    )


def _with_counts(panels: QuerySet[Panel]) -> QuerySet[Panel]:
    return panels.select_related("chair__user").annotate(
        case_count=Count("cases"), outstanding=Count("cases", filter=Q(cases__outcome=""))
    )


def panel_list(*, today: dt.date, kind: str = "") -> dict:
    """Upcoming panels (soonest first) and past ones (latest first), with their counts."""
    panels = Panel.objects.all()
    if kind:
        panels = panels.filter(kind=kind)
    return {
        "upcoming": list(_with_counts(panels.filter(held_on__gt=today)).order_by("held_on", "pk")),
        "past": _with_counts(panels.filter(held_on__lte=today)).order_by("-held_on", "-pk"),
    }


def panels_open_for_cases(today: dt.date) -> list[Panel]:
    """The panels a case can be brought to: upcoming ones and those that sat recently."""
    return list(
        Panel.objects.filter(held_on__gte=today - BRING_AFTER)
        .select_related("chair__user")
        .order_by("held_on", "kind", "pk")
    )


def panel_case(panel_id: int, case_id: int) -> PanelCase | None:
    return (
        PanelCase.objects.filter(pk=case_id, panel_id=panel_id)
        .select_related("panel__chair__user", "child", "episode", "brought_by__user")
        .first()
    )


def panel_chairs() -> dict[str, Worker]:
    """Who may chair a panel, by id."""
    workers = (
        Worker.objects.active()
        .filter(role__in=CHAIR_ROLES)
        .select_related("user", "team")
        .order_by("user__first_name", "user__last_name", "pk")
    )
    return {str(worker.pk): worker for worker in workers}
