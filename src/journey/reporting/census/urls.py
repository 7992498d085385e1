from django.urls import path

from journey.reporting.census import views as census_views

urlpatterns = [
    path("", census_views.census, name="census"),
    path("check/", census_views.census_check, name="census_check"),
    path("download/", census_views.census_download, name="census_download"),
    path("problems.xlsx", census_views.census_problems_xlsx, name="census_problems_xlsx"),
    path(
        "problems/<int:breach_id>/explain/",
        census_views.explain_census_query,
        name="explain_census_query",
    ),
    path("import/", census_views.census_import, name="census_import"),
    path("import/<int:run_id>/", census_views.census_import_run, name="census_import_run"),
]
