"""A child's professional network, under /children/<child_id>/network/."""

from django.urls import path

from journey.people.network import views

urlpatterns = [
    path("add/", views.add_professional, name="add_professional"),
    path("<int:member_id>/end/", views.end_involvement, name="end_involvement"),
]
