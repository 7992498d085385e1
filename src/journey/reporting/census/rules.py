"""The DfE CIN census validation rules this return checks, as data: number, message, and which
record to fix (the child's details, or the social care record of one CIN episode).

Rules run on the same `CensusChild` records the export writes, while streaming (a fixed number
of queries per chunk of children), plus one set-based query for the rule that compares children
(1520, duplicate UPNs). Numbers are the DfE's (as used by the CIN validator,
data-to-insight/csc-validator-be-cin); messages are the DfE's, shortened where long. Rules
numbered "XSD" are what the schema itself requires where no numbered rule is checked here;
"Local" ones are our own checks of order and consistency that the DfE rules imply.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Count

from journey.core import codes
from journey.people.models import Person
from journey.reporting.census.collection import Collection, census_children, child_ids_in_scope
from journey.reporting.census.records import CensusChild, CinDetails

CHILD = "child"
EPISODE = "social_care_record"
UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
UPN_SHAPE = re.compile(r"[A-Z]\d{3}[0-9A-Z]{8}[0-9A-Z]")


@dataclass(frozen=True)
class Context:
    collection: Collection
    duplicate_upns: frozenset[str] = frozenset()


ChildCheck = Callable[[CensusChild, Context], bool]
EpisodeCheck = Callable[[CinDetails, CensusChild, Context], bool]


@dataclass(frozen=True)
class Rule:
    number: str
    message: str
    fix: str  # CHILD or EPISODE: the page that corrects it
    check: ChildCheck | EpisodeCheck = field(compare=False)
    from_year: int = 0  # first collection the rule applies to


@dataclass(frozen=True)
class Breach:
    rule: Rule
    child: CensusChild
    episode_id: int | None = None


# --- UPN -------------------------------------------------------------------------------------


def upn_check_letter(upn: str) -> str:
    """The DfE check letter for characters 2-13 of a UPN (weights 2 to 13, modulo 23)."""
    total = 0
    for weight, char in enumerate(upn[1:13], start=2):
        value = int(char) if char.isdigit() else UPN_CHECK_LETTERS.find(char)
        total += weight * value
    return UPN_CHECK_LETTERS[total % 23]


def _upns(child: CensusChild) -> list[str]:
    return [u for u in (child.upn, child.former_upn) if u]


def _upn_check_letter_wrong(child: CensusChild, _: Context) -> bool:
    return any(
        UPN_SHAPE.fullmatch(u) and u[5:12].isdigit() and upn_check_letter(u) != u[0]
        for u in _upns(child)
    )


def _upn_not_numeric(child: CensusChild, _: Context) -> bool:
    return any(len(u) != 13 or not u[4:12].isdigit() for u in _upns(child))


def _upn_last_character(child: CensusChild, _: Context) -> bool:
    return any(
        len(u) == 13 and not (u[12].isdigit() or u[12] in UPN_CHECK_LETTERS) for u in _upns(child)
    )


def _upn_duplicated(child: CensusChild, context: Context) -> bool:
    return bool(child.upn) and child.upn in context.duplicate_upns


# --- the child -------------------------------------------------------------------------------


def _born_after_reference(child: CensusChild, context: Context) -> bool:
    return bool(child.birth_date) and child.birth_date > context.collection.reference_date


def _birth_date_missing_or_both(child: CensusChild, _: Context) -> bool:
    return (child.birth_date is None) == (child.expected_birth_date is None)


def _death_before_birth(child: CensusChild, _: Context) -> bool:
    return bool(child.death_date and child.birth_date) and child.death_date < child.birth_date


def _activity_dates(episode: CinDetails) -> Iterator[dt.date]:
    yield episode.referral_date
    for a in episode.assessments:
        yield a.start
    for p in [*episode.cin_plans, *episode.cp_plans]:
        yield p.start
    for s in episode.section47s:
        yield s.start


def _activity_after_death(child: CensusChild, _: Context) -> bool:
    death = child.death_date
    return bool(death) and any(day > death for e in child.episodes for day in _activity_dates(e))


def _no_disability_recorded(child: CensusChild, _: Context) -> bool:
    return not child.disabilities


def _none_with_disabilities(child: CensusChild, _: Context) -> bool:
    return "NONE" in child.disabilities and len(child.disabilities) > 1


def _sex_not_u_when_unborn(child: CensusChild, _: Context) -> bool:
    return child.is_unborn and child.sex != codes.Sex.UNKNOWN


def _ethnicity_missing(child: CensusChild, _: Context) -> bool:
    return child.ethnicity not in codes.Ethnicity.values


# --- a CIN episode ---------------------------------------------------------------------------


def _referral_source_missing(e: CinDetails, *_: object) -> bool:
    return e.referral_source not in codes.ReferralSource.values


def _primary_need_missing(e: CinDetails, *_: object) -> bool:
    return not e.referral_nfa and not e.primary_need


def _referral_after_reference(e: CinDetails, _c: CensusChild, context: Context) -> bool:
    return e.referral_date > context.collection.reference_date


def _referral_long_before_birth(e: CinDetails, child: CensusChild, _: Context) -> bool:
    born = child.birth_date or child.expected_birth_date
    return bool(born) and e.referral_date < born - dt.timedelta(weeks=40)


def _closure_reason_invalid(e: CinDetails, *_: object) -> bool:
    return e.closure_date is not None and e.closure_reason not in codes.ReasonForClosure.values


def _factors_missing(e: CinDetails, *_: object) -> bool:
    return any(a.authorised and not a.factors for a in e.assessments)


def _factor_21_with_others(e: CinDetails, *_: object) -> bool:
    return any("21" in a.factors and len(a.factors) > 1 for a in e.assessments)


def _assessments_overlap(e: CinDetails, _c: CensusChild, context: Context) -> bool:
    spans = sorted(
        (a.start, a.authorised or context.collection.reference_date) for a in e.assessments
    )
    return any(later[0] <= earlier[1] for earlier, later in zip(spans, spans[1:], strict=False))


def _ongoing_assessment_started_before_year(
    e: CinDetails, _c: CensusChild, context: Context
) -> bool:
    return any(a.authorised is None and a.start < context.collection.start for a in e.assessments)


def _authorised_before_start(e: CinDetails, *_: object) -> bool:
    return any(a.authorised and a.authorised < a.start for a in e.assessments)


def _overlaps(a_start, a_end, b_start, b_end, reference: dt.date) -> bool:
    return a_start < (b_end or reference) and b_start < (a_end or reference)


def _cin_plan_during_cp_plan(e: CinDetails, _c: CensusChild, context: Context) -> bool:
    ref = context.collection.reference_date
    return any(
        _overlaps(cin.start, cin.end, cp.start, cp.end, ref)
        for cin in e.cin_plans
        for cp in e.cp_plans
    )


def _two_open_section47s(e: CinDetails, *_: object) -> bool:
    open_ = [s for s in e.section47s if s.icpc_date is None and not s.icpc_not_required]
    return len(open_) > 1


def _conference_before_section47(e: CinDetails, *_: object) -> bool:
    return any(s.icpc_date and s.icpc_date < s.start for s in e.section47s)


def _cp_plan_not_on_conference_day(e: CinDetails, _c: CensusChild, context: Context) -> bool:
    conferences = {s.icpc_date for s in e.section47s} | {e.initial_cpc_date}
    return any(
        context.collection.within(p.start) and p.start not in conferences for p in e.cp_plans
    )


def _cp_plan_same_day(e: CinDetails, *_: object) -> bool:
    return any(p.end == p.start for p in e.cp_plans)


def _review_not_after_cp_start(e: CinDetails, *_: object) -> bool:
    return any(day <= p.start for p in e.cp_plans for day in p.reviews)


def _cp_category_missing(e: CinDetails, *_: object) -> bool:
    valid = codes.CategoryOfAbuse.values
    return any(
        p.initial_category not in valid or p.latest_category not in valid for p in e.cp_plans
    )


CHILD_RULES: tuple[Rule, ...] = (
    Rule("1510", "UPN invalid (wrong check letter at character 1)", CHILD, _upn_check_letter_wrong),
    Rule("1520", "More than one record with the same UPN", CHILD, _upn_duplicated),
    Rule("1540", "UPN invalid (characters 5-12 not all numeric)", CHILD, _upn_not_numeric),
    Rule("1550", "UPN invalid (character 13 not a recognised value)", CHILD, _upn_last_character),
    Rule(
        "8520",
        "Date of Birth is after data collection period (must "
        "be on or before the end of the census period)",
        CHILD,
        _born_after_reference,
    ),
    Rule(
        "8525",
        "Either Date of Birth or Expected Date of Birth must be provided (but not both)",
        CHILD,
        _birth_date_missing_or_both,
    ),
    Rule(
        "8540",
        "Child's date of death should not be prior to the date of birth",
        CHILD,
        _death_before_birth,
    ),
    Rule("8565", "Activity shown after a child's date of death", CHILD, _activity_after_death),
    Rule(
        "8590",
        "Child does not have a recorded disability (NONE if the child has none)",
        CHILD,
        _no_disability_recorded,
    ),
    Rule(
        "Local",
        "Disability code NONE cannot be used with any other disability code",
        CHILD,
        _none_with_disabilities,
    ),
    Rule(
        "8750",
        "Sex must equal U for an unborn child",
        CHILD,
        _sex_not_u_when_unborn,
        from_year=2025,
    ),
    Rule("XSD", "Ethnicity is missing or not a DfE code", CHILD, _ethnicity_missing),
)
EPISODE_RULES: tuple[Rule, ...] = (
    Rule(
        "8866",
        "Source of referral is missing or an invalid code",
        EPISODE,
        _referral_source_missing,
    ),
    Rule(
        "8610",
        "Primary Need code is missing for a referral which led to further action",
        EPISODE,
        _primary_need_missing,
    ),
    Rule(
        "8630",
        "Child referral date is after data collection period",
        EPISODE,
        _referral_after_reference,
    ),
    Rule(
        "8606",
        "Child referral date is more than 40 weeks before DOB or expected DOB",
        EPISODE,
        _referral_long_before_birth,
    ),
    Rule(
        "4000",
        "CIN Reason for closure code missing or invalid (RC1 to RC9)",
        EPISODE,
        _closure_reason_invalid,
    ),
    Rule(
        "8867",
        "Assessment factors are missing for a completed assessment",
        EPISODE,
        _factors_missing,
    ),
    Rule(
        "8869",
        "The assessment factors code 21 cannot be "
        "used in conjunction with any other assessment factors",
        EPISODE,
        _factor_21_with_others,
    ),
    Rule(
        "8863",
        "An Assessment is shown as starting when there is another Assessment ongoing",
        EPISODE,
        _assessments_overlap,
    ),
    Rule(
        "8736",
        "For an Assessment that has not been completed, "
        "the start date must fall within the census year",
        EPISODE,
        _ongoing_assessment_started_before_year,
    ),
    Rule(
        "Local",
        "Assessment authorisation date is before the assessment start date",
        EPISODE,
        _authorised_before_start,
    ),
    Rule(
        "4016",
        "A CIN Plan has been reported as open at the same time as a Child Protection Plan",
        EPISODE,
        _cin_plan_during_cp_plan,
    ),
    Rule(
        "8839",
        "Within one CINdetails group there are 2 or more open S47 Assessments",
        EPISODE,
        _two_open_section47s,
    ),
    Rule(
        "8615",
        "Section 47 Enquiry Start Date cannot be later "
        "than the date of the initial Child Protection Conference",
        EPISODE,
        _conference_before_section47,
    ),
    Rule(
        "2885",
        "Child protection plan shown as starting a "
        "different day to the initial child protection conference",
        EPISODE,
        _cp_plan_not_on_conference_day,
    ),
    Rule(
        "8840",
        "Child Protection Plan cannot start and end on the same day",
        EPISODE,
        _cp_plan_same_day,
    ),
    Rule(
        "8841",
        "The review date cannot be on the same day or before the Child protection Plan start date",
        EPISODE,
        _review_not_after_cp_start,
    ),
    Rule(
        "XSD",
        "Child protection plan's initial or latest category of abuse is missing",
        EPISODE,
        _cp_category_missing,
    ),
)
RULES = CHILD_RULES + EPISODE_RULES


def applies(rule: Rule, collection: Collection) -> bool:
    return collection.year >= rule.from_year


def duplicate_upns(collection: Collection) -> frozenset[str]:
    """UPNs held by more than one child in the return (one grouped query)."""
    rows = (
        Person.objects.filter(pk__in=child_ids_in_scope(collection))
        .exclude(upn="")
        .values("upn")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("upn", flat=True)
    )
    return frozenset(rows)


def context_for(collection: Collection) -> Context:
    return Context(collection, duplicate_upns(collection))


def child_breaches(child: CensusChild, context: Context) -> Iterator[Breach]:
    collection = context.collection
    for rule in CHILD_RULES:
        if applies(rule, collection) and rule.check(child, context):
            yield Breach(rule, child)
    for episode in child.episodes:
        for rule in EPISODE_RULES:
            if applies(rule, collection) and rule.check(episode, child, context):
                yield Breach(rule, child, episode.episode_id)


def breaches(
    collection: Collection, children: Iterable[CensusChild] | None = None
) -> Iterator[Breach]:
    context = context_for(collection)
    for child in census_children(collection) if children is None else children:
        yield from child_breaches(child, context)


@dataclass
class Summary:
    children: int = 0
    episodes: int = 0
    breaches: list[Breach] = field(default_factory=list)

    @property
    def children_with_problems(self) -> int:
        return len({b.child.la_child_id for b in self.breaches})

    def by_rule(self) -> list[tuple[str, str, int]]:
        counts = Counter((b.rule.number, b.rule.message) for b in self.breaches)
        return [(number, message, n) for (number, message), n in sorted(counts.items())]


def check(collection: Collection) -> Summary:
    """Every breach in the collection, with the counts the page and the command print."""
    summary = Summary()
    context = context_for(collection)
    for child in census_children(collection):
        summary.children += 1
        summary.episodes += len(child.episodes)
        summary.breaches.extend(child_breaches(child, context))
    return summary
