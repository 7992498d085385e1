"""Panels (R3): the Multi-Agency Support Panel and the Practitioners Forum for "stuck" cases.

A panel is scheduled (or recorded after it sat) with the people and agencies invited; workers
bring children's cases to it with the question for the panel; once it has sat, the decision for
each case is recorded against that child and written to their chronology. Every write is one
transaction; `now` lets the demo council record as of its own "today".
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from journey.cases.models import Episode
from journey.casework.early_help.services import AttendeeInput
from journey.casework.models import (
    SIGNIFICANT_PANEL_OUTCOMES,
    Panel,
    PanelAttendee,
    PanelCase,
    PanelOutcome,
)
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.chronology.services import build_entry, start_of
from journey.core.services import check_code, check_rationale
from journey.core.templatetags.govuk import govuk_date as _long
from journey.core.views_of_child import ViewsInput, check_views, set_views, views_summary
from journey.people.models import Person
from journey.workforce.models import CASE_HOLDING_ROLES, MANAGER_ROLES, Worker

#: How far ahead a panel may be scheduled.
SCHEDULE_AHEAD = dt.timedelta(days=365)
#: A case may still be added to a panel that sat this recently (recorded after the event).
BRING_AFTER = dt.timedelta(days=28)
#: Who may chair a panel: council managers and case holders.
CHAIR_ROLES = MANAGER_ROLES | CASE_HOLDING_ROLES


def _today(now: dt.datetime | None) -> dt.date:
    return timezone.localdate(now) if now else timezone.localdate()


# --- Scheduling a panel ----------------------------------------------------------------------


def _check_chair(chair: Worker | None) -> Worker:
    if chair is None:
        raise ValidationError({"chair": "Select who chairs the panel"})
    if not chair.is_active or chair.is_external or chair.role not in CHAIR_ROLES:
        raise ValidationError(
            {"chair": "Select a chair from the list: a council manager or case holder"}
        )
    return chair


def _check_attendees(attendees: list[AttendeeInput]) -> list[AttendeeInput]:
    named = [a for a in attendees if a.name.strip()]
    if not named:
        raise ValidationError({"attendees": "Add at least one person invited to the panel"})
    if not any(a.agency is not None for a in named):
        raise ValidationError(
            {"attendees": "Select the agency of at least one attendee: a panel is multi-agency"}
        )
    return named


def _check_panel_date(held_on: dt.date | None, today: dt.date) -> dt.date:
    if held_on is None:
        raise ValidationError({"held_on": "Enter the date of the panel"})
    latest = today + SCHEDULE_AHEAD
    if held_on > latest:
        raise ValidationError(
            {"held_on": f"The date of the panel must be no later than {_long(latest)}"}
        )
    return held_on


@transaction.atomic
def schedule_panel(
    *,
    kind: str,
    held_on: dt.date | None,
    chair: Worker | None,
    attendees: list[AttendeeInput],
    by: User,
    notes: str = "",
    now: dt.datetime | None = None,
) -> Panel:
    """A panel sitting with who is invited, scheduled ahead (up to a year) or recorded after."""
    check_code(kind, Panel.Kind, "kind", "kind of panel")
    held_on = _check_panel_date(held_on, _today(now))
    chair = _check_chair(chair)
    named = _check_attendees(attendees)
    if Panel.objects.filter(kind=kind, held_on=held_on, chair=chair).exists():
        raise ValidationError(
            {
                "held_on": f"A {Panel.Kind(kind).label} on {_long(held_on)} chaired by {chair} is "
                "already recorded: open it from the list of panels"
            }
        )
    panel = Panel.objects.create(
        kind=kind,
        held_on=held_on,
        chair=chair,
        notes=notes.strip(),
        recorded_by=by,
        recorded_at=now or timezone.now(),
    )
    for attendee in named:
        PanelAttendee.objects.create(
            panel=panel,
            name=attendee.name.strip(),
            role=attendee.role.strip(),
            agency=attendee.agency,
            attended=attendee.attended,
        )
    return panel


# --- Bringing a child's case -----------------------------------------------------------------


def open_work_on(child: Person, day: dt.date) -> Episode | None:
    """The child's work open on that day, the latest started if more than one."""
    return (
        Episode.objects.filter(child=child, started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .order_by("-started_on", "-pk")
        .first()
    )


def brought_entry(case: PanelCase, recorded_by: User) -> ChronologyEntry:
    panel = case.panel
    return build_entry(
        child_id=case.child_id,
        episode_id=case.episode_id,
        kind=EntryKind.PANEL,
        title=f"Brought to the {panel.get_kind_display()} of {_long(panel.held_on)}",
        summary="\n".join(
            part
            for part in (f"Brought by {case.brought_by}: {case.reason}", views_summary(case))
            if part
        ),
        occurred_at=case.brought_at,
        source=case,
        recorded_by=recorded_by,
        recorded_at=case.brought_at,
    )


@transaction.atomic
def bring_case(
    *,
    panel: Panel | None,
    child: Person,
    reason: str,
    brought_by: Worker,
    by: User,
    views: ViewsInput | None = None,
    now: dt.datetime | None = None,
) -> PanelCase:
    """Put a child's case on a panel's list, with why it is brought, the question asked and what
    the child and parents want the panel to know."""
    now = now or timezone.now()
    today = _today(now)
    if panel is None:
        raise ValidationError({"panel": "Select the panel to bring the case to"})
    panel = Panel.objects.select_for_update().get(pk=panel.pk)
    if panel.held_on < today - BRING_AFTER:
        raise ValidationError(
            {
                "panel": f"The {panel} sat more than {BRING_AFTER.days} days ago: "
                "select an upcoming or recent panel"
            }
        )
    if not child.is_child:
        raise ValidationError({"__all__": "Only a child's case can be brought to a panel"})
    reason = check_rationale(reason, "reason", "reason for bringing the case")
    views = check_views(views or ViewsInput())
    if PanelCase.objects.filter(panel=panel, child=child).exists():
        raise ValidationError(
            {"panel": f"{child.full_name} is already on the case list for the {panel}"}
        )
    try:
        with transaction.atomic():
            case = PanelCase(
                panel=panel,
                child=child,
                episode=open_work_on(child, today),
                brought_by=brought_by,
                brought_at=now,
                reason=reason,
            )
            set_views(case, views)
            case.save()
    except IntegrityError as error:  # two saves at once: the constraint is the last word
        raise ValidationError(
            {"panel": f"{child.full_name} is already on the case list for the {panel}"}
        ) from error
    brought_entry(case, by).save()
    return case


# --- The decision for a case -----------------------------------------------------------------


def decision_entry(case: PanelCase) -> ChronologyEntry:
    panel = case.panel
    assert case.decided_on is not None  # only a decided case has this entry
    summary = "\n".join(
        part
        for part in (
            f"Question for the panel: {case.reason}",
            f"Decision: {case.decision}",
            f"Actions agreed: {case.actions}" if case.actions else "",
            f"Decided by {case.decided_by} ({panel.get_kind_display()} chair)",
        )
        if part
    )
    return build_entry(
        child_id=case.child_id,
        episode_id=case.episode_id,
        kind=EntryKind.PANEL,
        title=f"{panel.get_kind_display()}: {case.get_outcome_display()}",
        summary=summary,
        occurred_at=start_of(case.decided_on),
        source=case,
        recorded_by=case.decision_recorded_by,
        recorded_at=case.decision_recorded_at,
        is_significant=case.outcome in SIGNIFICANT_PANEL_OUTCOMES,
    )


def _check_decision_date(decided_on: dt.date, panel: Panel, today: dt.date) -> None:
    if decided_on < panel.held_on:
        raise ValidationError(
            {
                "decided_on": f"The date of the decision must be on or after the panel "
                f"({_long(panel.held_on)})"
            }
        )
    if decided_on > today:
        raise ValidationError(
            {"decided_on": "The date of the decision must be today or in the past"}
        )


@transaction.atomic
def record_decision(
    case: PanelCase,
    *,
    outcome: str,
    decision: str,
    by: User,
    actions: str = "",
    decided_on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> PanelCase:
    """The panel's decision for one child, once the panel has sat, made by its chair. A decision
    is recorded once: a later panel can revisit the case."""
    now = now or timezone.now()
    today = _today(now)
    case = (
        PanelCase.objects.select_for_update().select_related("panel__chair__user").get(pk=case.pk)
    )
    panel = case.panel
    if panel.held_on > today:
        raise ValidationError(
            {
                "__all__": f"This panel sits on {_long(panel.held_on)}: record its decisions on "
                "or after that day"
            }
        )
    if case.is_decided:
        raise ValidationError(
            {
                "__all__": f"The panel's decision for this case is already recorded "
                f"({case.get_outcome_display().lower()}, {_long(case.decided_on)})"
            }
        )
    check_code(outcome, PanelOutcome, "outcome", "decision of the panel")
    decision = check_rationale(decision, "decision", "panel's decision")
    decided_on = decided_on or panel.held_on
    _check_decision_date(decided_on, panel, today)
    case.outcome = outcome
    case.decision = decision
    case.actions = actions.strip()
    case.decided_by = panel.chair
    case.decided_on = decided_on
    case.decision_recorded_by = by
    case.decision_recorded_at = now
    case.save()
    decision_entry(case).save()
    return case
