from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "journey.sharing"
    verbose_name = "Information sharing"

    def ready(self) -> None:
        from journey.chronology.sources import register_source
        from journey.sharing.models import Disclosure

        register_source(Disclosure, child="child", episode=None)
