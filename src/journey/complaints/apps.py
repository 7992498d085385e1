from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "journey.complaints"
    verbose_name = "Complaints and compliments"
