"""The panel pages, under /panels/."""

from django.urls import path

from journey.casework.panels import views

urlpatterns = [
    path("", views.panel_list, name="panels"),
    path("new/", views.new_panel, name="new_panel"),
    path("<int:panel_id>/", views.panel_detail, name="panel"),
    path(
        "<int:panel_id>/cases/<int:case_id>/decision/",
        views.record_decision,
        name="record_panel_decision",
    ),
    path("bring/<int:child_id>/", views.bring_to_panel, name="bring_to_panel"),
]
