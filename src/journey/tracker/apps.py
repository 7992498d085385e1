from django.apps import AppConfig


class TrackerConfig(AppConfig):
    name = "journey.tracker"
    verbose_name = "CAF tracker"

    def ready(self) -> None:
        from journey.core.measures import register
        from journey.tracker.measures import DRIFT_PER_100

        register(DRIFT_PER_100)
