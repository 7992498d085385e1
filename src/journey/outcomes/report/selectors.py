"""What the outcomes report says about a year (1 April to 31 March), beside the year before: how
much of the early help closed was measured at its start, at a review and at its closure ("use"),
how much of the work measured at both ends improved, stayed the same or got worse, the distance
travelled on each scale, the same by team, kind of work and closure reason, and the work closed
without a closing measure; each figure against the council's target where a running improvement
plan action tracks its measure.

The figures are those of the outcomes measures (journey.outcomes.measures: the same work, the
same conditions on each piece of work's EpisodeOutcome), counted over the year; the scales read
the scores of the work closed in the two years, reduced by journey.outcomes.distance. A fixed
number of queries whatever the number of children. Any figure about fewer than the smallest
cohort is not shown, and its numbers are not kept: `report_content` returns plain words and
numbers, so an issued report is stored whole and shown later exactly as issued. It names no
child.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from journey.cases.models import ALL_CLOSURE_REASONS, Episode, EpisodeKind
from journey.core import measures as registry
from journey.core.measures import Better, Tally, Unit
from journey.core.reports import FinancialYear as Year
from journey.improvement.selectors import RunningTarget, running_targets
from journey.outcomes import measures
from journey.outcomes.distance import Scored, ends
from journey.outcomes.models import Point, Score, ToolKind, ToolVersion
from journey.outcomes.report.models import OutcomesReport
from journey.outcomes.selectors import SMALLEST_COHORT

THIS, LAST = "this", "last"
#: The figures compared with a target: (measure, the figure's words, what it counts, out of).
HEADLINE = (
    (measures.USE.key, "Measured at the start (use)", measures.MEASURED, None),
    (measures.REVIEW.key, "Measured at a review", measures.REVIEWED, None),
    (measures.CLOSING_MEASURE.key, "Measured at closure", measures.CLOSING, None),
    (
        measures.IMPROVED_MEASURE.key,
        "Improved, of the work measured at its start and closure",
        measures.IMPROVED,
        measures.MEASURED_BOTH_ENDS,
    ),
)
#: The figures' words where there is less room (a chart's rows).
SHORT = {
    measures.USE.key: "At the start (use)",
    measures.REVIEW.key: "At a review",
    measures.CLOSING_MEASURE.key: "At closure",
    measures.IMPROVED_MEASURE.key: "Improved",
}
DIRECTIONS = (
    ("improved", "Improved", measures.IMPROVED),
    ("same", "Stayed the same", measures.SAME),
    ("worse", "Got worse", measures.WORSE),
)
#: The cohorts: (key, caption, the column grouped on, its name column).
COHORTS = (
    ("team", "By team", "team_id", "team__name"),
    ("kind", "By kind of work", "kind", "kind"),
    ("reason", "By closure reason", "closure_reason", "closure_reason"),
)
GOALS = "goals"


def _day(day: dt.date) -> str:
    return f"{day:%-d %B %Y}"


def _in(year: Year) -> Q:
    return Q(ended_on__gte=year.starts_on, ended_on__lte=year.ends_on)


def closed_in(years: Iterable[Year]) -> QuerySet[Episode]:
    """The early help the outcomes measures count, closed in any of the years."""
    spans = [_in(year) for year in years]
    either = spans[0]
    for span in spans[1:]:
        either |= span
    return Episode.objects.filter(either, kind__in=measures.KINDS)


# --- a figure, shown or not -----------------------------------------------------------------


def figure(count: int, out_of: int, least: int) -> dict[str, Any]:
    """A share to one decimal place, as the measures give it; about fewer than `least` pieces of
    work it is not shown and its numbers are not kept."""
    if not out_of:
        return {"count": 0, "out_of": 0, "share": None, "suppressed": False}
    if out_of < least:
        return {"count": None, "out_of": None, "share": None, "suppressed": True}
    share = Tally(count, out_of).value(Unit.PERCENT)
    return {"count": count, "out_of": out_of, "share": str(share), "suppressed": False}


def _target_words(target: RunningTarget | None) -> dict[str, Any] | None:
    if target is None:
        return None
    return {
        "value": str(target.target),
        "by": _day(target.target_by),
        "source": f"{target.plan}, action {target.action}",
        "team": target.team_id is not None,
    }


def against(shown: Mapping[str, Any], target: dict[str, Any] | None, better: Better) -> str:
    """How a figure stands against its target, in words."""
    if target is None:
        return "No target set"
    if shown["suppressed"]:
        return "Too few to compare"
    if shown["share"] is None:
        return "None to compare"
    value, goal = Decimal(shown["share"]), Decimal(target["value"])
    met = value >= goal if better == Better.HIGHER else value <= goal
    return "Met" if met else "Below the target" if better == Better.HIGHER else "Above the target"


# --- the year beside the year before --------------------------------------------------------


def _counts(span: Q, suffix: str) -> dict[str, Count]:
    counts = {
        f"closed_{suffix}": Count("pk", filter=span),
        f"both_{suffix}": Count("pk", filter=span & measures.MEASURED_BOTH_ENDS),
        f"unmeasured_{suffix}": Count("pk", filter=span & measures.NO_CLOSING),
    }
    for key, _label, counted, among in HEADLINE:
        condition = span & counted & (among if among is not None else Q())
        counts[f"{key}_{suffix}"] = Count("pk", filter=condition)
    for key, _label, counted in DIRECTIONS:
        counts[f"{key}_{suffix}"] = Count("pk", filter=span & counted & measures.MEASURED_BOTH_ENDS)
    return counts


def _headline(
    year: Year, targets: Mapping[tuple[str, int | None], RunningTarget], least: int
) -> dict[str, Any]:
    """Both years' figures: one query."""
    totals = closed_in([year, year.before]).aggregate(
        **_counts(_in(year), THIS), **_counts(_in(year.before), LAST)
    )

    def out_of(among: Q | None, suffix: str) -> int:
        return int(totals[f"{'both' if among is not None else 'closed'}_{suffix}"])

    rows = []
    for key, label, _counted, among in HEADLINE:
        measure = registry.get(key)
        assert measure is not None  # registered by the app
        target = _target_words(targets.get((key, None)))
        this = figure(totals[f"{key}_{THIS}"], out_of(among, THIS), least)
        rows.append(
            {
                "key": key,
                "label": label,
                "short": SHORT[key],
                "title": measure.title,
                "definition": measure.definition,
                THIS: this,
                LAST: figure(totals[f"{key}_{LAST}"], out_of(among, LAST), least),
                "target": target,
                "against": against(this, target, measure.better),
            }
        )
    directions = [
        {
            "key": key,
            "label": label,
            THIS: figure(totals[f"{key}_{THIS}"], totals[f"both_{THIS}"], least),
            LAST: figure(totals[f"{key}_{LAST}"], totals[f"both_{LAST}"], least),
        }
        for key, label, _counted in DIRECTIONS
    ]
    return {
        "closed": {suffix: _count(totals[f"closed_{suffix}"], least) for suffix in (THIS, LAST)},
        "both": {suffix: _count(totals[f"both_{suffix}"], least) for suffix in (THIS, LAST)},
        "rows": rows,
        "directions": directions,
        "unmeasured": {
            suffix: _count(totals[f"unmeasured_{suffix}"], least, cohort=totals[f"closed_{suffix}"])
            for suffix in (THIS, LAST)
        },
    }


def _count(count: int, least: int, cohort: int | None = None) -> int | None:
    """A count of pieces of work, or None when the work it is of is too little to show."""
    about = count if cohort is None else cohort
    return None if 0 < about < least else count


# --- cohorts --------------------------------------------------------------------------------


def _cohort_label(group: str, value: Any, name: Any) -> str:
    if group == "kind":
        return EpisodeKind(value).label
    if group == "reason":
        return dict(ALL_CLOSURE_REASONS).get(value, "Not recorded") if value else "Not recorded"
    return str(name)


def _cohort_counts() -> dict[str, Count]:
    counts = {
        "closed": Count("pk"),
        "measured": Count("pk", filter=measures.MEASURED),
        "closing": Count("pk", filter=measures.CLOSING),
        "both": Count("pk", filter=measures.MEASURED_BOTH_ENDS),
    }
    for key, _label, counted in DIRECTIONS:
        counts[key] = Count("pk", filter=counted & measures.MEASURED_BOTH_ENDS)
    return counts


def _cohort_row(
    label: str, row: Mapping[str, Any], least: int, targets: Mapping[str, Any]
) -> dict[str, Any]:
    """One cohort's figures; a cohort of fewer than `least` pieces of work shows none."""
    if row["closed"] < least:
        return {"label": label, "suppressed": True}
    shown: dict[str, Any] = {
        "label": label,
        "suppressed": False,
        "closed": row["closed"],
        "use": figure(row["measured"], row["closed"], least),
        "closing": figure(row["closing"], row["closed"], least),
        "both": row["both"],
    }
    for key, _label, _counted in DIRECTIONS:
        shown[key] = figure(row[key], row["both"], least)
    for key in ("use", "improved"):
        target = targets.get(key)
        shown[f"{key}_target"] = target
        shown[f"{key}_against"] = against(shown[key], target, Better.HIGHER) if target else ""
    return shown


def _cohorts(
    year: Year, targets: Mapping[tuple[str, int | None], RunningTarget], least: int
) -> list[dict[str, Any]]:
    """The year's figures by team, kind of work and closure reason: one query each. A team's
    own target counts for its row where one is set, the council's elsewhere."""
    work = closed_in([year])
    council = {
        "use": _target_words(targets.get((measures.USE.key, None))),
        "improved": _target_words(targets.get((measures.IMPROVED_MEASURE.key, None))),
    }
    tables = []
    for group, caption, column, name in COHORTS:
        grouped = work.values(column, name).annotate(**_cohort_counts()).order_by(name, column)
        rows = []
        for row in grouped:
            own = council
            if group == "team":
                own = {
                    "use": _target_words(targets.get((measures.USE.key, row[column])))
                    or council["use"],
                    "improved": _target_words(
                        targets.get((measures.IMPROVED_MEASURE.key, row[column]))
                    )
                    or council["improved"],
                }
            label = _cohort_label(group, row[column], row[name])
            rows.append(_cohort_row(label, row, least, own))
        rows.sort(key=lambda r: r["label"])
        tables.append({"key": group, "caption": caption, "rows": rows})
    return tables


# --- distance travelled on each scale -------------------------------------------------------


def _mean(values: list[float]) -> Decimal:
    return (Decimal(sum(values)) / Decimal(len(values))).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def _scale_figures(pairs: list[tuple[float, float]], least: int) -> dict[str, Any]:
    """The pieces of work measured twice on a scale: their mean first and latest scores."""
    n = len(pairs)
    if not n:
        return {"n": 0, "suppressed": False, "first": None, "latest": None, "change": None}
    if n < least:
        return {"n": None, "suppressed": True, "first": None, "latest": None, "change": None}
    first, latest = _mean([p[0] for p in pairs]), _mean([p[1] for p in pairs])
    change = _mean([p[1] - p[0] for p in pairs])
    return {
        "n": n,
        "suppressed": False,
        "first": float(first),
        "latest": float(latest),
        "change": f"{change:+}" if change else "0.0",
    }


def _work_scores(year: Year) -> dict[tuple[int, int], dict[str, Any]]:
    """(piece of work, tool) -> its year, whether the tool is a goals tool, and its measures'
    scores: one query over the scores of the work closed in the two years."""
    scores = Score.objects.filter(measurement__episode__in=closed_in([year, year.before]))
    found: dict[tuple[int, int], dict[str, Any]] = {}
    for episode, ended_on, tool, kind, measurement, point, on, at, key, value in scores.values_list(
        "measurement__episode_id",
        "measurement__episode__ended_on",
        "measurement__version__tool_id",
        "measurement__version__kind",
        "measurement_id",
        "measurement__point",
        "measurement__measured_on",
        "measurement__recorded_at",
        "key",
        "value",
    ):
        work = found.setdefault(
            (episode, tool),
            {
                "year": THIS if ended_on and ended_on >= year.starts_on else LAST,
                "goals": kind == ToolKind.GOALS,
                "closing": False,
                "measures": {},
            },
        )
        work["closing"] = work["closing"] or point == Point.CLOSURE
        work["measures"].setdefault(measurement, (on, at, {}))[2][key] = value
    return found


@dataclass(frozen=True)
class ToolScales:
    """A tool's name and highest score, and its scales' names and order, in its latest version
    that has scales."""

    name: str
    highest: int
    scales: dict[str, tuple[str, int]]  # key -> (name, order)


def _tools(tools: Iterable[int]) -> dict[int, ToolScales]:
    """One query: every version of the tools, in order, so the latest's words count."""
    found: dict[int, ToolScales] = {}
    versions = (
        ToolVersion.objects.filter(tool_id__in=list(tools))
        .select_related("tool")
        .prefetch_related("scales")
        .order_by("number")
    )
    for version in versions:
        scales = {s.key: (s.name, s.order) for s in version.scales.all()}
        before = found.get(version.tool_id)
        found[version.tool_id] = ToolScales(
            version.tool.name,
            version.highest,
            (before.scales if before else {}) | scales,
        )
    return found


def _scales(year: Year, least: int) -> list[dict[str, Any]]:
    """Each scale's distance travelled in each year: the work measured at its start and its
    closure with the tool, with its mean first and latest score on the scale. A goals tool's
    goals (the family's own, different for each family) are taken together: each piece of
    work's goals averaged."""
    pairs: dict[tuple[int, str], dict[str, list[tuple[float, float]]]] = defaultdict(
        lambda: {THIS: [], LAST: []}
    )
    found = _work_scores(year)
    for (_episode, tool), work in found.items():
        if not work["closing"]:
            continue
        scored = [Scored(on, at, pk, values) for pk, (on, at, values) in work["measures"].items()]
        measured = ends(scored)
        if work["goals"] and measured:
            firsts = [first for first, _ in measured.values()]
            latests = [latest for _, latest in measured.values()]
            pairs[(tool, GOALS)][work["year"]].append(
                (sum(firsts) / len(firsts), sum(latests) / len(latests))
            )
            continue
        for key, (first, latest) in measured.items():
            pairs[(tool, key)][work["year"]].append((first, latest))
    tools = _tools({tool for (_e, tool) in found})
    rows = []
    for (tool, key), by_year in pairs.items():
        name, order = tools[tool].scales.get(key, ("Goals the family named", 0))
        rows.append(
            {
                "tool": tools[tool].name,
                "highest": tools[tool].highest,
                "scale": name,
                "order": order,
                THIS: _scale_figures(by_year[THIS], least),
                LAST: _scale_figures(by_year[LAST], least),
            }
        )
    return sorted(rows, key=lambda r: (r["tool"], r["order"], r["scale"]))


# --- the report -----------------------------------------------------------------------------


def report_content(year: Year, today: dt.date | None = None) -> dict[str, Any]:
    """Everything the report shows for `year` beside the year before, with the targets of the
    plans running `today`: eight queries."""
    today = today or timezone.localdate()
    least = SMALLEST_COHORT
    keys = [key for key, *_rest in HEADLINE]
    targets = running_targets(keys, today)
    scales = _scales(year, least)
    return {
        "council": settings.COUNCIL_NAME,
        "year": year.first,
        "label": year.label,
        "previous_label": year.before.label,
        "period": f"{_day(year.starts_on)} to {_day(year.ends_on)}",
        "targets_on": _day(today),
        "smallest": least,
        "headline": _headline(year, targets, least),
        "cohorts": _cohorts(year, targets, least),
        "scales": scales,
        "tools": len({row["tool"] for row in scales}),
    }


def latest_report(year: int) -> OutcomesReport | None:
    return OutcomesReport.objects.filter(year=year).order_by("-issued_at", "-pk").first()


def reports() -> QuerySet[OutcomesReport]:
    return OutcomesReport.objects.defer("pdf", "content")
