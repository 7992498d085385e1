from django.urls import path

from journey.reporting.scrutiny import views

urlpatterns = [
    path("", views.reports, name="scrutiny_reports"),
    path("new/", views.new_report, name="scrutiny_new_report"),
    path("<int:report_id>/", views.report, name="scrutiny_report"),
    path("<int:report_id>/report.pdf", views.report_pdf, name="scrutiny_report_pdf"),
]
