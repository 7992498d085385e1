from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "journey.improvement"
    verbose_name = "Improvement plans"
