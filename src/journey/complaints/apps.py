from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "journey.complaints"
    verbose_name = "Complaints and compliments"

    def ready(self) -> None:
        from journey.chronology.sources import register_source
        from journey.complaints.models import ComplaintChild

        # The chronology says only that a complaint was received or answered: its entries link
        # to the child's link to the complaint (the reference), never to the complaint file.
        register_source(ComplaintChild, child="child", episode=None)
