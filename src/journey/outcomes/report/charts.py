"""The outcomes report's charts, drawn from its stored figures, so an issued report's charts
always show the numbers in its tables. A figure not shown (too few children) is not charted; each
chart says in a sentence what it shows."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from journey.core.charts import BarChart, bar_chart

THIS, LAST = "this", "last"


def _years(content: dict[str, Any], rows: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """The years whose figures in these rows are all shown: (key, label)."""
    labels = ((THIS, content["label"]), (LAST, content["previous_label"]))
    return [
        (year, label) for year, label in labels if all(r[year]["share"] is not None for r in rows)
    ]


def _shares(content: dict[str, Any], rows: list[dict[str, Any]], of_what: str) -> BarChart | None:
    years = _years(content, rows)
    if not years:
        return None
    chart = bar_chart(
        [
            (r.get("short", r["label"]), [float(r[year]["share"]) for year, _ in years])
            for r in rows
        ],
        [label for _, label in years],
        most=100,
    )
    sentences = [
        f"In {label}, of the {rows[0][year]['out_of']} {of_what}: "
        + "; ".join(f"{r.get('short', r['label']).lower()} {r[year]['share']}%" for r in rows)
        + "."
        for year, label in years
    ]
    return replace(chart, description=" ".join(sentences))


def _scales(content: dict[str, Any]) -> BarChart | None:
    shown = [r for r in content["scales"] if r[THIS]["n"] and not r[THIS]["suppressed"]]
    if not shown:
        return None
    chart = bar_chart(
        [(r["scale"], [r[THIS]["first"], r[THIS]["latest"]]) for r in shown],
        ["First measure", "Latest measure"],
        most=max(r["highest"] for r in shown),
    )
    described = "; ".join(
        f"{r['scale']}, {r[THIS]['n']} pieces of work: {r[THIS]['first']} at the first measure, "
        f"{r[THIS]['latest']} at the latest ({r[THIS]['change']})"
        for r in shown
    )
    return replace(
        chart, description=f"The mean score on each scale, in {content['label']}: {described}."
    )


def _cohort(content: dict[str, Any], table: dict[str, Any]) -> BarChart | None:
    shown = [r for r in table["rows"] if not r["suppressed"] and r["improved"]["share"]]
    if not shown:
        return None
    chart = bar_chart(
        [(r["label"], [float(r["improved"]["share"])]) for r in shown],
        ["Improved (%)"],
        most=100,
    )
    described = "; ".join(f"{r['label']} {r['improved']['share']}%" for r in shown)
    return replace(
        chart,
        description=(
            f"The share of the work measured at its start and closure that improved, in "
            f"{content['label']}, {table['caption'].lower()}: {described}."
        ),
    )


def charts(content: dict[str, Any]) -> dict[str, Any]:
    headline = content["headline"]
    return {
        "use": _shares(content, headline["rows"][:3], "pieces of early help closed"),
        "directions": _shares(
            content, headline["directions"], "pieces of work measured at their start and closure"
        ),
        "scales": _scales(content),
        "cohorts": [
            {
                "table": table,
                "chart": _cohort(content, table),
                "key": f"cohort-{table['key']}",
                "title": "Work measured at its start and closure that improved, "
                f"{table['caption'].lower()} (%)",
            }
            for table in content["cohorts"]
        ],
    }
