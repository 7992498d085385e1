"""Writes about the workforce: changes of role that wait for an assistant director's approval.
(Moving a worker's cases to colleagues is allocation: cases.services.reassign_work.)"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from journey.workforce.models import Role, RoleChange, Service, Team, Worker

# --- Changes of role that open case data ------------------------------------------------------

MIN_REASON = 10


@dataclass(frozen=True)
class Placement:
    """A role and where it sits: a team, or (for a head of service) a service."""

    role: str
    team: Team | None = None
    service: Service | None = None


def _reason(text: str, field: str, what: str) -> str:
    text = (text or "").strip()
    if len(text) < MIN_REASON:
        raise ValidationError(
            {field: f"Enter {what}, in a few words (at least {MIN_REASON} letters)"}
        )
    return text[:300]


@transaction.atomic
def request_role_change(
    worker: Worker,
    to: Placement,
    *,
    reason: str,
    requested_by: User,
    activates: bool = False,
) -> RoleChange:
    """Ask for a worker's new role, team or service; nothing changes until it is approved. A
    worker to be made active (a new one, or one coming back) waits inactive."""
    if worker.user_id == requested_by.pk:
        raise ValidationError({"__all__": "You cannot change your own role or team"})
    if to.role not in Role.values:
        raise ValidationError({"role": "Choose a role from the list"})
    worker = Worker.objects.select_for_update().get(pk=worker.pk)
    if worker.role_changes.filter(status=RoleChange.Status.PENDING).exists():
        raise ValidationError(
            {"__all__": f"A change for {worker.name} is already waiting for approval"}
        )
    if activates and worker.is_active:
        worker.is_active = False
        worker.save(update_fields=["is_active"])
    return RoleChange.objects.create(
        worker=worker,
        activates=activates,
        from_role=worker.role,
        to_role=to.role,
        from_team=worker.team,
        to_team=to.team,
        from_service=worker.service,
        to_service=to.service,
        reason=_reason(reason, "reason", "the reason for the change"),
        requested_by=requested_by,
        requested_at=timezone.now(),
    )


def _pending(change: RoleChange, by: User) -> RoleChange:
    change = RoleChange.objects.select_for_update().select_related("worker").get(pk=change.pk)
    if not change.is_pending:
        raise ValidationError(
            {"__all__": f"This change is already {change.get_status_display().lower()}"}
        )
    if change.requested_by_id == by.pk:
        raise ValidationError(
            {"__all__": "You asked for this change, so someone else must decide it"}
        )
    if change.worker.user_id == by.pk:
        raise ValidationError({"__all__": "You cannot decide a change to your own role"})
    return change


@transaction.atomic
def approve_role_change(change: RoleChange, *, by: User, note: str = "") -> RoleChange:
    """The change takes effect: the worker's role, team and service become the new ones."""
    change = _pending(change, by)
    worker = change.worker
    worker.role, worker.team, worker.service = change.to_role, change.to_team, change.to_service
    if change.activates:
        worker.is_active = True
    worker.save()
    return _decide(change, RoleChange.Status.APPROVED, by, note.strip()[:300])


@transaction.atomic
def decline_role_change(change: RoleChange, *, by: User, note: str) -> RoleChange:
    """Nothing changes for the worker; the reason is kept with the request."""
    change = _pending(change, by)
    return _decide(
        change, RoleChange.Status.DECLINED, by, _reason(note, "note", "why the change is declined")
    )


def _decide(change: RoleChange, status: str, by: User, note: str) -> RoleChange:
    change.status, change.decided_by, change.decided_at = status, by, timezone.now()
    change.decision_note = note
    change.save()
    return change
