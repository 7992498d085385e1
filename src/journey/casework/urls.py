"""The casework pages of one piece of work, under /episodes/<episode_id>/: early help (R4),
supervision (R6), the statutory social care records (R12) and family group decision-making before
an application to court."""

from django.urls import include, path

urlpatterns = [
    path("", include("journey.casework.early_help.urls")),
    path("supervision/", include("journey.casework.supervision.urls")),
    path("summaries/", include("journey.casework.summaries.urls")),
    path("social-care/", include("journey.casework.statutory.urls")),
    path("family-help/", include("journey.cases.family_help.urls")),
    path("family-group/", include("journey.casework.family_group.urls")),
]
