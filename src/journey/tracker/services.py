"""The tracker's one write: the nightly snapshot of the drift flags."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from journey.tracker.models import DriftFlagSnapshot
from journey.tracker.rules import DriftParams
from journey.tracker.selectors import drift_scan

BATCH = 5000


@dataclass(frozen=True)
class SnapshotResult:
    taken_on: dt.date
    flags: int
    replaced: int


@transaction.atomic
def take_snapshot(today: dt.date, params: DriftParams | None = None) -> SnapshotResult:
    """Scan every open CAF episode and record today's flags, replacing any taken earlier today.

    One transaction: readers see the day's old rows or the new ones, never both, and running
    it twice on the same day leaves one set (the unique constraint makes sure).
    """
    replaced, _ = DriftFlagSnapshot.objects.filter(taken_on=today).delete()
    batch: list[DriftFlagSnapshot] = []
    flags = 0
    for flag in drift_scan(today, params):
        batch.append(
            DriftFlagSnapshot(
                taken_on=today,
                episode_id=flag.episode_id,
                child_id=flag.child_id,
                rule=flag.rule,
                since=flag.since,
                team_id=flag.team_id,
                lead_id=flag.lead_id,
                agency_id=flag.agency_id,
            )
        )
        if len(batch) >= BATCH:
            DriftFlagSnapshot.objects.bulk_create(batch)
            flags += len(batch)
            batch = []
    DriftFlagSnapshot.objects.bulk_create(batch)
    flags += len(batch)
    return SnapshotResult(today, flags, replaced)
