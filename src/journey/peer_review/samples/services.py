"""The review's case samples: drawing a line of enquiry's sample by its criteria, and opening the
review's sampled cases to each member of the team through their reviewer visit (R12)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from journey.access.reviewers.services import ReviewOpening, open_review_cases
from journey.peer_review.models import PeerReview, ReviewCase, TeamMember
from journey.workforce.models import Worker


def review_opening(member: TeamMember, cases: list[ReviewCase]) -> ReviewOpening:
    review = member.review
    return ReviewOpening(
        reviewer=member.worker,
        purpose=f"Peer challenge: {review.title}",
        starts_on=review.starts_on,
        ends_on=review.access_ends_on,
        cases=[(case.episode, f"Line {case.line.number}: {case.line.title}") for case in cases],
    )


def sampled_cases(review: PeerReview) -> list[ReviewCase]:
    return list(
        ReviewCase.objects.filter(line__review=review)
        .select_related("line", "episode")
        .order_by("line__number", "position")
    )


@transaction.atomic
def open_to_member(member: TeamMember, *, by: Worker, now: dt.datetime | None = None) -> TeamMember:
    """Every case sampled so far for the review, opened to this member (new ones only)."""
    cases = sampled_cases(member.review)
    if not cases or member.left_at:
        return member
    visit = open_review_cases(review_opening(member, cases), visit=member.visit, by=by, now=now)
    if member.visit_id != visit.pk:
        member.visit = visit
        member.save(update_fields=["visit"])
    return member


def open_to_team(review: PeerReview, *, by: Worker, now: dt.datetime | None = None) -> None:
    """Every sampled case opened to every current member (after a line's sample is drawn)."""
    now = now or timezone.now()
    for member in review.members.filter(left_at__isnull=True).select_related("worker__user"):
        open_to_member(member, by=by, now=now)
