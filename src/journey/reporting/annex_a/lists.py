"""The rows of Ofsted's Annex A lists 1 to 8 for a period, as Annex A cell values.

Each list is one set-based query over the period (facts about other records come in as
correlated subqueries) plus, where a list names the allocated worker, one query for the
allocations of its episodes: the number of queries does not grow with the rows. Rows are read
with ``.iterator()`` so a large council's workbook is written without holding a list in memory.

Everything is "as at the last day of the period": a date after it is left blank, and counts over
"the last 12 months" are the 12 months to that day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Coalesce
from django.utils import timezone

from journey.cases.models import Episode, Section17Period, ThresholdDecision
from journey.casework.models import (
    Assessment,
    CaseNote,
    EmergencyProtection,
    Meeting,
    Plan,
    PlanReview,
    Section47,
)
from journey.core.working_days import add_months
from journey.people.models import PersonDisability
from journey.reporting.annex_a import codes
from journey.workforce.models import Allocation

Cell = str | int | dt.date | None
Row = tuple[Cell, ...]
CHUNK = 2000
UNALLOCATED = "Unallocated"


@dataclass(frozen=True)
class Period:
    """The days the lists cover, first and last included."""

    start: dt.date
    end: dt.date

    @classmethod
    def last_six_months(cls, today: dt.date) -> Period:
        """Ofsted's usual window: the six months to today."""
        return cls(add_months(today, -6) + dt.timedelta(days=1), today)

    @property
    def year_back(self) -> dt.date:
        """The first day of the 12 months to the end of the period."""
        return add_months(self.end, -12) + dt.timedelta(days=1)

    @property
    def six_months_back(self) -> dt.date:
        """The first day of the six months to the end of the period."""
        return add_months(self.end, -6) + dt.timedelta(days=1)

    @property
    def starts_at(self) -> dt.datetime:
        return _midnight(self.start)

    @property
    def ends_before(self) -> dt.datetime:
        return _midnight(self.end + dt.timedelta(days=1))

    def by_end(self, day: dt.date | None) -> dt.date | None:
        return day if day is not None and day <= self.end else None

    def overlapping(self, started: str, ended: str) -> Q:
        """Started by the end of the period and not ended before it began."""
        return Q(**{f"{started}__lte": self.end}) & (
            Q(**{f"{ended}__isnull": True}) | Q(**{f"{ended}__gte": self.start})
        )


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _local_day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(moment).date() if moment is not None else None


# --- the child's columns ----------------------------------------------------------------------


def _child_fields(child: str) -> dict[str, F]:
    fields = ("local_id", "sex", "ethnicity", "date_of_birth")
    return {f"child_{name}": F(f"{child}__{name}") for name in fields}


def _disability_fields(child_id: str) -> dict[str, Exists]:
    recorded = PersonDisability.objects.filter(person_id=OuterRef(child_id))
    return {
        "child_disabled": Exists(recorded.exclude(code="NONE")),
        "child_disability_recorded": Exists(recorded),
    }


def _age(born: dt.date | None, on: dt.date) -> int | None:
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _child_cells(row: dict[str, Any], period: Period) -> Row:
    born = row["child_date_of_birth"]
    return (
        row["child_local_id"],
        codes.gender(row["child_sex"]),
        codes.ethnicity(row["child_ethnicity"]),
        born,
        _age(born, period.end),
    )


def _disability(row: dict[str, Any]) -> str:
    if not row["child_disability_recorded"]:
        return codes.UNKNOWN
    return codes.YES if row["child_disabled"] else codes.NO


def _count_for_child(related: QuerySet, child_field: str, outer_child: str) -> Coalesce:
    """How many of `related` belong to the outer row's child (0 when none)."""
    counted = (
        related.filter(**{child_field: OuterRef(outer_child)})
        .order_by()
        .values(child_field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted[:1]), Value(0))


# --- allocations --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Allocation:
    kind: str
    started_on: dt.date
    ended_on: dt.date | None
    worker: str
    agency: str

    def covers(self, day: dt.date) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on >= day)


def _allocations(episode_ids: QuerySet) -> dict[int, list[_Allocation]]:
    """Every allocation of the episodes, by episode, oldest first: one query."""
    rows = (
        Allocation.objects.filter(episode_id__in=episode_ids)
        .order_by("episode_id", "started_on", "pk")
        .values_list(
            "episode_id",
            "kind",
            "started_on",
            "ended_on",
            "worker__user__first_name",
            "worker__user__last_name",
            "worker__user__username",
            "worker__agency__name",
        )
    )
    found: dict[int, list[_Allocation]] = defaultdict(list)
    for episode_id, kind, started, ended, first, last, username, agency in rows.iterator(CHUNK):
        name = f"{first} {last}".strip() or username
        found[episode_id].append(_Allocation(kind, started, ended, name, agency))
    return found


def _holder(allocations: list[_Allocation], kind: str, day: dt.date) -> _Allocation | None:
    held = [a for a in allocations if a.kind == kind and a.covers(day)]
    return held[-1] if held else None


def _allocated_worker(allocations: list[_Allocation], day: dt.date) -> str:
    """The allocated worker; in Family Help (which has none) its lead practitioner."""
    holder = _holder(allocations, Allocation.Kind.WORKER, day) or _holder(
        allocations, Allocation.Kind.LEAD_PROFESSIONAL, day
    )
    return holder.worker if holder else UNALLOCATED


def _reference_day(period: Period, *ended: dt.date | None) -> dt.date:
    """The last day of the period, or the day the work ended if that was sooner."""
    return min([period.end, *(day for day in ended if day is not None)])


# --- list 1: contacts ---------------------------------------------------------------------------


def _contacts(period: Period) -> QuerySet:
    return ThresholdDecision.objects.filter(
        contact__received_at__gte=period.starts_at, contact__received_at__lt=period.ends_before
    )


def list_1_contacts(period: Period) -> Iterator[Row]:
    """Every child at every contact received in the period."""
    rows = (
        _contacts(period)
        .order_by("contact__received_at", "pk")
        .values(
            **_child_fields("child"),
            received_at=F("contact__received_at"),
            source=F("contact__source"),
        )
    )
    for row in rows.iterator(CHUNK):
        yield (
            *_child_cells(row, period),
            _local_day(row["received_at"]),
            codes.SOURCE.get(row["source"], codes.SOURCE["10"]),
        )


# --- list 2: early help assessments -------------------------------------------------------------


def _early_help_assessments(period: Period) -> QuerySet:
    return Assessment.objects.filter(
        period.overlapping("started_on", "completed_on"), kind=Assessment.Kind.CAF
    )


def _organisation(allocations: list[_Allocation], day: dt.date) -> str:
    """Who completes an early help assessment: the lead professional's agency, else the
    allocated worker's, else the council."""
    for kind in (Allocation.Kind.LEAD_PROFESSIONAL, Allocation.Kind.WORKER):
        holder = _holder(allocations, kind, day) or next(
            (a for a in reversed(allocations) if a.kind == kind and a.started_on <= day), None
        )
        if holder:
            return holder.agency
    return settings.COUNCIL_NAME


def list_2_early_help(period: Period) -> Iterator[Row]:
    """Early help assessments (CAF) under way at any time in the period."""
    assessments = _early_help_assessments(period)
    allocations = _allocations(assessments.values("episode_id"))
    rows = assessments.order_by("started_on", "pk").values(
        "episode_id", "started_on", "completed_on", **_child_fields("episode__child")
    )
    for row in rows.iterator(CHUNK):
        completed = period.by_end(row["completed_on"])
        day = _reference_day(period, completed)
        yield (
            *_child_cells(row, period),
            row["started_on"],
            completed,
            _organisation(allocations.get(row["episode_id"], []), day),
        )


# --- list 3: referrals --------------------------------------------------------------------------


def _referrals(period: Period) -> QuerySet:
    return Episode.objects.social_care().filter(started_on__range=(period.start, period.end))


def _family_help_referrals(period: Period) -> QuerySet:
    """Family Help's periods as a child in need begun in the period: each is a referral."""
    return Section17Period.objects.filter(started_on__range=(period.start, period.end))


def _referrals_in_year(period: Period, outer_child: str) -> CombinedExpression:
    """The child's referrals in the year to the period's end: social care and Family Help's."""
    in_year = (period.year_back, period.end)
    social_care = Episode.objects.social_care().filter(started_on__range=in_year)
    family_help = Section17Period.objects.filter(started_on__range=in_year)
    return _count_for_child(social_care, "child_id", outer_child) + _count_for_child(
        family_help, "episode__child_id", outer_child
    )


def list_3_referrals(period: Period) -> Iterator[Row]:
    """Referrals to children's social care received in the period, and Family Help's children
    found in need under section 17 in it."""
    referrals = _referrals(period)
    allocations = _allocations(referrals.values("pk"))
    rows = referrals.order_by("started_on", "pk").values(
        "pk",
        "started_on",
        "ended_on",
        "referral_source",
        "referral_nfa",
        team_name=F("team__name"),
        referrals=_referrals_in_year(period, "child_id"),
        **_child_fields("child"),
    )
    yield from _referral_rows(rows, allocations, period)
    periods = _family_help_referrals(period)
    rows = periods.order_by("started_on", "pk").values(
        "started_on",
        "ended_on",
        "referral_source",
        pk=F("episode_id"),
        referral_nfa=Value(False),
        team_name=F("episode__team__name"),
        referrals=_referrals_in_year(period, "episode__child_id"),
        **_child_fields("episode__child"),
    )
    yield from _referral_rows(rows, _allocations(periods.values("episode_id")), period)


def _referral_rows(
    rows: QuerySet, allocations: dict[int, list[_Allocation]], period: Period
) -> Iterator[Row]:
    for row in rows.iterator(CHUNK):
        day = _reference_day(period, row["ended_on"])
        yield (
            *_child_cells(row, period),
            row["started_on"],
            codes.SOURCE.get(row["referral_source"], codes.SOURCE["10"]),
            codes.yes_no(row["referral_nfa"]),
            row["referrals"],
            row["team_name"],
            _allocated_worker(allocations.get(row["pk"], []), day),
        )


# --- list 4: single assessments -----------------------------------------------------------------


def _single_assessments(period: Period) -> QuerySet:
    return Assessment.objects.filter(
        period.overlapping("started_on", "completed_on"), kind=Assessment.Kind.SINGLE
    )


def _seen_during_assessment(period: Period) -> Exists:
    return Exists(
        CaseNote.objects.recorded().filter(
            episode_id=OuterRef("episode_id"),
            child_seen=True,
            occurred_at__lt=period.ends_before,
            occurred_at__date__gte=OuterRef("started_on"),
            occurred_at__date__lte=Coalesce(OuterRef("completed_on"), Value(period.end)),
        )
    )


def list_4_assessments(period: Period) -> Iterator[Row]:
    """Social care single assessments under way at any time in the period."""
    assessments = _single_assessments(period)
    allocations = _allocations(assessments.values("episode_id"))
    rows = assessments.order_by("started_on", "pk").values(
        "episode_id",
        "started_on",
        "completed_on",
        "outcome",
        team_name=F("episode__team__name"),
        episode_ended_on=F("episode__ended_on"),
        seen=_seen_during_assessment(period),
        **_child_fields("episode__child"),
        **_disability_fields("episode__child_id"),
    )
    for row in rows.iterator(CHUNK):
        authorised = period.by_end(row["completed_on"])
        support = row["outcome"] in Assessment.SUPPORT_OUTCOMES if authorised else None
        day = _reference_day(period, row["episode_ended_on"])
        yield (
            *_child_cells(row, period),
            _disability(row),
            row["started_on"],
            codes.yes_no(row["seen"]),
            authorised,
            codes.yes_no(support),
            row["team_name"],
            _allocated_worker(allocations.get(row["episode_id"], []), day),
        )


# --- list 5: section 47 enquiries ---------------------------------------------------------------


def _section47s(period: Period) -> QuerySet:
    return Section47.objects.filter(period.overlapping("strategy_on", "completed_on"))


def list_5_section47s(period: Period) -> Iterator[Row]:
    """Section 47 enquiries under way at any time in the period."""
    enquiries = _section47s(period)
    allocations = _allocations(enquiries.values("episode_id"))
    in_year_s47 = Section47.objects.filter(started_on__range=(period.year_back, period.end))
    in_year_icpc = Meeting.objects.filter(
        kind=Meeting.Kind.ICPC, held_on__range=(period.year_back, period.end)
    )
    rows = enquiries.order_by("strategy_on", "pk").values(
        "episode_id",
        "strategy_on",
        "outcome",
        "completed_on",
        team_name=F("episode__team__name"),
        episode_ended_on=F("episode__ended_on"),
        conference_on=F("conference__held_on"),
        led_to_plan=Exists(
            Plan.objects.filter(kind=Plan.Kind.CP, conference_id=OuterRef("conference_id"))
        ),
        s47s=_count_for_child(in_year_s47, "episode__child_id", "episode__child_id"),
        icpcs=_count_for_child(in_year_icpc, "episode__child_id", "episode__child_id"),
        **_child_fields("episode__child"),
        **_disability_fields("episode__child_id"),
    )
    for row in rows.iterator(CHUNK):
        concluded = period.by_end(row["completed_on"]) is not None
        conference_on = period.by_end(row["conference_on"])
        unnecessary = row["outcome"] != Section47.Outcome.ICPC if concluded else None
        day = _reference_day(period, row["episode_ended_on"])
        yield (
            *_child_cells(row, period),
            _disability(row),
            row["strategy_on"],
            codes.yes_no(unnecessary),
            conference_on,
            codes.yes_no(row["led_to_plan"] if conference_on else None),
            row["s47s"],
            row["icpcs"],
            row["team_name"],
            _allocated_worker(allocations.get(row["episode_id"], []), day),
        )


# --- list 6: children in need -------------------------------------------------------------------


def _children_in_need(period: Period) -> QuerySet:
    return Episode.objects.social_care().filter(period.overlapping("started_on", "ended_on"))


def _family_help_in_need(period: Period) -> QuerySet:
    return Section17Period.objects.filter(period.overlapping("started_on", "ended_on"))


def _open_plan_at_end(period: Period, kind: str, episode: str = "pk") -> Exists:
    return Exists(
        Plan.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=period.end),
            episode_id=OuterRef(episode),
            kind=kind,
            started_on__lte=period.end,
        )
    )


def _last_seen(period: Period, episode: str = "pk") -> Subquery:
    seen = (
        CaseNote.objects.recorded()
        .filter(episode_id=OuterRef(episode), child_seen=True, occurred_at__lt=period.ends_before)
        .order_by()
        .values("episode_id")
        .annotate(last=Max("occurred_at"))
        .values("last")
    )
    return Subquery(seen[:1])


def _case_status(row: dict[str, Any], closed_on: dt.date | None) -> str:
    if closed_on is not None:
        return codes.CLOSED
    if row["on_cp_plan"]:
        return codes.CP_PLAN
    if row["on_cin_plan"]:
        return codes.CIN_PLAN
    return codes.OPEN_ASSESSMENT


def list_6_children_in_need(period: Period) -> Iterator[Row]:
    """Social care episodes (children in need, including those on plans) open at any time in
    the period, and Family Help's periods as a child in need (its plan is their CIN plan)."""
    episodes = _children_in_need(period)
    allocations = _allocations(episodes.values("pk"))
    rows = episodes.order_by("started_on", "pk").values(
        "pk",
        "started_on",
        "ended_on",
        "primary_need",
        "closure_reason",
        team_name=F("team__name"),
        last_seen=_last_seen(period),
        on_cp_plan=_open_plan_at_end(period, Plan.Kind.CP),
        on_cin_plan=_open_plan_at_end(period, Plan.Kind.CIN),
        **_child_fields("child"),
        **_disability_fields("child_id"),
    )
    yield from _child_in_need_rows(rows, allocations, period)
    periods = _family_help_in_need(period)
    rows = periods.order_by("started_on", "pk").values(
        "started_on",
        "ended_on",
        "primary_need",
        "closure_reason",
        pk=F("episode_id"),
        team_name=F("episode__team__name"),
        last_seen=_last_seen(period, "episode_id"),
        on_cp_plan=_open_plan_at_end(period, Plan.Kind.CP, "episode_id"),
        on_cin_plan=_open_plan_at_end(period, Plan.Kind.FAMILY_HELP, "episode_id"),
        **_child_fields("episode__child"),
        **_disability_fields("episode__child_id"),
    )
    yield from _child_in_need_rows(rows, _allocations(periods.values("episode_id")), period)


def _child_in_need_rows(
    rows: QuerySet, allocations: dict[int, list[_Allocation]], period: Period
) -> Iterator[Row]:
    for row in rows.iterator(CHUNK):
        closed_on = period.by_end(row["ended_on"])
        reason = codes.CLOSURE_REASON.get(row["closure_reason"]) if closed_on else None
        yield (
            *_child_cells(row, period),
            _disability(row),
            row["started_on"],
            codes.primary_need(row["primary_need"]),
            _local_day(row["last_seen"]),
            closed_on,
            reason,
            _case_status(row, closed_on),
            row["team_name"],
            _allocated_worker(allocations.get(row["pk"], []), _reference_day(period, closed_on)),
        )


# --- list 7: child protection plans ---------------------------------------------------------


def _cp_plans(period: Period) -> QuerySet:
    return Plan.objects.filter(period.overlapping("started_on", "ended_on"), kind=Plan.Kind.CP)


def _last_visit(period: Period) -> CaseNote:
    """The plan's statutory visits (planned visits under the plan, finished) up to the end of the
    period (or the plan), newest first."""
    return (
        CaseNote.objects.recorded()
        .filter(
            episode_id=OuterRef("episode_id"),
            kind=CaseNote.Kind.VISIT,
            occurred_at__lt=period.ends_before,
            occurred_at__date__gte=OuterRef("started_on"),
            occurred_at__date__lte=Coalesce(OuterRef("ended_on"), Value(period.end)),
        )
        .order_by("-occurred_at", "-pk")
    )


def _reviews_by_end(period: Period) -> QuerySet:
    return PlanReview.objects.filter(plan_id=OuterRef("pk"), reviewed_on__lte=period.end).order_by(
        "-reviewed_on", "-pk"
    )


def _emergency_protection(period: Period) -> Exists:
    """Whether the plan's child was subject to an emergency protection order or police protection
    in the six months to the end of the period, in any of their episodes: one that started by the
    end of the period and ended (or, with no end recorded, started) in those six months."""
    return Exists(
        EmergencyProtection.objects.annotate(last_day=Coalesce("ended_on", "started_on")).filter(
            episode__child_id=OuterRef("episode__child_id"),
            started_on__lte=period.end,
            last_day__gte=period.six_months_back,
        )
    )


def list_7_child_protection(period: Period) -> Iterator[Row]:
    """Child protection plans open at any time in the period."""
    plans = _cp_plans(period)
    allocations = _allocations(plans.values("episode_id"))
    reviews = _reviews_by_end(period)
    visits = _last_visit(period)
    earlier_plans = Plan.objects.filter(kind=Plan.Kind.CP, started_on__lt=OuterRef("started_on"))
    rows = plans.order_by("started_on", "pk").values(
        "episode_id",
        "started_on",
        "ended_on",
        "initial_category",
        team_name=F("episode__team__name"),
        episode_ended_on=F("episode__ended_on"),
        reviewed_on=Subquery(reviews.values("reviewed_on")[:1]),
        reviewed_category=Subquery(reviews.values("category")[:1]),
        visited_at=Subquery(visits.values("occurred_at")[:1]),
        seen_alone=Subquery(visits.values("child_seen_alone")[:1]),
        previous=_count_for_child(earlier_plans, "episode__child_id", "episode__child_id"),
        protected=_emergency_protection(period),
        **_child_fields("episode__child"),
        **_disability_fields("episode__child_id"),
    )
    for row in rows.iterator(CHUNK):
        ended_on = period.by_end(row["ended_on"])
        latest = row["reviewed_category"] or row["initial_category"]
        day = _reference_day(period, ended_on, row["episode_ended_on"])
        yield (
            *_child_cells(row, period),
            _disability(row),
            row["started_on"],
            codes.CATEGORY_OF_ABUSE[row["initial_category"]],
            codes.CATEGORY_OF_ABUSE[latest],
            _local_day(row["visited_at"]),
            codes.yes_no(row["seen_alone"]) if row["visited_at"] else None,
            row["reviewed_on"],
            ended_on,
            codes.yes_no(row["protected"]),
            row["previous"],
            row["team_name"],
            _allocated_worker(allocations.get(row["episode_id"], []), day),
        )


# --- list 8: children looked after (out of scope) -------------------------------------------


def list_8_looked_after(period: Period) -> Iterator[Row]:
    """Children looked after are out of scope (DESIGN §1a): the sheet has its headers only."""
    return iter(())


# --- the lists together -------------------------------------------------------------------------


@dataclass(frozen=True)
class AnnexList:
    number: int
    title: str
    covers: str
    rows: Callable[[Period], Iterator[Row]]
    queryset: Callable[[Period], QuerySet] | None
    #: The lookup from a row of the queryset to the child it names.
    child: str = "episode__child_id"
    #: Family Help's rows of the list (its periods as a child in need), after the others.
    family_help: Callable[[Period], QuerySet] | None = None

    @property
    def sheet_name(self) -> str:
        return f"List {self.number}"

    def count(self, period: Period) -> int:
        counted = self.queryset(period).count() if self.queryset else 0
        return counted + (self.family_help(period).count() if self.family_help else 0)


LISTS = [
    AnnexList(
        1,
        "Contacts",
        "Each child at each contact received in the period",
        list_1_contacts,
        _contacts,
        child="child_id",
    ),
    AnnexList(
        2,
        "Early help assessments",
        "Early help assessments (CAF) under way in the period",
        list_2_early_help,
        _early_help_assessments,
    ),
    AnnexList(
        3,
        "Referrals",
        "Referrals to children's social care received in the period, and children found in "
        "need in Family Help",
        list_3_referrals,
        _referrals,
        child="child_id",
        family_help=_family_help_referrals,
    ),
    AnnexList(
        4,
        "Assessments",
        "Single assessments under way in the period",
        list_4_assessments,
        _single_assessments,
    ),
    AnnexList(
        5,
        "Section 47 enquiries",
        "Section 47 enquiries under way in the period",
        list_5_section47s,
        _section47s,
    ),
    AnnexList(
        6,
        "Children in need",
        "Social care episodes open in the period, including children on plans, and Family "
        "Help's children in need",
        list_6_children_in_need,
        _children_in_need,
        child="child_id",
        family_help=_family_help_in_need,
    ),
    AnnexList(
        7,
        "Child protection",
        "Child protection plans open in the period",
        list_7_child_protection,
        _cp_plans,
    ),
    AnnexList(
        8,
        "Children looked after",
        "Not recorded: children looked after are out of scope",
        list_8_looked_after,
        None,
    ),
]


def counts(period: Period) -> dict[int, int]:
    return {annex.number: annex.count(period) for annex in LISTS}


def child_ids(period: Period) -> set[int]:
    """Every child the workbook names, for the access log."""
    named: set[int] = set()
    for annex in LISTS:
        if annex.queryset:
            named.update(annex.queryset(period).values_list(annex.child, flat=True))
        if annex.family_help:
            named.update(annex.family_help(period).values_list("episode__child_id", flat=True))
    return named
