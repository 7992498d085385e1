"""What a load run measured (locust's statistics: each page's requests, failures, p50 and p95,
and the throughput) and whether every write it made is in the database with its chronology
entry."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path
from typing import Any

from django.db.models import Model

from journey.cases.models import Contact
from journey.casework.models import ActionProgress, CaseNote, Visit
from journey.chronology.models import ChronologyEntry


def page_figures(stats_csv: Path) -> dict[str, Any]:
    """Per page (locust's request names) and overall: requests, failures, p50, p95 (ms) and
    requests per second, from locust's `…_stats.csv`."""
    pages: dict[str, dict[str, float | int]] = {}
    with stats_csv.open(newline="") as rows:
        for row in csv.DictReader(rows):
            pages[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50_ms": _number(row["50%"]),
                "p95_ms": _number(row["95%"]),
                "per_second": round(float(row["Requests/s"]), 2),
            }
    overall = pages.pop("Aggregated", {})
    return {"pages": pages, "overall": overall}


def failures(failures_csv: Path) -> list[dict[str, Any]]:
    if not failures_csv.exists():
        return []
    with failures_csv.open(newline="") as rows:
        return [
            {"page": row["Name"], "error": row["Error"], "times": int(row["Occurrences"])}
            for row in csv.DictReader(rows)
        ]


def _number(value: str) -> float | None:
    return None if value in ("", "N/A") else float(value)


#: Each kind of write: the record that holds the mark, and the records on the chronology.
KINDS = {"visit": (Visit, "observed"), "contact": (Contact, "summary")}
KINDS["action"] = (ActionProgress, "note")


def writes_found(run: str, writes_jsonl: Path) -> dict[str, Any]:
    """Every write the simulated users saw saved, looked for by its mark: is the record there,
    and its entry on the child's chronology?"""
    made = [json.loads(line) for line in writes_jsonl.read_text().splitlines() if line.strip()]
    found: Counter[str] = Counter()
    on_chronology: Counter[str] = Counter()
    missing: list[str] = []
    for kind, (model, field) in KINDS.items():
        marks = {write["mark"] for write in made if write["kind"] == kind}
        records = _marked(model, field, f"[load {run} ")
        for mark in marks:
            matching = [pk for pk, text in records if mark in text]
            if not matching:
                missing.append(mark)
                continue
            found[kind] += 1
            if _on_chronology(model, matching):
                on_chronology[kind] += 1
            else:
                missing.append(f"{mark} (no chronology entry)")
    return {
        "made": dict(Counter(write["kind"] for write in made)),
        "found": dict(found),
        "on_chronology": dict(on_chronology),
        "missing": sorted(missing),
    }


def _marked(model: type[Model], field: str, run_mark: str) -> list[tuple[int, str]]:
    rows = model._default_manager.filter(**{f"{field}__contains": run_mark})
    return list(rows.values_list("pk", field))


def _on_chronology(model: type[Model], pks: list[int]) -> bool:
    """Each record has its entry: a contact or a progress note is one entry, a visit is one
    entry for each child's part."""
    if model is Visit:
        parts = CaseNote.objects.filter(visit_id__in=pks).values_list("pk", flat=True)
        model, pks = CaseNote, list(parts)
    entries = ChronologyEntry.objects.filter(
        source_app=model._meta.app_label, source_model=model._meta.model_name, source_pk__in=pks
    )
    return bool(pks) and set(entries.values_list("source_pk", flat=True)) == set(pks)
