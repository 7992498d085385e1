"""Children's social care: the statutory records of one piece of work (R12)."""

from django.urls import path

from journey.casework.statutory import views

urlpatterns = [
    path("", views.record, name="social_care_record"),
    path("assessment/new/", views.start_assessment, name="start_single_assessment"),
    path("assessment/<int:assessment_id>/", views.assessment, name="single_assessment"),
    path("strategy/new/", views.strategy_discussion, name="record_strategy_discussion"),
    path(
        "emergency-protection/new/",
        views.emergency_protection,
        name="record_emergency_protection",
    ),
    path(
        "emergency-protection/<int:protection_id>/end/",
        views.end_emergency_protection,
        name="end_emergency_protection",
    ),
    path(
        "section-47/<int:section47_id>/outcome/",
        views.section47_outcome,
        name="section47_outcome",
    ),
    path("icpc/new/", views.initial_conference, name="record_initial_conference"),
    path("plans/<int:plan_id>/review/", views.review_plan, name="review_cp_plan"),
    path("plans/<int:plan_id>/end/", views.end_plan, name="end_social_care_plan"),
]
