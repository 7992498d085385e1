"""Who the load's simulated users are, and what each works on: real accounts of the demo council
with their own caseloads, so every page they ask for is one they may see and every write one they
may make. Half are social workers, a third early help practitioners, the rest team managers,
as a council's users are. The plan goes to locust as JSON (locust's process has no Django)."""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from journey.cases.models import EpisodeKind
from journey.casework.models import PlanAction
from journey.demo.authenticators import demo_secret, give_demo_authenticators
from journey.demo.generator import DEMO_PASSWORD
from journey.workforce.models import Allocation, Role, Worker

#: The share of each kind of user, as in a council's children's services.
MIX = ((Role.SOCIAL_WORKER, 0.5), (Role.PRACTITIONER, 0.35), (Role.TEAM_MANAGER, 0.15))
#: The children each simulated user works on (from their own caseload or team).
CHILDREN_EACH = 8


@dataclass
class Child:
    id: int
    surname: str


@dataclass
class SimulatedUser:
    username: str
    password: str
    secret: str  # the demo authenticator's secret, hex
    role: str
    children: list[Child] = field(default_factory=list)
    actions: list[tuple[int, int]] = field(default_factory=list)  # (episode, action) open


class NotEnoughUsers(Exception):
    pass


def choose_users(count: int, seed: int = 2026) -> list[dict]:
    """`count` simulated users (an account may serve several when the council is small), each
    with the children it works on; their demo authenticators are given if they had none."""
    rng = random.Random(seed)
    held = _caseloads()
    chosen: list[SimulatedUser] = []
    for role, share in MIX:
        people = [p for p in held.values() if p.role == role and p.children]
        if role == Role.PRACTITIONER:
            people = [p for p in people if p.actions]
        if not people:
            raise NotEnoughUsers(f"No {Role(role).label.lower()} holds open work to load-test.")
        rng.shuffle(people)
        wanted = round(count * share) if role != Role.TEAM_MANAGER else count - len(chosen)
        chosen += itertools.islice(itertools.cycle(people), wanted)
    give_demo_authenticators(
        Worker.objects.filter(user__username__in=[u.username for u in chosen]).values_list(
            "user_id", flat=True
        )
    )
    return [asdict(user) for user in chosen]


def _caseloads() -> dict[int, SimulatedUser]:
    """Each case holder's open allocated work (a manager's: the team's), up to CHILDREN_EACH
    children, and a practitioner's open plan actions."""
    rows = (
        Allocation.objects.filter(
            ended_on__isnull=True,
            kind=Allocation.Kind.WORKER,
            episode__ended_on__isnull=True,
            worker__is_active=True,
            worker__role__in=[role for role, _ in MIX],
        )
        .order_by("worker_id", "episode_id")
        .values_list(
            "worker_id",
            "worker__role",
            "worker__team_id",
            "worker__user__username",
            "episode_id",
            "episode__kind",
            "episode__child_id",
            "episode__child__last_name",
        )
    )
    people: dict[int, SimulatedUser] = {}
    eh_episodes: dict[int, int] = {}  # episode -> its worker
    team_children: dict[int, list[Child]] = defaultdict(list)
    for worker, role, team, username, episode, kind, child, surname in rows.iterator():
        person = people.setdefault(
            worker, SimulatedUser(username, DEMO_PASSWORD, demo_secret(username), role)
        )
        if len(person.children) < CHILDREN_EACH:
            person.children.append(Child(child, surname))
        if len(team_children[team]) < CHILDREN_EACH:
            team_children[team].append(Child(child, surname))
        if kind == EpisodeKind.EARLY_HELP_CAF and role == Role.PRACTITIONER:
            eh_episodes[episode] = worker
    _add_actions(people, eh_episodes)
    for manager in Worker.objects.filter(role=Role.TEAM_MANAGER, is_active=True).values_list(
        "pk", "team_id", "user__username"
    ):
        pk, team, username = manager
        if team_children[team]:
            people[pk] = SimulatedUser(
                username,
                DEMO_PASSWORD,
                demo_secret(username),
                Role.TEAM_MANAGER,
                children=team_children[team],
            )
    return people


def _add_actions(people: dict[int, SimulatedUser], eh_episodes: dict[int, int]) -> None:
    actions = PlanAction.objects.filter(
        status__in=PlanAction.OPEN, plan__episode_id__in=list(eh_episodes)
    ).values_list("plan__episode_id", "pk")
    for episode, action in actions.iterator():
        person = people[eh_episodes[episode]]
        if len(person.actions) < CHILDREN_EACH:
            person.actions.append((episode, action))
