"""Case file audits and direct observations of practice (R5), under /quality/."""

from django.urls import path

from journey.quality import observation_views, views

urlpatterns = [
    path("", views.audit_rounds, name="audit_rounds"),
    path("rounds/new/", views.new_audit_round, name="new_audit_round"),
    path("rounds/<int:round_id>/", views.audit_round, name="audit_round"),
    path("rounds/<int:round_id>/draw/", views.draw_audit_sample, name="draw_audit_sample"),
    path(
        "rounds/<int:round_id>/cases/<int:sample_id>/exclude/",
        views.exclude_audit_case,
        name="exclude_audit_case",
    ),
    path(
        "rounds/<int:round_id>/cases/<int:sample_id>/allocate/",
        views.allocate_audit_case,
        name="allocate_audit_case",
    ),
    path(
        "rounds/<int:round_id>/audit/<int:episode_id>/",
        views.complete_audit,
        name="complete_audit",
    ),
    path("audits/<int:audit_id>/", views.case_audit, name="case_audit"),
    path("audits/<int:audit_id>/moderate/", views.moderate_audit, name="moderate_audit"),
    path("audits/<int:audit_id>/acknowledge/", views.acknowledge_audit, name="acknowledge_audit"),
    path("actions/<int:action_id>/done/", views.record_audit_action, name="record_audit_action"),
    path("tasks/", views.audit_tasks, name="audit_tasks"),
    path("baseline/", views.audit_baseline, name="audit_baseline"),
    # Direct observations of practice
    path(
        "observations/",
        observation_views.observation_programme,
        name="observation_programme",
    ),
    path("observations/plan/", observation_views.plan_observation, name="plan_observation"),
    path("observations/mine/", observation_views.my_observations, name="my_observations"),
    path(
        "observations/<int:observation_id>/",
        observation_views.observation,
        name="observation",
    ),
    path(
        "observations/<int:observation_id>/record/",
        observation_views.record_observation,
        name="record_observation",
    ),
    path(
        "observations/<int:observation_id>/respond/",
        observation_views.respond_to_observation,
        name="respond_to_observation",
    ),
    path(
        "observations/<int:observation_id>/cancel/",
        observation_views.cancel_observation,
        name="cancel_observation",
    ),
]
