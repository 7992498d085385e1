"""The demo council's outcome measures (R9): most early help and Family Help measured with the
Journey family wheel at the start, at each review and at closure, with realistic distance
travelled: most families improve a little on most scales, some stay where they were, and some
get worse (a new crisis, a move, a bereavement). Some work is never measured, some reviews are
missed (so a review measure is overdue on the tracker), and some work closes without a closing
measure (listed on the outcomes page).

Written with the seed's fast inserter (measurements, their scores, their chronology entries and
each piece of work's EpisodeOutcome) because the `large` council has tens of thousands of pieces
of early help. The figures are what `record_measurement` would have kept (`outcome_fields`).
Deterministic: the same seed and day give the same measures.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from journey.cases.models import Episode
from journey.chronology.models import ChronologyEntry
from journey.demo.bulk import FastInserter
from journey.outcomes.models import EpisodeOutcome, Measurement, Point, Score, ToolVersion
from journey.outcomes.services import ensure_wheel, measurement_entry, outcome_fields
from journey.workforce.models import Allocation

#: Shares of the work measured at all, of reviews made when due, and of closed work measured
#: at its close.
MEASURED = 0.82
REVIEWED = 0.8
CLOSING = 0.75
#: How a family's scores move from the start to the end: (direction, share, mean change per
#: scale over the whole work, how much each score wobbles about it). A family that stays where
#: it was scores the same at every measure.
PATHS = [("better", 0.64, 2.2, 0.7), ("same", 0.22, 0.0, 0.0), ("worse", 0.14, -1.6, 0.7)]
WORDS = {
    "home": ["Mornings are less of a battle.", "We're still in the one room.", "Calmer at home."],
    "money": ["The arrears are being paid off.", "Still waiting for the benefits to come."],
    "learning": ["He's going in every day now.", "She's been excluded again."],
    "wellbeing": ["I'm sleeping better.", "Mum's seeing her GP about her low mood."],
    "confidence": ["We know who to ring now.", "I can't see it getting better."],
    "community": ["Nan helps with the school run.", "We don't know anyone round here."],
}
SCORED_BY = [("together", 0.7), ("parent", 0.2), ("child", 0.1)]


@dataclass
class Written:
    measurements: int = 0
    episodes: int = 0


def _holders(episodes) -> dict[int, int]:
    """Each episode's first holder's user id (who measured), falling back to who opened it."""
    first_holder = (
        Allocation.objects.filter(episode=OuterRef("pk"), worker__user__isnull=False)
        .order_by("started_on", "pk")
        .values("worker__user_id")[:1]
    )
    rows = episodes.annotate(holder=Subquery(first_holder)).values_list("pk", "holder", "opened_by")
    return {pk: holder or opened for pk, holder, opened in rows}


def _points(
    rng: random.Random, episode: Episode, version: ToolVersion, as_of: dt.date, since: dt.date
) -> list[tuple[str, dt.date]]:
    """The start (work open when the council took up the wheel, `since`, is first measured
    then), the reviews made and the closing measure."""
    ends = episode.ended_on or as_of
    start = max(episode.started_on, since) + dt.timedelta(days=rng.randint(0, 21))
    if start > ends:
        return []
    points = [(Point.START, start)]
    day = start + dt.timedelta(days=version.review_every_days + rng.randint(-10, 10))
    while day < ends - dt.timedelta(days=14):
        if rng.random() < REVIEWED:
            points.append((Point.REVIEW, day))
        day += dt.timedelta(days=version.review_every_days + rng.randint(-10, 10))
    if episode.ended_on and episode.ended_on > start and rng.random() < CLOSING:
        points.append((Point.CLOSURE, episode.ended_on))
    return points


def _path(rng: random.Random) -> tuple[float, float]:
    """The family's mean change per scale, and how much each score wobbles about it."""
    roll = rng.random()
    for _, share, mean, wobble in PATHS:
        if roll < share:
            return (rng.gauss(mean, 0.8) if wobble else mean), wobble
        roll -= share
    return 0.0, 0.0


def _scores(
    rng: random.Random,
    keys: list[str],
    start: dict[str, int],
    path: tuple[float, float],
    share: float,
) -> dict[str, int]:
    """Each scale moved `share` of the way along the family's path, with its wobble."""
    shift, wobble = path
    return {
        key: max(0, min(10, round(start[key] + shift * share + rng.gauss(0, wobble or 1e-9))))
        for key in keys
    }


def seed_outcomes(*, as_of: dt.date, rng: random.Random) -> Written:
    """Measures for early help and Family Help open in the two years to `as_of`, since the
    council took up the wheel."""
    version = ensure_wheel()
    scales = list(version.scales.order_by("order"))
    keys = [scale.key for scale in scales]
    names = {scale.key: scale.name for scale in scales}
    since = as_of - dt.timedelta(days=730)
    episodes = (
        Episode.objects.filter(kind__in=version.kinds_of_work)
        .exclude(ended_on__lt=since)
        .order_by("pk")
    )
    holders = _holders(episodes)
    users = User.objects.in_bulk(set(holders.values()))
    now = timezone.now()
    inserter = FastInserter(now)
    measurements: list[Measurement] = []
    scores: list[Score] = []
    entries: list[ChronologyEntry] = []
    outcomes: list[EpisodeOutcome] = []
    written = Written()
    for episode in episodes.only("pk", "child_id", "kind", "started_on", "ended_on"):
        if rng.random() >= MEASURED:
            continue
        points = _points(rng, episode, version, as_of, since)
        if not points:
            continue
        start = {key: max(0, min(10, round(rng.gauss(4.2, 1.8)))) for key in keys}
        path = _path(rng)
        scored_by = rng.choices([w for w, _ in SCORED_BY], [s for _, s in SCORED_BY])[0]
        span = max(1, (points[-1][1] - points[0][1]).days)
        measured = []
        for point, day in points:
            values = (
                start
                if point == Point.START
                else _scores(rng, keys, start, path, (day - points[0][1]).days / span)
            )
            measurement = Measurement(
                episode=episode,
                version=version,
                point=point,
                measured_on=day,
                scored_by=scored_by,
                recorded_by=users[holders[episode.pk]],
                recorded_at=timezone.make_aware(dt.datetime.combine(day, dt.time(15))),
            )
            measured.append((measurement, values))
        inserter.assign_keys(Measurement, [m for m, _ in measured])
        measurements.extend(m for m, _ in measured)
        for measurement, values in measured:
            these = [
                Score(
                    measurement=measurement,
                    scale=scales[keys.index(key)],
                    key=key,
                    value=value,
                    words=rng.choice(WORDS[key]) if key in WORDS and rng.random() < 0.3 else "",
                )
                for key, value in values.items()
            ]
            scores.extend(these)
            entries.append(measurement_entry(measurement, episode, these, names))
        outcomes.append(EpisodeOutcome(episode=episode, **outcome_fields(measured)))
        written.measurements += len(measured)
        written.episodes += 1
    inserter.insert_keyed(Measurement, measurements)
    inserter.insert(Score, scores)
    inserter.insert(ChronologyEntry, entries)
    inserter.insert(EpisodeOutcome, outcomes)
    inserter.finish()
    return written
