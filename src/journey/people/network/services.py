"""A child's professional network: the named professionals involved, kept (never deleted) with
when each joined and stopped being involved."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from journey.core.services import check_not_future
from journey.people.models import Agency, NetworkMember, Person, Professional


@dataclass(frozen=True)
class ProfessionalDetails:
    name: str
    role: str
    agency: Agency | None
    phone: str = ""
    email: str = ""


def _check(details: ProfessionalDetails) -> None:
    errors = {}
    if not details.name.strip():
        errors["name"] = "Enter their name"
    if not details.role.strip():
        errors["role"] = "Enter their role with the child, for example class teacher or GP"
    if details.agency is None:
        errors["agency"] = "Select their agency"
    if details.email.strip():
        try:
            validate_email(details.email.strip())
        except ValidationError:
            errors["email"] = "Enter an email address like name@school.sch.uk"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_to_network(child: Person, details: ProfessionalDetails, *, by: User) -> NetworkMember:
    """The professional (found by name in their agency, or new) joins the child's network."""
    _check(details)
    assert details.agency is not None  # refused above
    professional = Professional.objects.filter(
        name__iexact=details.name.strip(), agency=details.agency
    ).first() or Professional(name=details.name.strip(), agency=details.agency)
    professional.job_title = professional.job_title or details.role.strip()
    professional.phone = details.phone.strip() or professional.phone
    professional.email = details.email.strip() or professional.email
    professional.save()
    if NetworkMember.objects.current().filter(child=child, professional=professional).exists():
        raise ValidationError(
            {"name": f"{professional.name} is already in {child.first_name}'s network"}
        )
    return NetworkMember.objects.create(
        child=child, professional=professional, role=details.role.strip(), recorded_by=by
    )


@transaction.atomic
def end_involvement(member: NetworkMember, *, ended_on: dt.date | None, by: User) -> NetworkMember:
    """They are no longer involved: kept on the record, with the day it ended."""
    member = NetworkMember.objects.select_for_update().get(pk=member.pk)
    ended_on = ended_on or timezone.localdate()
    if member.ended_on is not None:
        raise ValidationError({"ended_on": "They are already recorded as no longer involved"})
    check_not_future(ended_on, "ended_on", "The date they stopped being involved")
    if ended_on < member.started_on:
        raise ValidationError(
            {"ended_on": f"The date must be on or after they joined, {member.started_on:%-d %B %Y}"}
        )
    member.ended_on = ended_on
    member.save(update_fields=["ended_on"])
    return member
