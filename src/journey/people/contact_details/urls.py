"""A child's or parent's contact details, under /children/<child_id>/contact-details/."""

from django.urls import path

from journey.people.contact_details import views

urlpatterns = [
    path("<int:person_id>/", views.change_contact_details, name="change_contact_details"),
]
