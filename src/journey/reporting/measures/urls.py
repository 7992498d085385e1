from django.urls import path

from journey.reporting.measures import views

urlpatterns = [
    path("", views.measures_page, name="measures"),
    path("children/", views.figure_children, name="measure_children"),
]
