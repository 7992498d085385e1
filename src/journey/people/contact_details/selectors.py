"""Whom the council may reach directly on a child's record: the child, their parents and carers."""

from __future__ import annotations

from dataclasses import dataclass

from journey.people.models import Person, Relationship


@dataclass(frozen=True)
class Reachable:
    person: Person
    #: "the child", or how they relate to the child ("parent", "carer", "step-parent").
    relation: str

    @property
    def is_child(self) -> bool:
        return self.relation == "the child"


def parents_and_carers(child: Person) -> list[Reachable]:
    """The child's current parents, step-parents and carers (one query), eldest first."""
    relationships = (
        Relationship.objects.filter(
            to_person=child, kind__in=Relationship.PARENTAL_KINDS, ended_on__isnull=True
        )
        .select_related("from_person")
        .order_by("from_person__date_of_birth", "pk")
    )
    found: dict[int, Reachable] = {}
    for r in relationships:
        adult = r.from_person
        if adult.pk != child.pk and adult.pk not in found:
            found[adult.pk] = Reachable(adult, r.get_kind_display().lower())
    return list(found.values())


def reachable(child: Person) -> list[Reachable]:
    """The child, then their parents and carers."""
    return [Reachable(child, "the child"), *parents_and_carers(child)]
