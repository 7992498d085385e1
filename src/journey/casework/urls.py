"""The casework pages of one piece of work, under /episodes/<episode_id>/."""

from django.urls import path

from journey.casework import supervision_views, views

urlpatterns = [
    path("caf/", views.caf_assessment, name="caf_assessment"),
    path("caf/new/", views.caf_assessment, {"new": True}, name="new_caf_assessment"),
    path("taf/new/", views.hold_taf_meeting, name="hold_taf_meeting"),
    path("plan/", views.early_help_plan, name="early_help_plan"),
    path("actions/<int:action_id>/progress/", views.record_progress, name="record_action_progress"),
    path("close-early-help/", views.close_early_help, name="close_early_help"),
    path("supervision/", supervision_views.supervision, name="supervision"),
    path("supervision/new/", supervision_views.new_supervision, name="new_supervision"),
]
