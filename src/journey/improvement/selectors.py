"""Reads for improvement plans and the measures: each shaped for one page, with a constant number
of queries however many plans, actions, updates or months there are."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from journey.access.rules import visible_children
from journey.core import measures as registry
from journey.core.measures import Measure, Tally, Window
from journey.core.working_days import add_months
from journey.improvement.models import (
    Action,
    Area,
    ImprovementPlan,
    MeasureFigure,
    ProgressUpdate,
    Rag,
    RagOverride,
    RatingSnapshot,
)
from journey.improvement.rag import Point, Rating, last_full_month, rate, trend_months
from journey.people.models import Person
from journey.workforce.models import Service, Team, Worker

HISTORY_MONTHS = 12
LIST_PAGE_SIZE = 50


# --- figures -----------------------------------------------------------------------------------


def months_to(last: dt.date, count: int = HISTORY_MONTHS) -> list[dt.date]:
    """`count` month starts ending with the month of `last`, oldest first."""
    first = last.replace(day=1)
    return [add_months(first, -back) for back in range(count - 1, -1, -1)]


Series = dict[tuple[str, int | None], dict[dt.date, Tally]]


def stored_series(
    keys: Iterable[str], months: Sequence[dt.date], teams: bool | Iterable[int] = True
) -> Series:
    """(measure, team or None) -> month -> the stored tally: one query. `teams`: every team
    (True), the council's figure only (False), or the council's and these teams'."""
    figures = MeasureFigure.objects.filter(
        measure__in=list(keys), month__in=list(months), worker__isnull=True
    )
    if teams is False:
        figures = figures.filter(team__isnull=True)
    elif teams is not True:
        figures = figures.filter(Q(team__isnull=True) | Q(team__in=list(teams)))
    series: Series = defaultdict(dict)
    for measure, team, month, numerator, denominator in figures.values_list(
        "measure", "team_id", "month", "numerator", "denominator"
    ):
        series[(measure, team)][month] = Tally(numerator, denominator)
    return series


def points(
    measure: Measure, tallies: dict[dt.date, Tally], months: Sequence[dt.date]
) -> list[Point]:
    return [Point(m, tallies[m].value(measure.unit) if m in tallies else None) for m in months]


# --- an action's rating -----------------------------------------------------------------------


@dataclass(frozen=True)
class ActionRating:
    rag: str  # "" when the lead has not rated an unmeasured action yet
    how: str  # "measure", "override", "lead" or "unrated"
    reason: str
    computed: Rating | None = None
    override: RagOverride | None = None

    @property
    def label(self) -> str:
        return Rag(self.rag).label if self.rag else "Not rated yet"

    @property
    def tag_class(self) -> str:
        return {
            Rag.ACHIEVED: "govuk-tag--green",
            Rag.ON_TASK: "govuk-tag--yellow",
            Rag.AT_RISK: "govuk-tag--red",
        }.get(self.rag, "govuk-tag--grey")  # type: ignore[call-overload]


def with_latest(actions: QuerySet[Action]) -> QuerySet[Action]:
    """Actions with their progress log (newest first) and overrides, in two more queries."""
    return actions.select_related(
        "area", "area__plan", "lead__user", "responsible_officer__user", "measure_team"
    ).prefetch_related(
        Prefetch("updates", queryset=ProgressUpdate.objects.order_by("-recorded_on", "-pk")),
        Prefetch("overrides", queryset=RagOverride.objects.order_by("-made_at", "-pk")),
    )


def _measured_rating(action: Action, series: Series, today: dt.date) -> ActionRating:
    measure = registry.get(action.measure)
    if measure is None:
        return ActionRating(Rag.AT_RISK, "measure", f"The measure {action.measure!r} is gone.")
    assert action.target is not None and action.target_by is not None
    tallies = series.get((action.measure, action.measure_team_id), {})
    computed = rate(
        points(measure, tallies, trend_months(today)),
        target=action.target,
        target_by=action.target_by,
        better=measure.better,
        today=today,
        describe=measure.format,
    )
    override = next((o for o in action.overrides.all() if _local(o.made_at) <= today), None)
    if override is not None and override.rag:
        return ActionRating(override.rag, "override", override.reason, computed, override)
    return ActionRating(computed.rag, "measure", computed.reason, computed)


def _local(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment)


def _lead_rating(action: Action, today: dt.date) -> ActionRating:
    rated = next((u for u in action.updates.all() if u.rag and u.recorded_on <= today), None)
    if rated is None:
        return ActionRating("", "unrated", "The lead has not rated this action yet.")
    return ActionRating(
        rated.rag, "lead", f"Rated by {rated.recorded_by_name} on {rated.recorded_on:%-d %B %Y}."
    )


def rate_actions(actions: Sequence[Action], today: dt.date) -> dict[int, ActionRating]:
    """Each action's rating on `today`, from one query of stored figures (actions come from
    with_latest). An earlier `today` reads the updates and overrides made by then."""
    measured = [a for a in actions if a.is_measured]
    teams = {a.measure_team_id for a in measured if a.measure_team_id}
    series = (
        stored_series({a.measure for a in measured}, trend_months(today), teams) if measured else {}
    )
    return {
        a.pk: _measured_rating(a, series, today) if a.is_measured else _lead_rating(a, today)
        for a in actions
    }


# --- plans -------------------------------------------------------------------------------------


@dataclass
class RagCounts:
    achieved: int = 0
    on_task: int = 0
    at_risk: int = 0
    unrated: int = 0

    def add(self, rag: str) -> None:
        name = rag or "unrated"
        setattr(self, name, getattr(self, name) + 1)

    @property
    def total(self) -> int:
        return self.achieved + self.on_task + self.at_risk + self.unrated


@dataclass
class PlanSummary:
    plan: ImprovementPlan
    counts: RagCounts = field(default_factory=RagCounts)


def plan_list(today: dt.date) -> list[PlanSummary]:
    plans = list(ImprovementPlan.objects.select_related("owner__user"))
    actions = list(with_latest(Action.objects.current().filter(area__plan__in=plans)))
    ratings = rate_actions(actions, today)
    summaries = {plan.pk: PlanSummary(plan) for plan in plans}
    for action in actions:
        summaries[action.area.plan_id].counts.add(ratings[action.pk].rag)
    return list(summaries.values())


@dataclass
class AreaRows:
    area: Area
    actions: list[tuple[Action, ActionRating]]
    withdrawn: list[Action]


@dataclass
class PlanPage:
    plan: ImprovementPlan
    areas: list[AreaRows]
    counts: RagCounts


def plan_page(plan: ImprovementPlan, today: dt.date) -> PlanPage:
    areas = list(plan.areas.order_by("number"))
    actions = list(with_latest(Action.objects.filter(area__plan=plan).order_by("area", "number")))
    ratings = rate_actions([a for a in actions if not a.is_withdrawn], today)
    rows = {area.pk: AreaRows(area, [], []) for area in areas}
    counts = RagCounts()
    for action in actions:
        if action.is_withdrawn:
            rows[action.area_id].withdrawn.append(action)
            continue
        rows[action.area_id].actions.append((action, ratings[action.pk]))
        counts.add(ratings[action.pk].rag)
    return PlanPage(plan, list(rows.values()), counts)


@dataclass
class MeasureRow:
    month: dt.date
    tally: Tally | None
    value: Decimal | None
    text: str


@dataclass
class ActionPage:
    action: Action
    rating: ActionRating | None
    measure: Measure | None
    figures: list[MeasureRow]

    @property
    def target_text(self) -> str:
        if self.measure is None or self.action.target is None:
            return ""
        return self.measure.format(self.action.target)


def action_page(action_id: int, today: dt.date) -> ActionPage:
    action = with_latest(Action.objects.filter(pk=action_id)).get()
    measure = registry.get(action.measure) if action.measure else None
    rating = None if action.is_withdrawn else rate_actions([action], today)[action.pk]
    figures: list[MeasureRow] = []
    if measure is not None:
        months = months_to(last_full_month(today))
        tallies = stored_series([measure.key], months).get(
            (measure.key, action.measure_team_id), {}
        )
        figures = [_row(measure, m, tallies.get(m)) for m in months]
    return ActionPage(action, rating, measure, figures)


def _row(measure: Measure, month: dt.date, tally: Tally | None) -> MeasureRow:
    value = tally.value(measure.unit) if tally else None
    text = measure.format(value) if tally else "not counted"
    return MeasureRow(month, tally, value, text)


@dataclass
class MyAction:
    action: Action
    rating: ActionRating
    last_update: ProgressUpdate | None


def my_actions(worker: Worker, today: dt.date) -> list[MyAction]:
    """The current actions this worker leads or is responsible for, oldest due first."""
    actions = list(with_latest(Action.objects.current().led_by(worker.pk)).order_by("due_on", "pk"))
    ratings = rate_actions(actions, today)
    return [MyAction(a, ratings[a.pk], next(iter(a.updates.all()), None)) for a in actions]


def leads_any_action(worker: Worker) -> bool:
    return Action.objects.current().led_by(worker.pk).exists()


# --- the measures ------------------------------------------------------------------------------


@dataclass
class RegistryRow:
    measure: Measure
    last: MeasureRow
    before: MeasureRow


def registry_page(today: dt.date) -> list[RegistryRow]:
    """Every registered measure with its council figure for the last two full months."""
    last = last_full_month(today)
    before = add_months(last, -1)
    measures = registry.registered()
    series = stored_series([m.key for m in measures], [before, last], teams=False)
    return [
        RegistryRow(
            m,
            _row(m, last, series.get((m.key, None), {}).get(last)),
            _row(m, before, series.get((m.key, None), {}).get(before)),
        )
        for m in measures
    ]


@dataclass
class TeamSeries:
    team: Team | None
    rows: list[MeasureRow]


@dataclass
class MeasurePage:
    measure: Measure
    months: list[dt.date]
    council: TeamSeries
    teams: list[TeamSeries]


def _team_series(
    measure: Measure, months: Sequence[dt.date], series: Series, team: Team | None
) -> TeamSeries:
    tallies = series.get((measure.key, team.pk if team else None), {})
    return TeamSeries(team, [_row(measure, m, tallies.get(m)) for m in months])


def measure_page(measure: Measure, today: dt.date) -> MeasurePage:
    """The council's and each team's figure for the last 12 full months: two queries."""
    months = months_to(last_full_month(today))
    series = stored_series([measure.key], months)
    team_ids = {team for (_key, team) in series if team is not None}
    teams = Team.objects.filter(pk__in=team_ids).order_by("name")
    return MeasurePage(
        measure,
        months,
        TeamSeries(
            None, [_row(measure, m, series.get((measure.key, None), {}).get(m)) for m in months]
        ),
        [
            TeamSeries(
                t, [_row(measure, m, series.get((measure.key, t.pk), {}).get(m)) for m in months]
            )
            for t in teams
        ],
    )


# --- the children behind a figure -----------------------------------------------------------


@dataclass
class BehindRow:
    child: Person | None
    worker: Worker | None
    team: Team | None
    on: dt.date
    counted: int


@dataclass
class Behind:
    tally: Tally
    children: int
    hidden_children: int
    page: Page
    rows: list[BehindRow]


def behind_figure(
    user: User,
    measure: Measure,
    window: Window,
    teams: Sequence[int] | None = None,
    worker_id: int | None = None,
    page_number: str | int | None = None,
) -> Behind:
    """What a figure counted, listed: everything counted, children named only where the user may
    see them (restricted children are in the figure but never named). Three queries."""
    items = measure.items(window)
    if teams is not None:
        items = items.filter(figure_team__in=list(teams))
    if worker_id is not None:
        items = items.filter(figure_worker=worker_id)
    visible = Exists(visible_children(user).filter(pk=OuterRef("figure_child")))
    items = items.annotate(figure_visible=visible)
    counts = items.aggregate(
        numerator=Sum("figure_count"),
        denominator=Count("pk"),
        children=Count("figure_child", distinct=True),
        visible_children=Count("figure_child", distinct=True, filter=Q(figure_visible=True)),
        listed=Count("pk", filter=Q(figure_visible=True) | Q(figure_child__isnull=True)),
    )
    listed = items.filter(Q(figure_visible=True) | Q(figure_child__isnull=True)).order_by(
        "-figure_count", "-figure_on", "pk"
    )
    columns = listed.values(
        "figure_child", "figure_team", "figure_worker", "figure_on", "figure_count"
    )
    paginator = Paginator(columns, LIST_PAGE_SIZE)
    paginator.__dict__["count"] = counts["listed"]
    page = paginator.get_page(page_number)
    values = list(page.object_list)
    people = Person.objects.in_bulk({v["figure_child"] for v in values if v["figure_child"]})
    workers = Worker.objects.select_related("user").in_bulk(
        {v["figure_worker"] for v in values if v["figure_worker"]}
    )
    team_names = Team.objects.in_bulk({v["figure_team"] for v in values if v["figure_team"]})
    rows = [
        BehindRow(
            people.get(v["figure_child"]),
            workers.get(v["figure_worker"]),
            team_names.get(v["figure_team"]),
            v["figure_on"],
            v["figure_count"],
        )
        for v in values
    ]
    return Behind(
        Tally(int(counts["numerator"] or 0), counts["denominator"]),
        counts["children"],
        counts["children"] - counts["visible_children"],
        page,
        rows,
    )


@dataclass(frozen=True)
class Scope:
    """Where figures are counted: the whole council, a service's teams, or one team."""

    name: str
    teams: tuple[int, ...] | None = None  # None: the whole council
    query: str = ""  # how links keep the scope, e.g. "team=3"


COUNCIL = Scope("Whole council")


def scope_of(team_id: int | None = None, service_id: int | None = None) -> Scope:
    """The scope a page was asked for: one query; an unknown team or service is the council."""
    if team_id is not None:
        team = Team.objects.filter(pk=team_id).first()
        if team is not None:
            return Scope(team.name, (team.pk,), f"team={team.pk}")
    if service_id is not None:
        service = Service.objects.filter(pk=service_id).prefetch_related("teams").first()
        if service is not None:
            ids = tuple(t.pk for t in service.teams.all())
            return Scope(service.name, ids, f"service={service.pk}")
    return COUNCIL


# --- for the dashboard and the report to scrutiny ----------------------------------------------


def measure_targets(keys: Sequence[str], team_id: int | None) -> dict[str, Decimal]:
    """The target of a current action tied to each measure for one team (None: the whole
    council), the soonest due first: one query."""
    actions = (
        Action.objects.current()
        .filter(measure__in=list(keys), measure_team_id=team_id)
        .order_by("target_by", "pk")
        .values_list("measure", "target")
    )
    targets: dict[str, Decimal] = {}
    for key, target in actions:
        targets.setdefault(key, target)
    return targets


@dataclass(frozen=True)
class RunningTarget:
    """A target on a measure, set by a current action of a plan running on the day asked."""

    measure: str
    team_id: int | None  # None: the whole council's
    target: Decimal
    target_by: dt.date
    plan: str
    action: str  # its number in the plan, e.g. "2.3"


def running_targets(
    keys: Sequence[str], today: dt.date
) -> dict[tuple[str, int | None], RunningTarget]:
    """(measure, team or None for the council) -> the target of a current action tracking it in
    a plan running `today`, the soonest due first: one query. A measure with none has no target."""
    actions = (
        Action.objects.current()
        .filter(
            measure__in=list(keys), area__plan__starts_on__lte=today, area__plan__ends_on__gte=today
        )
        .select_related("area__plan")
        .order_by("target_by", "pk")
    )
    targets: dict[tuple[str, int | None], RunningTarget] = {}
    for action in actions:
        assert action.target is not None and action.target_by is not None  # a measured action
        targets.setdefault(
            (action.measure, action.measure_team_id),
            RunningTarget(
                action.measure,
                action.measure_team_id,
                action.target,
                action.target_by,
                action.area.plan.title,
                f"{action.area.number}.{action.number}",
            ),
        )
    return targets


def stored_ratings(months: Sequence[dt.date]) -> dict[dt.date, RagCounts]:
    """Every plan's actions by rating at each month's end, added together: one query."""
    totals = {m: RagCounts() for m in months}
    for snap in RatingSnapshot.objects.filter(month__in=list(months)):
        row = totals[snap.month]
        row.achieved += snap.achieved
        row.on_task += snap.on_task
        row.at_risk += snap.at_risk
        row.unrated += snap.unrated
    return totals


def actions_as_at(plan: ImprovementPlan, as_at: dt.date) -> list[Action]:
    """The plan's actions that existed on `as_at`, in order, with their logs: three queries."""
    actions = Action.objects.filter(area__plan=plan).order_by("area__number", "number")
    return [a for a in with_latest(actions) if timezone.localdate(a.created_at) <= as_at]


def areas_of(plan: ImprovementPlan) -> list[Area]:
    return list(plan.areas.order_by("number"))


def current_areas(today: dt.date) -> list[Area]:
    """Every area of the plans running today (and of those not yet begun), with its plan: one
    query, for a chooser such as a complaint's learning action."""
    return list(
        Area.objects.filter(plan__ends_on__gte=today)
        .select_related("plan")
        .order_by("plan__title", "plan_id", "number")
    )
