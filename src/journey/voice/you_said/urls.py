from django.urls import path

from journey.voice.you_said import views

urlpatterns = [
    path("", views.log, name="voice_you_said"),
    path("new/", views.record_issue, name="voice_you_said_new"),
    path("<int:issue_id>/respond/", views.respond, name="voice_you_said_respond"),
    path("published/", views.published, name="voice_you_said_published"),
]
