"""The CAF tracker as a spreadsheet: the current view (filters and sort), every row, real dates."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from journey.tracker.rules import RULES, DriftParams
from journey.tracker.selectors import NOT_MEASURED, TrackerRow

DATE_FORMAT = "d mmm yyyy"
HEADERS = [
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
    *(f"{rule.name} (since)" for rule in RULES),
    "Evidence",
]
WIDTHS = [24, 12, 24, 24, 28, 12, 10, 12, 12, 10, 10, 14, 10, *([14] * len(RULES)), 80]


def tracker_workbook(
    rows: list[TrackerRow], *, today: dt.date, described: str, params: DriftParams
) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("CAF tracker")
    for n, width in enumerate(WIDTHS):
        sheet.column_dimensions[get_column_letter(n + 1)].width = width
    sheet.freeze_panes = "B2"
    bold = Font(bold=True)

    def cell(value, *, header: bool = False):
        c = WriteOnlyCell(sheet, value=value)
        if header:
            c.font = bold
        elif isinstance(value, dt.date):
            c.number_format = DATE_FORMAT
        return c

    sheet.append([cell(h, header=True) for h in HEADERS])
    for row in rows:
        since = {flag.rule.code: flag.since for flag in row.flags}
        lead = f"{row.lead_first} {row.lead_last}".strip() if row.lead_worker_id else ""
        sheet.append(
            [
                cell(row.child.full_name),
                cell(row.child.local_id),
                cell(row.team.name),
                cell(lead or "None"),
                cell(row.lead_agency or ""),
                cell(row.started_on),
                cell(row.days_open),
                cell(row.taf_last_held),
                cell(row.taf_next_due),
                cell(row.open_actions),
                cell(row.overdue_actions),
                cell(NOT_MEASURED),
                cell(len(row.flags)),
                *(cell(since.get(rule.code)) for rule in RULES),
                cell("; ".join(f"{f.rule.name}: {f.evidence}" for f in row.flags)),
            ]
        )

    about = workbook.create_sheet("About")
    about.column_dimensions["A"].width = 30
    about.column_dimensions["B"].width = 110
    about.append([cell("CAF tracker", header=True), cell(described)])
    about.append([cell("Taken on", header=True), cell(today)])
    about.append([cell("Rows", header=True), cell(len(rows))])
    about.append([])
    about.append([cell("Drift rule", header=True), cell("When it is raised", header=True)])
    for rule in RULES:
        about.append([cell(rule.name), cell(rule.describe(params))])
    about.append([])
    about.append(
        [
            cell("Outcome measure"),
            cell("Outcome tools come in a later release: no work is measured yet."),
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
