"""Recording what was shared about a child, or a decision not to share, on their record and
their chronology."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from journey.chronology.models import ChronologyEntry, EntryKind
from journey.chronology.services import build_entry, start_of
from journey.core.services import check_not_future
from journey.people.models import Agency, Person
from journey.sharing.models import Disclosure, Power


@dataclass(frozen=True)
class SharingInput:
    decision: str
    decided_on: dt.date | None
    recipient: str
    information: str
    agency: Agency | None = None
    purpose: str = ""
    power: str = ""
    reasons_not_shared: str = ""


def _problems(data: SharingInput) -> dict[str, str]:
    errors = {}
    if data.decision not in Disclosure.Decision.values:
        errors["decision"] = "Select whether the information was shared"
    if data.decided_on is None:
        errors["decided_on"] = "Enter the date"
    else:
        try:
            check_not_future(data.decided_on, "decided_on", "The date")
        except ValidationError as error:
            errors["decided_on"] = error.message_dict["decided_on"][0]
    if not data.recipient.strip():
        errors["recipient"] = "Enter who asked for or received the information"
    if not data.information.strip():
        errors["information"] = "Enter what was shared or asked for"
    if data.decision == Disclosure.Decision.SHARED:
        if not data.purpose.strip():
            errors["purpose"] = "Say what the information was shared for"
        if data.power not in Power.values:
            errors["power"] = "Select the power the information was shared under"
    if data.decision == Disclosure.Decision.NOT_SHARED and not data.reasons_not_shared.strip():
        errors["reasons_not_shared"] = (
            "Say why sharing would be more harmful to the child than not sharing"
        )
    return errors


def sharing_entry(disclosure: Disclosure) -> ChronologyEntry:
    shared = disclosure.decision == Disclosure.Decision.SHARED
    who = disclosure.recipient + (f" ({disclosure.agency})" if disclosure.agency_id else "")
    return build_entry(
        child_id=disclosure.child_id,
        kind=EntryKind.SHARING,
        title=f"Information shared with {who}" if shared else f"Decided not to share with {who}",
        summary=(
            f"{disclosure.information}\n\nWhat for: {disclosure.purpose}\n"
            f"Under: {disclosure.get_power_display()}"
            if shared
            else f"{disclosure.information}\n\nWhy not: {disclosure.reasons_not_shared}"
        ),
        occurred_at=start_of(disclosure.decided_on),
        source=disclosure,
        recorded_by=disclosure.recorded_by,
    )


@transaction.atomic
def record_sharing(child: Person, data: SharingInput, *, by: User) -> Disclosure:
    errors = _problems(data)
    if errors:
        raise ValidationError(errors)
    assert data.decided_on is not None  # refused above
    shared = data.decision == Disclosure.Decision.SHARED
    disclosure = Disclosure.objects.create(
        child=child,
        decision=data.decision,
        decided_on=data.decided_on,
        agency=data.agency,
        recipient=data.recipient.strip(),
        information=data.information.strip(),
        purpose=data.purpose.strip() if shared else "",
        power=data.power if shared else "",
        reasons_not_shared="" if shared else data.reasons_not_shared.strip(),
        recorded_by=by,
    )
    sharing_entry(disclosure).save()
    return disclosure
