"""Defining outcome tools, under /outcomes/tools/."""

from django.urls import path

from journey.outcomes.tools import views

urlpatterns = [
    path("", views.tool_list, name="outcome_tools"),
    path("new/", views.new_tool, name="new_outcome_tool"),
    path("<int:tool_id>/", views.tool, name="outcome_tool"),
    path("<int:tool_id>/new-version/", views.new_version, name="new_outcome_tool_version"),
    path("<int:tool_id>/retire/", views.retire_tool, name="retire_outcome_tool"),
    path(
        "versions/<int:version_id>/change/",
        views.change_version,
        name="change_outcome_tool_version",
    ),
    path(
        "versions/<int:version_id>/publish/",
        views.publish_version,
        name="publish_outcome_tool_version",
    ),
]
