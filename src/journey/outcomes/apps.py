from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    """Outcome tools as data, measures at start, review and closure, and distance travelled
    (R9)."""

    name = "journey.outcomes"
    verbose_name = "Outcomes and distance travelled"

    def ready(self) -> None:
        from journey.chronology.sources import register_source
        from journey.core.measures import register
        from journey.outcomes.measures import MEASURES
        from journey.outcomes.models import Measurement

        register_source(
            Measurement, child="episode__child", page="child_outcomes", page_arg="episode__child"
        )
        register(*MEASURES)
