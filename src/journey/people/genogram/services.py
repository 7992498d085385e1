"""Writes to a child's family network: relatives, the relationships between the people around
the child (with parental responsibility, contact restrictions and partnerships), and the
informal supports of the ecomap.

A relationship that contradicts itself or the family already recorded is refused, naming the
field and the fix, before anything is written: someone as their own parent, a child as the
parent of their own parent (or grandparent), someone as both parent and sibling (or partner) of
the same person, a parent born after their child, a relationship ending before it starts.
`relationship_problems` is the check, on plain links, so the demo council's bulk families pass
through the same rules as a worker's form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from journey.chronology.models import ChronologyEntry, EntryKind
from journey.chronology.services import build_entry, start_of
from journey.core import codes
from journey.core.services import next_number
from journey.people.models import (
    Household,
    HouseholdMember,
    InformalSupport,
    Person,
    Relationship,
)
from journey.people.services import child_recorded_entry, new_local_id, possible_duplicates

Kind = Relationship.Kind
#: "<from> is <kind> of <to>" where <from> is of an older generation than <to>.
LINEAL = {Kind.PARENT, Kind.STEP_PARENT, Kind.GRANDPARENT}
#: ... and, by birth, must be older than them.
BY_BIRTH = {Kind.PARENT, Kind.GRANDPARENT}
SIBLINGS = {Kind.SIBLING, Kind.HALF_SIBLING}
#: Kinds that read the same both ways round.
SYMMETRIC = SIBLINGS | {Kind.PARTNER, Kind.OTHER_RELATIVE}
#: How far up a family the check for a child as their own ancestor looks.
GENERATIONS = 8
ADULT_AGE = 18


@dataclass(frozen=True)
class RelationshipDetails:
    """ "<from_person> is the <kind> of <to_person>", and what a genogram shows about it."""

    from_person: Person | None
    to_person: Person | None
    kind: str
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    has_parental_responsibility: bool = False
    contact: str = Relationship.Contact.NONE
    contact_note: str = ""
    partnership: str = ""


@dataclass(frozen=True)
class Link:
    """A relationship already recorded, as the check reads it: keys of its two people."""

    from_key: Hashable
    to_key: Hashable
    kind: str
    current: bool = True


def person_key(person: Person) -> Hashable:
    """A person's key for the check: their id, or (not yet saved) the object itself."""
    return person.pk if person.pk is not None else id(person)


def link_of(relationship: Relationship) -> Link:
    """A relationship as a Link (saved or, in the demo's bulk families, not yet)."""
    cached = relationship._state.fields_cache
    from_key = relationship.from_person_id or person_key(cached["from_person"])
    to_key = relationship.to_person_id or person_key(cached["to_person"])
    return Link(from_key, to_key, relationship.kind, relationship.ended_on is None)


def _on(day: dt.date) -> str:
    return f"{day:%-d %B %Y}"


def _born(person: Person) -> dt.date | None:
    return person.date_of_birth or person.expected_date_of_birth


def _ancestors(key: Hashable, links: list[Link]) -> set[Hashable]:
    """Everyone recorded as a parent, step-parent or grandparent of `key`, and theirs, upwards."""
    found: set[Hashable] = set()
    frontier = {key}
    while frontier:
        up = {link.from_key for link in links if link.kind in LINEAL and link.to_key in frontier}
        frontier = up - found - {key}
        found |= frontier
    return found


def _pair(links: list[Link], a: Hashable, b: Hashable) -> list[Link]:
    return [link for link in links if {link.from_key, link.to_key} == {a, b}]


def _contradiction(details: RelationshipDetails, links: list[Link]) -> str:
    """Why this relationship contradicts the family already recorded ("" when it does not)."""
    assert details.from_person is not None and details.to_person is not None
    older, younger = details.from_person, details.to_person
    a, b = person_key(older), person_key(younger)
    kind = details.kind
    pair = _pair(links, a, b)
    kinds_between = {link.kind for link in pair}
    label = Kind(kind).label.lower()
    if kind in LINEAL:
        if b in _ancestors(a, links):
            return (
                f"{younger.full_name} is already recorded as {older.full_name}'s parent or "
                f"grandparent, so cannot also be their {Relationship.INVERSE[Kind(kind)].lower()}: "
                f"check which of them is the {label}"
            )
        if kinds_between & SIBLINGS:
            return (
                f"{older.full_name} and {younger.full_name} are recorded as siblings, so one "
                f"cannot be the other's {label}: check who is who"
            )
        if Kind.PARTNER in kinds_between:
            return (
                f"{older.full_name} and {younger.full_name} are recorded as partners, so one "
                f"cannot be the other's {label}: check who is who"
            )
    elif kind in SIBLINGS | {Kind.PARTNER} and (
        a in _ancestors(b, links) or b in _ancestors(a, links)
    ):
        return (
            f"One of {older.full_name} and {younger.full_name} is recorded as the other's "
            f"parent or grandparent, so they cannot also be {label}s: check who is who"
        )
    duplicate = [
        link
        for link in pair
        if link.current
        and link.kind == kind
        and (kind in SYMMETRIC or (link.from_key, link.to_key) == (a, b))
    ]
    if duplicate:
        return (
            f"{older.full_name} is already recorded as {younger.full_name}'s {label}: "
            "this relationship is on the record"
        )
    return ""


def _dates(details: RelationshipDetails, errors: dict[str, str]) -> None:
    today = timezone.localdate()
    for name, day, label in [
        ("started_on", details.started_on, "The date the relationship started"),
        ("ended_on", details.ended_on, "The date the relationship ended"),
    ]:
        if day is not None and day > today:
            errors[name] = f"{label} must be today or in the past"
    if (
        details.started_on
        and details.ended_on
        and details.ended_on < details.started_on
        and "ended_on" not in errors
    ):
        errors["ended_on"] = (
            "The date the relationship ended must be the same as or after the date it started, "
            f"{_on(details.started_on)}"
        )


def _ages(details: RelationshipDetails, errors: dict[str, str]) -> None:
    assert details.from_person is not None and details.to_person is not None
    older, younger = details.from_person, details.to_person
    if details.kind not in BY_BIRTH or "kind" in errors:
        return
    born, child_born = _born(older), _born(younger)
    if born and child_born and born >= child_born:
        label = Kind(details.kind).label.lower()
        theirs = Relationship.INVERSE[Kind(details.kind)].lower()
        errors["kind"] = (
            f"A {label} must be older than their {theirs}: "
            f"{older.full_name} was born on {_on(born)}, not before {younger.full_name} "
            f"({_on(child_born)}). Check who is the {label}, or their dates of birth"
        )


def _arrangements(details: RelationshipDetails, errors: dict[str, str]) -> None:
    """Parental responsibility, contact and partnership: each only where it means something."""
    assert details.from_person is not None and details.to_person is not None
    kind = details.kind
    if details.has_parental_responsibility:
        if kind not in Relationship.PARENTAL_KINDS:
            errors["has_parental_responsibility"] = (
                "Parental responsibility is recorded for a parent, step-parent or carer: if a "
                "relative holds it by a court order, record them as the child's carer"
            )
        elif not details.to_person.is_child:
            errors["has_parental_responsibility"] = (
                f"Parental responsibility is for a child: {details.to_person.full_name} is "
                "recorded as an adult"
            )
    if details.contact not in Relationship.Contact.values:
        errors["contact"] = "Select the contact arrangement from the list"
    elif details.contact != Relationship.Contact.NONE:
        if not (details.from_person.is_child or details.to_person.is_child):
            errors["contact"] = (
                "A contact restriction is about a child's contact with someone: record it on "
                "the relationship with the child"
            )
        elif not details.contact_note.strip():
            errors["contact_note"] = (
                "Say who decided the contact arrangement and why, for example a court order or "
                "the child protection plan"
            )
    if details.partnership and details.partnership not in Relationship.Partnership.values:
        errors["partnership"] = "Select together, separated or divorced"
    elif details.partnership and kind != Kind.PARTNER:
        errors["partnership"] = (
            "Only partners are together, separated or divorced: leave it empty for a "
            f"{Kind(kind).label.lower()}"
        )
    elif (
        kind == Kind.PARTNER
        and details.ended_on
        and details.partnership in ("", Relationship.Partnership.TOGETHER)
    ):
        errors["partnership"] = (
            "A partnership with an end date is separated or divorced: select which"
        )


def relationship_problems(details: RelationshipDetails, links: Iterable[Link]) -> dict[str, str]:
    """Every problem with this relationship, by field ({} when there is none), given the
    relationships already recorded between the people concerned and up their family."""
    errors: dict[str, str] = {}
    if details.from_person is None:
        errors["from_person"] = "Select the person"
    if details.to_person is None:
        errors["to_person"] = "Select who they are related to"
    if details.kind not in Kind.values:
        errors["kind"] = "Select how they are related"
    if errors or details.from_person is None or details.to_person is None:
        return errors
    if person_key(details.from_person) == person_key(details.to_person):
        errors["to_person"] = (
            f"Select two different people: {details.from_person.full_name} cannot be related "
            "to themselves (nobody is their own parent)"
        )
        return errors
    contradiction = _contradiction(details, list(links))
    if contradiction:
        errors["kind"] = contradiction
    _ages(details, errors)
    _dates(details, errors)
    _arrangements(details, errors)
    return errors


def check_family(relationships: list[Relationship]) -> None:
    """A whole family's relationships, not yet saved (the demo council's bulk families), each
    checked against those before it by the rules a worker's form meets."""
    links: list[Link] = []
    for r in relationships:
        details = RelationshipDetails(
            from_person=r.from_person,
            to_person=r.to_person,
            kind=r.kind,
            started_on=r.started_on,
            ended_on=r.ended_on,
            has_parental_responsibility=r.has_parental_responsibility,
            contact=r.contact,
            contact_note=r.contact_note,
            partnership=r.partnership,
        )
        _raise_if(relationship_problems(details, links))
        links.append(link_of(r))


def _known_links(*people: Person) -> list[Link]:
    """The relationships of these people, and up their families far enough to find a cycle
    (a query per generation, at most GENERATIONS)."""
    ids = {p.pk for p in people if p.pk is not None}
    rows = {
        r.pk: r
        for r in Relationship.objects.filter(Q(from_person_id__in=ids) | Q(to_person_id__in=ids))
    }
    frontier = ids
    for _ in range(GENERATIONS):
        up = Relationship.objects.filter(kind__in=LINEAL, to_person_id__in=frontier)
        found = [r for r in up if r.pk not in rows]
        rows.update((r.pk, r) for r in found)
        frontier = {r.from_person_id for r in found} - ids
        ids |= frontier
        if not frontier:
            break
    return [link_of(r) for r in rows.values()]


def _raise_if(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _new_relationship(details: RelationshipDetails, recorded_for: Person, by: User) -> Relationship:
    return Relationship(
        from_person=details.from_person,
        to_person=details.to_person,
        kind=details.kind,
        started_on=details.started_on,
        ended_on=details.ended_on,
        has_parental_responsibility=details.has_parental_responsibility,
        contact=details.contact,
        contact_note=details.contact_note.strip(),
        partnership=details.partnership
        or (Relationship.Partnership.TOGETHER if details.kind == Kind.PARTNER else ""),
        recorded_for=recorded_for,
        recorded_by=by,
    )


@transaction.atomic
def record_relationship(
    details: RelationshipDetails, *, recorded_for: Person, by: User
) -> Relationship:
    """Record how two people in a child's family network are related; the child's chronology
    says so. Refused, with nothing written, when it contradicts itself or the family."""
    people = [p for p in (details.from_person, details.to_person) if p is not None]
    # The two people are locked, so two workers cannot record contradicting relationships at once.
    list(Person.objects.select_for_update().filter(pk__in=[p.pk for p in people]))
    _raise_if(relationship_problems(details, _known_links(*people)))
    relationship = _new_relationship(details, recorded_for, by)
    relationship.save()
    relationship_entry(relationship).save()
    return relationship


def relationship_words(relationship: Relationship) -> str:
    """ "Sam Smith is a parent of Jo Smith"."""
    label = (
        "relative"
        if relationship.kind == Kind.OTHER_RELATIVE
        else (relationship.get_kind_display().lower())
    )
    article = "an" if label[0] in "aeiou" else "a"
    return (
        f"{relationship.from_person.full_name} is {article} {label} of "
        f"{relationship.to_person.full_name}"
    )


def relationship_entry(relationship: Relationship) -> ChronologyEntry:
    """The chronology entry on the child whose network it was recorded in. A relationship of
    someone whose record is restricted names nobody: the chronology is read more widely."""
    assert relationship.recorded_for_id is not None
    when = timezone.now()
    restricted = relationship.from_person.is_restricted or relationship.to_person.is_restricted
    if restricted:
        title, summary = "Family network: a relationship of someone whose record is restricted", ""
    else:
        title = f"Family network: {relationship_words(relationship)}"
        summary = "\n".join(_arrangement_lines(relationship))
    return build_entry(
        child_id=relationship.recorded_for_id,
        kind=EntryKind.FAMILY_NETWORK,
        title=title[:200],
        summary=summary,
        occurred_at=when,
        source=relationship,
        recorded_by=relationship.recorded_by,
        recorded_at=when,
    )


def _arrangement_lines(relationship: Relationship) -> list[str]:
    lines = []
    if relationship.kind in Relationship.PARENTAL_KINDS:
        holds = "has" if relationship.has_parental_responsibility else "does not have"
        lines.append(f"{relationship.from_person.full_name} {holds} parental responsibility.")
    if relationship.contact != Relationship.Contact.NONE:
        lines.append(f"{relationship.get_contact_display()}: {relationship.contact_note}")
    if relationship.kind == Kind.PARTNER:
        lines.append(f"{relationship.get_partnership_display()}.")
    if relationship.started_on:
        lines.append(f"Since {_on(relationship.started_on)}.")
    if relationship.ended_on:
        lines.append(f"Ended {_on(relationship.ended_on)}.")
    return lines


# --- A relative not yet known to Journey -----------------------------------------------------


@dataclass(frozen=True)
class RelativeDetails:
    first_name: str
    last_name: str
    sex: str = "U"
    date_of_birth: dt.date | None = None
    date_of_death: dt.date | None = None
    lives_with_child: bool = False


def _relative_problems(relative: RelativeDetails) -> dict[str, str]:
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if not relative.first_name.strip():
        errors["first_name"] = "Enter their first name"
    if not relative.last_name.strip():
        errors["last_name"] = "Enter their last name"
    if relative.sex not in codes.Sex.values:
        errors["sex"] = "Select their sex (“Unknown” if it is not known)"
    if relative.date_of_birth and relative.date_of_birth > today:
        errors["date_of_birth"] = "Date of birth must be today or in the past"
    if relative.date_of_death and relative.date_of_death > today:
        errors["date_of_death"] = "Date of death must be today or in the past"
    elif (
        relative.date_of_death
        and relative.date_of_birth
        and relative.date_of_death < relative.date_of_birth
    ):
        errors["date_of_death"] = (
            f"Date of death must be on or after their date of birth, {_on(relative.date_of_birth)}"
        )
    if relative.date_of_death and relative.lives_with_child:
        errors["lives_with_child"] = "Someone who has died does not live with the child"
    return errors


def _is_child(relative: RelativeDetails) -> bool:
    if relative.date_of_birth is None or relative.date_of_death is not None:
        return False
    age = Person(date_of_birth=relative.date_of_birth).age_on(timezone.localdate())
    return age is not None and age < ADULT_AGE


@transaction.atomic
def add_relative(
    child: Person,
    relative: RelativeDetails,
    relationship: RelationshipDetails,
    *,
    by: User,
) -> Relationship:
    """Record someone new in the child's family network and how they are related to the child
    (relationship.from_person is ignored: it is the new person; to_person is the child).

    Everything is checked before anything is written. A relative under 18 is recorded as a
    child (a duplicate of a known child is refused: add a relationship to them instead)."""
    is_child = _is_child(relative)
    person = Person(
        first_name=relative.first_name.strip(),
        last_name=relative.last_name.strip(),
        is_child=is_child,
        sex=relative.sex,
        date_of_birth=relative.date_of_birth,
        date_of_death=relative.date_of_death,
        address_area=child.address_area if relative.lives_with_child else "",
        created_by=by,
    )
    details = RelationshipDetails(
        **{**relationship.__dict__, "from_person": person, "to_person": child}
    )
    errors = _relative_problems(relative)
    errors |= {
        name: message
        for name, message in relationship_problems(details, _known_links(child)).items()
        if name not in errors
    }
    born = relative.date_of_birth
    if (
        is_child
        and born
        and "first_name" not in errors
        and possible_duplicates(person.first_name, person.last_name, born).exists()
    ):
        errors["first_name"] = (
            f"A child called {person.full_name} born on {_on(born)} is already recorded: "
            "add a relationship to them instead"
        )
    _raise_if(errors)
    person.local_id = new_local_id(next_number("person"))
    person.save()
    if is_child:
        child_recorded_entry(person, timezone.now()).save()
    if relative.lives_with_child:
        _join_household(child, person)
    saved = _new_relationship(details, child, by)
    saved.from_person = person
    saved.save()
    relationship_entry(saved).save()
    return saved


def _join_household(child: Person, person: Person) -> None:
    """The person lives with the child: in the child's household (one is made if none is)."""
    today = timezone.localdate()
    membership = (
        HouseholdMember.objects.filter(person=child, left_on__isnull=True)
        .select_related("household")
        .first()
    )
    if membership is None:
        household = Household.objects.create(
            name=f"{child.last_name} household", address_area=child.address_area
        )
        HouseholdMember.objects.create(household=household, person=child, joined_on=today)
    else:
        household = membership.household
    HouseholdMember.objects.create(household=household, person=person, joined_on=today)


# --- Informal supports (the ecomap) ----------------------------------------------------------


@dataclass(frozen=True)
class SupportDetails:
    name: str
    kind: str
    strength: str
    note: str = ""
    started_on: dt.date | None = None


def _support_problems(details: SupportDetails) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not details.name.strip():
        errors["name"] = "Enter who or what the support is, for example Nan or St Mary's church"
    if details.kind not in InformalSupport.Kind.values:
        errors["kind"] = "Select what kind of support it is"
    if details.strength not in InformalSupport.Strength.values:
        errors["strength"] = "Select how strong the connection is"
    elif details.strength == InformalSupport.Strength.STRESSFUL and not details.note.strip():
        errors["note"] = "Say what makes this connection stressful for the child"
    if details.started_on and details.started_on > timezone.localdate():
        errors["started_on"] = "The date they became a support must be today or in the past"
    return errors


@transaction.atomic
def add_support(child: Person, details: SupportDetails, *, by: User) -> InformalSupport:
    """An informal support joins the child's ecomap; the chronology says so."""
    _raise_if(_support_problems(details))
    support = InformalSupport.objects.create(
        child=child,
        name=details.name.strip(),
        kind=details.kind,
        strength=details.strength,
        note=details.note.strip(),
        started_on=details.started_on or timezone.localdate(),
        recorded_by=by,
    )
    support_entry(support, timezone.now()).save()
    return support


@transaction.atomic
def end_support(support: InformalSupport, *, ended_on: dt.date | None, by: User) -> InformalSupport:
    """No longer a support: kept on the record (and the chronology) with the day it ended."""
    support = InformalSupport.objects.select_for_update().get(pk=support.pk)
    ended_on = ended_on or timezone.localdate()
    if support.ended_on is not None:
        raise ValidationError({"ended_on": f"{support.name} is already recorded as ended"})
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": "The date must be today or in the past"})
    if ended_on < support.started_on:
        raise ValidationError(
            {
                "ended_on": f"The date must be on or after they became a support, "
                f"{_on(support.started_on)}"
            }
        )
    support.ended_on = ended_on
    support.save(update_fields=["ended_on"])
    support_entry(support, timezone.now(), by=by).save()
    return support


def support_entry(
    support: InformalSupport, when: dt.datetime, *, by: User | None = None
) -> ChronologyEntry:
    """The chronology entry for a support added (or, once ended, ended)."""
    if support.ended_on:
        title = f"Family network: {support.name} no longer a support"
        occurred = start_of(support.ended_on)
    else:
        title = f"Family network: {support.name} added as a support"
        occurred = min(start_of(support.started_on), when)
    summary = (
        f"{support.get_kind_display()}, {support.get_strength_display().lower()} connection."
        + (f"\n{support.note}" if support.note else "")
    )
    return build_entry(
        child_id=support.child_id,
        kind=EntryKind.FAMILY_NETWORK,
        title=title[:200],
        summary=summary,
        occurred_at=occurred,
        source=support,
        recorded_by=by or support.recorded_by,
        recorded_at=when,
    )
