from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "journey.quality"
    verbose_name = "Quality assurance"
