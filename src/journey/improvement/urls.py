from django.urls import path

from journey.improvement import views

urlpatterns = [
    path("", views.plans, name="improvement_plans"),
    path("new/", views.new_plan, name="improvement_new_plan"),
    path("<int:plan_id>/", views.plan, name="improvement_plan"),
    path("<int:plan_id>/change/", views.change_plan, name="improvement_change_plan"),
    path("<int:plan_id>/areas/new/", views.new_area, name="improvement_new_area"),
    path("areas/<int:area_id>/actions/new/", views.new_action, name="improvement_new_action"),
    path("actions/<int:action_id>/", views.action, name="improvement_action"),
    path("actions/<int:action_id>/change/", views.change_action, name="improvement_change_action"),
    path(
        "actions/<int:action_id>/progress/",
        views.record_progress,
        name="improvement_record_progress",
    ),
    path(
        "actions/<int:action_id>/withdraw/",
        views.withdraw_action,
        name="improvement_withdraw_action",
    ),
    path(
        "actions/<int:action_id>/rating/",
        views.override_rating,
        name="improvement_override_rating",
    ),
    path("measures/", views.measures, name="measures_registry"),
    path("measures/<slug:key>/", views.measure, name="measure"),
    path("measures/<slug:key>/behind/", views.measure_behind, name="measure_behind"),
]
