"""Writes about people: recording a child, correcting their details, their names and
households. Relationships are recorded by the family network's services (genogram/), which
refuse one that contradicts itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypedDict

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from journey.chronology.models import ChronologyEntry, EntryKind
from journey.chronology.services import build_entry
from journey.core import codes
from journey.core.identifiers import is_valid_nhs_number, is_valid_upn
from journey.core.services import check_not_future, next_number
from journey.people.models import (
    DetailsCorrection,
    Household,
    HouseholdMember,
    Person,
    PersonDisability,
    PersonName,
    correction_value,
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
    #: A Local ID from another system (e.g. an imported LAchildID); empty: Journey numbers one.
    local_id: str = ""
    former_upn: str = ""
    date_of_death: dt.date | None = None


def possible_duplicates(
    first_name: str, last_name: str, date_of_birth: dt.date | None
) -> QuerySet[Person]:
    if not date_of_birth:
        return Person.objects.none()
    return Person.objects.named(first_name, last_name).filter(date_of_birth=date_of_birth)


def new_local_id(number: int) -> str:
    return f"JNY{number:07d}"


NHS_NUMBER_INVALID = (
    "Enter a valid NHS number: 10 digits, the last is a check digit – "
    "check it against the health record"
)


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
    if (
        details.expected_date_of_birth
        and details.expected_date_of_birth < today
        and "expected_date_of_birth" not in errors  # "not both" says more
    ):
        errors["expected_date_of_birth"] = "Expected date of birth must be in the future"
    if details.upn and not is_valid_upn(details.upn):
        errors["upn"] = (
            "Enter a valid UPN: a check letter then 12 characters, for example A123456789012"
        )
    if details.former_upn and not is_valid_upn(details.former_upn):
        errors["former_upn"] = (
            "Enter a valid former UPN: a check letter then 12 characters, for example A123456789012"
        )
    if details.date_of_death and details.date_of_death > today:
        errors["date_of_death"] = "Date of death must be today or in the past"
    elif (
        details.date_of_death
        and details.date_of_birth
        and details.date_of_death < details.date_of_birth
    ):
        errors["date_of_death"] = (
            "Date of death must be on or after the date of birth, "
            f"{details.date_of_birth:%-d %B %Y}"
        )
    if details.nhs_number and not is_valid_nhs_number(details.nhs_number):
        errors["nhs_number"] = NHS_NUMBER_INVALID
    if not details.sex:
        errors["sex"] = "Select the child's sex (“Unknown” if it is not known)"
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


def check_local_id(local_id: str) -> str:
    """A Local ID given from elsewhere: it must fit the field and belong to no one else."""
    local_id = local_id.strip()
    longest = Person._meta.get_field("local_id").max_length
    assert longest is not None  # a CharField's
    if len(local_id) > longest:
        raise ValidationError({"local_id": f"The local ID must be {longest} characters or fewer"})
    if Person.objects.filter(local_id=local_id).exists():
        raise ValidationError(
            {"local_id": f"Someone else already has the local ID {local_id}: choose another"}
        )
    return local_id


@transaction.atomic
def record_child(
    details: ChildDetails, *, recorded_by: User, confirm_not_duplicate: bool = False
) -> Person:
    """Record a new child. Refuses a likely duplicate unless the worker confirms it is not one.

    The child is numbered by Journey unless `details.local_id` brings an ID from another system.
    """
    validate_child_details(details)
    local_id = check_local_id(details.local_id) if details.local_id.strip() else ""
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
        local_id=local_id or new_local_id(next_number("person")),
        first_name=details.first_name.strip(),
        last_name=details.last_name.strip(),
        is_child=details.is_child,
        date_of_birth=details.date_of_birth,
        expected_date_of_birth=details.expected_date_of_birth,
        sex=details.sex,
        gender_identity=details.gender_identity,
        ethnicity=details.ethnicity,
        upn=details.upn.strip().upper(),
        former_upn=details.former_upn.strip().upper(),
        upn_unknown=details.upn_unknown,
        nhs_number="".join(details.nhs_number.split()),
        address_area=details.address_area,
        postcode=details.postcode.upper(),
        date_of_death=details.date_of_death,
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


def child_recorded_entry(person: Person, when: dt.datetime) -> ChronologyEntry:
    return build_entry(
        child_id=person.pk,
        kind=EntryKind.CHILD_RECORDED,
        title="Child's record created",
        occurred_at=when,
        source=person,
        recorded_by=person.created_by,
        recorded_at=when,
    )


# --- Correcting a child's details -------------------------------------------------------------


class ChildCorrection(TypedDict, total=False):
    """The details a correction may change; a detail left out is left as it is."""

    first_name: str
    last_name: str
    date_of_birth: dt.date | None
    expected_date_of_birth: dt.date | None
    sex: str
    ethnicity: str
    upn: str
    former_upn: str
    upn_unknown: str
    nhs_number: str
    disabilities: list[str]
    date_of_death: dt.date | None


#: In the order a correction lists them (the order of the page).
CHILD_CORRECTABLE = (
    "first_name",
    "last_name",
    "date_of_birth",
    "expected_date_of_birth",
    "sex",
    "ethnicity",
    "disabilities",
    "upn",
    "former_upn",
    "upn_unknown",
    "nhs_number",
    "date_of_death",
)
#: Details checked against each other: a change to one answers for the others' messages too.
_LINKED_DETAILS = ({"date_of_birth", "expected_date_of_birth", "date_of_death"},)
MIN_CORRECTION_REASON = 10
NOTHING_CHANGED = "Nothing has changed: correct at least one detail, or go back without saving"


def correction_reason_problem(reason: str) -> str | None:
    if len((reason or "").strip()) < MIN_CORRECTION_REASON:
        return (
            "Enter why you are making this correction, in a few words "
            f"(at least {MIN_CORRECTION_REASON} letters)"
        )
    return None


def _disability_order(code: str) -> tuple[int, str]:
    known = codes.Disability.values
    return (known.index(code) if code in known else len(known), code)


def _child_values(person: Person) -> dict[str, Any]:
    values = {name: getattr(person, name) for name in CHILD_CORRECTABLE if name != "disabilities"}
    values["disabilities"] = sorted(
        person.disabilities.values_list("code", flat=True), key=_disability_order
    )
    return values


def _normalised(name: str, value: Any) -> Any:
    if name == "disabilities":
        return sorted(dict.fromkeys(value or []), key=_disability_order)
    if name in {"upn", "former_upn"}:
        return (value or "").strip().upper()
    if name == "nhs_number":
        return "".join((value or "").split())
    if isinstance(value, str):
        return value.strip()
    return value


def _child_detail_errors(person: Person, values: dict[str, Any], changed: set[str]) -> dict:
    """record_child's checks on the corrected details, reported for the details being changed:
    a detail left as it was is not this correction's to answer for."""
    details = ChildDetails(
        **{name: values[name] for name in CHILD_CORRECTABLE},
        is_child=person.is_child,
    )
    try:
        validate_child_details(details)
    except ValidationError as error:
        answerable = set(changed)
        for linked in _LINKED_DETAILS:
            if answerable & linked:
                answerable |= linked
        return {name: m for name, m in error.message_dict.items() if name in answerable}
    return {}


@transaction.atomic
def correct_child_details(
    person: Person, changes: ChildCorrection, *, reason: str, corrected_by: User
) -> list[DetailsCorrection]:
    """Correct a child's identifiers and characteristics after they were recorded.

    The corrected details meet record_child's rules; the reason is required; each changed
    detail's old and new value is kept (DetailsCorrection) and the child's chronology says what
    was corrected and why. Details sent unchanged are ignored; if none changed, nothing is
    saved and the error says so.
    """
    unknown = set(changes) - set(CHILD_CORRECTABLE)
    if unknown:
        raise ValueError(f"These details are not corrected here: {', '.join(sorted(unknown))}")
    person = Person.objects.select_for_update().get(pk=person.pk)
    current = _child_values(person)
    given: Mapping[str, object] = changes  # read by name, in CHILD_CORRECTABLE's order
    wanted = {name: _normalised(name, given[name]) for name in CHILD_CORRECTABLE if name in given}
    changed = {name: value for name, value in wanted.items() if value != current[name]}
    errors: dict[str, list[str] | str] = {}
    if changed:
        errors.update(_child_detail_errors(person, {**current, **changed}, set(changed)))
    else:
        errors["__all__"] = NOTHING_CHANGED
    problem = correction_reason_problem(reason)
    if problem:
        errors["reason"] = problem
    if errors:
        raise ValidationError(errors)

    fields = [name for name in changed if name != "disabilities"]
    for name in fields:
        setattr(person, name, changed[name])
    if fields:
        person.save(update_fields=fields)
    if "disabilities" in changed:
        kept = changed["disabilities"]
        person.disabilities.exclude(code__in=kept).delete()  # the old list is kept below
        PersonDisability.objects.bulk_create(
            PersonDisability(person=person, code=code)
            for code in kept
            if code not in current["disabilities"]
        )
    corrections = record_corrections(
        person,
        ((name, current[name], value) for name, value in changed.items()),
        reason=reason,
        corrected_by=corrected_by,
    )
    died = "date_of_death" in changed and changed["date_of_death"] is not None
    corrections_entry(corrections, "Details corrected", source=person, significant=died).save()
    return corrections


def record_corrections(
    person: Person,
    changes: Iterable[tuple[str, Any, Any]],
    *,
    reason: str,
    corrected_by: User,
    episode: Any = None,
) -> list[DetailsCorrection]:
    """Keep each corrected field's old and new value (field name, old, new), one moment for all."""
    now = timezone.now()
    return DetailsCorrection.objects.bulk_create(
        DetailsCorrection(
            person=person,
            episode=episode,
            field_name=name,
            old_value=correction_value(old),
            new_value=correction_value(new),
            reason=reason.strip(),
            corrected_by=corrected_by,
            corrected_at=now,
        )
        for name, old, new in changes
    )


def corrections_entry(
    corrections: list[DetailsCorrection],
    what: str,
    *,
    source: models.Model,
    significant: bool = False,
) -> ChronologyEntry:
    """The chronology entry for one correction: "Details corrected: date of birth, UPN", the
    reason and each value before and after."""
    first = corrections[0]
    return build_entry(
        child_id=first.person_id,
        episode_id=first.episode_id,
        kind=EntryKind.CORRECTION,
        title=f"{what}: {', '.join(c.label for c in corrections)}",
        summary="\n".join(
            [first.reason]
            + [
                f"{c.label[0].upper()}{c.label[1:]}: was {c.old_display}, now {c.new_display}"
                for c in corrections
            ]
        ),
        occurred_at=first.corrected_at,
        source=source,
        recorded_by=first.corrected_by,
        recorded_at=first.corrected_at,
        is_significant=significant,
    )


@transaction.atomic
def record_adult(
    *, first_name: str, last_name: str, date_of_birth: dt.date | None, recorded_by: User
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
