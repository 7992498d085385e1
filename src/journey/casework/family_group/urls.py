"""Family group decision-making and applications to court, under
/episodes/<episode_id>/family-group/."""

from django.urls import path

from journey.casework.family_group import views

urlpatterns = [
    path("", views.record, name="family_group"),
    path("letters/new/", views.write_letter, name="write_letter_before_proceedings"),
    path(
        "letters/<int:letter_id>/letter.pdf",
        views.letter_pdf,
        name="letter_before_proceedings_pdf",
    ),
    path("offers/new/", views.record_offer, name="record_family_group_offer"),
    path(
        "offers/<int:offer_id>/answer/",
        views.record_answer,
        name="record_family_group_answer",
    ),
    path(
        "offers/<int:offer_id>/meeting/",
        views.record_meeting,
        name="record_family_group_meeting",
    ),
    path(
        "meetings/<int:meeting_id>/review/",
        views.review_plan,
        name="review_family_plan",
    ),
    path(
        "best-interests/new/",
        views.record_exception,
        name="record_best_interests_exception",
    ),
    path("court/new/", views.record_application, name="record_court_application"),
]
