"""Secure links for views, under /voice/: the public pages (/voice/l/...) and the worker's."""

from django.urls import path

from journey.voice.links import views

urlpatterns = [
    path("l/thanks/", views.views_thanks, name="views_thanks"),
    path("l/<str:token>/", views.views_public, name="views_public"),
    path("links/outbox/", views.outbox, name="views_outbox"),
    path("links/children/<int:child_id>/", views.child_views, name="child_views"),
    path("links/children/<int:child_id>/ask/", views.ask_for_views, name="ask_for_views"),
    path("links/<int:link_id>/", views.views_link, name="views_link"),
    path("links/<int:link_id>/respond/", views.respond_to_views, name="respond_to_views"),
]
