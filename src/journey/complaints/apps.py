from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "journey.complaints"
    verbose_name = "Complaints and compliments"

    def ready(self) -> None:
        from journey.chronology.sources import register_source
        from journey.complaints.measures import MEASURES
        from journey.complaints.models import ComplaintChild
        from journey.core.measures import register

        register(*MEASURES)

        # The chronology says only that a complaint was received or answered: its entries link
        # to the child's link to the complaint (the reference), never to the complaint file.
        register_source(ComplaintChild, child="child", episode=None)
