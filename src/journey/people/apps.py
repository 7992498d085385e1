from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "journey.people"
    verbose_name = "People"

    def ready(self) -> None:
        from journey.chronology.sources import register_source
        from journey.people.models import IdentifierCheck, NotSameChild, Person

        register_source(Person, child="pk", episode=None)
        register_source(IdentifierCheck, child="child", episode=None)
        register_source(NotSameChild, child="child", episode=None)
