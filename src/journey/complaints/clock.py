"""The statutory clock of a children's social care complaint, in working days (England and
Wales bank holidays excluded): the Children Act 1989 Representations Procedure (England)
Regulations 2006 and "Getting the Best from Complaints" (DfES, 2006).

Plain arithmetic on dates, so it is tested on its own: each deadline is counted from the day
its stage starts (that day itself not counted), as core.working_days counts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from journey.core.working_days import add_months, add_working_days, working_days_between

#: Stage 1: a response within 10 working days, extendable once to 20 with a reason.
STAGE_1_DAYS, STAGE_1_MOST = 10, 20
#: Stage 2: the investigation's response within 25 working days, extendable to 65 with a reason.
STAGE_2_DAYS, STAGE_2_MOST = 25, 65
#: The complainant may ask for stage 2 within 20 working days of the stage 1 response, and for
#: stage 3 within 20 working days of the stage 2 response.
ASK_FOR_NEXT_STAGE_DAYS = 20
#: Stage 3: the review panel within 30 working days of the request, its report within 5 working
#: days of the panel, the council's response within 15 working days of the report.
PANEL_DAYS, PANEL_REPORT_DAYS, COUNCIL_RESPONSE_DAYS = 30, 5, 15
#: A complaint made more than a year after the matter arose is considered only if the council
#: decides to (with the reason).
LATE_AFTER_MONTHS = 12
#: A deadline this close (in working days) is flagged as at risk.
AT_RISK_WORKING_DAYS = 3


class Due(StrEnum):
    MET = "met"  # done on or before the deadline
    LATE = "late"  # done after the deadline
    MISSED = "missed"  # not done, and the deadline has passed
    AT_RISK = "at_risk"  # not done, and the deadline is close
    DUE = "due"  # not done, time in hand

    @property
    def label(self) -> str:
        return {
            "met": "Within timescale",
            "late": "Late",
            "missed": "Overdue",
            "at_risk": "Due soon",
            "due": "On time so far",
        }[self.value]


@dataclass(frozen=True)
class Deadline:
    what: str
    due_on: dt.date
    done_on: dt.date | None = None

    def state(self, today: dt.date) -> Due:
        if self.done_on is not None:
            return Due.MET if self.done_on <= self.due_on else Due.LATE
        if today > self.due_on:
            return Due.MISSED
        if working_days_between(today, self.due_on) <= AT_RISK_WORKING_DAYS:
            return Due.AT_RISK
        return Due.DUE

    def working_days_left(self, today: dt.date) -> int:
        """Working days from today to the deadline (negative once it has passed)."""
        if today <= self.due_on:
            return working_days_between(today, self.due_on)
        return -working_days_between(self.due_on, today)


def after(start: dt.date, working_days: int) -> dt.date:
    return add_working_days(start, working_days)


def stage_1_due(received_on: dt.date, extended: bool = False) -> dt.date:
    return after(received_on, STAGE_1_MOST if extended else STAGE_1_DAYS)


def stage_2_due(started_on: dt.date, extended_to_days: int | None = None) -> dt.date:
    return after(started_on, extended_to_days or STAGE_2_DAYS)


def may_ask_until(response_on: dt.date) -> dt.date:
    """The last day the complainant may ask for the next stage without a reason to accept it."""
    return after(response_on, ASK_FOR_NEXT_STAGE_DAYS)


def panel_due(requested_on: dt.date) -> dt.date:
    return after(requested_on, PANEL_DAYS)


def panel_report_due(panel_on: dt.date) -> dt.date:
    return after(panel_on, PANEL_REPORT_DAYS)


def council_response_due(report_on: dt.date) -> dt.date:
    return after(report_on, COUNCIL_RESPONSE_DAYS)


def is_late_complaint(matter_arose_on: dt.date | None, received_on: dt.date) -> bool:
    """Made more than a year after the matter arose: a calendar year, leap days and all."""
    if matter_arose_on is None:
        return False
    return received_on > add_months(matter_arose_on, LATE_AFTER_MONTHS)
