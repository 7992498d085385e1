"""The one place explicit record grants are written (R13): given, revoked, extended.

A grant lets one user see one child, restricted records included, for a time. Audits and
reviewer visits give them through these functions, so every grant carries who gave it, why and
until when; none is ever deleted (a revoked grant keeps its dates).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db.models import QuerySet

from journey.core.models import RecordGrant


def grant_record(
    user: User,
    child_id: int,
    *,
    reason: str,
    granted_by: User,
    starts_on: dt.date | None = None,
    expires_on: dt.date | None = None,
) -> RecordGrant:
    return RecordGrant.objects.create(
        user=user,
        child_id=child_id,
        reason=reason[:300],
        granted_by=granted_by,
        starts_on=starts_on,
        expires_on=expires_on,
    )


def revoke_grants(grants: QuerySet[RecordGrant], at: dt.datetime) -> int:
    """End these grants now; they stay on record."""
    return grants.filter(revoked_at__isnull=True).update(revoked_at=at)


def extend_grants(grants: QuerySet[RecordGrant], expires_on: dt.date) -> int:
    return grants.filter(revoked_at__isnull=True).update(expires_on=expires_on)
