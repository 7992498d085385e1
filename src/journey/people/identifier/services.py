"""Checking a child's consistent identifier: verified against a source, in conflict, or none
with the reason; and a reviewer's decision that two children sharing one are not the same child.
Each writes the record (its history keeps the earlier state) and the child's chronology entry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from journey.chronology.models import ChronologyEntry, EntryKind
from journey.chronology.services import build_entry, start_of
from journey.core.identifiers import consistent_identifier
from journey.people.models import IdentifierCheck, NotSameChild, Person

Status = IdentifierCheck.Status
MIN_REASON = 10


@dataclass(frozen=True)
class CheckInput:
    """What a worker found when they checked the child's identifier."""

    status: str
    checked_on: dt.date | None
    source: str = ""
    reason_none: str = ""
    note: str = ""


def _date_problem(child: Person, day: dt.date | None) -> str | None:
    if day is None:
        return "Enter the date"
    if day > timezone.localdate():
        return "The date must be today or in the past"
    if child.date_of_birth and day < child.date_of_birth:
        born = f"{child.date_of_birth:%-d %B %Y}"
        return f"The date must be on or after {child.first_name}'s birth, {born}"
    return None


def _problems(child: Person, data: CheckInput) -> dict[str, str]:
    identifier = consistent_identifier()
    value = getattr(child, identifier.field)
    label = identifier.label
    errors: dict[str, str] = {}
    if data.status not in Status.values:
        errors["status"] = f"Select what you found when you checked the {label}"
    elif data.status == Status.NO_NUMBER:
        if value:
            errors["status"] = (
                f"{child.first_name} has {identifier.a_label} on the record: verify it or record "
                "a conflict"
            )
        if data.reason_none not in IdentifierCheck.NoneReason.values:
            errors["reason_none"] = f"Select why {child.first_name} has no {label}"
    elif not value:
        errors["status"] = (
            f"There is no {label} on {child.first_name}'s record: add it with Change details, "
            f"or record why there is none"
        )
    elif not identifier.is_valid(value):
        errors["status"] = (
            f"The {label} on the record fails its check digit: correct it with Change details first"
        )
    elif data.status == Status.VERIFIED:
        if data.source not in IdentifierCheck.Source.values:
            errors["source"] = f"Select what you checked the {label} against"
        elif data.source == IdentifierCheck.Source.OTHER and not data.note.strip():
            errors["note"] = "Say which source you checked it against"
    elif data.status == Status.CONFLICT and len(data.note.strip()) < MIN_REASON:
        errors["note"] = (
            "Say what does not match, for example “the GP record has another date of birth”"
        )
    if problem := _date_problem(child, data.checked_on):
        errors["checked_on"] = problem
    return errors


def check_entry(check: IdentifierCheck) -> ChronologyEntry:
    identifier = consistent_identifier()
    label = identifier.label
    shown = identifier.format(check.value)
    if check.status == Status.VERIFIED:
        title = f"{label} {shown} verified: {check.get_source_display()}"
    elif check.status == Status.CONFLICT:
        title = f"{label} {shown} in conflict with another record"
    else:
        title = f"No {label}: {check.get_reason_none_display().lower()}"
    return build_entry(
        child_id=check.child_id,
        kind=EntryKind.IDENTIFIER,
        title=title,
        summary=check.note,
        occurred_at=start_of(check.checked_on),
        source=check,
        recorded_by=check.recorded_by,
        recorded_at=check.recorded_at,
        is_significant=check.status == Status.CONFLICT,
    )


@transaction.atomic
def record_identifier_check(child: Person, data: CheckInput, *, by: User) -> IdentifierCheck:
    """Verified (with the date and the source), in conflict (with a note saying what differs),
    or none on the record (with the reason). The check holds for the identifier as it stands;
    the earlier state stays in the record's history and on the chronology."""
    child = Person.objects.select_for_update().get(pk=child.pk)
    errors = _problems(child, data)
    if errors:
        raise ValidationError(errors)
    assert data.checked_on is not None  # refused above
    field = consistent_identifier().field
    status = data.status
    check, _ = IdentifierCheck.objects.update_or_create(
        child=child,
        identifier=field,
        defaults={
            "value": getattr(child, field),
            "status": status,
            "checked_on": data.checked_on,
            "source": data.source if status == Status.VERIFIED else "",
            "reason_none": data.reason_none if status == Status.NO_NUMBER else "",
            "note": data.note.strip(),
            "recorded_by": by,
            "recorded_at": timezone.now(),
        },
    )
    check_entry(check).save()
    return check


def verify_identifier(
    child: Person, *, checked_on: dt.date | None, source: str, by: User, note: str = ""
) -> IdentifierCheck:
    data = CheckInput(Status.VERIFIED, checked_on, source=source, note=note)
    return record_identifier_check(child, data, by=by)


def mark_identifier_conflict(
    child: Person, *, checked_on: dt.date | None, note: str, by: User
) -> IdentifierCheck:
    return record_identifier_check(child, CheckInput(Status.CONFLICT, checked_on, note=note), by=by)


def record_no_identifier(
    child: Person, *, checked_on: dt.date | None, reason: str, by: User, note: str = ""
) -> IdentifierCheck:
    data = CheckInput(Status.NO_NUMBER, checked_on, reason_none=reason, note=note)
    return record_identifier_check(child, data, by=by)


def not_same_entry(decision: NotSameChild) -> ChronologyEntry:
    identifier = consistent_identifier()
    return build_entry(
        child_id=decision.child_id,
        kind=EntryKind.IDENTIFIER,
        title=(
            f"Not the same child as {decision.other.local_id}, who shares the {identifier.label} "
            f"{identifier.format(decision.value)}"
        ),
        summary=decision.reason,
        occurred_at=decision.decided_at,
        source=decision,
        recorded_by=decision.decided_by,
        recorded_at=decision.decided_at,
    )


@transaction.atomic
def record_not_same_child(
    child: Person, other: Person, *, reason: str, by: User, decided_on: dt.date | None = None
) -> list[NotSameChild]:
    """Two children who share the consistent identifier are different children: kept, with the
    reason, on both records and both chronologies; the pair leaves the possible duplicates.
    Decided now, or on an earlier day (`decided_on`, a decision made at a meeting)."""
    identifier = consistent_identifier()
    field = identifier.field
    pair = list(Person.objects.select_for_update().filter(pk__in=[child.pk, other.pk]))
    child, other = sorted(pair, key=lambda p: p.pk != child.pk)
    value = getattr(child, field)
    errors: dict[str, str] = {}
    if child.pk == other.pk or not value or getattr(other, field) != value:
        errors["other"] = (
            f"{child.first_name} and {other.first_name} do not share {identifier.a_label}: "
            "there is nothing to review"
        )
    elif NotSameChild.objects.filter(
        child=child, other=other, identifier=field, value=value
    ).exists():
        errors["other"] = "This pair has already been recorded as two different children"
    if len(reason.strip()) < MIN_REASON:
        errors["reason"] = (
            "Say why they are not the same child, for example “different dates of birth and "
            "parents; the GP confirmed the number is the brother's”"
        )
    today = timezone.localdate()
    if decided_on is not None and decided_on > today:
        errors["decided_on"] = "The date decided must be today or in the past"
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    if decided_on is not None and decided_on < today:
        now = start_of(decided_on)
    decisions = [
        NotSameChild.objects.create(
            child=one,
            other=two,
            identifier=field,
            value=value,
            reason=reason.strip(),
            decided_by=by,
            decided_at=now,
        )
        for one, two in ((child, other), (other, child))
    ]
    for decision in decisions:
        not_same_entry(decision).save()
    return decisions
