"""Writing the chronology. Every service that records something about a child calls these
inside its own transaction, so the record and its chronology entry are saved together."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models, transaction
from django.utils import timezone

from journey.chronology.models import ChronologyEntry, EntryChange
from journey.chronology.sources import linkable


def build_entry(
    *,
    child_id: int,
    kind: str,
    title: str,
    occurred_at: dt.datetime,
    source: models.Model,
    recorded_by: User | None,
    summary: str = "",
    episode_id: int | None = None,
    is_significant: bool = False,
    recorded_at: dt.datetime | None = None,
) -> ChronologyEntry:
    """An unsaved entry; services save it, the demo generator bulk-inserts many."""
    meta = source._meta
    assert meta.model_name is not None  # set on every model class
    if linkable(meta.app_label, meta.model_name) is None:
        raise ImproperlyConfigured(
            f"{meta.label} is not registered with chronology.sources.register_source, "
            "so its chronology entries would link nowhere."
        )
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


def record_entry(**kwargs: Any) -> ChronologyEntry:
    entry = build_entry(**kwargs)
    entry.save()
    return entry


def start_of(day: dt.date) -> dt.datetime:
    """A date as a moment in the council's time zone, for events recorded by date only."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))


def _check_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError({"reason": "Enter the reason, in a few words (at least 10 letters)"})
    return reason[:300]


@transaction.atomic
def mark_significant(
    entry: ChronologyEntry, *, significant: bool, reason: str, by: User
) -> ChronologyEntry:
    """Mark or unmark an entry as significant in the child's story; the reason is kept."""
    reason = _check_reason(reason)
    entry = ChronologyEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.is_significant == significant:
        state = "already marked significant" if significant else "not marked significant"
        raise ValidationError({"__all__": f"This entry is {state}"})
    entry.is_significant = significant
    entry.significance_reason = reason if significant else ""
    entry.save(update_fields=["is_significant", "significance_reason"])
    change = EntryChange.Change.SIGNIFICANT if significant else EntryChange.Change.NOT_SIGNIFICANT
    EntryChange.objects.create(entry=entry, change=change, reason=reason, changed_by=by)
    return entry


@transaction.atomic
def mark_in_error(entry: ChronologyEntry, *, reason: str, by: User) -> ChronologyEntry:
    """The entry stays on the chronology, struck through, with the reason: nothing is deleted."""
    reason = _check_reason(reason)
    entry = ChronologyEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.in_error:
        raise ValidationError({"__all__": "This entry is already marked as recorded in error"})
    entry.in_error = True
    entry.in_error_reason = reason
    entry.save(update_fields=["in_error", "in_error_reason"])
    EntryChange.objects.create(
        entry=entry, change=EntryChange.Change.IN_ERROR, reason=reason, changed_by=by
    )
    return entry
