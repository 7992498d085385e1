from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "journey.reporting"
    verbose_name = "Reporting and measures"
