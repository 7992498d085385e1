"""The panel pages, under /panels/."""

from django.urls import path

from journey.casework import panel_views

urlpatterns = [
    path("", panel_views.panel_list, name="panels"),
    path("new/", panel_views.new_panel, name="new_panel"),
    path("<int:panel_id>/", panel_views.panel_detail, name="panel"),
    path(
        "<int:panel_id>/cases/<int:case_id>/decision/",
        panel_views.record_decision,
        name="record_panel_decision",
    ),
    path("bring/<int:child_id>/", panel_views.bring_to_panel, name="bring_to_panel"),
]
