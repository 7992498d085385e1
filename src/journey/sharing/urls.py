"""A child's information-sharing log, under /children/<child_id>/sharing/."""

from django.urls import path

from journey.sharing import views

urlpatterns = [
    path("", views.sharing_log, name="sharing_log"),
    path("new/", views.record_sharing, name="record_sharing"),
]
