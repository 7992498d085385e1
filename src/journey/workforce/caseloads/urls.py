from django.urls import path

from journey.workforce.caseloads import views

urlpatterns = [
    path("", views.caseloads, name="caseloads"),
    path("workers/<int:worker_id>/", views.worker_caseload, name="worker_caseload"),
    path("weights-and-limits/", views.weights_and_limits, name="caseload_rules"),
    path(
        "weights-and-limits/change/",
        views.change_weights_and_limits,
        name="change_caseload_rules",
    ),
]
