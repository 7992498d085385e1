"""Recording how the council may reach a child or a parent or carer themselves: an email address
and a UK mobile number, so a secure link for their views can be sent (issue 18). The change
history keeps every earlier value, who changed it and when."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from journey.people.models import Person

EMAIL_PROBLEM = "Enter an email address in the correct format, like name@example.com"
MOBILE_PROBLEM = "Enter a UK mobile number, like 07700 900 982 or +44 7700 900 982"
NOTHING_CHANGED = "The contact details are the same as before: change one, or go back"


@dataclass(frozen=True)
class ContactDetails:
    email: str = ""
    mobile: str = ""


def uk_mobile(text: str) -> str | None:
    """A UK mobile number as typed ("07700 900982", "+44 (0)7700-900982") as 07 and 9 digits,
    or None when it is not one. Empty stays empty."""
    digits = re.sub(r"[\s\-().]", "", text or "")
    if not digits:
        return ""
    if digits.startswith("+"):
        digits = digits[1:]
    if digits.startswith("44"):
        digits = digits[2:]
        digits = digits[1:] if digits.startswith("0") else digits
        digits = "0" + digits
    if re.fullmatch(r"07\d{9}", digits):
        return digits
    return None


def _problems(details: ContactDetails) -> dict[str, str]:
    errors = {}
    email = details.email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = EMAIL_PROBLEM
    if uk_mobile(details.mobile) is None:
        errors["mobile"] = MOBILE_PROBLEM
    return errors


@transaction.atomic
def record_contact_details(person: Person, details: ContactDetails, *, by: User) -> Person:
    """Record or change a person's email address and mobile number (either may be left blank to
    say there is none). Nothing is saved unless both are valid and one has changed."""
    errors = _problems(details)
    if errors:
        raise ValidationError(errors)
    email, mobile = details.email.strip(), uk_mobile(details.mobile) or ""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if (email, mobile) == (person.email, person.mobile):
        raise ValidationError({"email": NOTHING_CHANGED})
    person.email, person.mobile = email, mobile
    person._history_user = by  # type: ignore[attr-defined]  # simple-history's who
    person.save(update_fields=["email", "mobile"])
    return person
