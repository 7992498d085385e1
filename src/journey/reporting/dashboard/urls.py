from django.urls import path

from journey.reporting.dashboard import views

urlpatterns = [path("", views.leadership_dashboard, name="dashboard")]
