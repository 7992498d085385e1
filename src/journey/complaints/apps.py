from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "journey.complaints"
    verbose_name = "Complaints and compliments"

    def ready(self) -> None:
        from journey.complaints.measures import MEASURES
        from journey.core.measures import register

        register(*MEASURES)
