"""The participation register's pages: teams and services by recent quarter with their rung and
whether it is below the target, a team's or a service's history of ratings and activities, and
the participation officer's summary on My work. Each in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet

from journey.voice.participation.models import ParticipationActivity, ParticipationRating, Rung
from journey.voice.participation.quarters import Quarter, recent, target
from journey.workforce.models import Service, Team

#: How many quarters the register shows, the one under way last.
REGISTER_QUARTERS = 4
#: How many recent activities the register lists.
ACTIVITIES_SHOWN = 20


@dataclass(frozen=True)
class Cell:
    quarter: Quarter
    rating: ParticipationRating | None
    target: int

    @property
    def below_target(self) -> bool:
        return self.rating is not None and self.rating.rung < self.target


@dataclass
class Row:
    kind: str  # "service" or "team"
    pk: int
    name: str
    cells: list[Cell] = field(default_factory=list)

    @property
    def latest(self) -> ParticipationRating | None:
        rated = [cell.rating for cell in self.cells if cell.rating is not None]
        return rated[-1] if rated else None


@dataclass(frozen=True)
class Register:
    quarters: list[Quarter]
    rows: list[Row]
    target: int
    target_name: str
    activities: list[ParticipationActivity]

    @property
    def teams_below(self) -> int:
        return sum(
            1
            for row in self.rows
            if row.kind == "team" and row.latest is not None and row.latest.rung < self.target
        )


def units() -> tuple[list[Service], list[Team]]:
    """Every service and active team, for the register and the forms (two queries)."""
    return list(Service.objects.all()), list(Team.objects.filter(is_active=True))


def register(today: dt.date) -> Register:
    quarters = recent(today, REGISTER_QUARTERS)
    services, teams = units()
    ratings = ParticipationRating.objects.filter(
        is_current=True,
        period_starts_on__gte=quarters[0].starts_on,
        period_starts_on__lte=quarters[-1].starts_on,
    )
    found = {
        (("team", r.team_id) if r.team_id else ("service", r.service_id), r.period_starts_on): r
        for r in ratings
    }
    goal = target()
    rows = []
    for service in services:
        rows.append(_row("service", service.pk, service.name, quarters, found, goal))
        for team in teams:
            if team.service_id == service.pk:
                rows.append(_row("team", team.pk, team.name, quarters, found, goal))
    return Register(
        quarters,
        rows,
        goal,
        Rung(goal).label,
        list(recent_activities()[:ACTIVITIES_SHOWN]),
    )


def _row(kind: str, pk: int, name: str, quarters: list[Quarter], found: dict, goal: int) -> Row:
    return Row(
        kind, pk, name, [Cell(q, found.get(((kind, pk), q.starts_on)), goal) for q in quarters]
    )


def recent_activities() -> QuerySet[ParticipationActivity]:
    return ParticipationActivity.objects.select_related("team", "service").order_by(
        "-held_on", "-pk"
    )


@dataclass(frozen=True)
class History:
    kind: str
    name: str
    ratings: list[ParticipationRating]
    activities: list[ParticipationActivity]
    target: int


def history(*, team: Team | None = None, service: Service | None = None) -> History:
    """Every rating of the team (or service), superseded ones beside the ratings that replaced
    them, newest quarter first; and its activities."""
    ratings = list(
        ParticipationRating.objects.filter(team=team, service=service)
        .select_related("supersedes")
        .order_by("-period_starts_on", "-recorded_at", "-pk")
    )
    activities = list(recent_activities().filter(team=team, service=service))
    unit = team or service
    assert unit is not None
    return History("team" if team else "service", unit.name, ratings, activities, target())


@dataclass(frozen=True)
class Summary:
    quarter: Quarter
    teams: int
    rated: int
    below_target: int
    activities_this_quarter: int
    issues_waiting: int


def officer_summary(today: dt.date) -> Summary:
    """My work for the participation officer: this quarter's ratings and activities, and the
    issues young people raised still waiting for a response (four queries)."""
    from journey.voice.you_said.models import YouSaidIssue

    quarter = Quarter.of(today)
    teams = Team.objects.filter(is_active=True).count()
    rungs = list(
        ParticipationRating.objects.filter(
            is_current=True, team__isnull=False, period_starts_on=quarter.starts_on
        ).values_list("rung", flat=True)
    )
    return Summary(
        quarter,
        teams,
        len(rungs),
        sum(1 for rung in rungs if rung < target()),
        ParticipationActivity.objects.filter(
            held_on__gte=quarter.starts_on, held_on__lte=quarter.ends_on
        ).count(),
        YouSaidIssue.objects.filter(responded_on__isnull=True).count(),
    )
