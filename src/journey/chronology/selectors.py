"""Reads of the chronology: one indexed query draws a child's story, filtered as the user asks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils import timezone

from journey.access.rules import chronology_scope, readable_entry_kinds
from journey.chronology.models import ChronologyEntry
from journey.people.models import Agency, Person


@dataclass(frozen=True)
class ChronologyFilter:
    kinds: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    worker_id: int | None = None
    agency_id: int | None = None
    significant_only: bool = False
    newest_first: bool = True

    @property
    def is_filtered(self) -> bool:
        return bool(
            self.kinds
            or self.date_from
            or self.date_to
            or self.worker_id
            or self.agency_id
            or self.significant_only
        )


def _moment(day: dt.date, end: bool = False) -> dt.datetime:
    moment = dt.datetime.combine(day + dt.timedelta(days=1) if end else day, dt.time.min)
    return timezone.make_aware(moment)


def chronology_for(
    child: Person, user: User, filters: ChronologyFilter | None = None
) -> QuerySet[ChronologyEntry]:
    """The child's entries the user may see, filtered and ordered; uses the (child, time) index."""
    filters = filters or ChronologyFilter()
    entries = ChronologyEntry.objects.for_child(child.pk).filter(chronology_scope(user))
    if filters.kinds:
        entries = entries.filter(kind__in=filters.kinds)
    if filters.date_from:
        entries = entries.filter(occurred_at__gte=_moment(filters.date_from))
    if filters.date_to:
        entries = entries.filter(occurred_at__lt=_moment(filters.date_to, end=True))
    if filters.worker_id:
        entries = entries.filter(recorded_by_id=filters.worker_id)
    if filters.agency_id:
        entries = entries.filter(recorded_by__worker__agency_id=filters.agency_id)
    if filters.significant_only:
        entries = entries.filter(is_significant=True)
    if filters.newest_first:
        return entries.order_by("-occurred_at", "-pk")
    return entries.order_by("occurred_at", "pk")


def filter_choices(child: Person, user: User) -> dict:
    """Who recorded the child's entries this user may read, and for which agencies: the worker
    and agency filters."""
    user_ids = (
        ChronologyEntry.objects.for_child(child.pk)
        .filter(chronology_scope(user))
        .exclude(recorded_by__isnull=True)
        .values("recorded_by_id")
        .distinct()
    )
    users = get_user_model().objects.filter(pk__in=user_ids).order_by("last_name", "first_name")
    agencies = Agency.objects.filter(workers__user__in=user_ids).distinct().order_by("name")
    return {
        "workers": [(u.pk, u.get_full_name() or u.username) for u in users],
        "agencies": [(a.pk, a.name) for a in agencies],
        "kinds": readable_entry_kinds(user),
    }
