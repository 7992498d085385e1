from django.urls import path

from journey.voice.impact import views

urlpatterns = [
    path("", views.reports, name="voice_impact_reports"),
    path("new/", views.new_report, name="voice_impact_new"),
    path("<int:report_id>/", views.report, name="voice_impact_report"),
    path("<int:report_id>/report.pdf", views.report_pdf, name="voice_impact_report_pdf"),
]
