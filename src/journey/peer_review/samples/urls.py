"""The review's "Cases and audits" tab, under /peer-review/<review_id>/samples/."""

from django.urls import path

from journey.peer_review.samples import views

urlpatterns = [
    path("", views.samples, name="peer_review_samples"),
    path("lines/<int:line_id>/draw/", views.draw_sample, name="peer_review_line_sample"),
    path("cases/<int:review_case_id>/audit/", views.record_audit, name="peer_review_audit"),
    path("cases/<int:review_case_id>/", views.view_audit, name="peer_review_audit_view"),
]
