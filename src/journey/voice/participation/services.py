"""Recording the participation register: a rating on Hart's ladder (a new rating for the same
team or service and quarter supersedes the earlier one with a reason; nothing is overwritten),
and a participation activity with who took part."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from journey.voice.participation.models import ActivityKind, ParticipationActivity
from journey.voice.participation.models import ParticipationRating as Rating
from journey.voice.participation.quarters import Quarter
from journey.workforce.models import Service, Team

#: Evidence says what happened: at least this many characters.
EVIDENCE_LEAST = 20
REASON_LEAST = 10


@dataclass(frozen=True)
class RatingInput:
    team: Team | None
    service: Service | None
    quarter: Quarter | None
    rung: int | None
    evidence: str
    reason: str = ""


@dataclass(frozen=True)
class ActivityInput:
    kind: str
    held_on: dt.date | None
    team: Team | None
    service: Service | None
    what_happened: str
    aged_under_11: int = 0
    aged_11_to_15: int = 0
    aged_16_to_17: int = 0
    aged_18_to_25: int = 0
    names: str = ""
    consent_recorded: bool = False


def _unit_problem(team: Team | None, service: Service | None) -> str:
    if (team is None) == (service is None):
        return "Choose the team or the service (one of them)"
    return ""


def current_rating(team: Team | None, service: Service | None, quarter: Quarter) -> Rating | None:
    return (
        Rating.objects.select_for_update()
        .filter(team=team, service=service, period_starts_on=quarter.starts_on, is_current=True)
        .first()
    )


def _rating_problems(data: RatingInput, earlier: Rating | None, today: dt.date) -> dict:
    errors: dict[str, str] = {}
    if problem := _unit_problem(data.team, data.service):
        errors["unit"] = problem
    if data.quarter is None:
        errors["quarter"] = "Choose the quarter the rating is for"
    elif data.quarter.starts_on > today:
        errors["quarter"] = "The quarter has not started yet: choose one that has"
    if data.rung not in range(1, 9):
        errors["rung"] = "Choose the rung of the ladder, from 1 (manipulation) to 8"
    if len(data.evidence.strip()) < EVIDENCE_LEAST:
        errors["evidence"] = (
            "Enter the evidence for the rating: what young people did and decided "
            f"(at least {EVIDENCE_LEAST} characters). A rating without evidence is not recorded"
        )
    if earlier is not None and len(data.reason.strip()) < REASON_LEAST:
        errors["reason"] = (
            f"This {data.quarter} already has a rating (rung {earlier.rung}, recorded "
            f"{timezone.localdate(earlier.recorded_at):%-d %B %Y}): enter why the new rating "
            "supersedes it"
        )
    return errors


@transaction.atomic
def rate(data: RatingInput, *, by: User) -> Rating:
    """Rate a team or service for a quarter. An earlier rating for the same quarter stays in the
    history, marked as superseded by this one."""
    today = timezone.localdate()
    earlier = None
    if data.quarter is not None and not _unit_problem(data.team, data.service):
        earlier = current_rating(data.team, data.service, data.quarter)
    errors = _rating_problems(data, earlier, today)
    if errors:
        raise ValidationError(errors)
    assert data.quarter is not None and data.rung is not None
    if earlier is not None:
        earlier.is_current = False
        earlier.save(update_fields=["is_current"])
    return Rating.objects.create(
        team=data.team,
        service=data.service,
        period_starts_on=data.quarter.starts_on,
        period_ends_on=data.quarter.ends_on,
        rung=data.rung,
        evidence=data.evidence.strip(),
        supersedes=earlier,
        reason=data.reason.strip() if earlier else "",
        recorded_by=by,
        recorded_by_name=by.get_full_name() or by.username,
        recorded_at=timezone.now(),
    )


def _activity_problems(data: ActivityInput, today: dt.date) -> dict:
    errors: dict[str, str] = {}
    if data.kind not in ActivityKind.values:
        errors["kind"] = "Choose what kind of activity it was"
    if data.held_on is None:
        errors["held_on"] = "Enter the date it was held"
    elif data.held_on > today:
        errors["held_on"] = "The date it was held must be today or in the past"
    if problem := _unit_problem(data.team, data.service):
        errors["unit"] = problem
    if len(data.what_happened.strip()) < EVIDENCE_LEAST:
        errors["what_happened"] = (
            f"Enter what happened (at least {EVIDENCE_LEAST} characters): what young people "
            "did and what came of it"
        )
    counts = (data.aged_under_11, data.aged_11_to_15, data.aged_16_to_17, data.aged_18_to_25)
    if any(count < 0 for count in counts):
        errors["aged_under_11"] = "The numbers who took part must be 0 or more"
    elif not sum(counts):
        errors["aged_under_11"] = "Enter how many young people took part, in their age bands"
    if data.names.strip() and not data.consent_recorded:
        errors["names"] = (
            "Names are recorded only with the young people's consent: record their consent, "
            "or leave the names out"
        )
    return errors


@transaction.atomic
def record_activity(data: ActivityInput, *, by: User) -> ParticipationActivity:
    errors = _activity_problems(data, timezone.localdate())
    if errors:
        raise ValidationError(errors)
    assert data.held_on is not None
    return ParticipationActivity.objects.create(
        kind=data.kind,
        held_on=data.held_on,
        team=data.team,
        service=data.service,
        what_happened=data.what_happened.strip(),
        aged_under_11=data.aged_under_11,
        aged_11_to_15=data.aged_11_to_15,
        aged_16_to_17=data.aged_16_to_17,
        aged_18_to_25=data.aged_18_to_25,
        names=data.names.strip(),
        consent_recorded=data.consent_recorded,
        recorded_by=by,
        recorded_at=timezone.now(),
    )
