from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "journey.casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        from journey.casework import models as casework
        from journey.chronology.sources import register_source

        for model in (
            casework.Assessment,
            casework.Plan,
            casework.Meeting,
            casework.CaseNote,
            casework.CaseSummary,
            casework.Supervision,
            casework.Section47,
            casework.EmergencyProtection,
        ):
            register_source(model, child="episode__child")
        register_source(casework.PlanReview, child="plan__episode__child", episode="plan__episode")
        register_source(
            casework.ActionProgress,
            child="action__plan__episode__child",
            episode="action__plan__episode",
        )
        register_source(casework.PanelCase, child="child")
