"""Reads shared by the review's pages: where a review stands, and the reviews a user may open."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from journey.peer_review.models import PeerReview


@dataclass(frozen=True)
class Stage:
    label: str
    #: The GOV.UK tag colour it shows in.
    colour: str


PREPARING = Stage("In preparation", "blue")
VISIT = Stage("Visit under way", "purple")
WRITING = Stage("Letter being written", "yellow")
ISSUED = Stage("Letter issued", "green")
PLANNED = Stage("Improvement plan made", "grey")
ACCESS_ENDED = Stage("Letter overdue: team access ended", "red")


def stage(review: PeerReview, today: dt.date | None = None) -> Stage:
    """Where the review stands, from its dates, its letter and its plan."""
    today = today or timezone.localdate()
    if review.plan_id:
        return PLANNED
    letter = getattr(review, "letter", None)
    if letter is not None and letter.is_issued:
        return ISSUED
    if today < review.starts_on:
        return PREPARING
    if today <= review.ends_on:
        return VISIT
    if today <= review.access_ends_on:
        return WRITING
    return ACCESS_ENDED


def reviews_list(reviews: QuerySet[PeerReview]) -> QuerySet[PeerReview]:
    """The reviews with their letter and counts, in a fixed number of queries."""
    return (
        reviews.select_related("letter", "commissioned_by__user", "plan")
        .annotate(
            n_lines=Count("lines", distinct=True),
            n_members=Count("members", filter=Q(members__left_at__isnull=True), distinct=True),
        )
        .order_by("-starts_on", "pk")
    )


def review_detail() -> QuerySet[PeerReview]:
    return PeerReview.objects.select_related("letter", "commissioned_by__user", "plan")
