"""A child's consistent identifier, under /children/<child_id>/identifier/."""

from django.urls import path

from journey.people.identifier import views

urlpatterns = [
    path("", views.check_identifier, name="check_identifier"),
    path("not-same/", views.not_same_child, name="not_same_child"),
]
