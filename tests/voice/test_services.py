"""The participation register and "you said, we did": bad input is refused with a message naming
the field, nothing half-saved; a new rating supersedes the earlier one and both stay."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from journey.voice.participation import services as participation
from journey.voice.participation.models import ParticipationActivity, ParticipationRating
from journey.voice.participation.quarters import Quarter
from journey.voice.participation.selectors import history, register
from journey.voice.you_said import services as you_said
from journey.voice.you_said.models import YouSaidIssue
from tests.voice.conftest import activity, days_ago, issue, rate, respond

pytestmark = pytest.mark.django_db


def test_a_rating_without_evidence_is_refused_and_nothing_is_saved(council, quarter):
    with pytest.raises(ValidationError) as error:
        rate(council, council.eh_team, quarter, 6, evidence="  ")
    assert "evidence" in error.value.message_dict
    assert "without evidence" in error.value.message_dict["evidence"][0]
    assert not ParticipationRating.objects.exists()


def test_a_rating_names_one_team_or_service_a_rung_and_a_started_quarter(council):
    future = Quarter.of(timezone.localdate()).next
    data = participation.RatingInput(None, None, future, 9, "x" * 40)
    with pytest.raises(ValidationError) as error:
        participation.rate(data, by=council["participation_officer"].user)
    assert set(error.value.message_dict) == {"unit", "quarter", "rung"}


def test_a_new_rating_supersedes_the_earlier_one_with_a_reason_and_both_stay(council, quarter):
    first = rate(council, council.eh_team, quarter, 4)
    with pytest.raises(ValidationError) as error:
        rate(council, council.eh_team, quarter, 6)
    assert "reason" in error.value.message_dict
    assert "rung 4" in error.value.message_dict["reason"][0]
    second = rate(council, council.eh_team, quarter, 6, reason="The panel's minutes came late.")
    first.refresh_from_db()
    assert not first.is_current and first.rung == 4 and first.evidence
    assert second.is_current and second.supersedes == first
    shown = history(team=council.eh_team)
    assert [r.pk for r in shown.ratings] == [second.pk, first.pk]
    cells = {row.name: row.cells[-2] for row in register(timezone.localdate()).rows}
    assert cells[council.eh_team.name].rating == second
    assert not cells[council.eh_team.name].below_target


def test_the_register_flags_a_team_below_the_target(council, quarter):
    rate(council, council.sc_team, quarter, 3)
    rows = {row.name: row for row in register(timezone.localdate()).rows}
    assert rows[council.sc_team.name].cells[-2].below_target
    assert rows[council.sc_team.name].latest.rung == 3


def test_an_activity_counts_who_took_part_and_names_only_with_consent(council):
    with pytest.raises(ValidationError) as error:
        activity(council, council.eh_team, days_ago(3), names="Amira, Josh")
    assert "consent" in error.value.message_dict["names"][0]
    with pytest.raises(ValidationError) as error:
        activity(council, council.eh_team, days_ago(3), ages=(0, 0, 0, 0))
    assert "how many" in error.value.message_dict["aged_under_11"][0]
    with pytest.raises(ValidationError) as error:
        activity(council, council.eh_team, timezone.localdate() + dt.timedelta(days=2))
    assert "held_on" in error.value.message_dict
    assert not ParticipationActivity.objects.exists()
    done = activity(
        council, council.eh_team, days_ago(3), names="Amira, Josh", consent_recorded=True
    )
    assert done.young_people == 10 and done.names == "Amira, Josh"


def test_a_response_without_an_owner_is_refused_and_nothing_is_saved(council):
    item = issue(council, days_ago(20))
    data = you_said.ResponseInput("We asked the school nurse to run a drop-in.", days_ago(5), None)
    with pytest.raises(ValidationError) as error:
        you_said.respond(item, data, by=council["participation_officer"].user)
    assert "without an owner" in error.value.message_dict["owner"][0]
    item.refresh_from_db()
    assert item.responded_on is None and item.response == ""


def test_a_response_keeps_its_history_and_may_be_published(council):
    item = issue(council, days_ago(20))
    assert item.respond_by == days_ago(20) + dt.timedelta(days=you_said.RESPONSE_DAYS)
    respond(council, item, days_ago(10))
    respond(
        council,
        item,
        days_ago(10),
        changed="A weekly drop-in with the school nurse",
        changed_on=days_ago(2),
        published=True,
    )
    item.refresh_from_db()
    assert item.published and item.owner == council["head_of_service"]
    assert item.history.count() == 3


def test_an_issue_needs_what_was_said_who_raised_it_and_a_past_date(council):
    data = you_said.IssueInput("", "", timezone.localdate() + dt.timedelta(days=2))
    with pytest.raises(ValidationError) as error:
        you_said.record_issue(data, by=council["participation_officer"].user)
    assert set(error.value.message_dict) == {"raised", "raised_by", "raised_on"}
    assert not YouSaidIssue.objects.exists()


def test_a_response_cannot_come_before_the_issue_or_a_change_without_its_date(council):
    item = issue(council, days_ago(20))
    with pytest.raises(ValidationError) as error:
        respond(council, item, days_ago(30), changed="A drop-in")
    assert set(error.value.message_dict) == {"responded_on", "changed_on"}
