from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "journey.workforce"
    verbose_name = "Workforce"

    def ready(self) -> None:
        from journey.core.measures import register
        from journey.workforce.caseloads.measures import (
            UNALLOCATED_OPEN_CASES,
            WORKERS_WITHIN_LIMIT,
        )

        register(UNALLOCATED_OPEN_CASES, WORKERS_WITHIN_LIMIT)
