"""Families for the outcomes tests: early help measured with the Journey family wheel (every
scale scored the same at each measure), closed on a given day, through the services."""

from __future__ import annotations

import datetime as dt

from journey.cases import services as cases
from journey.cases.models import EpisodeKind
from journey.outcomes import services
from journey.outcomes.models import OutcomeTool, ToolVersion
from journey.workforce.models import Worker
from tests.factories import make_child, make_episode


def wheel() -> ToolVersion:
    version = services.current_version(OutcomeTool.objects.get(name="Journey family wheel"))
    assert version is not None
    return version


def measure(episode, point: str, on: dt.date, value: int, by: Worker) -> None:
    version = wheel()
    services.record_measurement(
        episode,
        services.MeasurementInput(
            version,
            point,
            on,
            "together",
            [services.ScoreInput(s.key, value) for s in version.scales.all()],
        ),
        by=by.user,
    )


def family(
    worker: Worker,
    measures: list[tuple[str, dt.date, int]],
    *,
    started_on: dt.date,
    closed_on: dt.date | None,
    kind: str = EpisodeKind.EARLY_HELP_CAF,
    reason: str = "EH1",
):
    """A child's early help, measured at (point, day, every scale's score), closed on
    `closed_on` (None: still open)."""
    child = make_child(worker)
    episode = make_episode(child, worker, kind=kind, started_on=started_on)
    for point, on, value in measures:
        measure(episode, point, on, value, worker)
    if closed_on is not None:
        cases.close_episode(
            episode, ended_on=closed_on, reason=reason, note="Outcomes met", closed_by=worker.user
        )
    return episode
