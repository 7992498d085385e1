from django.urls import path

from journey.complaints.annual import views

urlpatterns = [
    path("", views.reports, name="complaints_annual_reports"),
    path("new/", views.new_report, name="complaints_annual_new"),
    path("<int:report_id>/", views.report, name="complaints_annual_report"),
    path("<int:report_id>/report.pdf", views.report_pdf, name="complaints_annual_report_pdf"),
]
