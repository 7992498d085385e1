from django.apps import AppConfig


class BackgroundConfig(AppConfig):
    name = "journey.background"
    label = "background"
    verbose_name = "Your downloads and imports"
