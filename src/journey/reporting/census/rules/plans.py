"""Rules on CIN plan dates (CINPlanDates), alone and beside child protection plans."""

from __future__ import annotations

import datetime as dt

from journey.reporting.census.records import CensusChild, CinDetails
from journey.reporting.census.rules.base import (
    Context,
    before,
    cin_plans_of,
    cp_plans_of,
    episode_rule,
)


def _starts_within(day: dt.date, start: dt.date, end: dt.date | None, reference: dt.date) -> bool:
    """`day` falls in another plan running from `start` to `end` (exclusive), or, while that plan
    is open, up to the reference date."""
    if day < start:
        return False
    return day < end if end else day <= reference


@episode_rule("4000", "CIN Plan details provided for a referral with no further action")
def cin_plan_after_nfa(e: CinDetails, *_: object) -> bool:
    return e.referral_nfa and bool(e.cin_plans)


@episode_rule("4001", "A CIN Plan cannot run concurrently with a Child Protection Plan")
def open_cin_and_cp_plans(e: CinDetails, *_: object) -> bool:
    return any(p.end is None for p in e.cp_plans) and any(p.end is None for p in e.cin_plans)


@episode_rule(
    "4003", "A CPP review date is shown as being held at the same time as an open CIN Plan."
)
def review_during_cin_plan(e: CinDetails, _c: CensusChild, context: Context) -> bool:
    reference = context.reference_date
    return any(
        review != cp.end and _starts_within(review, cin.start, cin.end, reference)
        for cp in e.cp_plans
        for review in cp.reviews
        for cin in e.cin_plans
    )


@episode_rule("4004", "This child is showing more than one open CIN Plan, i.e. with no End Date")
def two_open_cin_plans(e: CinDetails, *_: object) -> bool:
    return sum(1 for p in e.cin_plans if p.end is None) > 1


@episode_rule("4008", "CIN Plan shown as starting after the child\u2019s Date of Death.")
def cin_plan_starts_after_death(e: CinDetails, child: CensusChild, _: Context) -> bool:
    return any(before(child.death_date, p.start) for p in e.cin_plans)


@episode_rule("4009Q", "CIN Plan cannot end after the child\u2019s Date of Death", query=True)
def cin_plan_ends_after_death(e: CinDetails, child: CensusChild, _: Context) -> bool:
    return any(before(child.death_date, p.end) for p in e.cin_plans)


@episode_rule("4010", "CIN Plan start date is missing or out of data collection period")
def cin_plan_start_missing(e: CinDetails, _c: CensusChild, context: Context) -> bool:
    return any(p.start is None or p.start > context.reference_date for p in e.cin_plans)


@episode_rule("4011", "CIN Plan End Date earlier than Start Date")
def cin_plan_ends_before_start(e: CinDetails, *_: object) -> bool:
    return any(before(p.end, p.start) for p in e.cin_plans)


@episode_rule(
    "4012Q",
    "CIN Plan shown as starting and ending on the same day - please check",
    query=True,
)
def cin_plan_same_day(e: CinDetails, *_: object) -> bool:
    return any(p.end is not None and p.end == p.start for p in e.cin_plans)


@episode_rule("4013", "CIN Plan end date must fall within the census year")
def cin_plan_end_outside_year(e: CinDetails, _c: CensusChild, context: Context) -> bool:
    return any(p.end is not None and not context.collection.within(p.end) for p in e.cin_plans)


@episode_rule("4014", "CIN Plan data contains overlapping dates")
def cin_plans_overlap(e: CinDetails, child: CensusChild, context: Context) -> bool:
    reference = context.reference_date
    others = list(cin_plans_of(child))
    return any(
        b is not a and (a.start >= b.start) and (a.start <= (b.end or reference))
        for a in e.cin_plans
        for b in others
    )


@episode_rule("4015", "The CIN Plan start date cannot be before the referral date")
def cin_plan_before_referral(e: CinDetails, *_: object) -> bool:
    return any(before(p.start, e.referral_date) for p in e.cin_plans)


@episode_rule(
    "4016", "A CIN Plan has been reported as open at the same time as a Child Protection Plan."
)
def cin_plan_starts_during_cp_plan(e: CinDetails, child: CensusChild, context: Context) -> bool:
    reference = context.reference_date
    cp_plans = list(cp_plans_of(child))
    return any(
        _starts_within(cin.start, cp.start, cp.end, reference)
        for cin in e.cin_plans
        for cp in cp_plans
    )


@episode_rule(
    "4017", "A CIN Plan has been reported as open at the same time as a Child Protection Plan."
)
def cp_plan_starts_during_cin_plan(e: CinDetails, child: CensusChild, context: Context) -> bool:
    reference = context.reference_date
    cin_plans = list(cin_plans_of(child))
    return any(
        _starts_within(cp.start, cin.start, cin.end, reference)
        for cp in e.cp_plans
        for cin in cin_plans
    )
