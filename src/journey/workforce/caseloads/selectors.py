"""Caseloads (R10): what each worker holds on a day, weighted by the kind of work, against their
limit; the open work nobody holds; each read from the dated records, in a fixed number of
queries however much work there is.

The one definition, used wherever Journey checks capacity (the hand-over, the allocation hints,
the team view, the Caseloads pages, the measures):

- a worker holds a piece of work on a day when one of their allocations to it (allocated
  worker, lead professional, lead child protection practitioner) runs that day, and the work is
  open that day. A record "runs" on a day from its start, up to (not including) its end: on a
  hand-over day the work is the receiver's, and work closed that day is no longer held;
- the work counts once for each worker who holds it, with the weight of its kind that day
  (`work_kind`): a child protection plan open that day outweighs everything else, then a child
  in need plan (or, in Family Help, the child's section 17 status), then the kind of episode;
- the weights are the council's (CaseloadWeight; a kind with no row counts 1), read as they are
  now, so a worker's months compare like with like;
- the limit is the worker's own (Worker.caseload_limit), or their role's (CaseloadLimit); a
  worker is over their limit when their weighted caseload is above it, and has room for more
  while it is below it.

Open work is unallocated on a day when nobody holds it in the sense of
`Allocation.objects.holding()` (an allocated worker, or Family Help's lead practitioner), as the
team view counts it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from journey.access.rules import visible_children
from journey.cases.models import Episode, EpisodeKind, Section17Period
from journey.casework.models import Plan
from journey.core.measures import Window
from journey.core.working_days import add_months
from journey.workforce.models import (
    CASE_HOLDING_ROLES,
    Allocation,
    CaseloadLimit,
    CaseloadWeight,
    Role,
    Team,
    Worker,
    WorkKind,
)

User = AbstractBaseUser | AnonymousUser
WEIGHT = DecimalField(max_digits=8, decimal_places=2)
ONE = Decimal("1")
ZERO = Decimal("0")


# --- the dated facts ------------------------------------------------------------------------


def runs_on(day: dt.date, prefix: str = "") -> Q:
    """A dated record (started_on, ended_on) that runs on `day`: started by then, not yet ended."""
    return Q(**{f"{prefix}started_on__lte": day}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": day})
    )


def held_on(day: dt.date) -> Q:
    """Over Allocation: allocations that run on `day`, to work that is open that day."""
    return runs_on(day) & runs_on(day, "episode__")


def _plan_open(kind: str, day: dt.date, episode: str) -> Exists:
    return Exists(Plan.objects.filter(runs_on(day), episode=OuterRef(episode), kind=kind))


def work_kind(day: dt.date, episode: str = "pk", kind: str = "kind") -> Case:
    """The kind of work (WorkKind) an episode is on `day`: over Episode by default, or over a row
    that names its episode (`episode="episode_id", kind="episode__kind"` on an Allocation)."""
    in_need = Exists(Section17Period.objects.filter(runs_on(day), episode=OuterRef(episode)))
    cin_plan = _plan_open(Plan.Kind.CIN, day, episode)
    return Case(
        When(_plan_open(Plan.Kind.CP, day, episode), then=Value(WorkKind.CHILD_PROTECTION)),
        When(
            Q(**{kind: EpisodeKind.SOCIAL_CARE}) & Q(cin_plan), then=Value(WorkKind.CHILD_IN_NEED)
        ),
        When(Q(**{kind: EpisodeKind.SOCIAL_CARE}), then=Value(WorkKind.SOCIAL_CARE)),
        When(
            Q(**{kind: EpisodeKind.FAMILY_HELP}) & (Q(in_need) | Q(cin_plan)),
            then=Value(WorkKind.FAMILY_HELP_IN_NEED),
        ),
        When(Q(**{kind: EpisodeKind.FAMILY_HELP}), then=Value(WorkKind.FAMILY_HELP)),
        When(Q(**{kind: EpisodeKind.EARLY_HELP_CAF}), then=Value(WorkKind.EARLY_HELP_CAF)),
        default=Value(WorkKind.EARLY_HELP_SINGLE_AGENCY),
        output_field=CharField(),
    )


def weight_of(kind: str = "work_kind") -> Coalesce:
    """The council's weight for the kind named by the annotation `kind` (1 where it has none)."""
    weight = CaseloadWeight.objects.filter(kind=OuterRef(kind)).values("weight")[:1]
    return Coalesce(Subquery(weight, output_field=WEIGHT), Value(ONE), output_field=WEIGHT)


def caseload_items(day: dt.date) -> QuerySet[Allocation]:
    """Every piece of work held on `day`, once for each worker who holds it, with its kind
    (`work_kind`) and weight (`weight`) that day."""
    twin = Allocation.objects.filter(
        held_on(day), worker=OuterRef("worker"), episode=OuterRef("episode"), pk__lt=OuterRef("pk")
    )
    return (
        Allocation.objects.filter(held_on(day))
        .filter(~Exists(twin))  # a worker who is both worker and lead on it holds it once
        .annotate(work_kind=work_kind(day, episode="episode_id", kind="episode__kind"))
        .annotate(weight=weight_of())
    )


def with_caseloads(workers: QuerySet[Worker], day: dt.date) -> QuerySet[Worker]:
    """The workers, each annotated with `open_cases` (pieces of work held on `day`),
    `weighted_caseload` and `caseload_limit_now` (theirs, or their role's; None: no limit):
    one query whatever the number of workers."""
    theirs = caseload_items(day).filter(worker=OuterRef("pk")).order_by().values("worker")
    role_limit = CaseloadLimit.objects.filter(role=OuterRef("role")).values("limit")[:1]
    return workers.annotate(
        open_cases=Coalesce(
            Subquery(theirs.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
            Value(0),
        ),
        weighted_caseload=Coalesce(
            Subquery(theirs.annotate(w=Sum("weight")).values("w"), output_field=WEIGHT),
            Value(ZERO),
            output_field=WEIGHT,
        ),
        caseload_limit_now=Coalesce(
            F("caseload_limit"),
            Subquery(role_limit, output_field=IntegerField()),
            output_field=IntegerField(),
        ),
    )


@dataclass(frozen=True)
class Caseload:
    """A worker's caseload on a day: pieces of work, their weighted total, and the limit."""

    open_cases: int
    weighted: Decimal
    limit: int | None

    @property
    def over_limit(self) -> bool:
        return self.limit is not None and self.weighted > self.limit

    @property
    def has_capacity(self) -> bool:
        """Room for more: below the limit (a worker at their limit takes no more)."""
        return self.limit is None or self.weighted < self.limit

    @property
    def weighted_text(self) -> str:
        return weighted_text(self.weighted)

    def __str__(self) -> str:
        pieces = f"{self.open_cases} piece{'' if self.open_cases == 1 else 's'} of work"
        against = f" of a limit of {self.limit}" if self.limit is not None else ""
        return f"weighted {self.weighted_text}{against} ({pieces})"


def weighted_text(value: Decimal | None) -> str:
    """1.50 -> "1.5", 12.00 -> "12"."""
    if value is None:
        return ""
    text = f"{Decimal(value).quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def caseload_of_row(worker: Worker) -> Caseload:
    """The Caseload of a worker read through `with_caseloads`."""
    return Caseload(
        open_cases=worker.open_cases,  # type: ignore[attr-defined]
        weighted=Decimal(worker.weighted_caseload),  # type: ignore[attr-defined]
        limit=worker.caseload_limit_now,  # type: ignore[attr-defined]
    )


def caseloads(workers: QuerySet[Worker], day: dt.date | None = None) -> dict[int, Caseload]:
    """Each worker's caseload on `day` (today by default), by worker id: one query."""
    day = day or timezone.localdate()
    return {w.pk: caseload_of_row(w) for w in with_caseloads(workers, day)}


def caseload_of(worker: Worker, day: dt.date | None = None) -> Caseload:
    """One worker's caseload on `day` (today by default): one query."""
    return caseloads(Worker.objects.filter(pk=worker.pk), day)[worker.pk]


# --- open work nobody holds ------------------------------------------------------------------


def _holder_on(day: dt.date) -> QuerySet[Allocation]:
    return Allocation.objects.holding().filter(runs_on(day), episode=OuterRef("pk"))


def unallocated_on(day: dt.date) -> QuerySet[Episode]:
    """Work open on `day` that nobody holds that day, each with `unallocated_since`: the day its
    last holder's allocation ended, or the day the work opened if nobody has held it."""
    last_held = (
        Allocation.objects.holding()
        .filter(episode=OuterRef("pk"), ended_on__lte=day)
        .order_by()
        .values("episode")
        .annotate(last=Max("ended_on"))
        .values("last")
    )
    return (
        Episode.objects.filter(runs_on(day))
        .filter(~Exists(_holder_on(day)))
        .annotate(unallocated_since=Coalesce(Subquery(last_held), F("started_on")))
    )


# --- the Caseloads page -----------------------------------------------------------------------


@dataclass
class TeamRow:
    team: Team
    open_cases: int = 0
    unallocated: int = 0
    weighted: Decimal = ZERO
    workers: list[Worker] = field(default_factory=list)  # each with its `caseload`
    loads: list[Caseload] = field(default_factory=list)

    @property
    def allocated(self) -> int:
        return self.open_cases - self.unallocated

    @property
    def limits(self) -> int:
        return sum(load.limit or 0 for load in self.loads)

    @property
    def over_limit(self) -> int:
        return sum(1 for load in self.loads if load.over_limit)

    @property
    def weighted_text(self) -> str:
        return weighted_text(self.weighted)


def _team_work(teams: QuerySet[Team], day: dt.date) -> dict[int, dict]:
    rows = (
        Episode.objects.filter(runs_on(day), team__in=teams)
        .annotate(work_kind=work_kind(day), held=Exists(_holder_on(day)))
        .annotate(weight=weight_of())
        .order_by()
        .values("team")
        .annotate(
            n=Count("pk"),
            unallocated=Count("pk", filter=Q(held=False)),
            weighted=Sum("weight"),
        )
    )
    return {row["team"]: dict(row) for row in rows}


def _team_workers(teams: QuerySet[Team], day: dt.date) -> list[Worker]:
    """Case holders in these teams, and anyone else in them who holds work that day."""
    workers = with_caseloads(Worker.objects.filter(team__in=teams), day)
    return list(
        workers.filter(Q(is_active=True, role__in=CASE_HOLDING_ROLES) | Q(open_cases__gt=0))
        .select_related("user")
        .order_by("team__name", "user__last_name", "user__first_name", "pk")
    )


def _visible(viewer: User, child_ids: set[int]) -> set[int]:
    """Which of these children the viewer may see: one query, whatever the number."""
    return set(visible_children(viewer).filter(pk__in=child_ids).values_list("pk", flat=True))


def unallocated_work(teams: QuerySet[Team], viewer: User, day: dt.date) -> list[Episode]:
    """The open work in these teams nobody holds, longest unallocated first, each with
    `days_unallocated`, `work` (its kind that day) and `child_visible`."""
    rows: list[Episode] = list(
        unallocated_on(day)
        .filter(team__in=teams)
        .annotate(work_kind=work_kind(day))
        .select_related("child", "team")
        .order_by(F("unallocated_since").asc(), "team__name", "pk")
    )
    visible = _visible(viewer, {e.child_id for e in rows})
    for episode in rows:
        episode.days_unallocated = (day - episode.unallocated_since).days  # type: ignore[attr-defined]
        episode.work = WorkKind(episode.work_kind).label  # type: ignore[attr-defined]
        episode.child_visible = episode.child_id in visible  # type: ignore[attr-defined]
    return rows


def caseloads_page(teams: QuerySet[Team], viewer: User, day: dt.date | None = None) -> dict:
    """Each team's open work (allocated and not, weighted), its workers against their limits,
    and the unallocated work: four queries, whatever the number of teams, workers or cases."""
    day = day or timezone.localdate()
    team_list = list(teams)
    work = _team_work(teams, day)
    rows = {t.pk: TeamRow(team=t) for t in team_list}
    for team_id, row in work.items():
        rows[team_id].open_cases = row["n"]
        rows[team_id].unallocated = row["unallocated"]
        rows[team_id].weighted = Decimal(row["weighted"] or 0)
    for worker in _team_workers(teams, day):
        load = caseload_of_row(worker)
        worker.caseload = load  # type: ignore[attr-defined]
        team_row = rows[worker.team_id]  # type: ignore[index]
        team_row.workers.append(worker)
        team_row.loads.append(load)
    unallocated = unallocated_work(teams, viewer, day)
    # Teams that hold no work and have no one to hold it (quality assurance) are left out.
    team_rows = [rows[t.pk] for t in team_list if rows[t.pk].open_cases or rows[t.pk].workers]
    return {
        "day": day,
        "team_rows": team_rows,
        "open_count": sum(r.open_cases for r in team_rows),
        "unallocated_count": sum(r.unallocated for r in team_rows),
        "over_limit_count": sum(r.over_limit for r in team_rows),
        "unallocated": unallocated,
        "restricted_unallocated": sum(not e.child_visible for e in unallocated),  # type: ignore[attr-defined]
    }


# --- a worker's caseload over the year ----------------------------------------------------------


def month_ends(today: dt.date, months: int = 12) -> list[Window]:
    """The last `months` months up to this one (this month as at today), oldest first."""
    first = today.replace(day=1)
    return [Window.month(add_months(first, -n), today) for n in range(months - 1, -1, -1)]


def caseload_history(worker: Worker, today: dt.date | None = None) -> list[tuple[Window, Caseload]]:
    """The worker's caseload at the end of each of the last 12 months (this month: today), read
    from the dated allocations and plans, against their limit as it is now: one query."""
    today = today or timezone.localdate()
    windows = month_ends(today)
    annotations = {}
    for n, window in enumerate(windows):
        theirs = (
            caseload_items(window.as_at).filter(worker=OuterRef("pk")).order_by().values("worker")
        )
        annotations[f"n{n}"] = Coalesce(
            Subquery(theirs.annotate(c=Count("pk")).values("c"), output_field=IntegerField()),
            Value(0),
        )
        annotations[f"w{n}"] = Coalesce(
            Subquery(theirs.annotate(s=Sum("weight")).values("s"), output_field=WEIGHT),
            Value(ZERO),
            output_field=WEIGHT,
        )
    row = with_caseloads(Worker.objects.filter(pk=worker.pk), today).annotate(**annotations).get()
    limit = row.caseload_limit_now  # type: ignore[attr-defined]
    return [
        (w, Caseload(getattr(row, f"n{n}"), Decimal(getattr(row, f"w{n}")), limit))
        for n, w in enumerate(windows)
    ]


def held_work(worker: Worker, viewer: User, day: dt.date | None = None) -> list[Allocation]:
    """The work the worker holds on `day`, heaviest first, each with `work` (its kind that day)
    and `child_visible`: two queries."""
    day = day or timezone.localdate()
    rows = list(
        caseload_items(day)
        .filter(worker=worker)
        .select_related("episode__child", "episode__team")
        .order_by(F("weight").desc(), "episode__started_on", "pk")
    )
    visible = _visible(viewer, {a.episode.child_id for a in rows})
    for allocation in rows:
        allocation.work = WorkKind(allocation.work_kind).label  # type: ignore[attr-defined]
        allocation.weight_text = weighted_text(allocation.weight)  # type: ignore[attr-defined]
        allocation.child_visible = allocation.episode.child_id in visible  # type: ignore[attr-defined]
    return rows


# --- the council's weights and limits ---------------------------------------------------------


@dataclass(frozen=True)
class RuleChange:
    """One change to a weight or a limit: what, from what to what, who, when and why."""

    what: str
    before: str
    after: str
    by: str
    at: dt.datetime
    reason: str


def _changes(
    history: QuerySet, name: Callable[[Any], str], value: Callable[[Any], str]
) -> list[RuleChange]:
    """Every change to the rows' figures, each against the one before it (the first: "none")."""
    changes: list[RuleChange] = []
    before: dict[int, str] = {}
    for version in history.select_related("history_user").order_by("history_date", "pk"):
        user = version.history_user
        if before.get(version.id) == value(version):
            continue  # saved again with the same figure
        changes.append(
            RuleChange(
                what=name(version),
                before=before.get(version.id, "none"),
                after=value(version),
                by=(user.get_full_name() or user.username) if user else "Journey",
                at=version.history_date,
                reason=version.reason,
            )
        )
        before[version.id] = value(version)
    return changes


def weights_and_limits() -> dict:
    """Every kind of work with its weight, every role's limit, and every change made to them,
    latest first: four queries. (The tables are a few rows long, changed a few times a year.)"""
    weights = {w.kind: w for w in CaseloadWeight.objects.all()}
    limits = list(CaseloadLimit.objects.all())
    changes = _changes(
        CaseloadWeight.history.all(),  # type: ignore[attr-defined]
        lambda v: f"Weight: {WorkKind(v.kind).label}",
        lambda v: weighted_text(v.weight),
    ) + _changes(
        CaseloadLimit.history.all(),  # type: ignore[attr-defined]
        lambda v: f"Limit: {Role(v.role).label}",
        lambda v: str(v.limit),
    )
    changes.sort(key=lambda c: c.at, reverse=True)
    return {
        "weights": [
            (kind, weighted_text(weights[kind.value].weight) if kind.value in weights else None)
            for kind in WorkKind
        ],
        "limits": limits,
        "changes": changes,
    }
