"""The list of peer challenge reviews, and the one check every review page makes."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from journey.access import peer_review as access
from journey.peer_review import selectors
from journey.peer_review.models import PeerReview


def readable_review(request: HttpRequest, review_id: int) -> PeerReview:
    """The review, if this user may read it today; 403 with the reason otherwise."""
    review = get_object_or_404(selectors.review_detail(), pk=review_id)
    if not access.may_read_review(request.user, review):
        raise PermissionDenied(access.READ_REFUSED)
    return review


def review_context(request: HttpRequest, review: PeerReview, tab: str) -> dict:
    """What the review's layout (title, stage and tabs) needs, for every tab."""
    return {
        "review": review,
        "stage": selectors.stage(review),
        "tab": tab,
        "may_manage": access.may_manage_review(request.user, review),
        "member": access.team_member(request.user, review),
        "section": "peer_review",
    }


def reviews(request: HttpRequest) -> HttpResponse:
    if not access.may_read_reviews(request.user):
        raise PermissionDenied(access.READ_REFUSED)
    listed = list(selectors.reviews_list(access.readable_reviews(request.user)))
    for review in listed:
        review.stage = selectors.stage(review)  # type: ignore[attr-defined]
    return render(
        request,
        "peer_review/list.html",
        {
            "reviews": listed,
            "may_plan": access.may_plan_reviews(request.user),
            "section": "peer_review",
        },
    )
