"""Visits and case notes: /children/<child_id>/visits/new/ records one (see journey.urls); these
are the visit's own page and a plan's visiting standard, under /visits/."""

from django.urls import path

from journey.casework.visits import views

urlpatterns = [
    path("<int:record_id>/", views.visit, name="visit"),
    path("plans/<int:plan_id>/standard/", views.visiting_standard, name="visiting_standard"),
]
