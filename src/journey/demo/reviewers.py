"""Reviewer visits for the demo council, through the services: the demo reviewer ("reviewer",
the demo password) from a peer council has a live visit of six children drawn at random from
social care; an Ofsted inspector's visit two months ago has ended, with the pages they opened in
the access log as the child's pages would have written them. Deterministic for the rng."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from journey.access.reviewers import services as reviewers
from journey.cases.models import EpisodeKind
from journey.core.models import AccessEvent, ReviewerAccess
from journey.demo.generator import DEMO_PASSWORD
from journey.workforce.models import Role, Service, Team, Worker

LIVE_SAMPLE = 6
ENDED_SAMPLE = 4
#: The pages an inspector opens, in the order they usually do.
PAGES = ["", "chronology/", "family/", "chronology/", ""]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def reviewer_account(username: str, first: str, last: str, organisation: str) -> Worker:
    existing = Worker.objects.filter(user__username=username).first()
    if existing:
        return existing
    worker = reviewers.register_reviewer(
        username=username,
        first_name=first,
        last_name=last,
        email=f"{username}@{organisation.lower().replace(' ', '')}.example",
        organisation=organisation,
    )
    worker.user.password = make_password(DEMO_PASSWORD)
    worker.user.save(update_fields=["password"])
    return worker


def _granter() -> Worker:
    """The head of social care, or failing that a director."""
    heads = Worker.objects.active().filter(
        role=Role.HEAD_OF_SERVICE, service__kind=Service.Kind.SOCIAL_CARE
    )
    granter = heads.order_by("pk").first()
    return granter or Worker.objects.active().filter(role=Role.ASSISTANT_DIRECTOR).order_by("pk")[0]


def _visit(
    reviewer: Worker,
    granter: Worker,
    purpose: str,
    starts_on: dt.date,
    days: int,
    size: int,
    seed: int,
) -> ReviewerAccess:
    teams = Team.objects.filter(is_active=True, service__kind=Service.Kind.SOCIAL_CARE)
    if granter.role == Role.HEAD_OF_SERVICE:
        teams = teams.filter(service_id=granter.home_service_id)
    now = _at(starts_on, 9)
    visit = reviewers.plan_visit(
        reviewers.VisitInput(
            reviewer=reviewer,
            purpose=purpose,
            starts_on=starts_on,
            ends_on=starts_on + dt.timedelta(days=days - 1),
            teams=list(teams),
            kinds=[EpisodeKind.SOCIAL_CARE],
            period_start=starts_on - dt.timedelta(days=365),
            period_end=starts_on,
        ),
        by=granter,
        now=now,
    )
    reviewers.draw_sample(visit, size=size, seed=seed, by=granter, now=now)
    visit.refresh_from_db()
    return visit


def _log_views(visit: ReviewerAccess, rng: random.Random) -> int:
    """The pages the reviewer opened, stamped on the visit's days (the log is append-only, so
    the times are set as the demo writes them)."""
    events = []
    for case in visit.cases.all():
        if rng.random() < 0.25:
            continue  # not every case is read
        day = visit.starts_on + dt.timedelta(
            days=rng.randrange((visit.ends_on - visit.starts_on).days + 1)
        )
        for n, page in enumerate(PAGES[: rng.randint(2, len(PAGES))]):
            events.append(
                AccessEvent(
                    user=visit.reviewer.user,
                    child_id=case.child_id,
                    action=AccessEvent.Action.VIEW,
                    path=f"/children/{case.child_id}/{page}",
                )
            )
            events[-1].stamp = _at(day, 10) + dt.timedelta(minutes=7 * n + rng.randrange(5))
    created = AccessEvent.objects.bulk_create(events)
    for event, planned in zip(created, events, strict=True):
        AccessEvent.objects.filter(pk=event.pk).update(occurred_at=planned.stamp)
    return len(created)


def seed_reviewer_visit(
    *, as_of: dt.date, rng: random.Random
) -> tuple[ReviewerAccess, ReviewerAccess]:
    """A live peer review visit (starting today, a fortnight) and an inspection that ended."""
    granter = _granter()
    peer = reviewer_account("reviewer", "Rowan", "Hale", "Westmoor Council")
    inspector = reviewer_account("ofsted.inspector", "Imogen", "Clarke", "Ofsted")
    ended = _visit(
        inspector,
        granter,
        "Ofsted focused visit: the front door",
        as_of - dt.timedelta(days=60),
        3,
        ENDED_SAMPLE,
        rng.randrange(2**31),
    )
    _log_views(ended, rng)
    live = _visit(
        peer,
        granter,
        "Peer challenge: children in need at the early help interface",
        as_of,
        14,
        LIVE_SAMPLE,
        rng.randrange(2**31),
    )
    return live, ended
