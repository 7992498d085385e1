"""Rules on a CIN episode's CINdetails: the referral, the primary need and the closure."""

from __future__ import annotations

import datetime as dt

from journey.core import codes
from journey.reporting.census.records import CensusChild, CinDetails
from journey.reporting.census.rules.base import Context, before, episode_rule, working_days_before

CLOSED_AFTER_ASSESSMENT = {"RC8", "RC9"}
#: Rule 8866 asks for a source of referral for referrals from this date on.
SOURCE_REQUIRED_FROM = dt.date(2013, 4, 1)


@episode_rule("8600", "Child referral date missing or after data collection period")
def referral_after_reference(e: CinDetails, _c: CensusChild, context: Context) -> bool:
    return e.referral_date is None or e.referral_date > context.reference_date


@episode_rule("8606", "Child referral date is more than 40 weeks before DOB or expected DOB")
def referral_long_before_birth(e: CinDetails, child: CensusChild, _: Context) -> bool:
    limit = dt.timedelta(days=280)
    return any(
        before(e.referral_date, born - limit)
        for born in (child.birth_date, child.expected_birth_date)
        if born
    )


@episode_rule("8555Q", "Child cannot be referred after its recorded date of death", query=True)
def referred_after_death(e: CinDetails, child: CensusChild, _: Context) -> bool:
    return before(child.death_date, e.referral_date)


@episode_rule(
    "8569Q",
    "A case with referral date before one working day prior to the collection start date "
    "must not be flagged as a no further action case",
    query=True,
)
def old_referral_marked_nfa(e: CinDetails, _c: CensusChild, context: Context) -> bool:
    return e.referral_nfa and e.referral_date < working_days_before(context.start, 1)


@episode_rule("8610", "Primary Need code is missing for a referral which led to further action.")
def primary_need_missing(e: CinDetails, *_: object) -> bool:
    return not e.referral_nfa and not e.primary_need


@episode_rule("8650", "Primary Need Code invalid (see Primary Need table in CIN census code set)")
def primary_need_invalid(e: CinDetails, *_: object) -> bool:
    return bool(e.primary_need) and e.primary_need not in codes.PrimaryNeed.values


@episode_rule("8620", "CIN Closure Date present and does not fall within the Census year")
def closure_outside_year(e: CinDetails, _c: CensusChild, context: Context) -> bool:
    return e.closure_date is not None and not context.collection.within(e.closure_date)


@episode_rule("8630", "CIN Closure Date is before CIN Referral Date for the same CIN episode")
def closure_before_referral(e: CinDetails, *_: object) -> bool:
    return before(e.closure_date, e.referral_date)


@episode_rule(
    "8640",
    "CIN Reason for closure code invalid (see Reason for Closure table in CIN Census code set)",
)
def closure_reason_invalid(e: CinDetails, *_: object) -> bool:
    return bool(e.closure_reason) and e.closure_reason not in codes.ReasonForClosure.values


@episode_rule(
    "8585Q",
    "Please check and either amend or provide a reason: CIN episode shows Died as the Closure "
    "Reason, however child has no recorded Date of Death",
    query=True,
)
def closed_as_died_without_death_date(e: CinDetails, child: CensusChild, _: Context) -> bool:
    return e.closure_reason == "RC2" and child.death_date is None


def _dates_closure_must_follow(e: CinDetails):
    if e.initial_cpc_date:
        yield e.initial_cpc_date
    for a in e.assessments:
        yield from (d for d in (a.start, a.authorised) if d)
    for s in e.section47s:
        yield from (d for d in (s.start, s.icpc_date) if d)
    for p in e.cp_plans:
        if p.end:
            yield p.end
    for p in e.cin_plans:
        yield from (d for d in (p.start, p.end) if d)


@episode_rule("8565", "Activity shown after a case has been closed")
def activity_after_closure(e: CinDetails, *_: object) -> bool:
    closed = e.closure_date
    return closed is not None and any(day > closed for day in _dates_closure_must_follow(e))


@episode_rule(
    "2990",
    "Activity is recorded against a case marked as \u2018Case closed after assessment, no "
    "further action\u2019 or \u2018case closed after assessment, referred to early help\u2019.",
)
def activity_after_assessment_only(e: CinDetails, *_: object) -> bool:
    return e.closure_reason in CLOSED_AFTER_ASSESSMENT and bool(
        e.initial_cpc_date or e.cp_plans or e.section47s or e.cin_plans
    )


@episode_rule("8866", "Source of Referral is missing or an invalid code")
def referral_source_invalid(e: CinDetails, *_: object) -> bool:
    return (
        e.referral_date is not None
        and e.referral_date >= SOURCE_REQUIRED_FROM
        and e.referral_source not in codes.ReferralSource.values
    )


@episode_rule("8805", "A CIN case cannot have a CIN closure date without a Reason for Closure")
def closure_without_reason(e: CinDetails, *_: object) -> bool:
    return e.closure_date is not None and not e.closure_reason


@episode_rule("8810", "A CIN case cannot have a Reason for Closure without a CIN Closure Date")
def reason_without_closure(e: CinDetails, *_: object) -> bool:
    return bool(e.closure_reason) and e.closure_date is None


def _open_with_further_action(e: CinDetails) -> bool:
    return e.closure_date is None and not e.referral_nfa


@episode_rule(
    "8815",
    "More than one open CIN Details episode (a module with no CIN Closure Date) has been "
    "provided for this child and case is not a referral with no further action.",
)
def two_open_episodes(e: CinDetails, child: CensusChild, _: Context) -> bool:
    return _open_with_further_action(e) and (
        sum(1 for other in child.episodes if _open_with_further_action(other)) > 1
    )


@episode_rule(
    "8816",
    "An open CIN episode is shown and case is not a referral with no further action, but it "
    "is not the latest episode.",
)
def open_episode_not_latest(e: CinDetails, child: CensusChild, _: Context) -> bool:
    if not _open_with_further_action(e):
        return False
    latest = max(child.episodes, key=lambda other: other.referral_date)
    return latest is not e and latest.referral_date >= e.referral_date


@episode_rule("8820", "The dates on the CIN episodes for this child overlap")
def episodes_overlap(e: CinDetails, child: CensusChild, context: Context) -> bool:
    def inside(other: CinDetails) -> bool:
        if e.referral_date < other.referral_date:
            return False
        if other.closure_date is not None:
            return e.referral_date < other.closure_date
        return not other.referral_nfa and e.referral_date < context.reference_date

    return any(other is not e and inside(other) for other in child.episodes)


@episode_rule(
    "8831", "Activity is recorded against a case marked as a referral with no further action"
)
def activity_after_nfa(e: CinDetails, *_: object) -> bool:
    return e.referral_nfa and bool(
        e.initial_cpc_date
        or any(s.start for s in e.section47s)
        or any(a.start or a.authorised for a in e.assessments)
    )


@episode_rule(
    "8825Q",
    "Please check and either amend data or provide a reason: Reason for Closure code RC8 (case "
    "closed after assessment) or RC9 (case closed after assessment, referred to early help) has "
    "been returned but there is no assessment present for the episode.",
    query=True,
)
def closed_after_assessment_without_one(e: CinDetails, *_: object) -> bool:
    return e.closure_reason in CLOSED_AFTER_ASSESSMENT and not e.assessments


@episode_rule(
    "8867", "CIN episode is shown as closed, however Assessment is not shown as completed"
)
def closed_with_assessment_open(e: CinDetails, *_: object) -> bool:
    return e.closure_date is not None and any(a.authorised is None for a in e.assessments)


@episode_rule(
    "8868",
    "CIN episode is shown as closed, however Section 47 enquiry is not shown as completed by "
    "ICPC date or ICPC not required flag",
)
def closed_with_section47_open(e: CinDetails, *_: object) -> bool:
    return e.closure_date is not None and any(
        s.icpc_date is None and not s.icpc_not_required for s in e.section47s
    )
