"""The casework pages of one piece of work, under /episodes/<episode_id>/."""

from django.urls import path

from journey.casework import statutory_views as sc
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
    # Children's social care: the statutory records (R12)
    path("social-care/", sc.record, name="social_care_record"),
    path("social-care/assessment/new/", sc.start_assessment, name="start_single_assessment"),
    path(
        "social-care/assessment/<int:assessment_id>/",
        sc.assessment,
        name="single_assessment",
    ),
    path("social-care/strategy/new/", sc.strategy_discussion, name="record_strategy_discussion"),
    path(
        "social-care/emergency-protection/new/",
        sc.emergency_protection,
        name="record_emergency_protection",
    ),
    path(
        "social-care/emergency-protection/<int:protection_id>/end/",
        sc.end_emergency_protection,
        name="end_emergency_protection",
    ),
    path(
        "social-care/section-47/<int:section47_id>/outcome/",
        sc.section47_outcome,
        name="section47_outcome",
    ),
    path("social-care/icpc/new/", sc.initial_conference, name="record_initial_conference"),
    path("social-care/plans/<int:plan_id>/review/", sc.review_plan, name="review_cp_plan"),
    path("social-care/plans/<int:plan_id>/end/", sc.end_plan, name="end_social_care_plan"),
]
