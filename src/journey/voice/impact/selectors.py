"""What the impact report says about a run of quarters: participation levels against the target
by team, the activities and who took part, "you said, we did", and the figures of the measure
registry (the children's views captured and parents' evidence of benefit, read through the
registry; a measure not yet registered is said to be not yet available).

Every figure is counted in the database in a fixed number of queries whatever the number of
records (the registry's measures: one query a month). `report_content` returns plain words and
numbers, so an issued report is stored whole and shown later exactly as issued. It names no
child and no young person.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum

from journey.cases.models import EpisodeKind
from journey.casework.models import FamilyBenefit
from journey.core import measures as registry
from journey.voice.impact.models import ImpactReport
from journey.voice.participation.models import (
    ActivityKind,
    ParticipationActivity,
    ParticipationRating,
    Rung,
)
from journey.voice.participation.quarters import Quarter, between, target
from journey.voice.you_said.models import YouSaidIssue
from journey.workforce.models import Team

AGE_BANDS = (
    ("aged_under_11", "Under 11"),
    ("aged_11_to_15", "11 to 15"),
    ("aged_16_to_17", "16 or 17"),
    ("aged_18_to_25", "18 to 25"),
)
#: The registry's measures the report reads: (key, heading, how): "period" adds up every month
#: of the period; "end" reads the last month (how things stood at the end).
MEASURES = (
    ("child_views_recorded", "The children's views captured", "period"),
    ("family_benefit", "Parents' evidence of the benefit of help", "period"),
    ("participation_at_target", "Teams at the target rung at the period's end", "end"),
    ("you_said_responded", '"You said, we did": issues answered in time', "period"),
)


def _day(day: dt.date | None) -> str:
    return f"{day:%-d %B %Y}" if day else ""


def _participation(quarters: list[Quarter], teams: list[Team]) -> dict[str, Any]:
    goal = target()
    ratings = ParticipationRating.objects.filter(
        team__isnull=False,
        is_current=True,
        period_starts_on__gte=quarters[0].starts_on,
        period_starts_on__lte=quarters[-1].starts_on,
    ).values("team_id", "period_starts_on", "rung")
    found = {(r["team_id"], r["period_starts_on"]): r["rung"] for r in ratings}
    rows = []
    for team in teams:
        if not team.is_active:
            continue
        rungs = [found.get((team.pk, q.starts_on)) for q in quarters]
        rated = [rung for rung in rungs if rung is not None]
        latest = rated[-1] if rated else None
        rows.append(
            {
                "team": team.name,
                "service": team.service.name,
                "rungs": rungs,
                "latest": latest,
                "latest_name": Rung(latest).label if latest else "Not rated",
                "below": latest is not None and latest < goal,
            }
        )
    rated_rows = [row for row in rows if row["latest"] is not None]
    return {
        "quarters": [q.short for q in quarters],
        "rows": rows,
        "teams": len(rows),
        "rated": len(rated_rows),
        "at_target": sum(1 for row in rated_rows if not row["below"]),
        "rungs": [{"rung": r.value, "name": r.label} for r in Rung],
    }


def _activities(first: dt.date, last: dt.date) -> dict[str, Any]:
    sums = {band: Sum(band) for band, _ in AGE_BANDS}
    rows = {
        row["kind"]: dict(row)
        for row in ParticipationActivity.objects.filter(held_on__gte=first, held_on__lte=last)
        .values("kind")
        .annotate(held=Count("pk"), **sums)
        .order_by()
    }
    lines = []
    for kind, label in ActivityKind.choices:
        row: dict[str, Any] = rows.get(kind, {})
        bands = [int(row.get(band) or 0) for band, _ in AGE_BANDS]
        lines.append(
            {"label": label, "held": row.get("held", 0), "bands": bands, "total": sum(bands)}
        )
    return {
        "bands": [label for _, label in AGE_BANDS],
        "rows": lines,
        "held": sum(line["held"] for line in lines),
        "young_people": sum(line["total"] for line in lines),
        "band_totals": [sum(line["bands"][i] for line in lines) for i in range(len(AGE_BANDS))],
    }


def _you_said(first: dt.date, last: dt.date) -> dict[str, Any]:
    """Issues raised in the period, and earlier ones answered or changed in it."""
    issues = (
        YouSaidIssue.objects.filter(raised_on__lte=last)
        .filter(
            _between("raised_on", first, last)
            | _between("responded_on", first, last)
            | _between("changed_on", first, last)
        )
        .select_related("owner__user")
        .order_by("raised_on", "pk")
    )
    items = [
        {
            "raised": i.raised,
            "raised_by": i.raised_by,
            "raised_on": _day(i.raised_on),
            "response": i.response,
            "responded_on": _day(i.responded_on),
            "in_time": i.responded_on is not None and i.responded_on <= i.respond_by,
            "owner": i.owner.name if i.owner else "",
            "changed": i.changed,
            "changed_on": _day(i.changed_on),
        }
        for i in issues
    ]
    return {
        "items": items,
        "raised": sum(1 for i in issues if first <= i.raised_on <= last),
        "answered": sum(1 for i in items if i["responded_on"]),
        "in_time": sum(1 for i in items if i["in_time"]),
        "changed": sum(1 for i in items if i["changed_on"]),
    }


def _between(field: str, first: dt.date, last: dt.date) -> Q:
    return Q(**{f"{field}__gte": first, f"{field}__lte": last})


def _months(first: dt.date, last: dt.date) -> list[registry.Window]:
    windows, day = [], first
    while day <= last:
        window = registry.Window.month(day)
        windows.append(window)
        day = window.after
    return windows


def _measure(
    key: str, heading: str, how: str, windows: list[registry.Window], names: dict[int, str]
) -> dict[str, Any]:
    measure = registry.get(key)
    if measure is None:
        return {"key": key, "heading": heading, "available": False}
    counted = windows if how == "period" else windows[-1:]
    groups: registry.Groups = {}
    for window in counted:
        for where, tally in measure.groups(window).items():
            groups[where] = groups.get(where, registry.NOTHING) + tally
    council = registry.council_tally(groups)
    tallies = registry.team_tallies(groups)
    order = sorted(tallies, key=lambda team: names.get(team or 0, "No one team"))
    teams = [
        {
            "team": names.get(team or 0, "No one team"),
            "counted": tallies[team].numerator,
            "out_of": tallies[team].denominator,
            "figure": measure.format(tallies[team].value(measure.unit)),
        }
        for team in order
    ]
    return {
        "key": key,
        "heading": heading,
        "available": True,
        "title": measure.title,
        "definition": measure.definition,
        "counted_words": measure.counted,
        "out_of_words": measure.out_of,
        "counted": council.numerator,
        "out_of": council.denominator,
        "figure": measure.format(council.value(measure.unit)),
        "when": "at the period's end" if how == "end" else "over the period",
        "teams": teams,
    }


def _benefit_by_kind(first: dt.date, last: dt.date) -> list[dict[str, Any]]:
    """Parents' (and children's) answers to "How much difference has the help made?" in the
    period, by the kind of help (the work's kind), with the share saying "a lot" or "a great
    deal"; a kind with fewer answers than the smallest cohort shows its counts but no share."""
    rows = (
        FamilyBenefit.objects.filter(given_on__gte=first, given_on__lte=last)
        .values("episode__kind")
        .annotate(answers=Count("pk"), good=Count("pk", filter=Q(score__in=FamilyBenefit.GOOD)))
        .order_by()
    )
    found = {row["episode__kind"]: row for row in rows}
    smallest = settings.JOURNEY_SMALLEST_COHORT
    lines = []
    for kind, label in EpisodeKind.choices:
        row = found.get(kind)
        if row is None:
            continue
        answers, good = row["answers"], row["good"]
        lines.append(
            {
                "kind": label,
                "answers": answers,
                "good": good,
                "share": f"{round(100 * good / answers)}%" if answers >= smallest else "",
            }
        )
    return lines


def report_content(first: Quarter, last: Quarter) -> dict[str, Any]:
    """Everything the report shows for the quarters from `first` to `last`."""
    quarters = between(first, last)
    starts, ends = first.starts_on, last.ends_on
    teams = list(Team.objects.select_related("service").order_by("service__name", "name"))
    names = {team.pk: team.name for team in teams}
    windows = _months(starts, ends)
    label = first.label if first == last else f"{starts:%B %Y} to {ends:%B %Y}"
    return {
        "council": settings.COUNCIL_NAME,
        "first": first.key,
        "last": last.key,
        "label": label,
        "period": f"{_day(starts)} to {_day(ends)}",
        "target": target(),
        "target_name": Rung(target()).label,
        "participation": _participation(quarters, teams),
        "activities": _activities(starts, ends),
        "you_said": _you_said(starts, ends),
        "measures": [_measure(k, h, how, windows, names) for k, h, how in MEASURES],
        "benefit_by_kind": _benefit_by_kind(starts, ends),
        "smallest_cohort": settings.JOURNEY_SMALLEST_COHORT,
    }


def latest_report(first: Quarter, last: Quarter) -> ImpactReport | None:
    return (
        ImpactReport.objects.filter(starts_on=first.starts_on, ends_on=last.ends_on)
        .order_by("-issued_at", "-pk")
        .first()
    )


def reports() -> QuerySet[ImpactReport]:
    return ImpactReport.objects.defer("pdf", "content")
