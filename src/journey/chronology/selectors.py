"""Reads of the chronology. The full story-of-the-child page comes with the chronology issue."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet

from journey.cases.models import EpisodeKind
from journey.chronology.models import ChronologyEntry
from journey.core.permissions import may_see_social_care
from journey.people.models import Person


def chronology_for(child: Person, user: AbstractBaseUser, newest_first: bool = True) -> QuerySet:
    entries = ChronologyEntry.objects.for_child(child.pk)
    if not may_see_social_care(user):
        entries = entries.filter(
            Q(episode__isnull=True) | ~Q(episode__kind=EpisodeKind.SOCIAL_CARE)
        )
    order = "-occurred_at" if newest_first else "occurred_at"
    return entries.order_by(order, "-pk" if newest_first else "pk")
