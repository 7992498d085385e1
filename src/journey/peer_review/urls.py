"""Peer challenge, under /peer-review/: each part of a review is its own sub-package."""

from django.urls import include, path

from journey.peer_review import views

urlpatterns = [
    path("", views.reviews, name="peer_reviews"),
    path("", include("journey.peer_review.planning.urls")),
    path("<int:review_id>/samples/", include("journey.peer_review.samples.urls")),
    path("<int:review_id>/findings/", include("journey.peer_review.findings.urls")),
]
