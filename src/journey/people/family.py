"""The family view: who the child lives with and is related to, and each one's open involvement.

Siblings' own journeys are one click away, but only for children the viewer may see; a restricted
sibling or adult is shown without their name to anyone without a grant for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q

from journey.access.rules import episode_scope, visible_children, visible_relatives
from journey.cases.models import Episode
from journey.people.models import HouseholdMember, Person, Relationship


@dataclass
class FamilyMember:
    person: Person
    relationships: list[str] = field(default_factory=list)
    in_household: bool = False
    visible: bool = False
    open_episodes: list[Episode] = field(default_factory=list)
    shown: bool = True  # False: a restricted adult the viewer holds no grant for

    @property
    def hidden(self) -> bool:
        if not self.person.is_child:
            return not self.shown
        return self.person.is_restricted and not self.visible


def family_view(child: Person, user: AbstractBaseUser) -> dict:
    """Household and relationships in a fixed number of queries, whatever the family's size."""
    memberships = list(
        HouseholdMember.objects.filter(person=child, left_on__isnull=True).select_related(
            "household"
        )
    )
    household_ids = [m.household_id for m in memberships]
    members: dict[int, FamilyMember] = {}
    for m in (
        HouseholdMember.objects.filter(household_id__in=household_ids, left_on__isnull=True)
        .exclude(person=child)
        .select_related("person")
    ):
        members.setdefault(m.person_id, FamilyMember(m.person)).in_household = True
    for r in Relationship.objects.filter(
        Q(from_person=child) | Q(to_person=child), ended_on__isnull=True
    ).select_related("from_person", "to_person"):
        other = r.from_person if r.to_person_id == child.pk else r.to_person
        label = r.label_from(child) if r.to_person_id == child.pk else r.INVERSE[r.kind]
        members.setdefault(other.pk, FamilyMember(other)).relationships.append(label)

    child_ids = [pk for pk, m in members.items() if m.person.is_child]
    visible_ids = set(visible_children(user).filter(pk__in=child_ids).values_list("pk", flat=True))
    episodes = Episode.objects.open().filter(child_id__in=visible_ids).select_related("team")
    episodes = episodes.filter(episode_scope(user))
    for episode in episodes.order_by("started_on"):
        members[episode.child_id].open_episodes.append(episode)
    for pk in visible_ids:
        members[pk].visible = True
    adults = [m.person for m in members.values() if not m.person.is_child]
    shown = visible_relatives(user, adults)
    for person in adults:
        members[person.pk].shown = person.pk in shown
    ordered = sorted(
        members.values(),
        key=lambda m: (
            not m.person.is_child,
            m.person.date_of_birth or m.person.expected_date_of_birth,
        ),
    )
    return {"households": memberships, "family": ordered}


def household_children(child: Person, user: AbstractBaseUser) -> list[Person]:
    """Other children living with this child whom the user may see: a contact or a visit may be
    about them too."""
    households = HouseholdMember.objects.filter(person=child, left_on__isnull=True).values(
        "household_id"
    )
    return list(
        visible_children(user)
        .filter(
            household_memberships__household_id__in=households,
            household_memberships__left_on__isnull=True,
        )
        .exclude(pk=child.pk)
        .distinct()
        .order_by("date_of_birth")
    )
