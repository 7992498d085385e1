from django.apps import AppConfig


class PartnerServicesConfig(AppConfig):
    name = "journey.partner_services"
    verbose_name = "Partner services"

    def ready(self) -> None:
        from journey.chronology.sources import register_source
        from journey.core.measures import register
        from journey.partner_services.measures import MEASURES
        from journey.partner_services.models import Escalation, Referral

        register_source(Referral, child="child", episode=None)
        register_source(Escalation, child="referral__child", episode=None)
        register(*MEASURES)
