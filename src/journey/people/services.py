"""Writes about people: recording a child, their names, households and relationships."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from journey.chronology.models import EntryKind
from journey.chronology.services import build_entry
from journey.core import codes
from journey.core.identifiers import is_valid_nhs_number, is_valid_upn
from journey.core.services import check_code, check_not_future, next_number
from journey.people.models import (
    Household,
    HouseholdMember,
    Person,
    PersonDisability,
    PersonName,
    Relationship,
)


@dataclass
class ChildDetails:
    first_name: str
    last_name: str
    date_of_birth: dt.date | None = None
    expected_date_of_birth: dt.date | None = None
    sex: str = "U"
    gender_identity: str = ""
    ethnicity: str = ""
    upn: str = ""
    upn_unknown: str = ""
    nhs_number: str = ""
    address_area: str = ""
    postcode: str = ""
    disabilities: list[str] = field(default_factory=list)
    former_names: list[tuple[str, str]] = field(default_factory=list)
    is_child: bool = True


def possible_duplicates(first_name: str, last_name: str, date_of_birth: dt.date | None):
    if not date_of_birth:
        return Person.objects.none()
    return Person.objects.named(first_name, last_name).filter(date_of_birth=date_of_birth)


def new_local_id(number: int) -> str:
    return f"JNY{number:07d}"


def validate_child_details(details: ChildDetails) -> None:
    errors: dict[str, str] = {}
    if not details.first_name.strip():
        errors["first_name"] = "Enter the child's first name"
    if not details.last_name.strip():
        errors["last_name"] = "Enter the child's last name"
    today = timezone.localdate()
    if details.date_of_birth and details.expected_date_of_birth:
        errors["expected_date_of_birth"] = (
            "Enter either a date of birth or an expected date of birth, not both"
        )
    elif not details.date_of_birth and not details.expected_date_of_birth:
        errors["date_of_birth"] = (
            "Enter the date of birth, or an expected date of birth for an unborn child"
        )
    if details.date_of_birth and details.date_of_birth > today:
        errors["date_of_birth"] = "Date of birth must be today or in the past"
    if details.date_of_birth and details.date_of_birth < today - dt.timedelta(days=365 * 26):
        errors["date_of_birth"] = "Date of birth must be within the last 25 years for a child"
    if details.expected_date_of_birth and details.expected_date_of_birth < today:
        errors["expected_date_of_birth"] = "Expected date of birth must be in the future"
    if details.upn and not is_valid_upn(details.upn):
        errors["upn"] = (
            "Enter a valid UPN: a check letter then 12 characters, for example A123456789012"
        )
    if details.nhs_number and not is_valid_nhs_number(details.nhs_number):
        errors["nhs_number"] = "Enter a valid 10-digit NHS number, like 999 123 4560"
    for name, value, choices, label in [
        ("sex", details.sex, codes.Sex, "sex"),
        ("ethnicity", details.ethnicity, codes.Ethnicity, "ethnicity"),
        ("upn_unknown", details.upn_unknown, codes.UPNUnknown, "reason the UPN is unknown"),
    ]:
        if value and value not in choices.values:
            errors[name] = f"Select a valid {label} from the list"
    for code in details.disabilities:
        if code not in codes.Disability.values:
            errors["disabilities"] = "Select disabilities from the list"
    if codes.Disability.NONE in details.disabilities and len(set(details.disabilities)) > 1:
        errors["disabilities"] = "Select “No disability” on its own, or the child's disabilities"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_child(
    details: ChildDetails, *, recorded_by: AbstractBaseUser, confirm_not_duplicate: bool = False
) -> Person:
    """Record a new child. Refuses a likely duplicate unless the worker confirms it is not one."""
    validate_child_details(details)
    if (
        not confirm_not_duplicate
        and possible_duplicates(
            details.first_name, details.last_name, details.date_of_birth
        ).exists()
    ):
        raise ValidationError(
            {
                "confirm_not_duplicate": "A child with this name and date of birth is already "
                "recorded. Open their record instead, or confirm this is a different child"
            }
        )
    person = Person.objects.create(
        local_id=new_local_id(next_number("person")),
        first_name=details.first_name.strip(),
        last_name=details.last_name.strip(),
        is_child=details.is_child,
        date_of_birth=details.date_of_birth,
        expected_date_of_birth=details.expected_date_of_birth,
        sex=details.sex,
        gender_identity=details.gender_identity,
        ethnicity=details.ethnicity,
        upn=details.upn.strip().upper(),
        upn_unknown=details.upn_unknown,
        nhs_number=details.nhs_number.replace(" ", ""),
        address_area=details.address_area,
        postcode=details.postcode.upper(),
        created_by=recorded_by,
    )
    for code in dict.fromkeys(details.disabilities):  # a code given twice is recorded once
        PersonDisability.objects.create(person=person, code=code)
    for first, last in details.former_names:
        # save() sets the sound-alike name keys that search matches misspellings on.
        PersonName.objects.create(person=person, first_name=first.strip(), last_name=last.strip())
    if person.is_child:
        child_recorded_entry(person, timezone.now()).save()
    return person


def child_recorded_entry(person: Person, when: dt.datetime):
    return build_entry(
        child_id=person.pk,
        kind=EntryKind.CHILD_RECORDED,
        title="Child's record created",
        occurred_at=when,
        source=person,
        recorded_by=person.created_by,
        recorded_at=when,
    )


@transaction.atomic
def record_adult(
    *, first_name: str, last_name: str, date_of_birth: dt.date | None, recorded_by
) -> Person:
    check_not_future(date_of_birth, "date_of_birth", "Date of birth")
    return Person.objects.create(
        local_id=new_local_id(next_number("person")),
        first_name=first_name,
        last_name=last_name,
        is_child=False,
        date_of_birth=date_of_birth,
        created_by=recorded_by,
    )


@transaction.atomic
def relate(
    from_person: Person, to_person: Person, kind: str, started_on: dt.date | None = None
) -> Relationship:
    check_code(kind, Relationship.Kind, "kind", "relationship")
    if from_person.pk == to_person.pk:
        raise ValidationError({"to_person": "A person cannot be related to themselves"})
    return Relationship.objects.create(
        from_person=from_person, to_person=to_person, kind=kind, started_on=started_on
    )


@transaction.atomic
def form_household(
    *,
    name: str,
    members: list[Person],
    address_area: str = "",
    postcode: str = "",
    joined_on: dt.date | None = None,
) -> Household:
    household = Household.objects.create(name=name, address_area=address_area, postcode=postcode)
    for person in members:
        HouseholdMember.objects.create(household=household, person=person, joined_on=joined_on)
    return household
