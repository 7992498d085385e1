"""Reads of the consistent identifier: a child's match status, the other records that share
their identifier, and the council's possible duplicates, each in a fixed number of queries."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Prefetch

from journey.access.rules import visible_children
from journey.core.identifiers import ConsistentIdentifier, consistent_identifier
from journey.people.models import IdentifierCheck, NotSameChild, Person

User = AbstractBaseUser | AnonymousUser
Status = IdentifierCheck.Status

#: The most other records a child's warning names (more would be a data problem of its own).
OTHERS_LIMIT = 10


@dataclass(frozen=True)
class IdentifierStatus:
    """A child's consistent identifier as a worker reads it: the number (NHS style), and whether
    it is verified, unverified or in conflict; or, when there is none, the reason or a gap."""

    identifier: ConsistentIdentifier
    value: str
    state: str  # "verified", "unverified", "conflict", "no_number" or "gap"
    check: IdentifierCheck | None

    @property
    def label(self) -> str:
        return self.identifier.label

    @property
    def shown(self) -> str:
        return self.identifier.format(self.value) if self.value else ""

    @property
    def words(self) -> str:
        return {
            "verified": "Verified",
            "unverified": "Unverified",
            "conflict": "Conflict",
            "no_number": "None recorded, with a reason",
            "gap": "Not recorded, and no reason given",
        }[self.state]

    @property
    def colour(self) -> str:
        return {
            "verified": "green",
            "unverified": "grey",
            "conflict": "red",
            "no_number": "blue",
            "gap": "orange",
        }[self.state]

    @property
    def detail(self) -> str:
        """ "3 March 2026, GP letter or GP record"; the reason there is none; "" when unverified."""
        check = self.check
        if check is None:
            return ""
        if self.state == "verified":
            return f"{check.checked_on:%-d %B %Y}, {check.get_source_display()}"
        if self.state == "conflict":
            return f"{check.checked_on:%-d %B %Y}: {check.note}"
        return check.get_reason_none_display()


def status_of(child: Person, checks: Iterable[IdentifierCheck]) -> IdentifierStatus:
    """The child's status from their identifier checks (any identifier; the current one counts,
    and only while the identifier on the record is the one that was checked)."""
    identifier = consistent_identifier()
    value: str = getattr(child, identifier.field)
    check = next((c for c in checks if c.identifier == identifier.field and c.value == value), None)
    if value:
        state = check.status if check and check.status != Status.NO_NUMBER else "unverified"
    else:
        state = Status.NO_NUMBER if check and check.status == Status.NO_NUMBER else "gap"
    return IdentifierStatus(identifier, value, str(state), check if state != "unverified" else None)


def identifier_status(child: Person) -> IdentifierStatus:
    """One child's status, in one query (none when their checks were prefetched)."""
    checks = getattr(child, "consistent_checks", None)
    if checks is None:
        checks = IdentifierCheck.objects.filter(
            child=child, identifier=consistent_identifier().field
        )
    return status_of(child, checks)


def with_checks() -> Prefetch:
    """Prefetch each child's check of the consistent identifier (one query for a whole list)."""
    return Prefetch(
        "identifier_checks",
        queryset=IdentifierCheck.objects.filter(identifier=consistent_identifier().field),
        to_attr="consistent_checks",
    )


def check_history(child: Person) -> list[Any]:
    """Every state the child's check has been in, newest first (its change history)."""
    history: Any = IdentifierCheck.history  # a HistoryManager; the stubs see the descriptor
    return list(
        history.filter(child_id=child.pk)
        .select_related("history_user")
        .order_by("-history_date")[:50]
    )


def other_records(child: Person, user: User) -> list[Person]:
    """The other children with the same consistent identifier that this user may see, unless a
    reviewer has recorded that they are a different child (one query)."""
    field = consistent_identifier().field
    value = getattr(child, field)
    if not value:
        return []
    cleared = NotSameChild.objects.filter(child=child, identifier=field, value=value)
    return list(
        visible_children(user)
        .filter(**{field: value})
        .exclude(pk=child.pk)
        .exclude(pk__in=cleared.values("other_id"))
        .order_by("pk")[:OTHERS_LIMIT]
    )


@dataclass(frozen=True)
class DuplicatePair:
    value: str
    first: Person
    second: Person


def possible_duplicates(user: User) -> list[DuplicatePair]:
    """Pairs of children sharing the consistent identifier, for merge review: both children
    visible to this user, and not yet recorded as different children. Three queries."""
    identifier = consistent_identifier()
    field = identifier.field
    shared = (
        Person.objects.children()
        .exclude(**{field: ""})
        .values(field)
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values(field)
    )
    children = list(
        visible_children(user)
        .filter(**{f"{field}__in": shared})
        .order_by(field, "last_name", "first_name", "pk")
    )
    cleared = set(
        NotSameChild.objects.filter(identifier=field, **{"value__in": shared}).values_list(
            "child_id", "other_id", "value"
        )
    )
    pairs = []
    for value, group in itertools.groupby(children, key=lambda c: getattr(c, field)):
        for first, second in itertools.combinations(list(group), 2):
            if (first.pk, second.pk, value) not in cleared:
                pairs.append(DuplicatePair(identifier.format(value), first, second))
    return pairs
