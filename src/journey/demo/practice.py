"""The demo council's everyday practice records: reflective case summaries on open work (most
agreed by the team manager, a few challenged, the latest awaiting their view), each child's
professional network, and the information shared (or not) about children in social care. Written
in bulk as the services would leave them, chronology and all."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.models import User
from django.utils import timezone

from journey.cases.models import Episode, EpisodeKind
from journey.casework.models import CaseSummary
from journey.casework.summaries.services import review_entry, summary_entry
from journey.chronology.models import ChronologyEntry
from journey.demo.bulk import FastInserter
from journey.people.models import Agency, NetworkMember, Professional
from journey.sharing.models import Disclosure, Power
from journey.sharing.services import sharing_entry
from journey.workforce.models import Allocation, Role, Worker

SUMMARIES = [
    "{name} is attending school most days and says home is calmer. Mum has kept every "
    "appointment since the last review; the housing move is still waiting.",
    "{name} has had a difficult month: two missed days at school and an argument at home that "
    "the police attended. The family engaged well with the plan after it.",
    "Things have settled for {name}. The family support worker's routines are in place and "
    "school report {name} is eating breakfast at breakfast club.",
]
ANALYSES = [
    "The plan is working but progress depends on mum's health; the risk would rise if her "
    "support stopped. We should keep the current level of help for another three months.",
    "The incident shows the risk is not yet reduced. {name}'s own words about feeling scared "
    "need to be central to the next review.",
    "The family is ready to step down: strengths now outweigh the risks and they know who to "
    "call. I propose closing at the next TAF with school as lead.",
]
CHALLENGES = "What does {name} say about the changes? I want their own words in the next one."
ROLES = {
    Agency.Kind.SCHOOL: ["Class teacher", "Designated safeguarding lead", "School nurse"],
    Agency.Kind.HEALTH: ["GP", "Health visitor", "Paediatrician"],
    Agency.Kind.POLICE: ["Police officer"],
    Agency.Kind.HOUSING: ["Housing officer"],
    Agency.Kind.VOLUNTARY: ["Family support worker", "Youth worker"],
}
NAMES = ["Ms Cole", "Dr Shah", "Mr Evans", "Ms Okafor", "PC Reid", "Mrs Lund", "Mr Price"]


def seed_practice(*, as_of: dt.date, rng: random.Random) -> int:
    """Summaries and networks for the council in the database; returns the summaries written."""
    open_work = list(
        # The older model's work: Family Help's families (one locality) are written by its own
        # demo, through the services.
        Episode.objects.filter(ended_on__isnull=True, started_on__lte=as_of - dt.timedelta(90))
        .exclude(kind=EpisodeKind.FAMILY_HELP)
        .select_related("child", "team")
        .order_by("pk")
    )
    held = _holders([e.pk for e in open_work])
    managers = {
        w.team_id: w
        for w in Worker.objects.filter(role=Role.TEAM_MANAGER, is_active=True).select_related(
            "user"
        )
    }
    inserter = FastInserter(timezone.now())
    summaries = _summaries(inserter, open_work, held, managers, as_of, rng)
    _networks(inserter, open_work, rng, held, as_of)
    _sharing(inserter, open_work, rng, held, as_of)
    inserter.finish()
    return summaries


def _holders(episode_ids: list[int]) -> dict[int, User]:
    return {
        a.episode_id: a.worker.user
        for a in Allocation.objects.current()
        .filter(episode_id__in=episode_ids, kind=Allocation.Kind.WORKER)
        .select_related("worker__user")
    }


def _summaries(
    inserter: FastInserter, open_work, held, managers, as_of: dt.date, rng: random.Random
) -> int:
    rows, entries = [], []
    for episode in open_work:
        author = held.get(episode.pk)
        if author is None or rng.random() > 0.6:
            continue
        name = episode.child.first_name
        n = rng.randrange(len(SUMMARIES))
        written_on = as_of - dt.timedelta(days=rng.randint(5, 80))
        summary = CaseSummary(
            episode=episode,
            occasion=CaseSummary.Occasion.REGULAR,
            written_on=written_on,
            summary=SUMMARIES[n].format(name=name),
            analysis=ANALYSES[n].format(name=name),
            written_by=author,
        )
        manager = managers.get(episode.team_id)
        roll = rng.random()
        if manager and manager.user_id != author.pk and written_on < as_of - dt.timedelta(7):
            if roll < 0.75:
                summary.manager, summary.manager_agreed = manager, True
                summary.manager_note = "Agreed: a clear account, and the analysis follows from it."
            elif roll < 0.85:
                summary.manager, summary.manager_agreed = manager, False
                summary.manager_note = CHALLENGES.format(name=name)
            if summary.manager:
                summary.reviewed_at = timezone.make_aware(
                    dt.datetime.combine(written_on + dt.timedelta(days=3), dt.time(15))
                )
        rows.append(summary)
    inserter.insert(CaseSummary, rows)
    for summary in rows:
        entries.append(summary_entry(summary))
        if summary.manager:
            entries.append(review_entry(summary))
    for entry in entries:
        entry.recorded_at = entry.occurred_at
    inserter.insert(ChronologyEntry, entries)
    return len(rows)


def _networks(
    inserter: FastInserter, open_work, rng: random.Random, held: dict[int, User], as_of: dt.date
) -> None:
    agencies = list(Agency.objects.filter(kind__in=list(ROLES), is_active=True))
    if not agencies:
        return
    professionals: dict[tuple[str, int], Professional] = {}
    members = []
    anyone = next(iter(held.values()), None)
    for episode in open_work:
        by = held.get(episode.pk) or anyone
        if by is None:
            continue
        chosen = rng.sample(agencies, k=min(len(agencies), rng.randint(1, 3)))
        for agency in chosen:
            name = rng.choice(NAMES)
            key = (name, agency.pk)
            if key not in professionals:
                professionals[key] = Professional(
                    name=name,
                    agency=agency,
                    phone=f"01632 960 {rng.randint(100, 999)}",
                    email=f"{name.split()[-1].lower()}@{agency.kind}.example.org",
                )
            members.append((episode.child, key, rng.choice(ROLES[agency.kind]), by))
    inserter.insert(Professional, list(professionals.values()))
    seen = set()
    rows = []
    for child, key, role, by in members:
        if (child.pk, key) in seen:
            continue
        seen.add((child.pk, key))
        rows.append(
            NetworkMember(
                child=child,
                professional=professionals[key],
                role=role,
                started_on=as_of - dt.timedelta(days=rng.randint(10, 200)),
                recorded_by=by,
            )
        )
    inserter.insert(NetworkMember, rows)


def _sharing(
    inserter: FastInserter, open_work, rng: random.Random, held: dict[int, User], as_of: dt.date
) -> None:
    """Social care work shares with the police for its enquiries; now and then a request is
    refused because sharing would put the child at more risk."""
    police = Agency.objects.filter(kind=Agency.Kind.POLICE, is_active=True).first()
    rows = []
    for episode in open_work:
        by = held.get(episode.pk)
        if by is None or episode.kind != "social_care" or rng.random() > 0.3:
            continue
        day = as_of - dt.timedelta(days=rng.randint(3, 60))
        if rng.random() < 0.85:
            rows.append(
                Disclosure(
                    child=episode.child,
                    decision=Disclosure.Decision.SHARED,
                    decided_on=day,
                    agency=police,
                    recipient="DC Patel, child abuse investigation team",
                    information="The last three months' chronology and the school's concerns.",
                    purpose="The strategy discussion about the child's safety.",
                    power=Power.ENQUIRY,
                    recorded_by=by,
                )
            )
        else:
            rows.append(
                Disclosure(
                    child=episode.child,
                    decision=Disclosure.Decision.NOT_SHARED,
                    decided_on=day,
                    recipient="A parent's solicitor",
                    information="The family's new address.",
                    reasons_not_shared="It would tell the other parent where the child now lives.",
                    recorded_by=by,
                )
            )
    inserter.insert(Disclosure, rows)
    entries = [sharing_entry(d) for d in rows]
    for entry in entries:
        entry.recorded_at = entry.occurred_at
    inserter.insert(ChronologyEntry, entries)
