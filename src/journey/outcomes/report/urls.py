"""The outcomes report, under /outcomes/report/."""

from django.urls import path

from journey.outcomes.report import views

urlpatterns = [
    path("", views.reports, name="outcomes_reports"),
    path("new/", views.new_report, name="outcomes_report_new"),
    path("<int:report_id>/", views.report, name="outcomes_report"),
    path("<int:report_id>/report.pdf", views.report_pdf, name="outcomes_report_pdf"),
]
