"""Which children and records a CIN census collection holds, read as they stood on its
reference date.

DfE scope: every child with a CIN episode (a social care referral) open at any point between
1 April and the reference date, 31 March: referrals in the year (no-further-action ones
included), episodes open at the start of the year, episodes closed in it. Within an episode the
assessments, CIN plans, section 47 enquiries and child protection plans open at any point in the
year are returned. Anything dated after the reference date is left out (a closure in April is
not a closure in the return for the year to 31 March).

Family Help (Families First) holds children in need inside one episode with targeted help: each
period of section 17 status is a CIN episode of its own, its referral date the day the period
began. Its records are those of the period: the assessments started and enquiries held in it,
its child protection plans, and the Family Help plan as child in need plan dates, except while a
child protection plan replaces it (as a CIN plan ends the day a CP plan starts, and starts again
the day it ends).

Children are read in chunks by primary key with a fixed set of queries per chunk, so memory and
query count per child stay flat whatever the size of the council.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import F, Prefetch, Q, QuerySet

from journey.cases.models import Episode, Section17Period
from journey.casework.models import Assessment, Meeting, Plan, PlanReview, Section47
from journey.people.models import Person
from journey.reporting.census.records import (
    AssessmentRecord,
    CensusChild,
    CinDetails,
    CinPlanRecord,
    CpPlanRecord,
    Section47Record,
)

CHUNK = 1000
#: The plans a return reads: Family Help's one plan gives its child in need plan dates.
CENSUS_PLAN_KINDS = [Plan.Kind.CIN, Plan.Kind.CP, Plan.Kind.FAMILY_HELP]
#: From the 2024 to 2025 collection on, the child's Sex (M, F, U) replaces GenderCurrent.
FIRST_YEAR_WITH_SEX = 2025


@dataclass(frozen=True)
class Collection:
    """The collection whose reference date is 31 March `year` (2026: April 2025 to March 2026)."""

    year: int

    @property
    def reference_date(self) -> dt.date:
        return dt.date(self.year, 3, 31)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year - 1, 4, 1)

    @property
    def uses_sex(self) -> bool:
        return self.year >= FIRST_YEAR_WITH_SEX

    @property
    def label(self) -> str:
        return f"{self.year - 1} to {self.year}"

    def within(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.reference_date

    def as_at(self, day: dt.date | None) -> dt.date | None:
        """The date if it had happened by the reference date, else nothing."""
        return day if day is not None and day <= self.reference_date else None


def current_year(today: dt.date) -> int:
    """The collection year under way on `today` (1 April to 31 March)."""
    return today.year + 1 if today.month >= 4 else today.year


def episodes_in_scope(collection: Collection) -> QuerySet[Episode]:
    """Social care work open at any point in the year; a referral that led to no further action
    only in the year it was made (the return shows it open: rules 8569Q, 8815)."""
    return (
        Episode.objects.social_care()
        .filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=collection.start),
            started_on__lte=collection.reference_date,
        )
        .exclude(referral_nfa=True, started_on__lt=collection.start)
    )


def periods_in_scope(collection: Collection) -> QuerySet[Section17Period]:
    """Family Help's periods of section 17 status open at any point in the year."""
    return Section17Period.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=collection.start),
        started_on__lte=collection.reference_date,
    )


def child_ids_in_scope(collection: Collection) -> QuerySet:
    """The children in the return (a values queryset of `child_id`)."""
    return (
        Person.objects.filter(
            Q(pk__in=episodes_in_scope(collection).values("child_id"))
            | Q(pk__in=periods_in_scope(collection).values("episode__child_id"))
        )
        .annotate(child_id=F("pk"))
        .values("child_id")
    )


def _id_chunks(collection: Collection, size: int) -> Iterator[list[int]]:
    """Keyset pages of the children in scope, in primary key order."""
    scoped = child_ids_in_scope(collection).values_list("child_id", flat=True)
    last = 0
    while True:
        ids = list(scoped.filter(pk__gt=last).order_by("pk")[:size])
        if not ids:
            return
        yield ids
        last = ids[-1]


def census_children(collection: Collection, chunk: int = CHUNK) -> Iterator[CensusChild]:
    """Every child in the return, in primary key order, as at the reference date."""
    for ids in _id_chunks(collection, chunk):
        yield from _load_chunk(collection, ids)


def _load_chunk(collection: Collection, ids: list[int]) -> list[CensusChild]:
    people = Person.objects.filter(pk__in=ids).prefetch_related("disabilities").order_by("pk")
    episodes = _episodes_by_child(collection, ids)
    cp_starts = _cp_plan_starts(collection, ids)
    return [
        _child(collection, person, episodes.get(person.pk, []), cp_starts.get(person.pk, []))
        for person in people
    ]


def _census_records(episodes: QuerySet[Episode], ref: dt.date) -> QuerySet[Episode]:
    return episodes.prefetch_related(
        Prefetch(
            "assessments",
            queryset=Assessment.objects.filter(kind=Assessment.Kind.SINGLE).order_by(
                "started_on", "pk"
            ),
            to_attr="census_assessments",
        ),
        Prefetch(
            "plans",
            queryset=Plan.objects.filter(
                kind__in=[Plan.Kind.CIN, Plan.Kind.CP, Plan.Kind.FAMILY_HELP]
            )
            .order_by("started_on", "pk")
            .prefetch_related(
                Prefetch(
                    "reviews",
                    queryset=PlanReview.objects.filter(reviewed_on__lte=ref).order_by(
                        "reviewed_on"
                    ),
                    to_attr="census_reviews",
                )
            ),
            to_attr="census_plans",
        ),
        Prefetch(
            "section47s",
            queryset=Section47.objects.select_related("conference").order_by("started_on", "pk"),
            to_attr="census_section47s",
        ),
        Prefetch(
            "meetings",
            queryset=Meeting.objects.filter(kind=Meeting.Kind.ICPC, held_on__lte=ref),
            to_attr="census_icpcs",
        ),
    )


def _episodes_by_child(collection: Collection, ids: list[int]) -> dict[int, list[CinEpisode]]:
    ref = collection.reference_date
    social_care = _census_records(
        episodes_in_scope(collection).filter(child_id__in=ids), ref
    ).order_by("child_id", "started_on", "pk")
    family_help = _census_records(
        Episode.objects.family_help()
        .filter(child_id__in=ids, pk__in=periods_in_scope(collection).values("episode_id"))
        .prefetch_related(
            Prefetch(
                "section17_periods",
                queryset=periods_in_scope(collection).order_by("started_on", "pk"),
                to_attr="census_periods",
            )
        ),
        ref,
    )
    by_child: dict[int, list[CinEpisode]] = defaultdict(list)
    for episode in social_care:
        by_child[episode.child_id].append(episode)
    for episode in family_help:
        by_child[episode.child_id].extend(
            FamilyHelpPeriod.of(episode, p) for p in episode.census_periods
        )
    for episodes in by_child.values():
        episodes.sort(key=lambda e: (e.started_on, e.pk))
    return by_child


@dataclass
class CinPlanDates:
    """Child in need plan dates drawn from Family Help's one plan."""

    started_on: dt.date
    ended_on: dt.date | None
    pk: int
    kind: str = Plan.Kind.CIN


def _within(day: dt.date, start: dt.date, end: dt.date | None) -> bool:
    return start <= day and (end is None or day <= end)


def _cin_dates(plan: Plan, start: dt.date, end: dt.date | None, cp: list[Plan]) -> list:
    """The stretches of the Family Help plan inside a period when no CP plan replaces it."""
    ends = [day for day in (plan.ended_on, end) if day is not None]
    last = min(ends) if ends else None
    resumes: dt.date | None = max(plan.started_on, start)
    stretches: list[tuple[dt.date, dt.date | None]] = []
    for protection in sorted(cp, key=lambda p: p.started_on):
        if resumes is None or (last is not None and protection.started_on > last):
            break
        if protection.started_on > resumes:
            stretches.append((resumes, protection.started_on))
        resumes = None if protection.ended_on is None else max(resumes, protection.ended_on)
    if resumes is not None and (last is None or resumes < last):
        stretches.append((resumes, last))
    return [CinPlanDates(first, until, pk=plan.pk) for first, until in stretches]


@dataclass
class FamilyHelpPeriod:
    """One period of section 17 status in Family Help, read as a CIN episode."""

    pk: int
    child_id: int
    started_on: dt.date
    ended_on: dt.date | None
    referral_source: str
    primary_need: str
    closure_reason: str
    census_assessments: list
    census_plans: list
    census_section47s: list
    census_icpcs: list
    referral_nfa: bool = False

    @classmethod
    def of(cls, episode: Episode, period: Section17Period) -> FamilyHelpPeriod:
        start, end = period.started_on, period.ended_on
        cp = [
            p
            for p in episode.census_plans
            if p.kind == Plan.Kind.CP and _within(p.started_on, start, end)
        ]
        cin = [
            dates
            for p in episode.census_plans
            if p.kind == Plan.Kind.FAMILY_HELP
            for dates in _cin_dates(p, start, end, cp)
        ]
        return cls(
            pk=episode.pk,
            child_id=episode.child_id,
            started_on=start,
            ended_on=end,
            referral_source=period.referral_source,
            primary_need=period.primary_need,
            closure_reason=period.closure_reason,
            census_assessments=[
                a for a in episode.census_assessments if _within(a.started_on, start, end)
            ],
            census_plans=sorted(cin + cp, key=lambda p: (p.started_on, p.pk)),
            census_section47s=[
                s for s in episode.census_section47s if _within(s.started_on, start, end)
            ],
            census_icpcs=[m for m in episode.census_icpcs if _within(m.held_on, start, end)],
        )


CinEpisode = Episode | FamilyHelpPeriod


def _cp_plan_starts(collection: Collection, ids: list[int]) -> dict[int, list[dt.date]]:
    """Start dates of every child protection plan of these children (any episode), for
    NumberOfPreviousCPP."""
    rows = Plan.objects.filter(
        kind=Plan.Kind.CP, episode__child_id__in=ids, started_on__lte=collection.reference_date
    ).values_list("episode__child_id", "started_on")
    starts: dict[int, list[dt.date]] = defaultdict(list)
    for child_id, started_on in rows:
        starts[child_id].append(started_on)
    return starts


def _child(
    collection: Collection, person: Person, episodes: list[CinEpisode], cp_starts: list[dt.date]
) -> CensusChild:
    return CensusChild(
        la_child_id=person.local_id,
        upn=person.upn,
        former_upn=person.former_upn,
        upn_unknown=person.upn_unknown,
        birth_date=person.date_of_birth,
        expected_birth_date=person.expected_date_of_birth,
        sex=person.sex,
        death_date=collection.as_at(person.date_of_death),
        ethnicity=person.ethnicity,
        disabilities=sorted(d.code for d in person.disabilities.all()),
        episodes=[_cin_details(collection, e, cp_starts) for e in episodes],
        person_id=person.pk,
        name=person.full_name,
        restricted=person.is_restricted,
    )


def _cin_details(
    collection: Collection, episode: CinEpisode, cp_starts: list[dt.date]
) -> CinDetails:
    # A referral that led to no further action is returned open, with ReferralNFA true and no
    # closure: DfE rules 8825Q and 8831 allow no closure "after assessment" without one, and 8569Q
    # and 8815 expect such referrals only in the year they were made.
    closed = None if episode.referral_nfa else collection.as_at(episode.ended_on)
    # An initial conference is written in its Section47 group; CINdetails carries only one held
    # without an enquiry (a transfer-in conference), so that none is recorded twice (rule 2884).
    with_enquiry = {s.conference_id for s in episode.census_section47s}
    icpcs = [m.held_on for m in episode.census_icpcs if m.pk not in with_enquiry]
    plans = episode.census_plans
    return CinDetails(
        referral_date=episode.started_on,
        referral_source=episode.referral_source,
        primary_need=episode.primary_need,
        closure_date=closed,
        closure_reason=episode.closure_reason if closed else "",
        initial_cpc_date=max(icpcs, default=None),
        assessments=[
            _assessment(collection, a)
            for a in episode.census_assessments
            if _open_in_year(collection, a.started_on, a.completed_on)
        ],
        cin_plans=[
            CinPlanRecord(p.started_on, collection.as_at(p.ended_on), record_id=p.pk)
            for p in plans
            if p.kind == Plan.Kind.CIN and _open_in_year(collection, p.started_on, p.ended_on)
        ],
        section47s=[
            s
            for s in (_section47(collection, e) for e in episode.census_section47s)
            if s is not None
        ],
        referral_nfa=episode.referral_nfa,
        cp_plans=[
            _cp_plan(collection, p, cp_starts)
            for p in plans
            if p.kind == Plan.Kind.CP and _open_in_year(collection, p.started_on, p.ended_on)
        ],
        episode_id=episode.pk,
    )


def _open_in_year(collection: Collection, start: dt.date, end: dt.date | None) -> bool:
    return start <= collection.reference_date and (end is None or end >= collection.start)


def _assessment(collection: Collection, assessment: Assessment) -> AssessmentRecord:
    authorised = collection.as_at(assessment.completed_on)
    return AssessmentRecord(
        start=assessment.started_on,
        internal_review=collection.as_at(assessment.internal_review_on),
        authorised=authorised,
        factors=list(assessment.factors) if authorised else [],
        record_id=assessment.pk,
    )


def _section47(collection: Collection, enquiry: Section47) -> Section47Record | None:
    held = collection.as_at(enquiry.conference.held_on if enquiry.conference else None)
    concluded = collection.as_at(enquiry.completed_on)
    not_required = bool(enquiry.outcome) and enquiry.outcome != Section47.Outcome.ICPC
    not_required = not_required and concluded is not None
    ended = held or (concluded if not_required else None)
    if not _open_in_year(collection, enquiry.started_on, ended):
        return None
    return Section47Record(
        start=enquiry.started_on,
        icpc_target=enquiry.icpc_target_on,
        icpc_date=held,
        icpc_not_required=not_required,
        record_id=enquiry.pk,
    )


def _cp_plan(collection: Collection, plan: Plan, cp_starts: list[dt.date]) -> CpPlanRecord:
    return CpPlanRecord(
        start=plan.started_on,
        end=collection.as_at(plan.ended_on),
        initial_category=plan.initial_category,
        latest_category=plan.latest_category,
        previous_plans=sum(1 for day in cp_starts if day < plan.started_on),
        reviews=[r.reviewed_on for r in plan.census_reviews],
        record_id=plan.pk,
    )
