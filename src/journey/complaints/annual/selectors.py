"""What the annual complaints report says about a year (1 April to 31 March), beside the year
before: volumes by stage, route in and complainant type, themes, response times against the
statutory timescales, outcomes by element, the Ombudsman, advocacy, compliments and comments,
and learning with what changed as a result.

Every figure is counted in the database, a few grouped queries for both years at once, whatever
the number of complaints. `report_content` returns plain words and numbers, so an issued report
is stored whole and shown years later exactly as issued. It reads no child's or complainant's
name: the report names neither.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce

from journey.complaints.models import (
    AnnualComplaintsReport,
    ComplainantType,
    Complaint,
    Compliment,
    Element,
    Finding,
    LearningAction,
    OmbudsmanEnquiry,
    Outcome,
    Procedure,
    Route,
    Stage,
)
from journey.core.reports import FinancialYear as Year

THIS, LAST = "this", "last"
STAGES = (1, 2, 3)
TIMING = (
    ("within", "Within the timescale"),
    ("extended", "Within an extension"),
    ("late", "Late"),
    ("overdue", "Overdue at the year's end"),
)


def _rows(query: QuerySet[Any, Any]) -> list[dict[str, Any]]:
    """A grouped query's rows as plain dictionaries."""
    return [dict(row) for row in query]


def _day(day: dt.date | None) -> str:
    return f"{day:%-d %B %Y}" if day else ""


def _in(field: str, year: Year) -> Q:
    return Q(**{f"{field}__gte": year.starts_on, f"{field}__lte": year.ends_on})


def _both(field: str, year: Year) -> Q:
    return Q(**{f"{field}__gte": year.before.starts_on, f"{field}__lte": year.ends_on})


def _pair(field: str, year: Year, extra: Q | None = None) -> dict[str, Count]:
    """Counts for this year and the year before, split on the date `field`."""
    this, last = _in(field, year), _in(field, year.before)
    if extra is not None:
        this, last = this & extra, last & extra
    return {THIS: Count("pk", filter=this), LAST: Count("pk", filter=last)}


def _table(
    key: str, caption: str, rows: Iterable[tuple[str, int, int]], **extra: Any
) -> dict[str, Any]:
    listed: list[dict[str, Any]] = [
        {"label": label, THIS: this, LAST: last} for label, this, last in rows
    ]
    total = {THIS: sum(r[THIS] for r in listed), LAST: sum(r[LAST] for r in listed)}
    return {"key": key, "caption": caption, "rows": listed, "total": total, **extra}


def _by_choice(
    rows: Iterable[Mapping[str, Any]], field: str, choices: Iterable[tuple[str, str]]
) -> list[tuple[str, int, int]]:
    """(label, this, last) for every choice in its order, zeros included."""
    sums: dict[str, list[int]] = {}
    for row in rows:
        pair = sums.setdefault(row[field], [0, 0])
        pair[0] += row[THIS]
        pair[1] += row[LAST]
    return [(label, *sums.get(value, [0, 0])) for value, label in choices]  # type: ignore[misc]


def _by_name(rows: Iterable[Mapping[str, Any]], field: str) -> list[tuple[str, int, int]]:
    """(name, this, last) for names counted in either year, most this year first."""
    sums: dict[str, list[int]] = {}
    for row in rows:
        pair = sums.setdefault(row[field] or "Not recorded", [0, 0])
        pair[0] += row[THIS]
        pair[1] += row[LAST]
    ordered = sorted(sums.items(), key=lambda item: (-item[1][0], -item[1][1], item[0]))
    return [(name, this, last) for name, (this, last) in ordered if this or last]


def _complaints(year: Year) -> dict[str, Any]:
    """Complaints and representations received: one grouped query for every breakdown."""
    rows = _rows(
        Complaint.objects.filter(_both("received_on", year))
        .values(
            "kind",
            "procedure",
            "route",
            "complainant_type",
            "team__name",
            "advocate_offered",
            "advocate_taken_up",
        )
        .annotate(**_pair("received_on", year))
        .order_by()
    )
    kinds = [
        ("complaint", Procedure.STATUTORY, "Statutory complaints"),
        ("complaint", Procedure.CORPORATE, "Corporate complaints"),
        ("representation", Procedure.STATUTORY, "Statutory representations"),
        ("representation", Procedure.CORPORATE, "Corporate representations"),
    ]
    received = [
        (
            label,
            sum(r[THIS] for r in rows if (r["kind"], r["procedure"]) == (kind, procedure)),
            sum(r[LAST] for r in rows if (r["kind"], r["procedure"]) == (kind, procedure)),
        )
        for kind, procedure, label in kinds
    ]
    advocacy = [
        ("All received", *_sum(rows)),
        ("An advocate was offered", *_sum(r for r in rows if r["advocate_offered"])),
        ("An advocate was taken up", *_sum(r for r in rows if r["advocate_taken_up"])),
        (
            "Made by a child",
            *_sum(r for r in rows if r["complainant_type"] == ComplainantType.CHILD),
        ),
    ]
    return {
        "received": _table("received", "Complaints and representations received", received),
        "routes": _table("routes", "How they came in", _by_choice(rows, "route", Route.choices)),
        "complainants": _table(
            "complainants",
            "Who made them",
            _by_choice(rows, "complainant_type", ComplainantType.choices),
        ),
        "teams": _table(
            "teams", "The team whose work they were about", _by_name(rows, "team__name")
        ),
        "advocacy": _table("advocacy", "Advocacy", advocacy, no_total=True),
    }


def _sum(rows: Iterable[Mapping[str, Any]]) -> tuple[int, int]:
    this = last = 0
    for row in rows:
        this += row[THIS]
        last += row[LAST]
    return this, last


def _stage_counts(year: Year) -> dict[int, dict[str, Any]]:
    """Each stage's starts and responses against its timescale, both years, in one query."""
    counts: dict[str, Count] = {}
    # Only statutory complaints are held to the statutory timescales; a stage 3 whose panel sat
    # or reported late is late however soon the council then answered.
    statutory = Q(complaint__procedure=Procedure.STATUTORY)
    kept_to = Q(panel_late=False)
    for which, y in ((THIS, year), (LAST, year.before)):
        responded = _in("responded_on", y) & statutory
        counts |= {
            f"started_{which}": Count("pk", filter=_in("started_on", y)),
            f"within_{which}": Count(
                "pk", filter=responded & kept_to & Q(responded_on__lte=F("due_on"))
            ),
            f"extended_{which}": Count(
                "pk",
                filter=responded
                & kept_to
                & Q(responded_on__gt=F("due_on"), responded_on__lte=F("extended_to")),
            ),
            f"late_{which}": Count(
                "pk",
                filter=responded & (Q(responded_on__gt=F("answer_by")) | Q(panel_late=True)),
            ),
            f"overdue_{which}": Count(
                "pk",
                filter=_in("answer_by", y)
                & statutory
                & (Q(responded_on__isnull=True) | Q(responded_on__gt=y.ends_on)),
            ),
        }
    rows = (
        Stage.objects.annotate(answer_by=Coalesce("extended_to", "due_on"))
        .filter(_both("started_on", year) | _both("responded_on", year) | _both("answer_by", year))
        .values("number")
        .annotate(**counts)
        .order_by()
    )
    return {row["number"]: row for row in _rows(rows)}


def _stages(year: Year) -> dict[str, Any]:
    counts = _stage_counts(year)
    ombudsman = OmbudsmanEnquiry.objects.filter(_both("received_on", year)).aggregate(
        **_pair("received_on", year)
    )
    started = [
        (
            f"Stage {n}",
            counts.get(n, {}).get(f"started_{THIS}", 0),
            counts.get(n, {}).get(f"started_{LAST}", 0),
        )
        for n in STAGES
    ]
    started.append(("Ombudsman enquiries", ombudsman[THIS], ombudsman[LAST]))
    timings = []
    for n in STAGES:
        row = counts.get(n, {})
        lines = [
            (label, row.get(f"{key}_{THIS}", 0), row.get(f"{key}_{LAST}", 0))
            for key, label in TIMING
        ]
        timings.append(
            _table(
                f"timing_{n}",
                f"Statutory complaints: stage {n} responses against the timescale",
                lines,
                stage=n,
                in_time={
                    THIS: _share([line[1] for line in lines]),
                    LAST: _share([line[2] for line in lines]),
                },
            )
        )
    return {
        "stages": _table("stages", "Complaints by the stages they reached", started, no_total=True),
        "timings": timings,
    }


def _share(counts: list[int]) -> str:
    """Responses within the timescale, extended included, out of all responses made or due
    (the counts in TIMING's order)."""
    in_time, out_of = counts[0] + counts[1], sum(counts)
    if not out_of:
        return "none due"
    return f"{in_time} of {out_of} ({round(100 * in_time / out_of)}%)"


def _outcomes(year: Year) -> list[dict[str, Any]]:
    """Each element's outcome at each stage answered in the year: one grouped query."""
    rows = _rows(
        Finding.objects.filter(_both("stage__responded_on", year))
        .values("stage__number", "outcome")
        .annotate(**_pair("stage__responded_on", year))
        .order_by()
    )
    return [
        _table(
            f"outcomes_{n}",
            f"Stage {n}: outcomes by element",
            _by_choice([r for r in rows if r["stage__number"] == n], "outcome", Outcome.choices),
            stage=n,
        )
        for n in STAGES
    ]


def _themes(year: Year) -> dict[str, Any]:
    rows = (
        Element.objects.filter(_both("complaint__received_on", year))
        .values("theme__name")
        .annotate(**_pair("complaint__received_on", year))
        .order_by()
    )
    return _table(
        "themes",
        "What the complaints were about: elements by theme",
        _by_name(_rows(rows), "theme__name"),
    )


def _ombudsman(year: Year) -> dict[str, Any]:
    rows = (
        OmbudsmanEnquiry.objects.filter(_both("decided_on", year))
        .values("decision")
        .annotate(**_pair("decided_on", year))
        .order_by()
    )
    return _table("ombudsman", "The Ombudsman's decisions", _by_name(_rows(rows), "decision"))


def _compliments(year: Year) -> dict[str, Any]:
    rows = _rows(
        Compliment.objects.filter(_both("received_on", year))
        .values("kind", "team__name", "theme__name")
        .annotate(**_pair("received_on", year))
        .order_by()
    )
    tables = {}
    for kind, plural in (
        (Compliment.Kind.COMPLIMENT, "Compliments"),
        (Compliment.Kind.COMMENT, "Comments"),
    ):
        mine = [r for r in rows if r["kind"] == kind]
        tables[f"{kind}_teams"] = _table(
            f"{kind}_teams", f"{plural} by team", _by_name(mine, "team__name")
        )
        tables[f"{kind}_themes"] = _table(
            f"{kind}_themes", f"{plural} by theme", _by_name(mine, "theme__name")
        )
    return tables


def _learning(year: Year) -> dict[str, Any]:
    """Learning actions agreed and done, and what changed: the actions done in the year with
    their evidence (as the officer wrote them: no name is read from any record)."""
    counts: dict[str, Count] = {}
    for which, y in ((THIS, year), (LAST, year.before)):
        counts |= {
            f"agreed_{which}": Count("pk", filter=_in("complaint__received_on", y)),
            f"done_{which}": Count("pk", filter=_in("done_on", y)),
            f"open_{which}": Count(
                "pk",
                filter=Q(due_on__lte=y.ends_on)
                & (Q(done_on__isnull=True) | Q(done_on__gt=y.ends_on))
                & Q(complaint__received_on__lte=y.ends_on)
                & (Q(recorded_on__isnull=True) | Q(recorded_on__lte=y.ends_on)),
            ),
            f"planned_{which}": Count(
                "pk", filter=_in("done_on", y) & Q(improvement_action__isnull=False)
            ),
        }
    totals = LearningAction.objects.aggregate(**counts)
    lines = [
        ("Actions agreed on complaints received in the year", "agreed"),
        ("Actions done, with evidence", "done"),
        ("Actions overdue at the year's end", "open"),
        ("Done actions that were part of an improvement plan", "planned"),
    ]
    changed = (
        LearningAction.objects.filter(_in("done_on", year))
        .exclude(evidence="")
        .order_by("done_on", "pk")
        .values("learning", "action", "evidence", "done_on", "complaint__team__name")
    )
    return {
        "counts": _table(
            "learning",
            "Learning actions",
            [(label, totals[f"{key}_{THIS}"], totals[f"{key}_{LAST}"]) for label, key in lines],
            no_total=True,
        ),
        "changed": [
            {
                "learning": row["learning"],
                "action": row["action"],
                "evidence": row["evidence"],
                "done_on": _day(row["done_on"]),
                "team": row["complaint__team__name"],
            }
            for row in changed
        ],
    }


def report_content(year: Year) -> dict[str, Any]:
    """Everything the report shows for the year and the year before, in about ten queries."""
    complaints = _complaints(year)
    stages = _stages(year)
    return {
        "council": settings.COUNCIL_NAME,
        "year": year.first,
        "label": year.label,
        "previous_label": year.before.label,
        "period": f"{_day(year.starts_on)} to {_day(year.ends_on)}",
        "complaints": complaints,
        "stages": stages["stages"],
        "timings": stages["timings"],
        "themes": _themes(year),
        "outcomes": _outcomes(year),
        "ombudsman": _ombudsman(year),
        "compliments": _compliments(year),
        "learning": _learning(year),
    }


def latest_report(year: int) -> AnnualComplaintsReport | None:
    return AnnualComplaintsReport.objects.filter(year=year).order_by("-issued_at", "-pk").first()


def reports() -> QuerySet[AnnualComplaintsReport]:
    return AnnualComplaintsReport.objects.defer("pdf", "content")
