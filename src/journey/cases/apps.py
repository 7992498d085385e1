from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "journey.cases"
    verbose_name = "Contacts, decisions and episodes"

    def ready(self) -> None:
        from journey.cases.measures import MEASURES
        from journey.cases.models import (
            Contact,
            Episode,
            Section17Period,
            StepChange,
            ThresholdDecision,
        )
        from journey.chronology.sources import register_source
        from journey.core.measures import register
        from journey.workforce.models import Allocation

        register_source(Contact, child="decisions__child", episode=None)
        register_source(ThresholdDecision, child="child", episode=None)
        register_source(Episode, child="child", episode="")
        register_source(Allocation, child="episode__child")
        register_source(Section17Period, child="episode__child")
        # A step change's page decides who may read it (a partner: only their own requests).
        register_source(StepChange, child="child", episode="from_episode", page="step_change")
        # The figures counted from these records, month by month (journey.core.measures).
        register(*MEASURES)
