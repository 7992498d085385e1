"""Rules on a CIN episode's assessments and the factors identified at their end."""

from __future__ import annotations

from journey.core import codes
from journey.reporting.census.records import AssessmentRecord, CensusChild, CinDetails
from journey.reporting.census.rules.base import Context, before, episode_rule, working_days_before

NO_FACTORS = "21"
DISABILITY_FACTORS = {"5A", "6A"}


def _authorised_in_year(a: AssessmentRecord, context: Context) -> bool:
    return a.authorised is not None and a.authorised >= context.start


@episode_rule("1103", "The assessment start date cannot be before the referral date")
def assessment_before_referral(e: CinDetails, *_: object) -> bool:
    return any(before(a.start, e.referral_date) for a in e.assessments)


@episode_rule("8608", "Assessment Start Date cannot be later than its End Date")
def assessment_ends_before_start(e: CinDetails, *_: object) -> bool:
    return any(before(a.authorised, a.start) for a in e.assessments)


@episode_rule(
    "8614",
    "Parental or child factors at assessment should only be present for a completed assessment.",
)
def factors_before_completion(e: CinDetails, *_: object) -> bool:
    return any(a.authorised is None and a.factors for a in e.assessments)


@episode_rule("8617", "Code 8A has been returned. This code is not a valid code.")
def factor_8a(e: CinDetails, *_: object) -> bool:
    return any("8A" in a.factors for a in e.assessments)


@episode_rule(
    "8670Q",
    "Please check and either amend data or provide a reason: Assessment started more than 45 "
    "working days before the end of the census year. However, there is no Assessment end date.",
    query=True,
)
def assessment_long_open(e: CinDetails, _c: CensusChild, context: Context) -> bool:
    # 45 working days as the DfE words it (the open-source validator counts 44 "so the end date
    # is counted"); while the year is under way, counted back from today.
    limit = working_days_before(context.as_at, 45)
    return any(a.authorised is None and before(a.start, limit) for a in e.assessments)


@episode_rule("8696", "Assessment end date must fall within the census year")
def authorised_outside_year(e: CinDetails, _c: CensusChild, context: Context) -> bool:
    return any(
        a.authorised is not None and not context.collection.within(a.authorised)
        for a in e.assessments
    )


@episode_rule(
    "8736",
    "For an Assessment that has not been completed, the start date must fall within the "
    "census year",
)
def open_assessment_started_outside_year(e: CinDetails, _c: CensusChild, context: Context) -> bool:
    return any(
        a.authorised is None and not context.collection.within(a.start) for a in e.assessments
    )


@episode_rule(
    "8863Q",
    "An Assessment is shown as starting when there is another Assessment ongoing.",
    query=True,
)
def assessments_overlap(e: CinDetails, _c: CensusChild, context: Context) -> bool:
    reference = context.reference_date

    def during(a: AssessmentRecord, b: AssessmentRecord) -> bool:
        if a.start == b.start and a.authorised == b.authorised:
            return False  # the same assessment (or an exact duplicate)
        return b.start <= a.start <= (b.authorised or reference)

    return any(during(a, b) for a in e.assessments for b in e.assessments)


@episode_rule(
    "8869",
    "The assessment factors code \u201c21\u201d cannot be used in conjunction with any other "
    "assessment factors.",
)
def no_factors_with_others(e: CinDetails, *_: object) -> bool:
    return any(NO_FACTORS in a.factors and len(set(a.factors)) > 1 for a in e.assessments)


@episode_rule(
    "8873Q",
    "Please check and either amend data or provide a reason: When there is only one assessment "
    "on the episode and the factors code \u201c21 No factors identified\u201d has been used for "
    "the completed assessment, the reason for closure \u2018RC8\u2019 or \u2018RC9\u2019 should "
    "be used.",
    query=True,
)
def no_factors_but_not_closed_after_assessment(
    e: CinDetails, _c: CensusChild, context: Context
) -> bool:
    if e.closure_date is None and context.as_at < context.reference_date:
        return False  # the year is under way: the work may yet close after the assessment
    return (
        len(e.assessments) == 1
        and NO_FACTORS in e.assessments[0].factors
        and e.closure_reason not in ("RC8", "RC9")
    )


@episode_rule("8896", "Within one CINDetails group there are 2 or more open Assessments groups")
def two_open_assessments(e: CinDetails, *_: object) -> bool:
    return sum(1 for a in e.assessments if a.authorised is None) > 1


@episode_rule(
    "8897Q",
    "Parental or child factors at assessment information is missing from a completed assessment",
    query=True,
)
def factors_missing(e: CinDetails, _c: CensusChild, context: Context) -> bool:
    # The codes of the CIN census schema (the validator's list also has 18A and 19A, which the
    # 2024 XSD does not: a return holding them would not validate).
    valid = codes.AssessmentFactor.values
    return any(
        _authorised_in_year(a, context)
        and (not a.factors or any(f not in valid for f in a.factors))
        for a in e.assessments
    )


@episode_rule(
    "8898", "The assessment has more than one parental or child factors with the same code"
)
def factor_repeated(e: CinDetails, *_: object) -> bool:
    return any(len(set(a.factors)) < len(a.factors) for a in e.assessments)


@episode_rule(
    "8899Q",
    "Please check: A child identified as having a disability does not have a disability "
    "factor recorded at the end of assessment.",
    query=True,
)
def disability_factor_missing(e: CinDetails, child: CensusChild, context: Context) -> bool:
    disabled = any(code != "NONE" for code in child.disabilities)
    return disabled and any(
        _authorised_in_year(a, context) and not DISABILITY_FACTORS & set(a.factors)
        for a in e.assessments
    )
