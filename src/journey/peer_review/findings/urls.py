"""TEMPORARY placeholder (helper A's branch only, for the layout's tabs): the merger drops it."""

from django.urls import path

from journey.peer_review.planning import views

urlpatterns = [
    path("", views.overview, name="peer_review_findings"),
    path("across-reviews/", views.overview, name="peer_review_history"),
]
