from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "journey.access"
    label = "access"
    verbose_name = "Access"
