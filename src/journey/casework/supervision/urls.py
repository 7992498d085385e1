"""Case supervision and management oversight of one piece of work (R6)."""

from django.urls import path

from journey.casework.supervision import views

urlpatterns = [
    path("", views.supervision, name="supervision"),
    path("new/", views.new_supervision, name="new_supervision"),
]
