"""The early help pages of one piece of work (R4): the CAF, a TAF meeting, the plan, closure."""

from django.urls import path

from journey.casework.early_help import views

urlpatterns = [
    path("caf/", views.caf_assessment, name="caf_assessment"),
    path("caf/new/", views.caf_assessment, {"new": True}, name="new_caf_assessment"),
    path("taf/new/", views.hold_taf_meeting, name="hold_taf_meeting"),
    path("plan/", views.early_help_plan, name="early_help_plan"),
    path("actions/<int:action_id>/progress/", views.record_progress, name="record_action_progress"),
    path("close-early-help/", views.close_early_help, name="close_early_help"),
]
