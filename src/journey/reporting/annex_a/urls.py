from django.urls import path

from journey.reporting.annex_a import views as annex_a_views

urlpatterns = [
    path("", annex_a_views.annex_a_page, name="annex_a"),
    path("workbook/", annex_a_views.annex_a_download, name="annex_a_download"),
]
