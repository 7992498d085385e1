"""The findings and letter tab, under /peer-review/<review_id>/findings/, and across reviews."""

from django.urls import path

from journey.peer_review.findings import views

urlpatterns = [
    path("", views.findings, name="peer_review_findings"),
    path("new/", views.new_finding, name="peer_review_finding_new"),
    path("<int:finding_id>/change/", views.change_finding, name="peer_review_finding_change"),
    path("<int:finding_id>/withdraw/", views.withdraw_finding, name="peer_review_finding_withdraw"),
    path("letter/", views.letter, name="peer_review_letter"),
    path("letter/letter.pdf", views.letter_pdf, name="peer_review_letter_pdf"),
    path("letter/plan/", views.make_plan, name="peer_review_make_plan"),
    path("history/", views.history, name="peer_review_history"),
]
