"""Reflective case summaries of one piece of work, under /episodes/<episode_id>/summaries/."""

from django.urls import path

from journey.casework.summaries import views

urlpatterns = [
    path("", views.case_summaries, name="case_summaries"),
    path("new/", views.write_case_summary, name="write_case_summary"),
    path("<int:summary_id>/review/", views.review_case_summary, name="review_case_summary"),
]
