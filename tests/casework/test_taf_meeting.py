"""Holding a TAF meeting: the meeting, who came and three actions on one page with one save
(issue 4), and every bad input refused with nothing saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.signals import request_started
from django.urls import reverse
from django.utils import timezone

from journey.casework.models import Meeting, MeetingAttendee, Plan, PlanAction
from journey.chronology.models import ChronologyEntry, EntryKind
from tests.casework.helpers import date_fields, error_summary, text_of
from tests.factories import AgencyFactory, WorkerFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
HELD = TODAY() - dt.timedelta(days=7)


def taf_form(
    *,
    held_on: dt.date | None = HELD,
    attendees: list[dict] | None = None,
    actions: list[dict | None] | None = None,
    attendee_rows: int = 5,
    action_rows: int = 4,
    **meeting,
) -> dict:
    """The TAF page as a browser posts it: every row, filled or not. An action row given as
    None is left empty."""
    attendees = (
        attendees
        if attendees is not None
        else [{"name": "Sam Pennington", "role": "Mum"}, {"name": "Ms Cole", "role": "Teacher"}]
    )
    actions = actions if actions is not None else []
    data = {
        **date_fields("held_on", held_on),
        "child_views": "I want mornings to be calmer.",
        "child_views_method": "talking",
        "decisions": "Morning routine support; school breakfast club.",
        "summary": "Attendance 70%; mum keen on help with routines.",
        **date_fields("next_due_on", None),
        "attendees-TOTAL_FORMS": str(attendee_rows),
        "attendees-INITIAL_FORMS": "0",
        "attendees-MIN_NUM_FORMS": "0",
        "attendees-MAX_NUM_FORMS": "40",
        "actions-TOTAL_FORMS": str(action_rows),
        "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "40",
    }
    data.update(meeting)
    for n in range(attendee_rows):
        row = attendees[n] if n < len(attendees) else {}
        data[f"attendees-{n}-name"] = row.get("name", "")
        data[f"attendees-{n}-role"] = row.get("role", "")
        data[f"attendees-{n}-agency"] = row.get("agency", "")
        data[f"attendees-{n}-attended"] = row.get("attended", "yes")
    for n in range(action_rows):
        row = (actions[n] if n < len(actions) else None) or {}
        data[f"actions-{n}-description"] = row.get("description", "")
        data[f"actions-{n}-owner"] = row.get("owner", "")
        data[f"actions-{n}-owner_name"] = row.get("owner_name", "")
        data[f"actions-{n}-agency"] = row.get("agency", "")
        data.update(date_fields(f"actions-{n}-due_on", row.get("due_on")))
    return data


def three_actions(owner) -> list[dict]:
    return [
        {
            "description": "Morning routine chart and reward plan with Oscar",
            "owner": str(owner.pk),
            "due_on": HELD + dt.timedelta(days=14),
        },
        {
            "description": "Oscar joins breakfast club on school days",
            "owner_name": "Ms Cole",
            "agency": str(AgencyFactory(name="Castlegate Academy").pk),
            "due_on": HELD + dt.timedelta(days=7),
        },
        {
            "description": "Mum sets a bedtime alarm and walks Oscar to school",
            "owner_name": "Mum",
            "due_on": HELD + dt.timedelta(days=28),
        },
    ]


def nothing_saved() -> bool:
    return not (
        Meeting.objects.exists()
        or PlanAction.objects.exists()
        or MeetingAttendee.objects.exists()
        or Plan.objects.exists()
        or ChronologyEntry.objects.filter(kind=EntryKind.MEETING).exists()
    )


@pytest.fixture
def url(episode):
    return reverse("hold_taf_meeting", args=[episode.pk])


@pytest.fixture
def posts():
    """Counts the POST requests that reach Journey."""
    seen = []

    def count(sender, environ, **kwargs):
        if environ.get("REQUEST_METHOD") == "POST":
            seen.append(environ["PATH_INFO"])

    request_started.connect(count)
    yield seen
    request_started.disconnect(count)


class TestOnePageOneSave:
    def test_a_meeting_with_three_actions_is_one_page_and_one_save(
        self, practitioner, episode, url, signed_in, posts
    ):
        client = signed_in(practitioner)
        page = client.get(url)
        assert page.status_code == 200
        text = text_of(page)
        for label in ("Date of the meeting", "Attendee 3", "Action 2", "What will be done"):
            assert label in text
        assert "Leave empty for 6 weeks after this meeting" in text

        response = client.post(url, taf_form(actions=three_actions(practitioner)))

        assert len(posts) == 1
        assert response.status_code == 302
        assert response.url == reverse("early_help_plan", args=[episode.pk])
        meeting = Meeting.objects.get()
        assert meeting.kind == Meeting.Kind.TAF and meeting.held_on == HELD
        assert meeting.child_views == "I want mornings to be calmer."
        assert meeting.next_due_on == HELD + dt.timedelta(days=42)  # the default interval
        assert [(a.name, a.role) for a in meeting.attendees.order_by("pk")] == [
            ("Sam Pennington", "Mum"),
            ("Ms Cole", "Teacher"),
        ]
        actions = list(meeting.actions.order_by("pk"))
        assert [a.description[:20] for a in actions] == [
            "Morning routine char",
            "Oscar joins breakfas",
            "Mum sets a bedtime a",
        ]
        assert actions[0].owner == practitioner and actions[0].agency == practitioner.agency
        assert actions[1].owner_name == "Ms Cole" and actions[1].agency.name == "Castlegate Academy"
        assert actions[2].owner_name == "Mum" and actions[2].agency is None
        assert all(a.status == PlanAction.Status.NOT_STARTED for a in actions)
        plan = Plan.objects.get()
        assert plan.review_due_on == meeting.next_due_on and plan.episode == episode

        shown = text_of(client.get(response.url))
        assert "TAF meeting on" in shown and "recorded with 3 actions" in shown
        assert "Mum sets a bedtime alarm" in shown

    def test_a_next_taf_date_given_is_kept(self, practitioner, url, signed_in):
        next_due = HELD + dt.timedelta(days=28)
        signed_in(practitioner).post(
            url, taf_form(**date_fields("next_due_on", next_due), actions=[])
        )
        assert Meeting.objects.get().next_due_on == next_due

    def test_rows_left_empty_are_ignored_wherever_they_are(self, practitioner, url, signed_in):
        first, second, third = three_actions(practitioner)
        data = taf_form(
            attendees=[{}, {"name": "Sam Pennington"}, {}, {"name": "Ms Cole"}],
            actions=[first, None, second],
        )
        assert signed_in(practitioner).post(url, data).status_code == 302
        assert MeetingAttendee.objects.count() == 2
        assert PlanAction.objects.count() == 2

    def test_the_owner_list_is_the_teams_case_holders_and_the_lead_professional(
        self, council, practitioner, external_lead, url, signed_in
    ):
        colleague = WorkerFactory(role="practitioner", team=council.eh_team)
        page = signed_in(practitioner).get(url).content.decode()
        owners = page[
            page.index('name="actions-0-owner"') : page.index('name="actions-0-owner_name"')
        ]
        assert colleague.name in owners and practitioner.name in owners
        assert external_lead.name in owners  # a partner, outside the team, but the lead
        assert council["social_worker"].name not in owners  # another service's worker


class TestBadInput:
    def test_a_due_date_before_the_meeting_is_refused_on_its_row(
        self, practitioner, url, signed_in
    ):
        actions = three_actions(practitioner)
        actions[1]["due_on"] = HELD - dt.timedelta(days=1)
        response = signed_in(practitioner).post(url, taf_form(actions=actions))
        assert response.status_code == 200
        assert error_summary(response) == {
            "Action 2: the due date must be on or after the meeting": "#id_actions-1-due_on_0"
        }
        assert "govuk-input--error" in response.content.decode()
        assert nothing_saved()

    def test_errors_name_the_row_on_the_page_even_after_an_empty_row(
        self, practitioner, url, signed_in
    ):
        first, second, _ = three_actions(practitioner)
        second["due_on"] = HELD - dt.timedelta(days=3)
        response = signed_in(practitioner).post(url, taf_form(actions=[first, None, second]))
        assert error_summary(response) == {
            "Action 3: the due date must be on or after the meeting": "#id_actions-2-due_on_0"
        }
        assert nothing_saved()

    def test_an_action_without_an_owner_is_refused(self, practitioner, url, signed_in):
        actions = three_actions(practitioner)
        actions[1].pop("owner_name")
        response = signed_in(practitioner).post(url, taf_form(actions=actions))
        assert error_summary(response) == {
            "Action 2: choose who owns it, or type their name": "#id_actions-1-owner"
        }
        assert nothing_saved()

    def test_half_an_action_gets_every_missing_part_named(self, practitioner, url, signed_in):
        response = signed_in(practitioner).post(url, taf_form(actions=[{"owner_name": "Mum"}]))
        assert error_summary(response) == {
            "Action 1: say what will be done": "#id_actions-0-description",
            "Action 1: enter the due date": "#id_actions-0-due_on_0",
        }
        assert nothing_saved()

    def test_an_owner_from_the_list_and_a_typed_name_together_are_refused(
        self, practitioner, url, signed_in
    ):
        actions = three_actions(practitioner)
        actions[0]["owner_name"] = "Mum"
        response = signed_in(practitioner).post(url, taf_form(actions=actions))
        assert error_summary(response) == {
            "Action 1: choose someone from the list or type a name, not both": (
                "#id_actions-0-owner_name"
            )
        }
        assert nothing_saved()

    def test_a_meeting_before_the_episode_opened_is_refused(
        self, practitioner, episode, url, signed_in
    ):
        before = episode.started_on - dt.timedelta(days=1)
        response = signed_in(practitioner).post(
            url, taf_form(held_on=before, actions=three_actions(practitioner))
        )
        summary = error_summary(response)
        assert list(summary.values()) == ["#id_held_on_0"]
        assert list(summary)[0].startswith("The meeting cannot be before the episode opened")
        assert nothing_saved()

    def test_a_meeting_in_the_future_is_refused(self, practitioner, url, signed_in):
        response = signed_in(practitioner).post(
            url, taf_form(held_on=TODAY() + dt.timedelta(days=1))
        )
        assert error_summary(response) == {
            "The meeting date must be today or in the past": "#id_held_on_0"
        }
        assert nothing_saved()

    def test_a_meeting_without_attendees_is_refused(self, practitioner, url, signed_in):
        response = signed_in(practitioner).post(
            url, taf_form(attendees=[], actions=three_actions(practitioner))
        )
        assert error_summary(response) == {
            "Attendee 1: record who attended the meeting": "#id_attendees-0-name"
        }
        assert nothing_saved()

    def test_a_meeting_where_everyone_sent_apologies_is_refused(self, practitioner, url, signed_in):
        response = signed_in(practitioner).post(
            url, taf_form(attendees=[{"name": "Ms Cole", "attended": "no"}])
        )
        assert "Attendee 1: record who attended the meeting" in error_summary(response)
        assert nothing_saved()

    def test_an_attendee_row_without_a_name_is_refused_not_dropped(
        self, practitioner, url, signed_in
    ):
        response = signed_in(practitioner).post(
            url, taf_form(attendees=[{"name": "Sam"}, {"role": "Health visitor"}])
        )
        assert error_summary(response) == {"Attendee 2: enter their name": "#id_attendees-1-name"}
        assert nothing_saved()

    def test_a_missing_or_impossible_meeting_date_is_refused(self, practitioner, url, signed_in):
        client = signed_in(practitioner)
        missing = client.post(url, taf_form(held_on=None))
        assert error_summary(missing) == {"Enter the date of the meeting": "#id_held_on_0"}
        impossible = client.post(
            url, {**taf_form(), "held_on_0": "31", "held_on_1": "2", "held_on_2": "2026"}
        )
        assert error_summary(impossible) == {
            "Date of the meeting must be a real date": "#id_held_on_0"
        }
        assert nothing_saved()

    def test_a_next_taf_before_this_one_is_refused(self, practitioner, url, signed_in):
        response = signed_in(practitioner).post(
            url, taf_form(**date_fields("next_due_on", HELD - dt.timedelta(days=1)))
        )
        assert error_summary(response) == {
            "The next TAF must be after this one": "#id_next_due_on_0"
        }
        assert nothing_saved()

    def test_everything_typed_is_still_there_after_an_error(self, practitioner, url, signed_in):
        actions = three_actions(practitioner)
        actions[2]["due_on"] = HELD - dt.timedelta(days=2)
        page = signed_in(practitioner).post(url, taf_form(actions=actions)).content.decode()
        assert "Oscar joins breakfast club on school days" in page
        assert 'value="Sam Pennington"' in page
        assert "I want mornings to be calmer." in page
        assert "– error" in page.split("</title>")[0]

    def test_a_tampered_row_count_is_refused_not_crashed(self, practitioner, url, signed_in):
        data = taf_form(actions=three_actions(practitioner))
        del data["actions-TOTAL_FORMS"]
        response = signed_in(practitioner).post(url, data)
        assert response.status_code == 200
        assert any("ManagementForm" in message for message in error_summary(response))
        assert nothing_saved()


def test_the_error_summary_follows_the_order_of_the_page(practitioner, url, signed_in):
    data = taf_form(
        held_on=None,
        attendees=[{"role": "Mum"}],
        actions=[{"description": "Breakfast club"}],
        next_due_on_0="31",
        next_due_on_1="2",
        next_due_on_2="2027",
    )
    response = signed_in(practitioner).post(url, data)
    assert list(error_summary(response).items()) == [
        ("Enter the date of the meeting", "#id_held_on_0"),
        ("Attendee 1: enter their name", "#id_attendees-0-name"),
        ("Action 1: enter the due date", "#id_actions-0-due_on_0"),
        ("Action 1: choose who owns it, or type their name", "#id_actions-0-owner"),
        ("Date of the next TAF meeting must be a real date", "#id_next_due_on_0"),
    ]
    assert nothing_saved()


def test_a_page_posted_without_attendee_rows_says_who_attended_is_missing(
    practitioner, url, signed_in
):
    response = signed_in(practitioner).post(url, taf_form(attendees=[], attendee_rows=0))
    assert response.status_code == 200
    assert error_summary(response) == {"Record who attended the meeting": ""}
    assert nothing_saved()


# --- fewer steps: what the last meeting left carried forward --------------------------------


class TestCarriedForward:
    def test_the_date_is_today_and_last_meetings_invitees_are_listed(
        self, practitioner, episode, url, signed_in
    ):
        from tests.casework.conftest import hold_taf

        hold_taf(episode, practitioner, actions=0)
        page = signed_in(practitioner).get(url)
        form = page.context["form"]
        assert form.initial["held_on"] == TODAY()
        attendees = page.context["attendees"]
        assert [row.initial["name"] for row in attendees.forms if row.initial] == ["Sam Pennington"]
        assert len(attendees.forms) == 2, "the carried row and one empty one"
        assert 'value="Sam Pennington"' in page.content.decode()

    def test_open_actions_are_updated_at_the_meeting_in_the_same_save(
        self, practitioner, episode, url, signed_in
    ):
        from tests.casework.conftest import hold_taf

        first = hold_taf(episode, practitioner, actions=2, held_on=HELD - dt.timedelta(days=30))
        done, untouched = first.actions.order_by("pk")
        data = taf_form(actions=[])
        data[f"update-{done.pk}-status"] = PlanAction.Status.DONE
        data[f"update-{done.pk}-note"] = "Breakfast club every day for three weeks."
        data[f"update-{untouched.pk}-status"] = untouched.status
        response = signed_in(practitioner).post(url, data)
        assert response.status_code == 302
        done.refresh_from_db()
        untouched.refresh_from_db()
        assert done.status == PlanAction.Status.DONE
        (progress,) = done.progress.all()
        assert progress.noted_on == HELD and "three weeks" in progress.note
        assert not untouched.progress.exists() and untouched.status == "not_started"
        entry = ChronologyEntry.objects.filter(kind=EntryKind.MEETING).latest("occurred_at")
        assert "1 open action updated." in entry.summary

    def test_a_status_changed_without_saying_why_is_refused(
        self, practitioner, episode, url, signed_in
    ):
        from tests.casework.conftest import hold_taf

        first = hold_taf(episode, practitioner, actions=1, held_on=HELD - dt.timedelta(days=30))
        (action,) = first.actions.all()
        data = taf_form(actions=[])
        data[f"update-{action.pk}-status"] = PlanAction.Status.WITHDRAWN
        response = signed_in(practitioner).post(url, data)
        assert response.status_code == 200
        summary = error_summary(response)
        assert summary["Say what has happened on “Action number 1”"] == (
            f"#id_update-{action.pk}-note"
        )
        assert Meeting.objects.count() == 1 and not action.progress.exists()


class TestTheChildsViews:
    def test_are_required(self, practitioner, url, signed_in):
        response = signed_in(practitioner).post(
            url, taf_form(child_views="", child_views_method="")
        )
        message = "Select how the child's views were obtained, or “Not obtained” and say why"
        assert error_summary(response)[message] == "#id_child_views_method_0"
        assert nothing_saved()

    def test_views_without_how_they_were_obtained_are_refused(self, practitioner, url, signed_in):
        response = signed_in(practitioner).post(url, taf_form(child_views_method="not_obtained"))
        summary = error_summary(response)
        assert (
            summary[
                "Say why the child's views were not obtained, for example a baby, or the "
                "child did not want to take part"
            ]
            == "#id_child_views_not_obtained"
        )
        assert any("remove their views" in message for message in summary)
        assert nothing_saved()

    def test_or_why_they_were_not_sought(self, practitioner, url, signed_in):
        data = taf_form(
            child_views="",
            child_views_method="not_obtained",
            child_views_not_obtained="Oscar was in hospital that week",
        )
        assert signed_in(practitioner).post(url, data).status_code == 302
        meeting = Meeting.objects.get()
        assert meeting.child_views == "" and "hospital" in meeting.child_views_not_obtained
        entry = ChronologyEntry.objects.get(kind=EntryKind.MEETING)
        assert "Child's views not obtained: Oscar was in hospital" in entry.summary
