"""The demo council's family networks beyond the households it was built with: informal supports
for some children in open work (written in bulk as the service would leave them, chronology and
all), and, through the services, a few relatives a worker found later (a grandparent who helps,
an aunt whom the children see only under supervision)."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.models import User
from django.utils import timezone

from journey.cases.models import Episode
from journey.chronology.models import ChronologyEntry
from journey.chronology.services import start_of
from journey.demo.bulk import FastInserter
from journey.people.genogram import services
from journey.people.models import InformalSupport, Relationship
from journey.workforce.models import Allocation

SUPPORTS = [
    ("Nan", InformalSupport.Kind.FAMILY, "strong", "Collects {name} from school twice a week."),
    ("Riverside football club", InformalSupport.Kind.CLUB, "moderate", ""),
    ("St Mary's church", InformalSupport.Kind.FAITH, "moderate", "Youth group on Fridays."),
    ("Best friend's family", InformalSupport.Kind.FRIEND, "strong", "{name} stays over often."),
    ("Uncle on the estate", InformalSupport.Kind.FAMILY, "stressful", "Arguments when he visits."),
    ("Library homework club", InformalSupport.Kind.CLUB, "tenuous", "Went twice this term."),
]
#: How many relatives the demo records through the services: enough to show the pages, few
#: enough not to slow the large council.
SERVICE_RELATIVES = 12


def seed_family_networks(*, as_of: dt.date, rng: random.Random) -> None:
    open_work = list(
        Episode.objects.filter(ended_on__isnull=True, child__is_restricted=False)
        .select_related("child")
        .order_by("pk")
    )
    held = {
        a.episode_id: a.worker.user
        for a in Allocation.objects.current()
        .filter(episode__in=open_work, kind=Allocation.Kind.WORKER)
        .select_related("worker__user")
    }
    _supports(open_work, held, as_of, rng)
    _relatives(open_work, held, as_of, rng)


def _supports(open_work, held: dict[int, User], as_of: dt.date, rng: random.Random) -> None:
    rows, seen = [], set()
    for episode in open_work:
        by = held.get(episode.pk)
        if by is None or episode.child_id in seen or rng.random() > 0.4:
            continue
        seen.add(episode.child_id)
        for name, kind, strength, note in rng.sample(SUPPORTS, k=rng.randint(1, 3)):
            rows.append(
                InformalSupport(
                    child=episode.child,
                    name=name,
                    kind=kind,
                    strength=strength,
                    note=note.format(name=episode.child.first_name),
                    started_on=as_of - dt.timedelta(days=rng.randint(5, 300)),
                    recorded_by=by,
                )
            )
    inserter = FastInserter(timezone.now())
    inserter.insert(InformalSupport, rows)
    entries = [services.support_entry(s, start_of(s.started_on)) for s in rows]
    inserter.insert(ChronologyEntry, entries)
    inserter.finish()


def _relatives(open_work, held: dict[int, User], as_of: dt.date, rng: random.Random) -> None:
    """Through the services, as a worker would: then dated the council's day, not the clock's."""
    made: list[Relationship] = []
    for episode in open_work[::7][:SERVICE_RELATIVES]:
        by = held.get(episode.pk)
        if by is None:
            continue
        child = episode.child
        supervised = len(made) % 3 == 1
        made.append(
            services.add_relative(
                child,
                services.RelativeDetails(
                    first_name=rng.choice(["Jean", "Carol", "Dawn", "Sue"]),
                    last_name=child.last_name,
                    sex="F",
                    date_of_birth=as_of - dt.timedelta(days=rng.randint(30 * 365, 60 * 365)),
                ),
                services.RelationshipDetails(
                    from_person=None,
                    to_person=child,
                    kind=Relationship.Kind.OTHER_RELATIVE if supervised else "grandparent",
                    contact="supervised" if supervised else "none",
                    contact_note="Agreed at the family meeting: contact at the family centre."
                    if supervised
                    else "",
                ),
                by=by,
            )
        )
    when = timezone.make_aware(dt.datetime.combine(as_of, dt.time(16, 0)))
    ChronologyEntry.objects.filter(
        source_app="people", source_model="relationship", source_pk__in=[r.pk for r in made]
    ).update(occurred_at=when, recorded_at=when)
