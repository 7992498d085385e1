"""Reads of a child's professional network."""

from __future__ import annotations

from journey.people.models import NetworkMember, Person


def network_of(child: Person) -> list[NetworkMember]:
    """The professionals involved now, by agency (one query)."""
    return list(
        NetworkMember.objects.current()
        .filter(child=child)
        .select_related("professional__agency")
        .order_by("professional__agency__name", "professional__name")
    )


def network_names(child_ids: list[int]) -> list[str]:
    """The names of everyone in these children's networks now (one query)."""
    members = (
        NetworkMember.objects.current()
        .filter(child_id__in=child_ids)
        .select_related("professional__agency")
        .order_by("professional__name")
    )
    return sorted({m.professional.name for m in members})
