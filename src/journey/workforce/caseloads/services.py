"""Changing the council's caseload weights and limits: every figure checked first, then the
changed rows saved together with the reason (their history keeps each version), or nothing."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from journey.workforce.models import CaseloadLimit, CaseloadWeight, Role, WorkKind

#: The roles whose caseloads have a limit: those who hold work, and partners' lead professionals.
LIMITED_ROLES = [
    Role.PRACTITIONER,
    Role.SOCIAL_WORKER,
    Role.TEAM_MANAGER,
    Role.EXTERNAL_LEAD_PROFESSIONAL,
]
MAX_WEIGHT = Decimal("10")
MAX_LIMIT = 200
REASON_MIN = 10


def weight_field(kind: str) -> str:
    return f"weight_{kind}"


def limit_field(role: str) -> str:
    return f"limit_{role}"


def _weight(kind: WorkKind, value: object) -> Decimal:
    field = weight_field(kind.value)
    what = f"The weight for {kind.label.lower()}"
    if value is None or str(value).strip() == "":
        raise ValidationError({field: f"Enter the weight for {kind.label.lower()}"})
    try:
        weight = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationError({field: f"{what} must be a number, like 1 or 1.5"}) from None
    if not weight.is_finite() or not Decimal(0) <= weight <= MAX_WEIGHT:
        raise ValidationError({field: f"{what} must be between 0 and {MAX_WEIGHT}"})
    if weight != weight.quantize(Decimal("0.01")):
        raise ValidationError({field: f"{what} can have at most 2 decimal places, like 1.25"})
    return weight


def _limit(role: Role, value: object) -> int:
    field = limit_field(role.value)
    what = f"The limit for a {role.label.lower()}"
    text = "" if value is None else str(value).strip()
    if not text:
        raise ValidationError({field: f"Enter the limit for a {role.label.lower()}"})
    if not text.isdigit():
        raise ValidationError({field: f"{what} must be a whole number, like 25"})
    limit = int(text)
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationError({field: f"{what} must be between 1 and {MAX_LIMIT}"})
    return limit


def _checked(
    weights: dict[str, object], limits: dict[str, object], reason: str
) -> tuple[dict[str, Decimal], dict[str, int], str]:
    """Every figure and the reason checked, all errors at once (each on its field)."""
    errors: dict[str, list[str]] = {}
    checked_weights: dict[str, Decimal] = {}
    checked_limits: dict[str, int] = {}
    for kind in WorkKind:
        try:
            checked_weights[kind.value] = _weight(kind, weights.get(kind.value))
        except ValidationError as error:
            errors.update(error.message_dict)
    for role in LIMITED_ROLES:
        try:
            checked_limits[role.value] = _limit(role, limits.get(role.value))
        except ValidationError as error:
            errors.update(error.message_dict)
    unknown = (set(weights) - set(WorkKind.values)) | (
        set(limits) - {r.value for r in LIMITED_ROLES}
    )
    if unknown:
        errors["__all__"] = [f"Journey has no weight or limit called {', '.join(sorted(unknown))}"]
    reason = (reason or "").strip()
    if len(reason) < REASON_MIN:
        errors["reason"] = [
            "Enter why the weights or limits are changing (at least 10 characters), for "
            "example the decision and the meeting that made it"
        ]
    if errors:
        raise ValidationError(errors)
    return checked_weights, checked_limits, reason


@transaction.atomic
def change_weights_and_limits(
    *,
    weights: dict[str, object],
    limits: dict[str, object],
    reason: str,
    by: User,
) -> list[str]:
    """Save the weights (by kind of work) and limits (by role) that differ from today's, with
    the reason; returns what changed. Refused, with nothing saved, when any figure is wrong or
    nothing changes."""
    new_weights, new_limits, reason = _checked(weights, limits, reason)
    now = timezone.now()
    current_weights = {w.kind: w for w in CaseloadWeight.objects.select_for_update()}
    current_limits = {c.role: c for c in CaseloadLimit.objects.select_for_update()}
    changed: list[str] = []
    for kind, weight in new_weights.items():
        row = current_weights.get(kind) or CaseloadWeight(kind=kind)
        if row.pk and row.weight == weight:
            continue
        row.weight, row.reason, row.changed_by, row.changed_at = weight, reason, by, now
        row._change_reason = reason  # type: ignore[attr-defined]  # kept with the version
        row.save()
        changed.append(f"the weight for {WorkKind(kind).label.lower()}")
    for role, limit in new_limits.items():
        row_limit = current_limits.get(role) or CaseloadLimit(role=role)
        if row_limit.pk and row_limit.limit == limit:
            continue
        row_limit.limit, row_limit.reason = limit, reason
        row_limit.changed_by, row_limit.changed_at = by, now
        row_limit._change_reason = reason  # type: ignore[attr-defined]
        row_limit.save()
        changed.append(f"the limit for a {Role(role).label.lower()}")
    if not changed:
        raise ValidationError(
            {"__all__": "Nothing has changed: change a weight or a limit, or go back"}
        )
    return changed
