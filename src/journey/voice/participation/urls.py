from django.urls import path

from journey.voice.participation import views

urlpatterns = [
    path("", views.register, name="voice_participation"),
    path("team/<int:team_id>/", views.team_history, name="voice_participation_team"),
    path("service/<int:service_id>/", views.service_history, name="voice_participation_service"),
    path("rate/", views.rate, name="voice_participation_rate"),
    path("activity/", views.record_activity, name="voice_participation_activity"),
]
