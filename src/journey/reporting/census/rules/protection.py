"""Rules on section 47 enquiries, initial conferences, child protection plans and their
reviews."""

from __future__ import annotations

import datetime as dt

from journey.core import codes
from journey.reporting.census.records import CensusChild, CinDetails, Section47Record
from journey.reporting.census.rules.base import (
    Context,
    before,
    cp_plans_of,
    episode_rule,
    working_days_before,
)

SATURDAY = 5


def _weekend(day: dt.date | None) -> bool:
    return day is not None and day.weekday() >= SATURDAY


def _awaiting_conference(s: Section47Record) -> bool:
    """No conference held, and none found unnecessary: the enquiry is still open."""
    return s.icpc_date is None and not s.icpc_not_required


# --- section 47 enquiries and initial conferences ----------------------------------------------


@episode_rule("2889", "The S47 start date cannot be before the referral date.")
def section47_before_referral(e: CinDetails, *_: object) -> bool:
    return any(before(s.start, e.referral_date) for s in e.section47s)


@episode_rule(
    "1104",
    "The date of the initial child protection conference cannot be before the referral date",
)
def conference_before_referral(e: CinDetails, *_: object) -> bool:
    return any(before(s.icpc_date, e.referral_date) for s in e.section47s)


@episode_rule(
    "2884",
    "An initial child protection conference is recorded at both the S47 and CIN Details level "
    "and it should only be recorded in one",
)
def conference_recorded_twice(e: CinDetails, *_: object) -> bool:
    return e.initial_cpc_date is not None and any(
        s.icpc_date == e.initial_cpc_date for s in e.section47s
    )


@episode_rule(
    "2991Q",
    "Please check and either amend data or provide a reason: A Section 47 module is recorded "
    "and there is no assessment on the episode",
    query=True,
)
def section47_without_assessment(e: CinDetails, *_: object) -> bool:
    return bool(e.section47s) and not e.assessments


@episode_rule(
    "8615",
    "Section 47 Enquiry Start Date must be present and cannot be later than the date of the "
    "initial Child Protection Conference",
)
def conference_before_section47(e: CinDetails, *_: object) -> bool:
    return any(
        s.icpc_date is not None and (s.start is None or s.start > s.icpc_date) for s in e.section47s
    )


@episode_rule(
    "8675Q",
    "Please check and either amend data or provide a reason: S47 Enquiry started more than 15 "
    "working days before the end of the census year. However, there is no date of Initial "
    "Child Protection Conference.",
    query=True,
)
def section47_long_open(e: CinDetails, _c: CensusChild, context: Context) -> bool:
    limit = working_days_before(context.as_at, 15)  # as the DfE words it; see 8670Q
    return any(_awaiting_conference(s) and before(s.start, limit) for s in e.section47s)


@episode_rule(
    "8715", "Date of Initial Child Protection Conference must fall within the census year"
)
def conference_outside_year(e: CinDetails, _c: CensusChild, context: Context) -> bool:
    return any(
        s.icpc_date is not None and not context.collection.within(s.icpc_date) for s in e.section47s
    )


@episode_rule(
    "8740",
    "For a Section 47 Enquiry that has not held the Initial Child Protection Conference by the "
    "end of the census year, the start date must fall within the census year",
)
def open_section47_started_outside_year(e: CinDetails, _c: CensusChild, context: Context) -> bool:
    return any(
        _awaiting_conference(s) and not context.collection.within(s.start) for s in e.section47s
    )


@episode_rule("8839", "Within one CINDetails group there are 2 or more open S47 Assessments")
def two_open_section47s(e: CinDetails, *_: object) -> bool:
    return sum(1 for s in e.section47s if _awaiting_conference(s)) > 1


@episode_rule(
    "8870Q",
    "Please check and either amend or provide a reason: The Target Date for Initial Child "
    "Protection Conference should not be a weekend",
    query=True,
)
def conference_target_at_weekend(e: CinDetails, *_: object) -> bool:
    return any(_weekend(s.icpc_target) for s in e.section47s)


@episode_rule("8875", "The Date of Initial Child Protection Conference cannot be a weekend")
def conference_at_weekend(e: CinDetails, *_: object) -> bool:
    return any(_weekend(s.icpc_date) for s in e.section47s)


@episode_rule(
    "8890",
    "A Section 47 enquiry is shown as starting when there is another Section 47 Enquiry ongoing",
)
def section47s_overlap(e: CinDetails, _c: CensusChild, context: Context) -> bool:
    reference = context.reference_date

    def during(a: Section47Record, b: Section47Record) -> bool:
        if a.start == b.start and a.icpc_date == b.icpc_date:
            return False  # the same enquiry (or an exact duplicate)
        if a.start < b.start:
            return False
        if b.icpc_date is not None:
            return a.start <= b.icpc_date
        return not b.icpc_not_required and a.start <= reference

    return any(during(a, b) for a in e.section47s for b in e.section47s)


# --- child protection plans ---------------------------------------------------------------------


@episode_rule("1105", "The child protection plan start date cannot be before the referral date")
def cp_plan_before_referral(e: CinDetails, *_: object) -> bool:
    return any(before(p.start, e.referral_date) for p in e.cp_plans)


@episode_rule(
    "2885",
    "Child protection plan shown as starting a different day to the initial child protection "
    "conference.",
)
def cp_plan_not_on_conference_day(e: CinDetails, _c: CensusChild, context: Context) -> bool:
    if e.section47s:
        conferences = {s.icpc_date for s in e.section47s if s.icpc_date}
    else:
        conferences = {e.initial_cpc_date} if e.initial_cpc_date else set()
    return any(
        context.collection.within(p.start) and p.start not in conferences for p in e.cp_plans
    )


@episode_rule("8720", "Child Protection Plan Start Date missing or out of data collection period")
def cp_plan_start_missing(e: CinDetails, _c: CensusChild, context: Context) -> bool:
    return any(p.start is None or p.start > context.reference_date for p in e.cp_plans)


@episode_rule("8730", "Total Number of previous Child Protection Plans missing")
def previous_plans_missing(e: CinDetails, *_: object) -> bool:
    return any(p.previous_plans is None or p.previous_plans < 0 for p in e.cp_plans)


@episode_rule("8832", "Child Protection details provided for a referral with no further action.")
def cp_plan_after_nfa(e: CinDetails, *_: object) -> bool:
    return e.referral_nfa and bool(e.cp_plans)


@episode_rule("8840", "Child Protection Plan cannot start and end on the same day")
def cp_plan_same_day(e: CinDetails, *_: object) -> bool:
    return any(p.end is not None and p.end == p.start for p in e.cp_plans)


@episode_rule(
    "8841",
    "The review date cannot be on the same day or before the Child protection Plan start date.",
)
def review_not_after_cp_start(e: CinDetails, *_: object) -> bool:
    return any(day is not None and day <= p.start for p in e.cp_plans for day in p.reviews)


@episode_rule(
    "8842Q",
    "Please check and either amend or provide a reason: Review Record has a missing date",
    query=True,
)
def review_without_date(e: CinDetails, *_: object) -> bool:
    return any(day is None for p in e.cp_plans for day in p.reviews)


@episode_rule(
    "8905",
    "Initial Category of Abuse code missing or invalid (see Category of Abuse table in CIN "
    "Census code set)",
)
def initial_category_invalid(e: CinDetails, *_: object) -> bool:
    return any(p.initial_category not in codes.CategoryOfAbuse.values for p in e.cp_plans)


@episode_rule(
    "8910",
    "Latest Category of Abuse code missing or invalid (see Category of Abuse table in CIN "
    "Census code set)",
)
def latest_category_invalid(e: CinDetails, *_: object) -> bool:
    return any(p.latest_category not in codes.CategoryOfAbuse.values for p in e.cp_plans)


@episode_rule(
    "8915", "Child Protection Plan shown as starting after the child\u2019s Date of Death"
)
def cp_plan_starts_after_death(e: CinDetails, child: CensusChild, _: Context) -> bool:
    return any(before(child.death_date, p.start) for p in e.cp_plans)


@episode_rule("8920", "Child Protection Plan cannot end after the child\u2019s Date of Death")
def cp_plan_ends_after_death(e: CinDetails, child: CensusChild, _: Context) -> bool:
    return any(before(child.death_date, p.end) for p in e.cp_plans)


@episode_rule("8925", "Child Protection Plan End Date earlier than Start Date")
def cp_plan_ends_before_start(e: CinDetails, *_: object) -> bool:
    return any(before(p.end, p.start) for p in e.cp_plans)


@episode_rule("8930", "Child Protection Plan End Date must fall within the census year")
def cp_plan_end_outside_year(e: CinDetails, _c: CensusChild, context: Context) -> bool:
    return any(p.end is not None and not context.collection.within(p.end) for p in e.cp_plans)


@episode_rule(
    "8935", "This child is showing more than one open Child Protection plan, i.e. with no End Date"
)
def two_open_cp_plans(e: CinDetails, child: CensusChild, _: Context) -> bool:
    return any(p.end is None for p in e.cp_plans) and (
        sum(1 for p in cp_plans_of(child) if p.end is None) > 1
    )


@episode_rule("8940", "Child Protection Plan data contains overlapping dates")
def cp_plans_overlap(e: CinDetails, child: CensusChild, context: Context) -> bool:
    reference = context.reference_date
    others = list(cp_plans_of(child))
    return any(
        b is not a and a.start >= b.start and a.start <= (b.end or reference)
        for a in e.cp_plans
        for b in others
    )
