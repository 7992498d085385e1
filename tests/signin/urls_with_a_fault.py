"""Journey's URLs plus one view that fails, to see the 500 page."""

from django.urls import path

from journey.urls import urlpatterns as journey_urlpatterns


def broken(request):
    raise RuntimeError("A fault in a view")


urlpatterns = [*journey_urlpatterns, path("broken/", broken)]
