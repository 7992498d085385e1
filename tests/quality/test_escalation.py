"""Escalation of audit actions not done by their due date, with explicit dates: the day after
the due date to the team manager, 14 days later to the head of service, 14 more to the assistant
director. Each step is a dated row on the action's trail; running again adds nothing."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from journey.quality import followup
from journey.quality.followup import escalate_overdue_actions, level_due, step_date
from journey.quality.models import AuditAction, EscalationEvent, EscalationLevel
from tests.quality.conftest import today

pytestmark = pytest.mark.django_db

DUE = dt.date(2026, 3, 2)


@pytest.mark.parametrize(
    ("day", "level"),
    [
        (DUE, 0),
        (DUE + dt.timedelta(days=1), 1),
        (DUE + dt.timedelta(days=14), 1),
        (DUE + dt.timedelta(days=15), 2),
        (DUE + dt.timedelta(days=28), 2),
        (DUE + dt.timedelta(days=29), 3),
        (DUE + dt.timedelta(days=400), 3),
    ],
)
def test_the_step_an_action_has_reached(day, level):
    assert level_due(DUE, day, 14) == level


def test_each_step_is_dated_the_day_it_fell_due():
    assert [step_date(DUE, level, 14) for level in (1, 2, 3)] == [
        dt.date(2026, 3, 3),
        dt.date(2026, 3, 17),
        dt.date(2026, 3, 31),
    ]


def trail(action: AuditAction) -> list[tuple]:
    return list(
        action.escalations.order_by("level").values_list("level", "escalated_to", "escalated_on")
    )


def test_an_overdue_action_climbs_the_management_line(audit, council):
    action = audit.actions.get()
    due = action.due_on
    assert escalate_overdue_actions(due) == []

    escalate_overdue_actions(due + dt.timedelta(days=1))
    manager = council["team_manager"]
    assert trail(action) == [(1, manager.pk, due + dt.timedelta(days=1))]
    assert escalate_overdue_actions(due + dt.timedelta(days=1)) == []  # idempotent

    # The job did not run for a month: it catches up, each step with the day it fell due.
    escalate_overdue_actions(due + dt.timedelta(days=40))
    head, director = council["head_of_service"], council["assistant_director"]
    assert trail(action) == [
        (1, manager.pk, due + dt.timedelta(days=1)),
        (2, head.pk, due + dt.timedelta(days=15)),
        (3, director.pk, due + dt.timedelta(days=29)),
    ]
    action.refresh_from_db()
    assert action.escalation_level == EscalationLevel.ASSISTANT_DIRECTOR
    assert escalate_overdue_actions(due + dt.timedelta(days=90)) == []
    assert action.history.count() == 3  # created, then raised twice: every change kept


def test_the_interval_between_steps_is_a_setting(audit, council, settings):
    settings.JOURNEY_AUDIT_ESCALATION_DAYS = 7
    action = audit.actions.get()
    escalate_overdue_actions(action.due_on + dt.timedelta(days=8))
    assert [level for level, _, _ in trail(action)] == [1, 2]


def test_a_done_action_stops_escalating(audit, council):
    action = audit.actions.get()
    escalate_overdue_actions(action.due_on + dt.timedelta(days=1))
    followup.record_action_done(
        action,
        worker=council["social_worker"],
        what_was_done="The plan now has dates, owners and the child's own words in it.",
        done_on=today(),
    )
    escalate_overdue_actions(action.due_on + dt.timedelta(days=60))
    assert [level for level, _, _ in trail(action)] == [1]


def test_a_step_with_nobody_in_post_is_still_on_the_trail(audit, council):
    council["head_of_service"].is_active = False
    council["head_of_service"].save()
    action = audit.actions.get()
    escalate_overdue_actions(action.due_on + dt.timedelta(days=20))
    event = EscalationEvent.objects.get(action=action, level=2)
    assert event.escalated_to is None
    assert event.note == "Nobody is in post as head of service"


def test_the_daily_command_takes_a_date(audit):
    action = audit.actions.get()
    out = StringIO()
    day = action.due_on + dt.timedelta(days=15)
    call_command("escalate_audit_actions", "--date", day.isoformat(), stdout=out)
    assert f"2 escalation steps as of {day}" in out.getvalue()
    call_command("escalate_audit_actions", "--date", day.isoformat(), stdout=out)
    assert f"0 escalation steps as of {day}" in out.getvalue()
