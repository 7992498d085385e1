"""Reads for visits and case notes: whom a visit may be about, drafts, and what is due."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from journey.access.rules import episode_scope, may_read_draft, workable_episodes
from journey.cases.models import Episode, EpisodeKind
from journey.casework.models import CaseNote, Plan, Visit
from journey.people.family import household_children
from journey.people.models import Person


def children_to_visit(child: Person, user: User) -> list[tuple[Person, Episode]]:
    """The child and their household's other children, each with the open work the user may
    record in (social care before early help); the child first. Children with none are left out.
    """
    siblings = household_children(child, user)
    people = {p.pk: p for p in [child, *siblings]}
    episodes: dict[int, Episode] = {}
    for episode in workable_episodes(user, list(people)).order_by("started_on"):
        held = episodes.get(episode.child_id)
        if held is None or episode.kind == EpisodeKind.SOCIAL_CARE:
            episodes[episode.child_id] = episode
    for pk, episode in episodes.items():
        episode.child = people[pk]
    return [(people[pk], episodes[pk]) for pk in people if pk in episodes]


def _with_parts(visits: QuerySet[Visit]) -> QuerySet[Visit]:
    return visits.select_related("recorded_by").prefetch_related(
        Prefetch(
            "parts",
            queryset=CaseNote.objects.select_related("episode__child").order_by(
                "episode__child__date_of_birth", "pk"
            ),
        )
    )


def visit_with_parts(visit_id: int) -> Visit | None:
    return _with_parts(Visit.objects.filter(pk=visit_id)).first()


def drafts_of(user: User) -> list[Visit]:
    """The user's unfinished visits and notes, oldest first, each marked `is_late` once it has
    waited longer than JOURNEY_DRAFT_FLAG_DAYS."""
    drafts = list(
        _with_parts(Visit.objects.filter(recorded_by=user, recorded_at__isnull=True)).order_by(
            "started_at"
        )
    )
    late_before = late_draft_cutoff()
    for draft in drafts:
        draft.is_late = draft.started_at < late_before  # type: ignore[attr-defined]
    return drafts


def drafts_about(child: Person, user: User) -> list[Visit]:
    """Unfinished visits about this child: the user's own, or every one for a manager."""
    drafts = _with_parts(
        Visit.objects.filter(recorded_at__isnull=True, parts__episode__child=child).distinct()
    ).order_by("started_at")
    return [d for d in drafts if may_read_draft(user, d.recorded_by_id).allowed]


def late_draft_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(days=settings.JOURNEY_DRAFT_FLAG_DAYS)


def visits_overdue_for(child: Person, user: User) -> list[Plan]:
    """The child's open plans whose next visit is overdue, in work the user may read."""
    return list(
        Plan.objects.filter(
            episode__child=child,
            ended_on__isnull=True,
            visit_due_on__lt=timezone.localdate(),
            episode__in=Episode.objects.filter(episode_scope(user)),
        ).order_by("visit_due_on")
    )
