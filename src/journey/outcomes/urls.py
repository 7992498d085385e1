"""Outcomes and distance travelled, under /outcomes/."""

from django.urls import path

from journey.outcomes import views

urlpatterns = [
    path("", views.outcomes, name="outcomes"),
]
