"""The family network as a page reads it: the people around a child (two steps out along their
relationships, and everyone they live with), how each relates to the child, the relationships
between them, and the child's informal and professional supports. A fixed number of queries,
whatever the family's size.

A restricted relative the reader may not see (access.rules.visible_relatives) is left out
entirely, with their relationships, and so is anyone the reader could reach only through them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q

from journey.access.rules import visible_relatives
from journey.people.genogram.drawing import Drawings, draw
from journey.people.models import (
    HouseholdMember,
    InformalSupport,
    NetworkMember,
    Person,
    Relationship,
)

Kind = Relationship.Kind
#: How far from the child the network reaches: parents and siblings, then grandparents, parents'
#: partners and half-siblings.
STEPS = 2
#: The kinds whose generation is known from the other person's: (from's generation - to's).
GENERATION_GAP = {
    Kind.PARENT: -1,
    Kind.STEP_PARENT: -1,
    Kind.CARER: -1,
    Kind.GRANDPARENT: -2,
    Kind.SIBLING: 0,
    Kind.HALF_SIBLING: 0,
    Kind.PARTNER: 0,
}
GENDERED = {
    ("Parent", "F"): "Mother",
    ("Parent", "M"): "Father",
    ("Step-parent", "F"): "Stepmother",
    ("Step-parent", "M"): "Stepfather",
    ("Grandparent", "F"): "Grandmother",
    ("Grandparent", "M"): "Grandfather",
    ("Sibling", "F"): "Sister",
    ("Sibling", "M"): "Brother",
    ("Half-sibling", "F"): "Half-sister",
    ("Half-sibling", "M"): "Half-brother",
    ("Child", "F"): "Daughter",
    ("Child", "M"): "Son",
}


def role_in(relationship: Relationship, person: Person) -> str:
    """What `person` is in this relationship: "Mother", "Partner", "Son"..."""
    if person.pk == relationship.from_person_id:
        label = relationship.get_kind_display()
    else:
        label = Relationship.INVERSE[Kind(relationship.kind)]
    return GENDERED.get((label, person.sex), label)


@dataclass
class NetworkPerson:
    """Someone in the network, as the text alternative lists them and the drawing draws them."""

    person: Person
    generation: int | None = None
    to_child: list[str] = field(default_factory=list)
    lives_with_child: bool = False
    parental_responsibility: bool | None = None
    contact: Relationship | None = None  # their relationship with a contact restriction

    @property
    def has_died(self) -> bool:
        return self.person.date_of_death is not None


@dataclass
class FamilyNetwork:
    child: Person
    people: list[NetworkPerson]
    relationships: list[Relationship]
    households: list[HouseholdMember]
    supports: list[InformalSupport]
    professionals: list[NetworkMember]

    @property
    def by_id(self) -> dict[int, NetworkPerson]:
        return {p.person.pk: p for p in self.people}

    @property
    def relatives(self) -> list[NetworkPerson]:
        return [p for p in self.people if p.person.pk != self.child.pk]


def _relationships_touching(ids: Iterable[int]) -> set[int]:
    """The people related to these (one query)."""
    ids = list(ids)
    pairs = Relationship.objects.filter(
        Q(from_person_id__in=ids) | Q(to_person_id__in=ids)
    ).values_list("from_person_id", "to_person_id")
    return {pk for pair in pairs for pk in pair}


def _reachable(
    child: Person, ids: set[int], relationships: list[Relationship], home: set[int]
) -> set[int]:
    """Those of `ids` connected to the child through the relationships (and the household)."""
    neighbours: dict[int, set[int]] = {pk: set() for pk in ids}
    for r in relationships:
        neighbours[r.from_person_id].add(r.to_person_id)
        neighbours[r.to_person_id].add(r.from_person_id)
    for pk in home & ids:
        neighbours[child.pk].add(pk)
        neighbours[pk].add(child.pk)
    seen, frontier = {child.pk}, [child.pk]
    while frontier:
        nxt = [n for pk in frontier for n in neighbours[pk] if n not in seen]
        seen.update(nxt)
        frontier = nxt
    return seen


def _generations(child: Person, relationships: list[Relationship]) -> dict[int, int]:
    """Each person's generation, the child's being 0 (parents -1, grandparents -2)."""
    generation = {child.pk: 0}
    changed = True
    while changed:
        changed = False
        for r in relationships:
            gap = GENERATION_GAP.get(Kind(r.kind))
            if gap is None:
                continue
            if r.to_person_id in generation and r.from_person_id not in generation:
                generation[r.from_person_id] = generation[r.to_person_id] + gap
                changed = True
            elif r.from_person_id in generation and r.to_person_id not in generation:
                generation[r.to_person_id] = generation[r.from_person_id] - gap
                changed = True
    return generation


def _describe_to_child(
    child: Person, people: dict[int, NetworkPerson], relationships: list[Relationship]
) -> None:
    """How each person relates to the child: directly ("Mother"), or through someone who does
    ("Mother of Sam Smith")."""
    direct = [r for r in relationships if child.pk in (r.from_person_id, r.to_person_id)]
    for r in direct:
        other = r.from_person if r.to_person_id == child.pk else r.to_person
        entry = people[other.pk]
        entry.to_child.append(role_in(r, other))
        if r.kind in Relationship.PARENTAL_KINDS and r.to_person_id == child.pk:
            entry.parental_responsibility = bool(
                entry.parental_responsibility or r.has_parental_responsibility
            )
        if r.contact != Relationship.Contact.NONE:
            entry.contact = r
    related = {r.from_person_id if r.to_person_id == child.pk else r.to_person_id for r in direct}
    for r in relationships:
        for person, other in ((r.from_person, r.to_person), (r.to_person, r.from_person)):
            if person.pk not in related | {child.pk} and other.pk in related:
                people[person.pk].to_child.append(f"{role_in(r, person)} of {other.full_name}")


def family_network(child: Person, user: AbstractBaseUser) -> FamilyNetwork:
    """The child's family network as this user may see it (eight queries at most)."""
    homes = list(
        HouseholdMember.objects.filter(person=child, left_on__isnull=True).select_related(
            "household"
        )
    )
    home = set(
        HouseholdMember.objects.filter(
            household_id__in=[m.household_id for m in homes], left_on__isnull=True
        ).values_list("person_id", flat=True)
    ) - {child.pk}
    ids = {child.pk} | home
    frontier = set(ids)
    for _ in range(STEPS):
        found = _relationships_touching(frontier) - ids
        ids |= found
        frontier = found
    relationships = list(
        Relationship.objects.filter(from_person_id__in=ids, to_person_id__in=ids)
        .select_related("from_person", "to_person")
        .order_by("pk")
    )
    persons = {r.from_person_id: r.from_person for r in relationships}
    persons |= {r.to_person_id: r.to_person for r in relationships}
    persons[child.pk] = child
    missing = (ids - set(persons)) | (home - set(persons))
    if missing:
        persons |= {p.pk: p for p in Person.objects.filter(pk__in=missing)}
    shown = visible_relatives(user, list(persons.values())) | {child.pk}
    relationships = [
        r for r in relationships if r.from_person_id in shown and r.to_person_id in shown
    ]
    kept = _reachable(child, shown & set(persons), relationships, home)
    relationships = [r for r in relationships if r.from_person_id in kept]
    generation = _generations(child, relationships)
    people = {
        pk: NetworkPerson(persons[pk], generation.get(pk), lives_with_child=pk in home)
        for pk in kept
    }
    _describe_to_child(child, people, relationships)
    ordered = sorted(
        people.values(),
        key=lambda p: (
            p.person.pk != child.pk,
            p.generation if p.generation is not None else 9,
            p.person.date_of_birth or p.person.expected_date_of_birth or dt.date.max,
            p.person.pk,
        ),
    )
    return FamilyNetwork(
        child=child,
        people=ordered,
        relationships=relationships,
        households=homes,
        supports=list(
            InformalSupport.objects.current().filter(child=child).order_by("strength", "name")
        ),
        professionals=list(
            NetworkMember.objects.current()
            .filter(child=child)
            .select_related("professional__agency")
            .order_by("professional__agency__name", "professional__name")
        ),
    )


def family_network_drawn(child: Person, user: AbstractBaseUser) -> dict:
    """The network and its drawings, as `people/genogram/_drawing.html` includes them on any
    page about the child (the family group decision-making meeting, say): pass the result as
    the include's context. The caller has opened the child's record (and logged it)."""
    network = family_network(child, user)
    drawings: Drawings = draw(network)
    return {"network": network, "drawings": drawings}
