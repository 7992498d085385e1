from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "journey.quality"
    verbose_name = "Quality assurance"

    def ready(self) -> None:
        from journey.chronology.sources import register_source
        from journey.core.measures import register
        from journey.quality.measures import MEASURES
        from journey.quality.models import AuditModeration, CaseAudit

        # An audit's findings are for the worker, their managers and QA: its page decides.
        register_source(CaseAudit, child="child", page="case_audit")
        register_source(
            AuditModeration,
            child="audit__child",
            episode="audit__episode",
            page="case_audit",
            page_arg="audit_id",
        )
        register(*MEASURES)
