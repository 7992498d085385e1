"""The demo council's caseloads (R10): the seed's "the caseload of the specialist disabled
worker appeared to remain high". The Children with Disabilities team's first social worker is
its specialist, and for most of the year has taken over colleagues' work until their weighted
caseload is well over their limit, so the Caseloads pages show it month by month."""

from __future__ import annotations

import datetime as dt
import random

from journey.cases.services import allocate
from journey.workforce.caseloads.selectors import caseload_of
from journey.workforce.models import Allocation, Role, Team, Worker

SPECIALIST_TITLE = "Specialist social worker, disabled children"
#: How far over their limit the specialist's weighted caseload ends up today.
OVER_BY = 4


def specialist_team() -> Team | None:
    return Team.objects.filter(name__startswith="Children with Disabilities").order_by("pk").first()


def seed_caseloads(*, as_of: dt.date, rng: random.Random) -> Worker | None:
    """Move colleagues' long-held open work to the specialist, each from a day 7 to 10 months
    ago, through the allocation service (the colleague's allocation ends that day)."""
    team = specialist_team()
    if team is None:
        return None
    social_workers = list(
        Worker.objects.active().filter(team=team, role=Role.SOCIAL_WORKER).order_by("pk")
    )
    manager = Worker.objects.active().filter(team=team, role=Role.TEAM_MANAGER).first()
    if not social_workers or manager is None:
        return None
    specialist = social_workers[0]
    specialist.job_title = SPECIALIST_TITLE
    specialist.save(update_fields=["job_title"])
    limit = caseload_of(specialist, as_of).limit or 0
    held_long = (
        Allocation.objects.current()
        .filter(
            kind=Allocation.Kind.WORKER,
            worker__in=social_workers[1:],
            episode__team=team,
            episode__ended_on__isnull=True,
            started_on__lte=as_of - dt.timedelta(days=300),
        )
        .select_related("episode")
        .order_by("started_on", "pk")
    )
    for allocation in held_long:
        if caseload_of(specialist, as_of).weighted >= limit + OVER_BY:
            break
        allocate(
            allocation.episode,
            worker=specialist,
            kind=Allocation.Kind.WORKER,
            started_on=as_of - dt.timedelta(days=rng.randint(210, 300)),
            allocated_by=manager.user,
        )
    return specialist
