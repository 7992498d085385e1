"""R4 services: CAF, TAF with SMART actions, progress, closure; refusals save nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from journey.casework.early_help.services import (
    ActionInput,
    AttendeeInput,
    CafInput,
    close_early_help,
    hold_taf_meeting,
    record_action_progress,
    save_caf_assessment,
)
from journey.casework.models import Meeting, PlanAction
from journey.chronology.models import ChronologyEntry, EntryKind
from tests.factories import views_of

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def actions(worker, n=3, due=None):
    due = due or TODAY() + dt.timedelta(days=21)
    return [
        ActionInput(description=f"Action {i}: book the GP appointment", owner=worker, due_on=due)
        for i in range(n)
    ]


def taf(episode, worker, **kw):
    base = {
        "held_on": TODAY() - dt.timedelta(days=1),
        "by": worker.user,
        "attendees": [AttendeeInput(name="Mum", role="Parent"), AttendeeInput(name="Ms Lee")],
        "actions": actions(worker),
        "views": views_of("Oscar said he wants to get to school on time."),
    }
    return hold_taf_meeting(episode, **{**base, **kw})


def test_a_taf_with_three_actions_is_one_call_and_one_chronology_entry(council, eh_child):
    episode = eh_child.episodes.get()
    worker = council["practitioner"]
    meeting = taf(episode, worker)
    assert meeting.attendees.count() == 2
    assert PlanAction.objects.filter(meeting=meeting).count() == 3
    plan = meeting.actions.first().plan
    assert plan.review_due_on == meeting.next_due_on == meeting.held_on + dt.timedelta(days=42)
    entry = ChronologyEntry.objects.get(child=eh_child, kind=EntryKind.MEETING)
    assert "3 actions agreed" in entry.summary and "Oscar said" in entry.summary


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"actions": "due_before"}, "actions-0-due_on", "on or after the meeting"),
        ({"actions": "no_owner"}, "actions-0-owner", "choose who owns it"),
        ({"held_on": "before_episode"}, "held_on", "cannot be before the episode opened"),
        ({"attendees": []}, "attendees", "Record who attended"),
    ],
)
def test_bad_taf_input_is_refused_and_nothing_is_saved(council, eh_child, change, field, message):
    episode = eh_child.episodes.get()
    worker = council["practitioner"]
    kwargs = {}
    if change.get("actions") == "due_before":
        kwargs["actions"] = actions(worker, due=TODAY() - dt.timedelta(days=30))
    elif change.get("actions") == "no_owner":
        kwargs["actions"] = [ActionInput(description="Something", owner=None, due_on=TODAY())]
    elif change.get("held_on"):
        kwargs["held_on"] = episode.started_on - dt.timedelta(days=1)
    else:
        kwargs.update(change)
    with pytest.raises(ValidationError) as error:
        taf(episode, worker, **kwargs)
    assert message in error.value.message_dict[field][0]
    assert not Meeting.objects.exists() and not PlanAction.objects.exists()


def test_a_caf_is_a_draft_until_completed_with_the_childs_views(council, eh_child):
    episode = eh_child.episodes.get()
    user = council["practitioner"].user
    draft = save_caf_assessment(episode, CafInput(started_on=TODAY()), by=user)
    assert draft.is_draft
    with pytest.raises(ValidationError) as error:
        save_caf_assessment(
            episode, CafInput(started_on=TODAY()), by=user, complete=True, assessment=draft
        )
    assert {"child_views_method", "parent_views", "analysis", "areas"} <= set(
        error.value.message_dict
    )
    done = save_caf_assessment(
        episode,
        CafInput(
            started_on=TODAY(),
            views=views_of("I want my mum to be less tired.", parents="We need routines."),
            analysis="Needs are across school and home.",
            areas={"development": {"strengths": "Loves football", "needs": "Attendance 80%"}},
        ),
        by=user,
        complete=True,
        assessment=draft,
    )
    assert not done.is_draft
    with pytest.raises(ValidationError):
        save_caf_assessment(episode, CafInput(started_on=TODAY()), by=user, assessment=done)
    titles = list(
        ChronologyEntry.objects.filter(child=eh_child, kind=EntryKind.ASSESSMENT).values_list(
            "title", flat=True
        )
    )
    assert "Early help assessment (CAF) completed" in titles


def test_progress_notes_move_an_action_and_land_on_the_chronology(council, eh_child):
    worker = council["practitioner"]
    meeting = taf(eh_child.episodes.get(), worker)
    action = meeting.actions.first()
    record_action_progress(
        action, note="GP booked for Tuesday", status="in_progress", by=worker.user
    )
    action.refresh_from_db()
    assert action.status == PlanAction.Status.IN_PROGRESS
    assert action.progress.get().note == "GP booked for Tuesday"
    assert ChronologyEntry.objects.filter(
        child=eh_child, title__startswith="Action update"
    ).exists()
    with pytest.raises(ValidationError):
        record_action_progress(action, note="  ", status="done", by=worker.user)


def test_closing_with_open_actions_needs_to_say_what_happens_to_them(council, eh_child):
    episode = eh_child.episodes.get()
    worker = council["practitioner"]
    taf(episode, worker)
    closing = {
        "ended_on": TODAY(),
        "reason": "EH1",
        "outcome": "Attendance back to 95%",
        "family_feedback": "Mum said the help made mornings calmer",
        "next_step": "Universal services; school keeps an eye",
        "by": worker.user,
    }
    with pytest.raises(ValidationError) as error:
        close_early_help(episode, **closing)
    assert "3 actions are still open" in error.value.message_dict["open_actions_note"][0]
    episode.refresh_from_db()
    assert episode.is_open
    close_early_help(episode, open_actions_note="School will follow up", **closing)
    episode.refresh_from_db()
    assert not episode.is_open and episode.family_feedback.startswith("Mum said")
    assert not PlanAction.objects.filter(status__in=PlanAction.OPEN).exists()
    assert (
        "Outcome: Attendance back to 95%"
        in ChronologyEntry.objects.get(child=eh_child, kind=EntryKind.EPISODE_CLOSED).summary
    )
