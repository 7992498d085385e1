"""Family Help's changes of intensity, under /episodes/<episode_id>/family-help/."""

from django.urls import path

from journey.cases.family_help import views

urlpatterns = [
    path("in-need/", views.begin_section17, name="begin_section17"),
    path("in-need/end/", views.end_section17, name="end_section17"),
]
