from django.urls import path

from journey.tracker import views

urlpatterns = [
    path("", views.caf_tracker, name="caf_tracker"),
    path("caf-tracker.xlsx", views.caf_tracker_xlsx, name="caf_tracker_xlsx"),
    path("single-agency/", views.single_agency, name="single_agency_tracker"),
]
