"""Early help work for the tracker tests, built through the real services.

The services refuse dates in the future, so records are dated in the past relative to the
real today; the rules and selectors are then evaluated "as of" any date we pass them, which is
how a test freezes today without patching the clock.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from journey.cases import services as case_services
from journey.cases.models import EpisodeKind
from journey.casework.early_help.services import ActionInput, AttendeeInput, hold_taf_meeting
from journey.casework.supervision.services import record_supervision
from journey.outcomes import services as outcome_services
from journey.tracker.selectors import episode_flags
from journey.workforce.models import Allocation, Role
from tests.factories import UserFactory, WorkerFactory, make_child, make_episode, views_of


def today() -> dt.date:
    return timezone.localdate()


def days_ago(n: int) -> dt.date:
    return today() - dt.timedelta(days=n)


def caf_episode(
    council,
    *,
    started_days_ago: int = 200,
    worker=None,
    lead="worker",
    supervised_days_ago: int | None = 7,
    measured_days_ago: int | None = 7,
    **child,
):
    """Open CAF work, allocated to the worker (default: the council's practitioner), with a lead
    professional: "worker" (the same worker), a Worker, or None for no lead; supervised by the
    team manager that many days ago (None: never), so only tests about supervision see it due;
    and its start outcome measure made that many days ago (None: never), so only tests about
    outcome measures see one due."""
    worker = worker or council["practitioner"]
    started = days_ago(started_days_ago)
    outcome_services.ensure_wheel()  # the council's outcome tool for CAF work (see the wheel)
    kid = make_child(worker, **child)
    episode = make_episode(
        kid, worker, kind=EpisodeKind.EARLY_HELP_CAF, started_on=started, allocate_to=worker
    )
    if lead is not None:
        case_services.allocate(
            episode,
            worker=worker if lead == "worker" else lead,
            kind=Allocation.Kind.LEAD_PROFESSIONAL,
            started_on=started,
            allocated_by=worker.user,
        )
    if supervised_days_ago is not None:
        record_supervision(
            episode=episode,
            supervisor=council["team_manager"],
            held_on=days_ago(min(supervised_days_ago, started_days_ago)),
            discussion="Reviewed the plan and the family's engagement.",
        )
    if measured_days_ago is not None:
        measure(episode, worker, "start", days_ago(min(measured_days_ago, started_days_ago)))
    return episode


def measure(episode, worker, point: str, on: dt.date, value: int = 5, **kwargs):
    """A measure of the work with Journey's family wheel, every scale scored `value`."""
    wheel = outcome_services.ensure_wheel()
    return outcome_services.record_measurement(
        episode,
        outcome_services.MeasurementInput(
            wheel,
            point,
            on,
            "together",
            [outcome_services.ScoreInput(s.key, value) for s in wheel.scales.all()],
            **kwargs,
        ),
        by=worker.user,
    )


def single_agency_episode(council, *, started_days_ago: int = 30, worker=None, **child):
    worker = worker or council["practitioner"]
    kid = make_child(worker, **child)
    return make_episode(
        kid,
        worker,
        kind=EpisodeKind.EARLY_HELP_SINGLE_AGENCY,
        started_on=days_ago(started_days_ago),
        allocate_to=worker,
    )


def taf(
    episode,
    by,
    *,
    held_days_ago: int,
    actions: list[tuple[str, int]] = (),
    child_views: str = "I want mum and me to argue less.",
    next_due: dt.date | None = None,
):
    """Hold a TAF `held_days_ago`, with actions given as (description, due in N days after)."""
    held = days_ago(held_days_ago)
    return hold_taf_meeting(
        episode,
        held_on=held,
        by=by.user,
        attendees=[AttendeeInput(name="Jo Parent", role="Parent")],
        actions=[
            ActionInput(description=text, due_on=held + dt.timedelta(days=due_in), owner=by)
            for text, due_in in actions
        ],
        views=views_of(child_views, not_obtained="He was in hospital that week"),
        next_due_on=next_due,
    )


def flags(episode, on: dt.date | None = None) -> dict[str, dt.date]:
    """{rule code: since} for the episode as of `on` (default today)."""
    return {f.rule.code: f.since for f in episode_flags(episode, on or today())}


@pytest.fixture
def eh_manager(council):
    return WorkerFactory(
        role=Role.TEAM_MANAGER, team=council.eh_team, user=UserFactory(username="eh.manager")
    )


@pytest.fixture
def other_eh_team_practitioner(council):
    from tests.factories import TeamFactory

    team = TeamFactory(name="Early Help South", service=council.eh_team.service)
    return WorkerFactory(
        role=Role.PRACTITIONER, team=team, user=UserFactory(username="south.practitioner")
    )
