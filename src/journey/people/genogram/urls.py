"""A child's family network, under /children/<child_id>/family-network/."""

from django.urls import path

from journey.people.genogram import views

urlpatterns = [
    path("", views.family_network, name="family_network"),
    path("relatives/add/", views.add_relative, name="add_relative"),
    path("relationships/add/", views.add_relationship, name="add_relationship"),
    path("supports/add/", views.add_support, name="add_support"),
    path("supports/<int:support_id>/end/", views.end_support, name="end_support"),
]
