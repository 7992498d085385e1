"""TEMPORARY placeholders (helper C's branch only): the planning helper's URL names, so the
review's layout renders in the findings tests. The merger keeps the planning branch's file."""

from django.http import HttpResponse
from django.urls import path


def _placeholder(request, review_id=None):
    from journey.peer_review.views import readable_review

    if review_id is not None:
        readable_review(request, review_id)
    return HttpResponse("Placeholder: planning")


urlpatterns: list = [
    path("new/", _placeholder, name="peer_review_new"),
    path("<int:review_id>/", _placeholder, name="peer_review"),
]
