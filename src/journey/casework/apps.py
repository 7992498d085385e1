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
        register_source(casework.FamilyBenefit, child="child")
        # Family group decision-making: each entry opens the work's family group page, which
        # decides who may read it (never a partner) and never shows a letter's PDF as text.
        for model in (
            casework.LetterBeforeProceedings,
            casework.FamilyGroupOffer,
            casework.BestInterestsException,
            casework.CourtApplication,
        ):
            register_source(
                model, child="episode__child", page="family_group", page_arg="episode_id"
            )
        register_source(
            casework.FamilyGroupMeeting,
            child="offer__episode__child",
            episode="offer__episode",
            page="family_group",
            page_arg="offer__episode_id",
        )
        _register_measures()


def _register_measures() -> None:
    """Each sub-package's measures, counted from its own records (journey.core.measures)."""
    from journey.casework import measures as shared
    from journey.casework.early_help import measures as early_help
    from journey.casework.family_group import measures as family_group
    from journey.casework.summaries import measures as summaries
    from journey.casework.supervision import measures as supervision
    from journey.casework.visits import measures as visits
    from journey.core.measures import register

    register(
        *early_help.MEASURES,
        supervision.SUPERVISION_WITHIN_INTERVAL,
        visits.VISITS_WITHIN_INTERVAL,
        shared.ASSESSMENTS_WITH_CHILD_VIEWS,
        shared.PLANS_WITH_CHILD_VIEWS,
        shared.CHILD_VIEWS_RECORDED,
        shared.FAMILY_BENEFIT,
        summaries.REFLECTIVE_SUMMARIES_CURRENT,
        *family_group.MEASURES,
    )
