"""TEMPORARY placeholder (helper C's branch only): the samples helper's URL name, so the review's
layout renders in the findings tests. The merger keeps the samples branch's file."""

from django.http import HttpResponse
from django.urls import path


def _placeholder(request, review_id=None):
    from journey.peer_review.views import readable_review

    if review_id is not None:
        readable_review(request, review_id)
    return HttpResponse("Placeholder: samples")


urlpatterns: list = [path("", _placeholder, name="peer_review_samples")]
