"""The voice of the child and family, under /voice/."""

from django.urls import include, path

urlpatterns: list = [
    path("", include("journey.voice.links.urls")),
    path("participation/", include("journey.voice.participation.urls")),
    path("you-said/", include("journey.voice.you_said.urls")),
    path("impact/", include("journey.voice.impact.urls")),
]
