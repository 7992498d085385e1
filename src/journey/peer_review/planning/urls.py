"""The review's plan, under /peer-review/: a new review, its overview, and the pages that change
its team, lines of enquiry, schedule and documents."""

from django.urls import path

from journey.peer_review.planning import views

urlpatterns = [
    path("new/", views.new_review, name="peer_review_new"),
    path("<int:review_id>/", views.overview, name="peer_review"),
    path("<int:review_id>/change/", views.change_review, name="peer_review_change"),
    path("<int:review_id>/team/add/", views.add_member, name="peer_review_add_member"),
    path(
        "<int:review_id>/team/new-reviewer/",
        views.add_new_reviewer,
        name="peer_review_add_new_reviewer",
    ),
    path(
        "<int:review_id>/team/<int:team_member_id>/remove/",
        views.remove_member,
        name="peer_review_remove_member",
    ),
    path("<int:review_id>/lines/add/", views.add_line, name="peer_review_add_line"),
    path(
        "<int:review_id>/lines/<int:line_id>/change/",
        views.change_line,
        name="peer_review_change_line",
    ),
    path("<int:review_id>/sessions/add/", views.add_session, name="peer_review_add_session"),
    path(
        "<int:review_id>/sessions/<int:review_session_id>/cancel/",
        views.cancel_session,
        name="peer_review_cancel_session",
    ),
    path(
        "<int:review_id>/documents/add/",
        views.attach_document,
        name="peer_review_attach_document",
    ),
    path(
        "<int:review_id>/documents/<int:review_document_id>/",
        views.document,
        name="peer_review_document",
    ),
    path(
        "<int:review_id>/documents/<int:review_document_id>/withdraw/",
        views.withdraw_document,
        name="peer_review_withdraw_document",
    ),
]
