"""Reads for the CAF tracker and the single-agency tracker, shaped per screen.

Who sees which rows: only children the user may see (access.rules.visibility_filter, the
one rule); an external lead professional only the work they are allocated to. Within that, the
team filter starts at the user's own team (a head of service: their service; the assistant
director and QA: everything).

A page of the CAF tracker is two queries whatever the data: the open episodes in scope that the
user may see (their keys), then the page itself with its total, filtered and sorted in the
database (the drift rules are SQL, so the flag filter and the "flags" sort run there too).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar

from django.conf import settings
from django.contrib.auth.models import User
from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    FilteredRelation,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
    Window,
)

from journey.access.rules import (
    episode_scope,
    hidden_drift_flags,
    visibility_filter,
    worker_for,
)
from journey.cases.models import EarlyHelpClosureReason, Episode, EpisodeKind
from journey.people.models import Person
from journey.tracker.models import DriftFlagSnapshot
from journey.tracker.rules import (
    LEAD_COLUMNS,
    RULES,
    RULES_BY_CODE,
    DriftParams,
    DriftRule,
    Flag,
    PlusDays,
    facts,
    flag_count,
    flags_of,
    lead_professional,
    since_annotations,
)
from journey.workforce.models import Allocation, Role, Team, Worker

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.expressions import Combinable
    from django.db.models.sql.compiler import SQLCompiler
    from django_stubs_ext import WithAnnotations

PAGE_SIZE = 50
ALL = "all"
#: The team filter's "my cases": work the user holds, as allocated worker or lead professional.
MINE = "mine"
#: The outcome column of work with no outcome measure.
NOT_MEASURED = "Not measured"
#: EpisodeOutcome.last_point of work measured only at its start (outcomes' Point.START).
AT_START = "start"


# --- scope: which rows a user may have, and their default team filter ------------------------


def default_team(worker: Worker | None) -> str:
    """The team filter a user starts with: a case holder's own cases, a manager's team, a head
    of service's service, or everything."""
    if worker is None or worker.is_external:
        return ALL
    if worker.role in {Role.PRACTITIONER, Role.SOCIAL_WORKER}:
        return MINE
    if worker.role == Role.HEAD_OF_SERVICE and worker.service_id:
        return f"s{worker.service_id}"
    if worker.role in {Role.ASSISTANT_DIRECTOR, Role.QA_OFFICER} or not worker.team_id:
        return ALL
    return str(worker.team_id)


def team_choices() -> list[tuple[str, str]]:
    teams = list(Team.objects.filter(is_active=True).select_related("service"))
    services = sorted({(t.service_id, t.service.name) for t in teams}, key=lambda s: s[1])
    return [
        (MINE, "My cases"),
        (ALL, "All teams"),
        *((f"s{pk}", f"All of {name}") for pk, name in services),
        *((str(t.pk), t.name) for t in sorted(teams, key=lambda t: t.name)),
    ]


def _in_team(
    team: str, worker: Worker | None = None, episode: str = "pk", *, ever: bool = False
) -> Q:
    """The team filter as a Q: everything, a service, a team, or (MINE) the work the worker
    holds now (or, `ever`, has held: closed work); `episode` is the path to the episode."""
    if team == MINE:
        allocations = Allocation.objects.all() if ever else Allocation.objects.current()
        held = allocations.filter(worker=worker).values("episode_id")
        return Q(**{f"{episode}__in": held}) if worker else Q(pk__in=[])
    if not team or team == ALL:
        return Q()
    if team.startswith("s"):
        return Q(team__service_id=int(team[1:]))
    return Q(team_id=int(team))


class InArray(Func):
    """`value IN (subquery)`, written for PostgreSQL as `value = ANY(ARRAY(subquery))`.

    The subquery then runs once (an InitPlan) and the planner looks rows up by key, instead of
    guessing the size of the set (which it cannot for the visibility rule's OR of sets).
    """

    output_field = BooleanField()

    def as_sql(
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, tuple[Any, ...]]:
        value, value_params = compiler.compile(self.source_expressions[0])
        subquery, subquery_params = compiler.compile(self.source_expressions[1])
        return f"{value} IN {subquery}", (*value_params, *subquery_params)

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, tuple[Any, ...]]:
        value, value_params = compiler.compile(self.source_expressions[0])
        subquery, subquery_params = compiler.compile(self.source_expressions[1])
        return f"{value} = ANY(ARRAY{subquery})", (*value_params, *subquery_params)


_Rows = TypeVar("_Rows", bound=QuerySet[Any])


def only_visible(rows: _Rows, user: User, child: str = "child_id") -> _Rows:
    """These rows, for children the user may see (access.rules.visibility_filter).

    The rule is checked for the rows' own children only, looked up by key, so a team's few
    hundred episodes never make the database work out every child the user may see.
    """
    candidates = Subquery(rows.order_by().values(child))
    visible = Person.objects.filter(InArray(F("pk"), candidates)).filter(visibility_filter(user))
    return rows.filter(InArray(F(child), Subquery(visible.values("pk"))))


class InList(Func):
    """`value IN (a list of keys)`, sent to PostgreSQL as one array parameter (`= ANY(%s)`),
    so a few hundred keys cost nothing to send however many queries use them."""

    output_field = BooleanField()

    def __init__(self, expression: Combinable, values: list[int]) -> None:
        super().__init__(expression)
        self.values = list(values)

    def as_sql(
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, tuple[Any, ...]]:
        value, params = compiler.compile(self.source_expressions[0])
        if not self.values:
            return "1 = 0", ()
        marks = ", ".join(["%s"] * len(self.values))
        return f"{value} IN ({marks})", (*params, *self.values)

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, tuple[Any, ...]]:
        value, params = compiler.compile(self.source_expressions[0])
        return f"{value} = ANY(%s)", (*params, self.values)


def scoped_episodes(user: User, kind: str, team: str = ALL) -> QuerySet[Episode]:
    """Open episodes of this kind that the user may see, in the chosen team or service.

    Worked out once (one query) and then carried as a list of keys, so the page's other
    queries do not each check visibility again.
    """
    worker = worker_for(user)
    if worker is None:
        return Episode.objects.none()
    episodes = Episode.objects.filter(kind=kind, ended_on__isnull=True)
    if worker.is_external:
        episodes = episodes.filter(episode_scope(user))  # the early help they lead
    else:
        episodes = episodes.filter(_in_team(team, worker))
    ids = list(only_visible(episodes, user).values_list("pk", flat=True))
    return Episode.objects.filter(InList(F("pk"), ids))


# --- sorting ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    #: Database fields to order by; a leading "-" reverses that field (days open = oldest first).
    order: tuple[str, ...]
    numeric: bool = False
    #: The first click's order: "-" (most first) for counts and days open, so a first click
    #: always puts the most urgent work at the top.
    first: str = ""
    #: Empty dates are the most urgent (no TAF yet): first in the first click's order.
    empty_first: bool = False

    @property
    def first_sort(self) -> str:
        return f"{self.first}{self.key}"


CAF_COLUMNS = (
    Column("child", "Child", ("child__last_name", "child__first_name")),
    Column("team", "Team", ("team__name",)),
    Column("lead", "Lead professional", ("lead_last", "lead_first")),
    Column("agency", "Agency", ("lead_agency",)),
    Column("days", "Days open", ("-started_on",), numeric=True, first="-"),
    Column("last_taf", "Last TAF", ("taf_last_held",), empty_first=True),
    Column("next_taf", "Next TAF due", ("taf_next_due",), empty_first=True),
    Column("open_actions", "Open actions", ("open_actions",), numeric=True, first="-"),
    Column("overdue_actions", "Overdue actions", ("overdue_actions",), numeric=True, first="-"),
    # Most urgent first: a review measure overdue (the longest overdue first), not measured,
    # measured at start, reviewed, the closing measure recorded.
    Column("outcome", "Outcome measure", ("outcome_rank", "outcome_review_due")),
    Column("flags", "Drift flags", ("flag_count",), first="-"),
)
SINGLE_AGENCY_COLUMNS = (
    Column("child", "Child", ("child__last_name", "child__first_name")),
    Column("team", "Team", ("team__name",)),
    Column("worker", "Worker", ("worker_last", "worker_first")),
    Column("days", "Days open", ("-started_on",), numeric=True, first="-"),
)
CAF_DEFAULT_SORT = "-flags"
SINGLE_AGENCY_DEFAULT_SORT = "-days"
TIE_BREAK = ("child__last_name", "child__first_name", "pk")


def order_by(sort: str, columns: tuple[Column, ...]) -> list:
    """ORDER BY for "key" (ascending) or "-key" (descending). Empty values come last, except in
    a date column's most-urgent order, where no date (no TAF yet) is the most urgent of all."""
    descending = sort.startswith("-")
    column = next(c for c in columns if c.key == sort.lstrip("-"))
    empty_first = column.empty_first and sort == column.first_sort
    ordering = []
    for name in column.order:
        reverse = name.startswith("-") != descending
        expression = F(name.lstrip("-"))
        nulls = {"nulls_first": True} if empty_first else {"nulls_last": True}
        ordering.append(expression.desc(**nulls) if reverse else expression.asc(**nulls))
    return ordering + list(TIE_BREAK)


# --- the CAF tracker ------------------------------------------------------------------------


@dataclass(frozen=True)
class TrackerFilter:
    team: str = ALL
    lead: int | None = None
    agency: int | None = None
    flag: str = ""
    sort: str = CAF_DEFAULT_SORT
    name: str = ""


def named(name: str) -> Q:
    """Children whose first or last name holds every word typed ("rub ash" finds Ruby Ashworth)."""
    condition = Q()
    for word in name.split()[:4]:
        condition &= Q(child__first_name__icontains=word) | Q(child__last_name__icontains=word)
    return condition


def outcome_rank(today: dt.date) -> Case:
    """The outcome column's order, over the outcome facts (tracker.rules.outcome_facts)."""
    return Case(
        When(outcome_review_due__lt=today, then=0),
        When(outcome_measures=0, then=1),
        When(outcome_closing=True, then=4),
        When(outcome_last_point=AT_START, then=2),
        default=3,
        output_field=IntegerField(),
    )


def _annotated(
    episodes: QuerySet[Episode], today: dt.date, params: DriftParams
) -> QuerySet[Episode]:
    """The lead professional, the facts (with the outcome measures' status), the flags."""
    return (
        episodes.annotate(**lead_professional())
        .annotate(**LEAD_COLUMNS)
        .annotate(**facts(today, params))
        .annotate(**since_annotations(params))
        .alias(flag_count=flag_count(today), outcome_rank=outcome_rank(today))
    )


def caf_queryset(
    user: User, today: dt.date, filters: TrackerFilter, params: DriftParams
) -> QuerySet[Episode]:
    """Open CAF work this user may see, filtered, with what sorting and filtering need."""
    episodes = _annotated(
        scoped_episodes(user, EpisodeKind.EARLY_HELP_CAF, filters.team), today, params
    )
    # lead_allocation is a FilteredRelation added by annotate(**lead_professional()), a name the
    # django-stubs plugin cannot see, so it refuses lookups through it.
    if filters.lead:
        episodes = episodes.filter(lead_allocation__worker_id=filters.lead)  # type: ignore[misc]
    if filters.agency:
        episodes = episodes.filter(lead_allocation__worker__agency_id=filters.agency)  # type: ignore[misc]
    if filters.flag:
        episodes = episodes.filter(RULES_BY_CODE[filters.flag].condition(today))
    if filters.name:
        episodes = episodes.filter(named(filters.name))
    return episodes.order_by(*order_by(filters.sort, CAF_COLUMNS))


@dataclass
class TrackerRow:
    """One episode on a tracker page: the annotated episode, and what the page shows of it.

    The annotations differ by page (the CAF tracker's lead professional and TAF dates, added by
    annotate(**...) where the django-stubs plugin cannot see their names; the single-agency
    tracker's worker), so `episode` is typed as a plain Episode and reading an annotation is
    marked `type: ignore[attr-defined]`."""

    episode: Episode
    days_open: int
    flags: list[Flag]
    next_taf_overdue: bool = False
    outcome: OutcomeStatus | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.episode, name)

    @property
    def lead_name(self) -> str:
        e = self.episode
        return f"{e.lead_first} {e.lead_last}".strip() if e.lead_worker_id else ""  # type: ignore[attr-defined]

    @property
    def started_text(self) -> str:
        return short_date(self.episode.started_on)

    @property
    def last_taf_text(self) -> str:
        return short_date(self.episode.taf_last_held)  # type: ignore[attr-defined]

    @property
    def next_taf_text(self) -> str:
        return short_date(self.episode.taf_next_due)  # type: ignore[attr-defined]

    @property
    def worker_name(self) -> str:
        e = self.episode
        return f"{e.worker_first} {e.worker_last}".strip() if e.worker_id else ""  # type: ignore[attr-defined]


def short_date(day: dt.date | None) -> str:
    return f"{day:%-d %b %Y}" if day else ""


@dataclass(frozen=True)
class OutcomeStatus:
    """The outcome column of one row: what it says, and the date beside it."""

    label: str
    day: dt.date | None = None
    overdue: bool = False

    @property
    def text(self) -> str:
        if self.overdue:
            return f"{self.label} since {short_date(self.day)}"
        return f"{self.label} {short_date(self.day)}".strip()


def outcome_status(episode: Any, today: dt.date) -> OutcomeStatus:
    """Where the work's outcome measures stand, from the outcome facts: a review measure
    overdue (since the day after it was due), not measured, the closing measure recorded,
    reviewed (on the latest review's date) or measured at start."""
    due = episode.outcome_review_due
    if due is not None and due < today:
        return OutcomeStatus("Review measure overdue", due + dt.timedelta(days=1), overdue=True)
    if not episode.outcome_measures:
        return OutcomeStatus(NOT_MEASURED)
    if episode.outcome_closing:
        return OutcomeStatus("Closing measure recorded")
    if episode.outcome_last_point == AT_START:
        return OutcomeStatus("Measured at start")
    return OutcomeStatus("Reviewed", episode.outcome_last_on)


def drift_rules_for(user: User) -> tuple[DriftRule, ...]:
    """The drift rules whose flags this user sees (a partner: not the council's own)."""
    hidden = hidden_drift_flags(user)
    return tuple(rule for rule in RULES if rule.code not in hidden)


def _rows(
    episodes: list[Episode], today: dt.date, params: DriftParams, user: User
) -> list[TrackerRow]:
    shown = {rule.code for rule in drift_rules_for(user)}
    return [
        TrackerRow(
            episode=e,
            days_open=(today - e.started_on).days,
            flags=[flag for flag in flags_of(e, today, params) if flag.rule.code in shown],
            next_taf_overdue=bool(e.taf_next_due and e.taf_next_due < today),  # type: ignore[attr-defined]
            outcome=outcome_status(e, today),
        )
        for e in episodes
    ]


def _details(queryset: QuerySet[Episode]) -> QuerySet[Episode]:
    return queryset.select_related("child", "team")


class CountedPaginator(Paginator):
    """A paginator told its count (from the page query's COUNT(*) OVER ()), not asking for it."""

    def __init__(self, count: int, per_page: int) -> None:
        super().__init__([], per_page)
        self.__dict__["count"] = count


def page_of(queryset: QuerySet, page_number: str | int | None) -> tuple[Page, list]:
    """One page of a sorted queryset, counted in the same query (COUNT(*) OVER ()): a page is
    one query, not a count and then a page. Past the end, the last page (as get_page does)."""
    try:
        number = max(1, int(page_number or 1))
    except (TypeError, ValueError):
        number = 1
    counted = queryset.annotate(total=Window(Count("pk")))
    rows = list(counted[(number - 1) * PAGE_SIZE : number * PAGE_SIZE])
    if not rows and number > 1:
        number = max(1, -(-queryset.count() // PAGE_SIZE))
        rows = list(counted[(number - 1) * PAGE_SIZE : number * PAGE_SIZE])
    total = rows[0].total if rows else 0
    return Page(rows, number, CountedPaginator(total, PAGE_SIZE)), rows


def caf_tracker_page(
    user: User,
    today: dt.date,
    filters: TrackerFilter,
    page_number: str | int | None = 1,
    params: DriftParams | None = None,
) -> tuple[Page, list[TrackerRow]]:
    """One page of the tracker, with every fact and flag of its rows."""
    params = params or DriftParams.from_settings()
    page, episodes = page_of(_details(caf_queryset(user, today, filters, params)), page_number)
    return page, _rows(episodes, today, params, user)


def caf_tracker_all(
    user: User,
    today: dt.date,
    filters: TrackerFilter,
    params: DriftParams | None = None,
) -> list[TrackerRow]:
    """Every row of the current view, in order (the XLSX export)."""
    params = params or DriftParams.from_settings()
    episodes = list(_details(caf_queryset(user, today, filters, params)))
    return _rows(episodes, today, params, user)


@dataclass(frozen=True)
class Holder:
    """A worker who holds tracked work, as the filter lists them."""

    pk: int
    name: str
    agency_id: int
    agency: str


def _holders(user: User, team: str, kind: str, allocation: str) -> list[Holder]:
    """Workers with a current allocation of this kind on open work of this kind in the team."""
    worker = worker_for(user)
    if worker is None or worker.is_external:
        return []
    holding = Allocation.objects.current().filter(
        kind=allocation, episode__kind=kind, episode__ended_on__isnull=True
    )
    if team == MINE:
        mine = Allocation.objects.current().filter(worker=worker).values("episode_id")
        holding = holding.filter(episode_id__in=mine)
    elif team and team != ALL:
        holding = holding.filter(
            **(
                {"episode__team__service_id": int(team[1:])}
                if team.startswith("s")
                else {"episode__team_id": int(team)}
            )
        )
    rows = (
        Worker.objects.filter(pk__in=holding.values("worker_id"))
        .order_by("user__last_name", "user__first_name", "pk")
        .values_list("pk", "user__first_name", "user__last_name", "agency_id", "agency__name")
    )
    return [Holder(pk, f"{first} {last}".strip(), a_id, a) for pk, first, last, a_id, a in rows]


def lead_choices(user: User, team: str) -> list[Holder]:
    """Lead professionals holding open CAF work in the chosen team (for the filter)."""
    return _holders(user, team, EpisodeKind.EARLY_HELP_CAF, Allocation.Kind.LEAD_PROFESSIONAL)


# --- the trend: drift flags this month against last month, from the nightly snapshots -------


@dataclass
class TrendRow:
    code: str
    name: str
    last: int
    this: int

    @property
    def change(self) -> int:
        return self.this - self.last

    @property
    def fall(self) -> int:
        return self.last - self.this


@dataclass
class Trend:
    this_date: dt.date | None
    last_date: dt.date | None
    rows: list[TrendRow] = field(default_factory=list)

    @property
    def this_total(self) -> int:
        return sum(r.this for r in self.rows)

    @property
    def last_total(self) -> int:
        return sum(r.last for r in self.rows)

    @property
    def change(self) -> int:
        return self.this_total - self.last_total

    @property
    def fall(self) -> int:
        return self.last_total - self.this_total


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def latest_snapshot(start: dt.date, end: dt.date) -> dt.date | None:
    return (
        DriftFlagSnapshot.objects.filter(taken_on__gte=start, taken_on__lte=end)
        .order_by("-taken_on")
        .values_list("taken_on", flat=True)
        .first()
    )


def trend(user: User, today: dt.date, filters: TrackerFilter) -> Trend:
    """Flags by rule at the latest snapshot this month and the last snapshot of last month.

    Filtered like the tracker (team, lead professional and agency as they were on the day of
    the snapshot) and only for children the user may see.
    """
    this_start = month_start(today)
    last_start = month_start(this_start - dt.timedelta(days=1))
    this_date = latest_snapshot(this_start, today)
    last_date = latest_snapshot(last_start, this_start - dt.timedelta(days=1))
    result = Trend(this_date, last_date)
    dates = [d for d in (this_date, last_date) if d]
    worker = worker_for(user)
    counts: dict[tuple[dt.date | None, str], int] = {}
    if dates and worker is not None:
        snapshots = DriftFlagSnapshot.objects.filter(taken_on__in=dates)
        if worker.is_external:
            snapshots = snapshots.filter(lead=worker)
        else:
            snapshots = snapshots.filter(_in_team(filters.team, worker, "episode_id"))
        if filters.lead:
            snapshots = snapshots.filter(lead_id=filters.lead)
        if filters.agency:
            snapshots = snapshots.filter(agency_id=filters.agency)
        if filters.flag:
            snapshots = snapshots.filter(rule=filters.flag)
        snapshots = only_visible(snapshots, user)
        for row in snapshots.values("taken_on", "rule").annotate(n=Count("id")).order_by():
            counts[(row["taken_on"], row["rule"])] = row["n"]
    for rule in drift_rules_for(user):
        if filters.flag and rule.code != filters.flag:
            continue
        result.rows.append(
            TrendRow(
                rule.code,
                rule.name,
                last=counts.get((last_date, rule.code), 0),
                this=counts.get((this_date, rule.code), 0),
            )
        )
    return result


# --- the drift scan (the nightly snapshot's work) -------------------------------------------


@dataclass(frozen=True)
class ScannedFlag:
    episode_id: int
    child_id: int
    rule: str
    since: dt.date
    team_id: int
    lead_id: int | None
    agency_id: int | None


def drift_scan(today: dt.date, params: DriftParams | None = None) -> Iterator[ScannedFlag]:
    """Every drift flag on every open CAF episode in the council (no visibility: a job)."""
    params = params or DriftParams.from_settings()
    episodes = (
        Episode.objects.filter(kind=EpisodeKind.EARLY_HELP_CAF, ended_on__isnull=True)
        .annotate(**lead_professional())
        .annotate(**facts(today, params))
        .annotate(**since_annotations(params))
        .order_by("pk")
    )
    fields = [rule.since_field for rule in RULES]
    rows = episodes.values_list(
        "pk",
        "child_id",
        "team_id",
        "lead_allocation__worker_id",
        "lead_allocation__worker__agency_id",
        *fields,
    )
    for pk, child_id, team_id, lead_id, agency_id, *sinces in rows.iterator(chunk_size=2000):
        for rule, since in zip(RULES, sinces, strict=True):
            if rule.raised(since, today):
                yield ScannedFlag(pk, child_id, rule.code, since, team_id, lead_id, agency_id)


def episode_flags(
    episode: Episode, today: dt.date, params: DriftParams | None = None
) -> list[Flag]:
    """The drift flags on one CAF episode as of `today` (none once the work is closed)."""
    params = params or DriftParams.from_settings()
    row = (
        Episode.objects.filter(
            pk=episode.pk, kind=EpisodeKind.EARLY_HELP_CAF, ended_on__isnull=True
        )
        .annotate(**lead_professional())
        .annotate(**facts(today, params))
        .annotate(**since_annotations(params))
        .first()
    )
    return flags_of(row, today, params) if row else []


# --- the single-agency (level 2) tracker -----------------------------------------------------


@dataclass(frozen=True)
class SingleAgencyFilter:
    team: str = ALL
    worker: int | None = None
    sort: str = SINGLE_AGENCY_DEFAULT_SORT


class _WorkerColumns(TypedDict):
    """The single-agency tracker's annotations: the allocated worker."""

    worker_allocation: Any  # the FilteredRelation: looked up through, never read
    worker_id: int | None
    worker_first: str | None
    worker_last: str | None


def _with_worker(episodes: QuerySet[Episode]) -> QuerySet[WithAnnotations[Episode, _WorkerColumns]]:
    return episodes.annotate(
        worker_allocation=FilteredRelation(
            "allocations",
            condition=Q(
                allocations__kind=Allocation.Kind.WORKER, allocations__ended_on__isnull=True
            ),
        )
    ).annotate(
        worker_id=F("worker_allocation__worker_id"),
        worker_first=F("worker_allocation__worker__user__first_name"),
        worker_last=F("worker_allocation__worker__user__last_name"),
    )


def single_agency_page(
    user: User,
    today: dt.date,
    filters: SingleAgencyFilter,
    page_number: str | int | None = 1,
) -> tuple[Page, list[TrackerRow]]:
    episodes = _with_worker(
        scoped_episodes(user, EpisodeKind.EARLY_HELP_SINGLE_AGENCY, filters.team)
    )
    if filters.worker:
        episodes = episodes.filter(worker_allocation__worker_id=filters.worker)
    episodes = episodes.select_related("child", "team").order_by(
        *order_by(filters.sort, SINGLE_AGENCY_COLUMNS)
    )
    page, rows = page_of(episodes, page_number)
    return page, [TrackerRow(e, (today - e.started_on).days, flags=[]) for e in rows]


def single_agency_worker_choices(user: User, team: str) -> list[Holder]:
    """Workers allocated open single-agency work in the chosen team (for the filter)."""
    return _holders(user, team, EpisodeKind.EARLY_HELP_SINGLE_AGENCY, Allocation.Kind.WORKER)


@dataclass(frozen=True)
class EscalationSummary:
    """Single-agency work closed in the last 12 months, and how much of it escalated."""

    since: dt.date
    window_days: int
    closed: int
    stepped_up: int
    social_care_after: int
    recently_closed: int

    @property
    def escalated(self) -> int:
        return self.stepped_up + self.social_care_after

    @property
    def without_escalating(self) -> int:
        return self.closed - self.escalated

    @property
    def percent_without_escalating(self) -> int | None:
        return round(100 * self.without_escalating / self.closed) if self.closed else None


def single_agency_outcomes(user: User, today: dt.date, team: str = ALL) -> EscalationSummary:
    """Closed single-agency episodes in the last 12 months: stepped up (closure reason EH2),
    or followed by a social care episode within the escalation window, or neither."""
    window = int(getattr(settings, "JOURNEY_ESCALATION_WINDOW_DAYS", 182))
    since = today - dt.timedelta(days=365)
    worker = worker_for(user)
    if worker is None:
        return EscalationSummary(since, window, 0, 0, 0, 0)
    closed = Episode.objects.filter(
        kind=EpisodeKind.EARLY_HELP_SINGLE_AGENCY,
        ended_on__gte=since,
        ended_on__lte=today,
    )
    if worker.is_external:
        closed = closed.filter(episode_scope(user))  # none: they lead open work only
    else:
        closed = closed.filter(_in_team(team, worker, ever=True))
    closed = only_visible(closed, user)
    social_care_after = Episode.objects.filter(
        child_id=OuterRef("child_id"),
        kind=EpisodeKind.SOCIAL_CARE,
        started_on__gte=OuterRef("ended_on"),
        started_on__lte=PlusDays(OuterRef("ended_on"), window),
    )
    stepped_up = Q(closure_reason=EarlyHelpClosureReason.STEPPED_UP)
    counts = closed.annotate(followed=Exists(social_care_after)).aggregate(
        closed=Count("pk"),
        stepped_up=Count("pk", filter=stepped_up),
        social_care_after=Count("pk", filter=Q(followed=True) & ~stepped_up),
        recently_closed=Count(
            "pk",
            filter=Q(ended_on__gt=today - dt.timedelta(days=window), followed=False) & ~stepped_up,
        ),
    )
    return EscalationSummary(since=since, window_days=window, **counts)
