"""'You said, we did': recording an issue children and young people raised, the response with
its owner and what changed, and publishing it for young people to see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from journey.voice.you_said.models import YouSaidIssue
from journey.workforce.models import Team, Worker

#: A response is due within this many days of the issue being raised.
RESPONSE_DAYS = 28
LEAST = 10


@dataclass(frozen=True)
class IssueInput:
    raised: str
    raised_by: str
    raised_on: dt.date | None
    team: Team | None = None


@dataclass(frozen=True)
class ResponseInput:
    response: str
    responded_on: dt.date | None
    owner: Worker | None
    changed: str = ""
    changed_on: dt.date | None = None
    published: bool = False


def _not_future(errors: dict, key: str, day: dt.date | None, what: str, today: dt.date) -> None:
    if day is not None and day > today:
        errors[key] = f"{what} must be today or in the past"


@transaction.atomic
def record_issue(data: IssueInput, *, by: User) -> YouSaidIssue:
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if len(data.raised.strip()) < LEAST:
        errors["raised"] = "Enter what children and young people said, in their words"
    if not data.raised_by.strip():
        errors["raised_by"] = "Enter who raised it: a group, such as the Youth Council"
    if data.raised_on is None:
        errors["raised_on"] = "Enter the date it was raised"
    _not_future(errors, "raised_on", data.raised_on, "The date it was raised", today)
    if errors:
        raise ValidationError(errors)
    assert data.raised_on is not None
    return YouSaidIssue.objects.create(
        raised=data.raised.strip(),
        raised_by=data.raised_by.strip(),
        raised_on=data.raised_on,
        respond_by=data.raised_on + dt.timedelta(days=RESPONSE_DAYS),
        team=data.team,
        recorded_by=by,
        recorded_at=timezone.now(),
    )


def _response_problems(issue: YouSaidIssue, data: ResponseInput, today: dt.date) -> dict:
    errors: dict[str, str] = {}
    if len(data.response.strip()) < LEAST:
        errors["response"] = "Enter the response: what the council said it would do"
    if data.responded_on is None:
        errors["responded_on"] = "Enter the date of the response"
    elif data.responded_on < issue.raised_on:
        errors["responded_on"] = (
            f"The response cannot come before the issue was raised ({issue.raised_on:%-d %B %Y})"
        )
    _not_future(errors, "responded_on", data.responded_on, "The date of the response", today)
    if data.owner is None:
        errors["owner"] = (
            "Choose the owner: the worker who answers for the response. A response without an "
            "owner is not recorded"
        )
    elif not data.owner.is_active:
        errors["owner"] = f"{data.owner.name} has left: choose a worker who is in post"
    if data.changed.strip() and data.changed_on is None:
        errors["changed_on"] = "Enter when it changed"
    if data.changed_on is not None and not data.changed.strip():
        errors["changed"] = "Enter what changed, or leave the date empty"
    if data.changed_on is not None and data.changed_on < issue.raised_on:
        errors["changed_on"] = "The change cannot come before the issue was raised"
    _not_future(errors, "changed_on", data.changed_on, "The date it changed", today)
    return errors


@transaction.atomic
def respond(issue: YouSaidIssue, data: ResponseInput, *, by: User) -> YouSaidIssue:
    """Record (or bring up to date) the response, its owner and what changed. The history
    keeps every earlier version."""
    issue = YouSaidIssue.objects.select_for_update().get(pk=issue.pk)
    errors = _response_problems(issue, data, timezone.localdate())
    if errors:
        raise ValidationError(errors)
    issue.response = data.response.strip()
    issue.responded_on = data.responded_on
    issue.owner = data.owner
    issue.changed = data.changed.strip()
    issue.changed_on = data.changed_on
    issue.published = data.published
    issue._change_reason = f"Response recorded by {by.get_full_name() or by.username}"  # type: ignore[attr-defined]
    issue.save()
    return issue
