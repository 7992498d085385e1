"""TEMPORARY placeholders (helper B's branch only): the planning helper's branch replaces this
file with the real overview and new-review pages. They exist so the review's layout renders."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from journey.peer_review.views import readable_review


def _placeholder(request: HttpRequest, review_id: int | None = None) -> HttpResponse:
    if review_id is not None:
        readable_review(request, review_id)
    return HttpResponse("Placeholder")


urlpatterns = [
    path("new/", _placeholder, name="peer_review_new"),
    path("<int:review_id>/", _placeholder, name="peer_review"),
]
