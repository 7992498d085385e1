"""The voice of the child and family, under /voice/."""

from django.urls import path  # noqa: F401 (sub-features add their pages here)

urlpatterns: list = []
