from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    """Outcome tools as data, measures at start, review and closure, and distance travelled
    (R9)."""

    name = "journey.outcomes"
    verbose_name = "Outcomes and distance travelled"

    def ready(self) -> None:
        from journey.core.measures import register
        from journey.outcomes.measures import MEASURES

        register(*MEASURES)
