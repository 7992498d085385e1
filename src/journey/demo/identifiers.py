"""The demo council's consistent identifiers (the NHS number): most children's numbers are on
their records from the generator; here some are verified, one is in conflict, a couple of
children without one have the reason recorded, and two records share a number: one pair still
waiting for review (the same child recorded twice), one reviewed as two different children.

The checks and the review go through the services. The two extra records are written as
record_child leaves a child (its row, history and chronology entry), dated on or before the
demo's day, as the generator writes every demo child."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.models import User
from django.utils import timezone

from journey.chronology.models import ChronologyEntry
from journey.chronology.services import start_of
from journey.core.services import next_number
from journey.demo.bulk import FastInserter
from journey.people.identifier.services import (
    mark_identifier_conflict,
    record_no_identifier,
    record_not_same_child,
    verify_identifier,
)
from journey.people.models import IdentifierCheck, Person
from journey.people.services import child_recorded_entry, new_local_id
from journey.workforce.models import Allocation, Role, Worker

#: At most this many verified numbers, however large the council.
MOST_VERIFIED = 150
SOURCES = [
    (IdentifierCheck.Source.PDS, 50),
    (IdentifierCheck.Source.GP, 25),
    (IdentifierCheck.Source.HEALTH_VISITOR, 15),
    (IdentifierCheck.Source.HOSPITAL, 10),
]
NO_NUMBER = [
    (
        IdentifierCheck.NoneReason.NOT_REGISTERED,
        "The family arrived from abroad in the summer; GP registration is booked.",
    ),
    (IdentifierCheck.NoneReason.UNKNOWN, "Mum could not find the red book; the GP will confirm."),
]
SURNAMES = ["Brooks", "Carter", "Hughes", "Lloyd", "Morris", "Price"]


def _holders() -> list[tuple[Person, User]]:
    """Children with open work (not restricted), each with the user allocated to it, by id."""
    seen: dict[int, tuple[Person, User]] = {}
    for allocation in (
        Allocation.objects.current()
        .filter(
            kind=Allocation.Kind.WORKER,
            episode__ended_on__isnull=True,
            episode__child__is_restricted=False,
        )
        .select_related("episode__child", "worker__user")
        .order_by("episode__child_id", "pk")
    ):
        seen.setdefault(
            allocation.episode.child_id, (allocation.episode.child, allocation.worker.user)
        )
    return list(seen.values())


def _manager(user: User) -> User:
    worker = Worker.objects.select_related("team").get(user=user)
    manager = (
        Worker.objects.filter(role=Role.TEAM_MANAGER, team_id=worker.team_id, is_active=True)
        .exclude(user=user)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return manager.user if manager else user


def _another_record(
    inserter: FastInserter,
    of: Person,
    *,
    first: str,
    last: str,
    dob: dt.date,
    by: User,
    day: dt.date,
    sex: str = "",
) -> Person:
    """A child recorded (again, or by mistake with the same number), as record_child leaves one."""
    person = Person(
        local_id=new_local_id(next_number("person")),
        first_name=first,
        last_name=last,
        is_child=True,
        date_of_birth=dob,
        sex=sex or of.sex,
        ethnicity=of.ethnicity,
        nhs_number=of.nhs_number,
        address_area=of.address_area,
        postcode=of.postcode,
        created_by=by,
    )
    person.set_name_keys()
    inserter.insert(Person, [person])
    entry = child_recorded_entry(person, start_of(day))
    inserter.insert(ChronologyEntry, [entry])
    return person


def seed_identifiers(*, as_of: dt.date, rng: random.Random) -> dict[str, int]:
    """Checks, reasons, a conflict and the two shared numbers; returns what was recorded."""
    holders = _holders()
    numbered = [(c, u) for c, u in holders if c.nhs_number and c.date_of_birth]
    counts = {"verified": 0, "no_number": 0, "conflict": 0, "pairs": 0}
    if len(numbered) < 2:
        return counts
    inserter = FastInserter(timezone.make_aware(dt.datetime.combine(as_of, dt.time(17, 0))))

    # The same child recorded twice: under mum's surname, by the worker who holds the first
    # record, a week before the demo's day. Left on the possible duplicates list for review.
    original, holder = numbered[0]
    _another_record(
        inserter,
        original,
        first=original.first_name,
        last=rng.choice([s for s in SURNAMES if s != original.last_name]),
        dob=original.date_of_birth,
        by=holder,
        day=as_of - dt.timedelta(days=7),
    )
    # A sister recorded with her brother's number from a health visitor's letter: the number is
    # in conflict on her record, and the team manager reviewed the pair as two children.
    brother, brothers_worker = numbered[1]
    sister_born = min(
        as_of - dt.timedelta(days=400), brother.date_of_birth + dt.timedelta(days=700)
    )
    sister = _another_record(
        inserter,
        brother,
        first="Zara",
        sex="F",
        last=brother.last_name,
        dob=sister_born,
        by=brothers_worker,
        day=as_of - dt.timedelta(days=40),
    )
    inserter.finish()
    mark_identifier_conflict(
        sister,
        checked_on=as_of - dt.timedelta(days=30),
        note="The GP's record has another NHS number for Zara: this one is "
        f"{brother.first_name}'s, copied from the health visitor's letter. Asked the GP to "
        "confirm hers.",
        by=brothers_worker,
    )
    record_not_same_child(
        sister,
        brother,
        reason=f"Brother and sister: different dates of birth and names. The number is "
        f"{brother.first_name}'s; Zara's record is to be corrected when the GP confirms hers.",
        by=_manager(brothers_worker),
        decided_on=as_of - dt.timedelta(days=28),
    )
    counts.update(conflict=1, pairs=2)

    # Some numbers verified, the rest left unverified.
    for child, user in numbered[2:]:
        if counts["verified"] >= MOST_VERIFIED:
            break
        if rng.random() < 0.45:
            source = rng.choices([s for s, _ in SOURCES], weights=[w for _, w in SOURCES])[0]
            checked_on = max(child.date_of_birth, as_of - dt.timedelta(days=rng.randint(5, 300)))
            verify_identifier(child, checked_on=checked_on, source=source, by=user)
            counts["verified"] += 1

    # Children without a number: the reason for a couple of them; the others are gaps.
    without = [(c, u) for c, u in holders if not c.nhs_number]
    if len(without) < len(NO_NUMBER):
        anyone = holders[0][1]
        more = (
            Person.objects.children()
            .filter(nhs_number="", is_restricted=False)
            .exclude(pk__in=[c.pk for c, _ in without])
            .order_by("pk")
        )
        without += [(c, anyone) for c in more[: len(NO_NUMBER) - len(without)]]
    for (child, user), (reason, note) in zip(without, NO_NUMBER, strict=False):
        born = child.date_of_birth or as_of
        record_no_identifier(
            child,
            checked_on=max(born, as_of - dt.timedelta(days=rng.randint(3, 60))),
            reason=reason,
            note=note,
            by=user,
        )
        counts["no_number"] += 1
    return counts
