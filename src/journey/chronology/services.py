"""Writing the chronology. Every service that records something about a child calls these
inside its own transaction, so the record and its chronology entry are saved together."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from django.utils import timezone

from journey.chronology.models import ChronologyEntry


def build_entry(
    *,
    child_id: int,
    kind: str,
    title: str,
    occurred_at: dt.datetime,
    source: models.Model,
    recorded_by: AbstractBaseUser | None,
    summary: str = "",
    episode_id: int | None = None,
    is_significant: bool = False,
    recorded_at: dt.datetime | None = None,
) -> ChronologyEntry:
    """An unsaved entry; services save it, the demo generator bulk-inserts many."""
    meta = source._meta
    return ChronologyEntry(
        child_id=child_id,
        episode_id=episode_id,
        occurred_at=occurred_at,
        kind=kind,
        title=title[:200],
        summary=summary,
        is_significant=is_significant,
        source_app=meta.app_label,
        source_model=meta.model_name,
        source_pk=source.pk,
        recorded_by=recorded_by,
        recorded_by_name=(recorded_by.get_full_name() if recorded_by else "")[:150],
        recorded_at=recorded_at or timezone.now(),
    )


def record_entry(**kwargs) -> ChronologyEntry:
    entry = build_entry(**kwargs)
    entry.save()
    return entry


def start_of(day: dt.date) -> dt.datetime:
    """A date as a moment in the council's time zone, for events recorded by date only."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
