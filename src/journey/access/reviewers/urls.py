"""Reviewer visits (R12), under /reviewers/."""

from django.urls import path

from journey.access.reviewers import views

urlpatterns = [
    path("", views.reviewer_visits, name="reviewer_visits"),
    path("new/", views.new_reviewer_visit, name="new_reviewer_visit"),
    path("mine/", views.my_reviews, name="my_reviews"),
    path("<int:visit_id>/", views.reviewer_visit, name="reviewer_visit"),
    path("<int:visit_id>/draw/", views.draw_reviewer_sample, name="draw_reviewer_sample"),
    path("<int:visit_id>/choose/", views.choose_reviewer_cases, name="choose_reviewer_cases"),
    path("<int:visit_id>/extend/", views.extend_reviewer_visit, name="extend_reviewer_visit"),
    path("<int:visit_id>/revoke/", views.revoke_reviewer_visit, name="revoke_reviewer_visit"),
    path("<int:visit_id>/report.xlsx", views.reviewer_visit_xlsx, name="reviewer_visit_xlsx"),
]
