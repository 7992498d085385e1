"""TEMPORARY placeholders (helper B's branch only): the findings helper's branch replaces this
file with the real findings and across-reviews pages. They exist so the review's layout renders."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from journey.peer_review.views import readable_review


def _placeholder(request: HttpRequest, review_id: int) -> HttpResponse:
    readable_review(request, review_id)
    return HttpResponse("Placeholder")


urlpatterns = [
    path("", _placeholder, name="peer_review_findings"),
    path("across-reviews/", _placeholder, name="peer_review_history"),
]
