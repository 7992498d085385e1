"""Outcomes and distance travelled, under /outcomes/."""

from django.urls import include, path

from journey.outcomes import views

urlpatterns = [
    path("", views.outcomes, name="outcomes"),
    path("work/<int:episode_id>/measure/", views.record_measure, name="record_outcome_measure"),
    path("report/", include("journey.outcomes.report.urls")),
    path("tools/", include("journey.outcomes.tools.urls")),
]
