"""Defining outcome tools and recording measurements (R9). Each function checks everything
first (a ValidationError naming the field and the fix), then writes in one transaction.

A tool's version is a draft until published. A published version that any measurement uses is
never changed in place: `new_version` copies it into a draft to change and publish.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from journey.cases.models import Episode, EpisodeKind
from journey.casework.models import Meeting
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.chronology.services import build_entry, start_of
from journey.outcomes import distance, wheel
from journey.outcomes.models import (
    MOST_GOALS,
    MOST_SCALES,
    EpisodeOutcome,
    Measurement,
    OutcomeTool,
    Point,
    Scale,
    Score,
    ScoredBy,
    Source,
    ToolKind,
    ToolVersion,
)

# --- tools ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScaleInput:
    name: str
    low_words: str
    high_words: str
    key: str = ""  # kept from the version before; new scales take one from their name


@dataclass(frozen=True)
class VersionInput:
    kind: str
    lowest: int | None
    highest: int | None
    scored_by: list[str]
    kinds_of_work: list[str]
    scales: list[ScaleInput] = field(default_factory=list)
    review_every_days: int = 91


@dataclass(frozen=True)
class ToolInput:
    name: str
    description: str
    licence: str
    version: VersionInput


#: The longest name a tool may have (the column's length).
NAME_LENGTH = 120


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def version_problems(data: VersionInput) -> dict[str, str]:
    """What is wrong with a version's definition, by field (empty if nothing)."""
    errors: dict[str, str] = {}
    if data.kind not in ToolKind.values:
        errors["kind"] = "Select whether the tool has its own scales or the family names goals"
    if data.lowest is None or data.highest is None:
        errors["lowest"] = "Enter the lowest and the highest score"
    elif data.lowest >= data.highest:
        errors["highest"] = "The highest score must be more than the lowest"
    if not data.scored_by or any(s not in ScoredBy.values for s in data.scored_by):
        errors["scored_by"] = "Select who scores the tool"
    if not data.kinds_of_work or any(k not in EpisodeKind.values for k in data.kinds_of_work):
        errors["kinds_of_work"] = "Select the kinds of work that use the tool"
    if data.kind == ToolKind.SCALES:
        errors.update(_scale_problems(data.scales))
    elif data.scales:
        errors["scales"] = "A goals tool has no scales of its own: the family names its goals"
    if not 7 <= data.review_every_days <= 366:
        errors["review_every_days"] = "A review measure is due every 7 to 366 days"
    return errors


def _scale_problems(scales: list[ScaleInput]) -> dict[str, str]:
    if not scales:
        return {"scales": "Enter at least one scale, with what its lowest and highest scores mean"}
    if len(scales) > MOST_SCALES:
        return {"scales": f"A tool has at most {MOST_SCALES} scales: join or leave some out"}
    seen: dict[str, int] = {}
    for number, scale in enumerate(scales, start=1):
        if not (scale.name.strip() and scale.low_words.strip() and scale.high_words.strip()):
            return {
                "scales": f"Scale {number}: enter its name and what its lowest and highest "
                "scores mean"
            }
        name = " ".join(scale.name.split()).casefold()
        if name in seen:
            return {
                "scales": f"Scales {seen[name]} and {number} are both called {scale.name.strip()}: "
                "give each scale its own name"
            }
        seen[name] = number
    kept = [slugify(scale.key) for scale in scales if scale.key]
    if len(set(kept)) != len(kept):
        return {"scales": "Two rows carry the same scale from the version before: keep it in one"}
    return {}


def _keys(scales: list[ScaleInput]) -> list[str]:
    """Each scale's key: the one it kept from the version before, else one from its name that no
    other scale of the version has."""
    taken = {slugify(scale.key) for scale in scales if scale.key}
    keys = []
    for order, scale in enumerate(scales, start=1):
        key = slugify(scale.key)[:60]
        if not key:
            base = slugify(scale.name)[:50] or f"scale-{order}"
            key, n = base, 2
            while key in taken:
                key, n = f"{base}-{n}", n + 1
            taken.add(key)
        keys.append(key)
    return keys


def _write_version(tool: OutcomeTool, number: int, data: VersionInput, by: User) -> ToolVersion:
    assert data.lowest is not None and data.highest is not None  # refused above
    version = ToolVersion.objects.create(
        tool=tool,
        number=number,
        kind=data.kind,
        lowest=data.lowest,
        highest=data.highest,
        scored_by=list(data.scored_by),
        kinds_of_work=list(data.kinds_of_work),
        review_every_days=data.review_every_days,
        created_by=by,
        created_at=timezone.now(),
    )
    _scales(version, data.scales)
    return version


def tool_problems(data: ToolInput) -> dict[str, str]:
    """What is wrong with a new tool, by field (empty if nothing)."""
    errors = version_problems(data.version)
    name = data.name.strip()
    if not name:
        errors["name"] = "Enter the tool's name"
    elif len(name) > NAME_LENGTH:
        errors["name"] = f"The tool's name must be {NAME_LENGTH} characters or fewer"
    elif OutcomeTool.objects.filter(name__iexact=name).exists():
        errors["name"] = f"A tool called {name} exists already: choose another name"
    return errors


@transaction.atomic
def create_tool(data: ToolInput, *, by: User) -> ToolVersion:
    """A new tool and its first version, as a draft."""
    _raise(tool_problems(data))
    tool = OutcomeTool.objects.create(
        name=data.name.strip(),
        description=data.description.strip(),
        licence=data.licence.strip(),
        created_by=by,
        created_at=timezone.now(),
    )
    return _write_version(tool, 1, data.version, by)


def _scales(version: ToolVersion, scales: list[ScaleInput]) -> None:
    Scale.objects.bulk_create(
        Scale(
            version=version,
            key=key,
            order=order,
            name=scale.name.strip(),
            low_words=scale.low_words.strip(),
            high_words=scale.high_words.strip(),
        )
        for order, (scale, key) in enumerate(zip(scales, _keys(scales), strict=True), start=1)
    )


def _retired(tool: OutcomeTool) -> dict[str, str]:
    if tool.retired_on is None:
        return {}
    return {"tool": f"{tool.name} was retired on {tool.retired_on:%-d %B %Y}: it is not changed"}


def _published(version: ToolVersion) -> dict[str, str]:
    if not version.is_published:
        return {}
    in_use = Measurement.objects.filter(version=version).exists()
    return {
        "version": f"Version {version.number} is published{' and in use' if in_use else ''}: "
        "make a new version to change it"
    }


@transaction.atomic
def change_draft(version: ToolVersion, data: VersionInput, *, by: User) -> ToolVersion:
    """Change a version not yet published (its scales are written afresh; the ones replaced
    stay in the scales' history). A published version is never changed in place."""
    version = ToolVersion.objects.select_for_update().select_related("tool").get(pk=version.pk)
    _raise(_retired(version.tool) or _published(version))
    _raise(version_problems(data))
    assert data.lowest is not None and data.highest is not None  # refused above
    for scale in version.scales.all():
        scale.delete()  # a draft's scales: no measure uses them, and their history keeps them
    version.kind, version.lowest, version.highest = data.kind, data.lowest, data.highest
    version.scored_by, version.kinds_of_work = list(data.scored_by), list(data.kinds_of_work)
    version.review_every_days = data.review_every_days
    version.save()
    _scales(version, data.scales)
    return version


@transaction.atomic
def new_version(tool: OutcomeTool, *, by: User) -> ToolVersion:
    """A draft copy of the tool's latest version, to change and publish."""
    tool = OutcomeTool.objects.select_for_update().get(pk=tool.pk)
    _raise(_retired(tool))
    latest = tool.versions.order_by("-number").first()
    assert latest is not None  # a tool is created with its first version
    if not latest.is_published:
        _raise({"tool": f"Version {latest.number} is still a draft: change that one"})
    scales = [ScaleInput(s.name, s.low_words, s.high_words, s.key) for s in latest.scales.all()]
    data = VersionInput(
        latest.kind,
        latest.lowest,
        latest.highest,
        list(latest.scored_by),
        list(latest.kinds_of_work),
        scales,
        latest.review_every_days,
    )
    return _write_version(tool, latest.number + 1, data, by)


@transaction.atomic
def publish_version(version: ToolVersion, *, by: User) -> ToolVersion:
    """From now on measures are made with this version; earlier ones keep theirs."""
    version = ToolVersion.objects.select_for_update().select_related("tool").get(pk=version.pk)
    _raise(_retired(version.tool))
    if version.is_published:
        _raise({"version": f"Version {version.number} is published already"})
    version.published_at, version.published_by = timezone.now(), by
    version.save(update_fields=["published_at", "published_by"])
    return version


#: A reason for retiring a tool is at least this long: enough to say why.
SHORTEST_REASON = 10


@transaction.atomic
def retire_tool(tool: OutcomeTool, reason: str, *, by: User) -> OutcomeTool:
    """From today the tool is not offered for new measures. Its versions and the measures made
    with it are kept, and still count in distance travelled."""
    tool = OutcomeTool.objects.select_for_update().get(pk=tool.pk)
    _raise(_retired(tool))
    if len(reason.strip()) < SHORTEST_REASON:
        _raise({"reason": "Say why the tool is retired, for example what replaces it"})
    tool.retired_on, tool.retired_reason, tool.retired_by = timezone.localdate(), reason.strip(), by
    tool.save(update_fields=["retired_on", "retired_reason", "retired_by"])
    return tool


def current_version(tool: OutcomeTool) -> ToolVersion | None:
    return tool.versions.filter(published_at__isnull=False).order_by("-number").first()


@transaction.atomic
def ensure_wheel() -> ToolVersion:
    """Journey's own tool, put back if a database has lost it (one emptied for tests)."""
    tool = OutcomeTool.objects.filter(name=wheel.NAME).first()
    if tool is not None:
        version = current_version(tool)
        assert version is not None
        return version
    tool = OutcomeTool.objects.create(
        name=wheel.NAME,
        description=wheel.DESCRIPTION,
        licence=wheel.LICENCE,
        created_at=timezone.now(),
    )
    version = ToolVersion.objects.create(
        tool=tool,
        number=1,
        scored_by=wheel.SCORED_BY,
        kinds_of_work=wheel.KINDS_OF_WORK,
        published_at=timezone.now(),
        created_at=timezone.now(),
    )
    _scales(version, [ScaleInput(name, low, high, key) for key, name, low, high in wheel.SCALES])
    return version


# --- measurements ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreInput:
    key: str  # the scale's key, or goal-1 to goal-3
    value: int | None
    words: str = ""
    goal: str = ""


@dataclass(frozen=True)
class MeasurementInput:
    version: ToolVersion
    point: str
    measured_on: dt.date | None
    scored_by: str
    scores: list[ScoreInput]
    source: str = Source.EPISODE
    #: The TAF meeting it was made at (source TAF meeting only).
    meeting: Meeting | None = None


def closing_measure_days() -> int:
    """How long after work closes its closing measure may still be recorded: long enough for a
    family to answer a secure link sent at closure (JOURNEY_CLOSING_MEASURE_DAYS)."""
    return int(getattr(settings, "JOURNEY_CLOSING_MEASURE_DAYS", 14))


def closing_measure_by(episode: Episode) -> dt.date | None:
    """The last day a closing measure of closed work may be recorded (None: the work is open)."""
    if episode.ended_on is None:
        return None
    return episode.ended_on + dt.timedelta(days=closing_measure_days())


def _measure_problems(episode: Episode, data: MeasurementInput) -> dict[str, str]:
    return {**_state_problems(episode, data), **_score_problems(data.version, data.scores)}


def _state_problems(episode: Episode, data: MeasurementInput) -> dict[str, str]:
    """Everything but the scores: the version, the point, who scored it, where and when."""
    errors: dict[str, str] = {}
    version = data.version
    if not version.is_published:
        errors["version"] = f"{version} is a draft: measures use a published version"
    elif version.tool.retired_on is not None:
        errors["version"] = f"{version.tool.name} is retired: measure with another tool"
    elif episode.kind not in version.kinds_of_work:
        errors["version"] = f"{version.tool.name} is not used for this kind of work"
    if data.point not in Point.values:
        errors["point"] = "Select when the measure was made: start, review or closure"
    if data.scored_by not in version.scored_by:
        errors["scored_by"] = "Select who scored it, from those the tool is scored by"
    errors.update(_source_problems(episode, data))
    errors.update(_closed_problems(episode, data.point))
    errors.update(_date_problems(episode, data))
    return errors


def family_point(episode: Episode, *, closing: bool) -> str:
    """The point of the family's own scores sent through a secure link: the closing measure
    at closure; at a review, a review measure, or the start measure if there is none yet."""
    if closing:
        return Point.CLOSURE
    started = Measurement.objects.filter(episode=episode, point=Point.START).exists()
    return Point.REVIEW if started else Point.START


def family_measure_problems(
    episode: Episode, version: ToolVersion, *, closing: bool, scored_by: str, on: dt.date
) -> dict[str, str]:
    """Whether the family's own scores of this tool, through a secure link, could be recorded
    for this work on this day: everything record_measurement checks but the scores. A link asks
    for a tool's own scales (the family names no goals there)."""
    if version.kind != ToolKind.SCALES:
        return {"version": f"{version.tool.name} has no scales of its own to score by a link"}
    data = MeasurementInput(
        version, family_point(episode, closing=closing), on, scored_by, [], source=Source.LINK
    )
    return _state_problems(episode, data)


def _source_problems(episode: Episode, data: MeasurementInput) -> dict[str, str]:
    if data.source not in Source.values:
        return {"source": "Say where the measure was made: the work, a TAF meeting or closure"}
    meeting = data.meeting
    if data.source != Source.TAF_MEETING:
        if meeting is not None:
            return {"meeting": "Only a measure made at a TAF meeting names the meeting"}
        if data.source == Source.CLOSURE and data.point != Point.CLOSURE:
            return {"point": "A measure made when the work closed is its closing measure"}
        return {}
    if meeting is None or meeting.episode_id != episode.pk or meeting.kind != Meeting.Kind.TAF:
        return {"meeting": "Choose a TAF meeting of this work"}
    if data.measured_on is not None and data.measured_on != meeting.held_on:
        return {
            "measured_on": f"A measure made at the TAF meeting is dated the day it was held, "
            f"{meeting.held_on:%-d %B %Y}"
        }
    if Measurement.objects.filter(episode=episode, meeting=meeting).exists():
        return {
            "meeting": f"A measure was recorded at the TAF meeting of "
            f"{meeting.held_on:%-d %B %Y} already"
        }
    return {}


def _closed_problems(episode: Episode, point: str) -> dict[str, str]:
    """Closed work takes only its closing measure, and only for a while after it closed."""
    last_day = closing_measure_by(episode)
    if last_day is None or episode.ended_on is None:
        return {}
    closed = f"{episode.ended_on:%-d %B %Y}"
    if point != Point.CLOSURE:
        return {"point": f"The work closed on {closed}: only its closing measure can be recorded"}
    if timezone.localdate() > last_day:
        days = closing_measure_days()
        return {
            "point": f"The work closed on {closed}: a closing measure is recorded within {days} "
            "days of the work closing"
        }
    return {}


def _date_problems(episode: Episode, data: MeasurementInput) -> dict[str, str]:
    day = data.measured_on
    if day is None:
        return {"measured_on": "Enter the date of the measure"}
    if day > timezone.localdate():
        return {"measured_on": "The date of the measure must be today or in the past"}
    if day < episode.started_on:
        return {
            "measured_on": f"The measure cannot be before the work began, "
            f"{episode.started_on:%-d %B %Y}"
        }
    measures = Measurement.objects.filter(episode=episode)
    start = measures.filter(point=Point.START).order_by("measured_on").first()
    if data.point == Point.START and start is not None:
        return {"point": f"The start measure was made on {start.measured_on:%-d %B %Y}"}
    if data.point in (Point.REVIEW, Point.CLOSURE):
        if start is None:
            return {"point": "Record the start measure first"}
        if day < start.measured_on:
            return {
                "measured_on": f"A {Point(data.point).label.lower().removeprefix('at ')} measure "
                f"cannot be before the start measure, {start.measured_on:%-d %B %Y}"
            }
    if data.point == Point.CLOSURE and measures.filter(point=Point.CLOSURE).exists():
        return {"point": "The closing measure was made already"}
    return {}


def _score_problems(version: ToolVersion, scores: list[ScoreInput]) -> dict[str, str]:
    low, high = version.lowest, version.highest
    if version.kind == ToolKind.GOALS:
        expected = [s.key for s in scores]
        if not 1 <= len(scores) <= MOST_GOALS:
            return {"scores": f"Name between 1 and {MOST_GOALS} goals, each with its score"}
        if expected != [f"goal-{n}" for n in range(1, len(scores) + 1)]:
            return {"scores": "Number the goals from goal 1"}
        for n, score in enumerate(scores, start=1):
            if not score.goal.strip():
                return {f"goal-{n}": f"Goal {n}: name the goal in the family's words"}
    else:
        wanted = [s.key for s in version.scales.all()]
        given = {s.key for s in scores}
        missing = [k for k in wanted if k not in given]
        if missing or len(given) != len(scores) or given - set(wanted):
            names = {s.key: s.name for s in version.scales.all()}
            first = names.get(missing[0], missing[0]) if missing else "each scale"
            return {"scores": f"Score {first}: every scale of the tool is scored once"}
    for score in scores:
        if score.value is None or not low <= score.value <= high:
            return {score.key: f"Each score is a whole number from {low} to {high}"}
    return {}


@transaction.atomic
def record_measurement(episode: Episode, data: MeasurementInput, *, by: User | None) -> Measurement:
    """A measure of the work, checked first. `by` is the worker who recorded it; None for the
    family's own scores sent through a secure link (source "link")."""
    episode = Episode.objects.select_for_update().get(pk=episode.pk)  # as it stands now
    if by is None and data.source != Source.LINK:
        _raise({"source": "A measure is recorded by a worker, unless the family sent it"})
    # The version as it stands now (published since the caller read it, perhaps).
    data = replace(data, version=ToolVersion.objects.select_related("tool").get(pk=data.version.pk))
    _raise(_measure_problems(episode, data))
    assert data.measured_on is not None
    measurement = Measurement.objects.create(
        episode=episode,
        version=data.version,
        point=data.point,
        measured_on=data.measured_on,
        scored_by=data.scored_by,
        source=data.source,
        meeting=data.meeting,
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    scales = {s.key: s for s in data.version.scales.all()}
    scores = Score.objects.bulk_create(
        Score(
            measurement=measurement,
            scale=scales.get(score.key),
            key=score.key,
            goal=score.goal.strip(),
            value=score.value,
            words=score.words.strip(),
        )
        for score in data.scores
        if score.value is not None
    )
    names = {key: scale.name for key, scale in scales.items()}
    measurement_entry(measurement, episode, scores, names).save()
    refresh_episode_outcome(episode)
    return measurement


def measurement_entry(
    measurement: Measurement, episode: Episode, scores: list[Score], names: dict[str, str]
) -> ChronologyEntry:
    """The entry "Outcome measure at the start: Journey family wheel", with each scale's score
    (`names`: the scales' names by key) and the family's words."""
    version = measurement.version
    lines = [
        f"{names.get(s.key) or s.goal or s.key}: {s.value} of {version.highest}"
        + (f" ({s.words})" if s.words else "")
        for s in scores
    ]
    return build_entry(
        child_id=episode.child_id,
        episode_id=episode.pk,
        kind=EntryKind.OUTCOME,
        title=f"Outcome measure {measurement.get_point_display().lower()}: {version.tool.name}",
        summary=f"Scored by {measurement.get_scored_by_display().lower()}.\n" + "\n".join(lines),
        occurred_at=start_of(measurement.measured_on),
        source=measurement,
        recorded_by=measurement.recorded_by,
        recorded_at=measurement.recorded_at,
    )


def outcome_fields(measured: list[tuple[Measurement, dict[str, int]]]) -> dict[str, Any]:
    """Where a piece of work's measures stand (EpisodeOutcome's fields), from its measurements
    in order, each with its scores by scale key."""
    changed = distance.changes(
        distance.Scored(m.measured_on, m.recorded_at, m.pk, values) for m, values in measured
    )
    went = distance.direction(changed)
    first = measured[0][0] if measured else None
    last = measured[-1][0] if measured else None
    return {
        "measures": len(measured),
        "first_measured_on": first.measured_on if first else None,
        "last_measured_on": last.measured_on if last else None,
        "last_point": last.point if last else "",
        "closing_measured": any(m.point == Point.CLOSURE for m, _ in measured),
        "review_due_on": (
            last.measured_on + dt.timedelta(days=last.version.review_every_days)
            if last and last.point != Point.CLOSURE
            else None
        ),
        "change": sum(changed.values()) if went else None,
        "direction": went.value if went else "",
    }


def refresh_episode_outcome(episode: Episode) -> EpisodeOutcome:
    """Count the work's measures and distance travelled again, from its scores."""
    measurements = (
        Measurement.objects.filter(episode=episode)
        .select_related("version")
        .prefetch_related("scores")
        .order_by("measured_on", "recorded_at", "pk")
    )
    measured = [(m, {s.key: s.value for s in m.scores.all()}) for m in measurements]
    outcome, _ = EpisodeOutcome.objects.update_or_create(
        episode=episode, defaults=outcome_fields(measured)
    )
    return outcome
