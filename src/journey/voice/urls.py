"""The voice of the child and family, under /voice/."""

from django.urls import include, path

urlpatterns: list = [
    path("", include("journey.voice.links.urls")),
]
