"""What a report to scrutiny says about an improvement plan on a date, in the shape of the seed
report: purpose, background, findings by area, the action plan with RAG and progress, the
measures behind it with their trend, and what changed since the last report.

`report_content` returns plain words and numbers (dates already written out), so an issued
report can be stored whole and shown years later exactly as it was issued.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from journey.core import measures as registry
from journey.improvement.selectors import (
    Action,
    ActionRating,
    ImprovementPlan,
    actions_as_at,
    areas_of,
    last_full_month,
    months_to,
    rate_actions,
    stored_series,
)
from journey.reporting.models import ScrutinyReport

RISKS = ("Time", "Viability", "Finance", "Profile", "Equality and diversity")
IMPACTS = {"L": "Low", "M": "Medium", "H": "High"}
PROGRESS_SHOWN = 2


def _day(day: dt.date | None) -> str:
    return f"{day:%-d %B %Y}" if day else ""


def _moment(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment)


def _withdrawn(action: Action, as_at: dt.date) -> bool:
    return action.withdrawn_at is not None and _moment(action.withdrawn_at) <= as_at


def _action(action: Action, rating: ActionRating | None, as_at: dt.date) -> dict[str, Any]:
    updates = [u for u in action.updates.all() if u.recorded_on <= as_at][:PROGRESS_SHOWN]
    row: dict[str, Any] = {
        "id": action.pk,
        "ref": f"{action.area.number}.{action.number}",
        "action": action.action,
        "lead": str(action.lead),
        "responsible_officer": str(action.responsible_officer),
        "evidence": action.evidence,
        "timescale": _day(action.due_on)
        + (f" ({action.timescale_note})" if action.timescale_note else ""),
        "linked_plans": action.linked_plans,
        "progress": [
            {"on": _day(u.recorded_on), "note": u.note, "by": u.recorded_by_name} for u in updates
        ],
    }
    if rating is not None:
        row |= {
            "rag": rating.rag,
            "rag_label": rating.label,
            "how": rating.how,
            "reason": rating.reason,
            "figures_say": rating.computed.label if rating.computed else "",
        }
    else:
        row |= {
            "withdrawn_on": _day(_moment(action.withdrawn_at)) if action.withdrawn_at else "",
            "withdrawn_reason": action.withdrawn_reason,
        }
    return row


def _areas(plan: ImprovementPlan, actions: list[Action], as_at: dt.date) -> tuple[list, dict]:
    current = [a for a in actions if not _withdrawn(a, as_at)]
    ratings = rate_actions(current, as_at)
    counts = {"achieved": 0, "on_task": 0, "at_risk": 0, "unrated": 0}
    areas = []
    for area in areas_of(plan):
        mine = [a for a in actions if a.area_id == area.pk]
        area_counts = dict.fromkeys(counts, 0)
        rows = []
        for action in mine:
            if _withdrawn(action, as_at):
                continue
            rating = ratings[action.pk]
            area_counts[rating.rag or "unrated"] += 1
            counts[rating.rag or "unrated"] += 1
            rows.append(_action(action, rating, as_at))
        areas.append(
            {
                "number": area.number,
                "title": area.title,
                "finding": area.finding,
                "recommendation": area.recommendation,
                "counts": area_counts,
                "actions": rows,
                "withdrawn": [_action(a, None, as_at) for a in mine if _withdrawn(a, as_at)],
            }
        )
    return areas, counts


def _measures(actions: list[Action], as_at: dt.date) -> list[dict[str, Any]]:
    """Each measure an action is tied to, for its team or the council: 12 full months."""
    tied = {(a.measure, a.measure_team_id): a for a in actions if a.is_measured}
    months = months_to(last_full_month(as_at))
    series = stored_series({key for key, _ in tied}, months, {t for _, t in tied if t})
    rows = []
    for (key, team), action in sorted(tied.items(), key=lambda item: (item[0][0], item[0][1] or 0)):
        measure = registry.get(key)
        if measure is None:
            continue
        tallies = series.get((key, team), {})
        figures = [
            {
                "month": f"{m:%b %Y}",
                "text": measure.format(tallies[m].value(measure.unit))
                if m in tallies
                else "not counted",
            }
            for m in months
        ]
        rows.append(
            {
                "key": key,
                "title": measure.title,
                "definition": measure.definition,
                "where": str(action.measure_team) if action.measure_team_id else "Whole council",
                "better": "Higher is better" if measure.better == "higher" else "Lower is better",
                "target": measure.format(action.target) if action.target is not None else "",
                "target_by": _day(action.target_by),
                "figures": figures,
                "last": figures[-1]["text"],
                "year_ago": figures[0]["text"],
            }
        )
    return rows


def _changes(areas: list, measures: list, previous: ScrutinyReport | None) -> dict[str, Any]:
    if previous is None:
        return {"previous": None}
    was = {row["id"]: row for area in previous.content["areas"] for row in area["actions"]}
    now = {row["id"]: row for area in areas for row in area["actions"]}
    was_measures = {(m["key"], m["where"]): m for m in previous.content["measures"]}
    gone = {row["id"]: row for area in areas for row in area["withdrawn"] if row["id"] in was}
    return {
        "previous": {
            "number": previous.number,
            "as_at": previous.content["as_at"],
            "meeting_on": _day(previous.meeting_on),
        },
        "ratings": [
            {
                "ref": row["ref"],
                "action": row["action"],
                "was": was[i]["rag_label"],
                "now": row["rag_label"],
            }
            for i, row in now.items()
            if i in was and was[i]["rag"] != row["rag"]
        ],
        "new_actions": [
            {"ref": row["ref"], "action": row["action"]} for i, row in now.items() if i not in was
        ],
        "withdrawn": [
            {"ref": row["ref"], "action": row["action"], "reason": row["withdrawn_reason"]}
            for row in gone.values()
        ],
        "measures": [
            {
                "title": m["title"],
                "where": m["where"],
                "was": was_measures[(m["key"], m["where"])]["last"],
                "now": m["last"],
            }
            for m in measures
            if (m["key"], m["where"]) in was_measures
        ],
    }


def latest_report(plan: ImprovementPlan) -> ScrutinyReport | None:
    return ScrutinyReport.objects.filter(plan=plan).order_by("-issued_at", "-pk").first()


def report_content(
    plan: ImprovementPlan, as_at: dt.date, previous: ScrutinyReport | None
) -> dict[str, Any]:
    actions = actions_as_at(plan, as_at)
    areas, counts = _areas(plan, actions, as_at)
    measures = _measures([a for a in actions if not _withdrawn(a, as_at)], as_at)
    return {
        "council": settings.COUNCIL_NAME,
        "as_at": _day(as_at),
        "plan": {
            "title": plan.title,
            "source": plan.get_source_display(),
            "owner": str(plan.owner),
            "owner_title": plan.owner.job_title or plan.owner.get_role_display(),
            "runs": f"{_day(plan.starts_on)} to {_day(plan.ends_on)}",
            "purpose": plan.purpose,
            "background": plan.background,
        },
        "areas": areas,
        "counts": counts,
        "measures": measures,
        "changes": _changes(areas, measures, previous),
    }


def reports() -> QuerySet[ScrutinyReport]:
    return ScrutinyReport.objects.select_related("plan").defer("pdf", "content")
