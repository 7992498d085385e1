"""Shared service helpers: validation messages every form uses, and identifier sequences."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from journey.core.models import Counter

MIN_RATIONALE_WORDS = 8
MIN_RATIONALE_CHARS = 40


def rationale_problem(text: str, what: str = "rationale") -> str | None:
    """Why a rationale is not enough, or None: it must be at least a sentence in own words."""
    text = (text or "").strip()
    if not text:
        return f"Enter the {what}, in your own words"
    if len(text) < MIN_RATIONALE_CHARS or len(re.findall(r"\w+", text)) < MIN_RATIONALE_WORDS:
        return (
            f"The {what} must be at least a full sentence (at least {MIN_RATIONALE_WORDS} "
            "words): say what you weighed up and why you decided"
        )
    return None


def check_rationale(text: str, field: str = "rationale", what: str = "rationale") -> str:
    problem = rationale_problem(text, what)
    if problem:
        raise ValidationError({field: problem})
    return text.strip()


def check_not_future(day: dt.date | None, field: str, label: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError({field: f"{label} must be today or in the past"})


def check_not_future_moment(moment: dt.datetime | None, field: str, label: str) -> None:
    if moment is not None and moment > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({field: f"{label} must be now or in the past"})


def check_code(value: str, choices: type[models.Choices], field: str, label: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: f"Select a valid {label} from the list"})
    return value


@transaction.atomic
def next_number(name: str, by: int = 1) -> int:
    """The next number in a named sequence (reserves `by` numbers; returns the last one)."""
    counter, _ = Counter.objects.select_for_update().get_or_create(name=name)
    counter.value += by
    counter.save(update_fields=["value"])
    return counter.value
