from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "journey.people"
    verbose_name = "People"

    def ready(self) -> None:
        from journey.chronology.sources import register_source
        from journey.people.models import (
            IdentifierCheck,
            InformalSupport,
            NotSameChild,
            Person,
            Relationship,
        )

        register_source(Person, child="pk", episode=None)
        # A family network's records open on the child's Family network tab, which hides the
        # relatives the reader may not see.
        register_source(
            Relationship,
            child="recorded_for",
            episode=None,
            page="family_network",
            page_arg="recorded_for",
        )
        register_source(
            InformalSupport, child="child", episode=None, page="family_network", page_arg="child"
        )
        register_source(IdentifierCheck, child="child", episode=None)
        register_source(NotSameChild, child="child", episode=None)
