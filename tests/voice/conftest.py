"""Participation ratings, activities and "you said, we did" issues made through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from journey.voice.participation import services as participation
from journey.voice.participation.quarters import Quarter
from journey.voice.you_said import services as you_said

EVIDENCE = "Young people on the forum chose the questions and sat on the panel with managers."


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def rate(council, team, quarter: Quarter, rung: int, *, reason: str = "", evidence=EVIDENCE):
    return participation.rate(
        participation.RatingInput(team, None, quarter, rung, evidence, reason),
        by=council["participation_officer"].user,
    )


def activity(council, team, held_on: dt.date, *, ages=(2, 5, 3, 0), **extra):
    return participation.record_activity(
        participation.ActivityInput(
            kind=extra.pop("kind", "forum"),
            held_on=held_on,
            team=team,
            service=None,
            what_happened="The Youth Council questioned the team about how plans are written.",
            aged_under_11=ages[0],
            aged_11_to_15=ages[1],
            aged_16_to_17=ages[2],
            aged_18_to_25=ages[3],
            **extra,
        ),
        by=council["participation_officer"].user,
    )


def issue(council, raised_on: dt.date, *, team=None, raised="No sexual health advice at school"):
    return you_said.record_issue(
        you_said.IssueInput(raised, "Young Inspectors and Youth Councillors", raised_on, team),
        by=council["participation_officer"].user,
    )


def respond(council, item, responded_on: dt.date, *, owner=None, published=False, **extra):
    return you_said.respond(
        item,
        you_said.ResponseInput(
            response="We asked the school nurse to run a drop-in every week.",
            responded_on=responded_on,
            owner=owner if owner is not None else council["head_of_service"],
            published=published,
            **extra,
        ),
        by=council["participation_officer"].user,
    )


@pytest.fixture
def quarter() -> Quarter:
    """The last quarter that has ended."""
    return Quarter.of(timezone.localdate()).before
