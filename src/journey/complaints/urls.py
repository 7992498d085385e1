"""Complaints, representations, compliments and comments, under /complaints/."""

from django.urls import path

from journey.complaints import views

urlpatterns = [
    path("", views.complaints, name="complaints"),
    path("new/", views.record_complaint, name="record_complaint"),
    path("compliments/", views.compliments, name="compliments"),
    path("compliments/new/", views.record_compliment, name="record_compliment"),
    path("<int:complaint_id>/", views.complaint, name="complaint"),
    path("<int:complaint_id>/responders/", views.responders, name="complaint_responders"),
    path("<int:complaint_id>/elements/", views.elements, name="complaint_elements"),
    path("<int:complaint_id>/extend/", views.extend_stage, name="complaint_extend"),
    path("<int:complaint_id>/respond/", views.respond, name="complaint_respond"),
    path("<int:complaint_id>/next-stage/", views.next_stage, name="complaint_next_stage"),
    path("<int:complaint_id>/investigation/", views.investigation, name="complaint_investigation"),
    path("<int:complaint_id>/panel/", views.panel, name="complaint_panel"),
    path("<int:complaint_id>/ombudsman/", views.ombudsman, name="complaint_ombudsman"),
    path("<int:complaint_id>/learning/", views.learning, name="complaint_learning"),
    path("<int:complaint_id>/close/", views.close, name="complaint_close"),
    path("learning/<int:learning_id>/done/", views.learning_done, name="complaint_learning_done"),
    path("letters/<int:complaint_letter_id>.pdf", views.letter_pdf, name="complaint_letter_pdf"),
]
