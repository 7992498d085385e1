"""Reads of the information-sharing log."""

from __future__ import annotations

from journey.people.models import Person
from journey.sharing.models import Disclosure

#: The most entries the log shows, newest first (as the access log does).
LOG_LIMIT = 200


def sharing_log(child: Person) -> list[Disclosure]:
    return list(
        Disclosure.objects.filter(child=child)
        .select_related("agency", "recorded_by")
        .order_by("-decided_on", "-pk")[:LOG_LIMIT]
    )
