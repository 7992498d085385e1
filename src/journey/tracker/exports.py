"""The CAF tracker as a spreadsheet: the current view (filters and sort), every row, real dates."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from journey.core.spreadsheets import cell, row
from journey.tracker.rules import RULES, DriftParams, DriftRule
from journey.tracker.selectors import NOT_MEASURED, TrackerRow

DATE_FORMAT = "d mmm yyyy"
BASE_HEADERS = [
    "Child",
    "Local ID",
    "Team",
    "Lead professional",
    "Agency",
    "Opened",
    "Days open",
    "Last TAF",
    "Next TAF due",
    "Open actions",
    "Overdue actions",
    "Outcome measure",
    "Drift flags",
]
WIDTHS = [24, 12, 24, 24, 28, 12, 10, 12, 12, 10, 10, 14, 10]


#: What the outcome column says, on the page and in the workbook.
OUTCOME_COLUMN = (
    "Where the work's outcome measures stand: not measured, measured at start, reviewed (the "
    "date of the latest review measure), closing measure recorded, or review measure overdue "
    "(since the day after it was due: the tool's review interval after the last measure)."
)


def headers_for(rules: tuple[DriftRule, ...]) -> list[str]:
    return [*BASE_HEADERS, *(f"{rule.name} (since)" for rule in rules), "Evidence"]


HEADERS = headers_for(RULES)


def tracker_workbook(
    rows: list[TrackerRow],
    *,
    today: dt.date,
    described: str,
    params: DriftParams,
    rules: tuple[DriftRule, ...] = RULES,
) -> bytes:
    """The rows as a workbook, with a column for each drift rule the reader sees."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("CAF tracker")
    for n, width in enumerate([*WIDTHS, *([14] * len(rules)), 80]):
        sheet.column_dimensions[get_column_letter(n + 1)].width = width
    sheet.freeze_panes = "B2"

    sheet.append(row(sheet, headers_for(rules), bold=True))
    for tracked in rows:
        since = {flag.rule.code: flag.since for flag in tracked.flags}
        lead = f"{tracked.lead_first} {tracked.lead_last}".strip() if tracked.lead_worker_id else ""
        values = [
            tracked.child.full_name,
            tracked.child.local_id,
            tracked.team.name,
            lead or "None",
            tracked.lead_agency or "",
            tracked.started_on,
            tracked.days_open,
            tracked.taf_last_held,
            tracked.taf_next_due,
            tracked.open_actions,
            tracked.overdue_actions,
            tracked.outcome.text if tracked.outcome else NOT_MEASURED,
            len(tracked.flags),
            *(since.get(rule.code) for rule in rules),
            "; ".join(f"{f.rule.name}: {f.evidence}" for f in tracked.flags),
        ]
        sheet.append(row(sheet, values, date_format=DATE_FORMAT))

    about = workbook.create_sheet("About")
    about.column_dimensions["A"].width = 30
    about.column_dimensions["B"].width = 110
    about.append([cell(about, "CAF tracker", bold=True), cell(about, described)])
    about.append(
        [cell(about, "Taken on", bold=True), cell(about, today, number_format=DATE_FORMAT)]
    )
    about.append([cell(about, "Rows", bold=True), cell(about, len(rows))])
    about.append([])
    about.append(row(about, ["Drift rule", "When it is raised"], bold=True))
    for rule in rules:
        about.append(row(about, [rule.name, rule.describe(params)]))
    about.append([])
    about.append(row(about, ["Outcome measure", OUTCOME_COLUMN]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
