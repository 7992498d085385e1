"""'You said, we did': the staff log and the published page (no names), a fixed number of
queries each."""

from __future__ import annotations

from django.db.models import QuerySet

from journey.voice.you_said.models import YouSaidIssue


def log() -> QuerySet[YouSaidIssue]:
    return YouSaidIssue.objects.select_related("owner__user", "team").order_by("-raised_on", "-pk")


def published() -> QuerySet[YouSaidIssue]:
    """What young people see: what was said, by which group, what we did and what changed.
    The owner is not read."""
    return (
        YouSaidIssue.objects.filter(published=True)
        .only("raised", "raised_by", "raised_on", "response", "changed", "changed_on")
        .order_by("-raised_on", "-pk")
    )
