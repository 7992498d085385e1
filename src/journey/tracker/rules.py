"""Drift rules for early help (R4; DESIGN §1 "rules are data").

Each rule is one row of `RULES`: a code, a name, a plain-English description, the parameters it
reads (Django settings, each with an environment default: see settings.py), its "since"
expression (the first day the rule holds, over the facts below) and how its evidence reads.
The queryset-level condition is the same expression: a rule is raised on a day when its since
date is on or before that day, so the condition and "since when" can never disagree. The
tracker page, its flag filter and "flags" sort, the XLSX export and the nightly snapshot all
evaluate this one table in the database, for whatever "today" they are given.

The facts are per-episode annotations (one correlated subquery each) that the rules look at:
the latest TAF, the latest CAF, the open actions and their progress notes, the plan's review
date and the lead professional, and where its outcome measures stand (the work's
outcomes.EpisodeOutcome, joined). They read only the work's own records (and whether an outcome
tool is in use for CAF work at all), so every flag is explained by what is on the child's early
help file.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least

from journey.cases.models import EpisodeKind
from journey.casework.models import (
    ActionProgress,
    Assessment,
    Meeting,
    Plan,
    PlanAction,
    Supervision,
)
from journey.core.db import PlusDays
from journey.core.templatetags.govuk import counted
from journey.outcomes.selectors import versions_in_use_for
from journey.workforce.models import Allocation

# --- parameters ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DriftParams:
    """The numbers the rules use. Read from settings so a council sets them per deployment."""

    taf_interval_days: int = 42
    first_taf_days: int = 42
    action_stale_days: int = 90
    long_open_days: int = 365
    review_window_days: int = 90
    supervision_days: int = 42
    first_measure_days: int = 42

    #: Where each parameter comes from, for the page that explains the rules.
    SETTINGS = {
        "taf_interval_days": "JOURNEY_TAF_INTERVAL_DAYS",
        "first_taf_days": "JOURNEY_FIRST_TAF_DAYS",
        "action_stale_days": "JOURNEY_ACTION_STALE_DAYS",
        "long_open_days": "JOURNEY_LONG_OPEN_DAYS",
        "review_window_days": "JOURNEY_REVIEW_WINDOW_DAYS",
        "supervision_days": "JOURNEY_SUPERVISION_DAYS_CAF",
        "first_measure_days": "JOURNEY_FIRST_MEASURE_DAYS",
    }

    @classmethod
    def from_settings(cls) -> DriftParams:
        defaults = asdict(cls())
        return cls(
            **{
                name: int(getattr(settings, setting, defaults[name]))
                for name, setting in cls.SETTINGS.items()
            }
        )


# --- facts: what the rules look at, per open CAF episode ------------------------------------


def _first(queryset: QuerySet, column: str, output_field) -> Subquery:
    return Subquery(queryset.values(column)[:1], output_field=output_field)


def _count(queryset: QuerySet) -> Coalesce:
    counted = queryset.order_by().values("plan__episode").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


@functools.lru_cache(maxsize=16)
def facts(today: dt.date, params: DriftParams) -> dict[str, Any]:
    """Annotations over Episode (CAF work) that the rules' "since" dates and evidence read.

    Built once per day and set of parameters (Django resolves a copy each time they are used).
    """
    tafs = Meeting.objects.filter(episode=OuterRef("pk"), kind=Meeting.Kind.TAF).order_by(
        "-held_on", "-pk"
    )
    cafs = Assessment.objects.filter(episode=OuterRef("pk"), kind=Assessment.Kind.CAF).order_by(
        "-started_on", "-pk"
    )
    open_actions = PlanAction.objects.filter(
        plan__episode=OuterRef("pk"), status__in=PlanAction.OPEN
    )
    last_note = (
        ActionProgress.objects.filter(action=OuterRef("pk"))
        .order_by("-noted_on")
        .values("noted_on")[:1]
    )
    by_activity = open_actions.annotate(
        last_activity=Coalesce(Subquery(last_note, output_field=DateField()), "created_on")
    ).order_by("last_activity")
    plans = Plan.objects.filter(
        episode=OuterRef("pk"),
        kind=Plan.Kind.EARLY_HELP,
        ended_on__isnull=True,
        review_due_on__isnull=False,
    ).order_by("review_due_on")
    leads_ended = (
        Allocation.objects.filter(
            episode=OuterRef("pk"),
            kind=Allocation.Kind.LEAD_PROFESSIONAL,
            ended_on__isnull=False,
        )
        .order_by()
        .values("episode")
        .annotate(last=Max("ended_on"))
        .values("last")
    )
    supervisions = Supervision.objects.filter(
        episode=OuterRef("pk"), kind=Supervision.Kind.CASE_SUPERVISION
    ).order_by("-held_on", "-pk")
    stale_before = today - dt.timedelta(days=params.action_stale_days)
    return {
        # The latest TAF: when, when the next is due (by default the interval after it), and
        # its date again if it recorded no child's views.
        "taf_last_held": _first(tafs, "held_on", DateField()),
        "taf_next_due": _first(
            tafs.annotate(
                due=Coalesce("next_due_on", PlusDays("held_on", params.taf_interval_days))
            ),
            "due",
            DateField(),
        ),
        "taf_views_missing_on": _first(
            tafs.annotate(on=Case(When(child_views="", then=F("held_on")))), "on", DateField()
        ),
        # The open early help plan (made at the first TAF): its start if it has no child's views.
        "plan_views_missing_on": _first(
            Plan.objects.filter(
                episode=OuterRef("pk"),
                kind=Plan.Kind.EARLY_HELP,
                ended_on__isnull=True,
                child_views="",
            ).order_by("-started_on", "-pk"),
            "started_on",
            DateField(),
        ),
        # The latest CAF (draft or complete): its date if it has no child's views.
        "caf_views_missing_on": _first(
            cafs.annotate(
                on=Case(When(child_views="", then=Coalesce("completed_on", "started_on")))
            ),
            "on",
            DateField(),
        ),
        "caf_is_draft": _first(
            cafs.annotate(
                draft=ExpressionWrapper(Q(completed_on__isnull=True), output_field=BooleanField())
            ),
            "draft",
            BooleanField(),
        ),
        # Open actions: how many, how many overdue or stale today, the earliest due date and the
        # earliest "last activity" (latest progress note, or the day it was agreed).
        "open_actions": _count(open_actions),
        "overdue_actions": _count(open_actions.filter(due_on__lt=today)),
        "stale_actions": _count(by_activity.filter(last_activity__lt=stale_before)),
        "earliest_due": _first(open_actions.order_by("due_on"), "due_on", DateField()),
        "earliest_activity": _first(by_activity, "last_activity", DateField()),
        # The open early help plan's review date, and when the last lead professional left.
        "plan_review_due": _first(plans, "review_due_on", DateField()),
        "lead_last_ended": Subquery(leads_ended, output_field=DateField()),
        # The latest case supervision, and the date it set for the next (R6).
        "supervision_last_held": _first(supervisions, "held_on", DateField()),
        "supervision_next_due": _first(supervisions, "next_due_on", DateField()),
        **outcome_facts(),
    }


def outcome_facts() -> dict[str, Any]:
    """Where the work's outcome measures stand: its EpisodeOutcome (kept by the measurement
    service), joined through the reverse one-to-one, and whether any outcome tool in use is
    used for CAF work (a subquery the database answers once)."""
    return {
        "outcome_measures": Coalesce(F("outcome__measures"), 0),
        "outcome_last_point": F("outcome__last_point"),
        "outcome_last_on": F("outcome__last_measured_on"),
        "outcome_review_due": F("outcome__review_due_on"),
        "outcome_closing": Coalesce(F("outcome__closing_measured"), False),
        "outcome_tool_used": Exists(versions_in_use_for(EpisodeKind.EARLY_HELP_CAF)),
    }


def lead_professional() -> dict[str, Any]:
    """The current lead professional, joined (at most one: a unique constraint says so)."""
    return {
        "lead_allocation": FilteredRelation(
            "allocations",
            condition=Q(
                allocations__kind=Allocation.Kind.LEAD_PROFESSIONAL,
                allocations__ended_on__isnull=True,
            ),
        ),
    }


LEAD_COLUMNS = {
    "lead_worker_id": F("lead_allocation__worker_id"),
    "lead_first": F("lead_allocation__worker__user__first_name"),
    "lead_last": F("lead_allocation__worker__user__last_name"),
    "lead_agency_id": F("lead_allocation__worker__agency_id"),
    "lead_agency": F("lead_allocation__worker__agency__name"),
}


# --- the rules -------------------------------------------------------------------------------


def _d(day: dt.date | None) -> str:
    return f"{day:%-d %B %Y}" if day else "never"


@dataclass(frozen=True)
class DriftRule:
    """One drift rule. It is raised on a day when its "since" date is on or before that day:
    the since expression is the rule's condition, so the two can never disagree. It is NULL
    while the rule cannot hold (no open actions, a lead professional named…)."""

    code: str
    #: The tag on a tracker row ("TAF overdue"); the name and evidence are a click away.
    short: str
    name: str
    #: Plain English, with the parameters in braces: "{action_stale_days} days".
    description: str
    parameters: tuple[str, ...]
    #: The first day the rule holds, a date expression over the facts (NULL: it cannot hold).
    since: Callable[[DriftParams], Expression]
    #: The evidence, in words, from one annotated row.
    evidence: Callable[[Any, DriftParams], str]

    def describe(self, params: DriftParams) -> str:
        return self.description.format(**asdict(params))

    @property
    def since_field(self) -> str:
        return f"since_{self.code}"

    def condition(self, today: dt.date) -> Q:
        """Over episodes annotated with since_annotations(): the rule is raised on `today`."""
        return Q(**{f"{self.since_field}__lte": today})

    def raised(self, since: dt.date | None, today: dt.date) -> bool:
        return since is not None and since <= today


def _taf_overdue_evidence(row, p: DriftParams) -> str:
    if row.taf_last_held:
        return (
            f"The next TAF was due by {_d(row.taf_next_due)}; "
            f"the last was held on {_d(row.taf_last_held)}"
        )
    return (
        f"No TAF meeting since the work opened on {_d(row.started_on)}; "
        f"the first is due within {p.first_taf_days} days"
    )


def _views_evidence(row, p: DriftParams) -> str:
    missing = []
    if row.caf_views_missing_on:
        draft = " (still a draft)" if row.caf_is_draft else ""
        missing.append(f"the CAF of {_d(row.caf_views_missing_on)}{draft}")
    if row.plan_views_missing_on:
        missing.append(f"the plan of {_d(row.plan_views_missing_on)}")
    if row.taf_views_missing_on:
        missing.append(f"the TAF of {_d(row.taf_views_missing_on)}")
    return "No child's views recorded in " + " or ".join(missing)


class Earliest(Func):
    """The earliest of some dates, ignoring NULLs (LEAST does on PostgreSQL; SQLite's MIN()
    returns NULL if any is, so there it falls back on COALESCE)."""

    output_field = DateField()

    def as_sql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="LEAST", **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        expressions = self.source_expressions
        fallback = Coalesce(Least(*expressions), *expressions, output_field=DateField())
        return compiler.compile(fallback)


def _outcome_evidence(row, p: DriftParams) -> str:
    if row.outcome_review_due:
        return (
            f"The review outcome measure was due by {_d(row.outcome_review_due)}; the last "
            f"measure was on {_d(row.outcome_last_on)}"
        )
    return (
        f"No outcome measure since the work opened on {_d(row.started_on)}; the start measure "
        f"is due within {p.first_measure_days} days"
    )


RULES: tuple[DriftRule, ...] = (
    DriftRule(
        code="taf_overdue",
        short="TAF overdue",
        name="TAF review overdue",
        description=(
            "The next TAF meeting set at the last one has passed without a meeting, or no TAF "
            "has been held within {first_taf_days} days of the early help work opening. (A "
            "TAF that set no date is due {taf_interval_days} days after it was held.)"
        ),
        parameters=("first_taf_days", "taf_interval_days"),
        since=lambda p: Coalesce(
            PlusDays("taf_next_due", 1),
            PlusDays("started_on", p.first_taf_days + 1),
            output_field=DateField(),
        ),
        evidence=_taf_overdue_evidence,
    ),
    DriftRule(
        code="action_overdue",
        short="Action overdue",
        name="Action overdue",
        description="An open action (not started or in progress) is past its due date.",
        parameters=(),
        since=lambda p: PlusDays("earliest_due", 1),
        evidence=lambda row, p: (
            f"{counted(row.overdue_actions, 'open action')} past the due date; "
            f"the oldest was due {_d(row.earliest_due)}"
        ),
    ),
    DriftRule(
        code="action_stale",
        short="Action stalled",
        name="Action not progressed",
        description=(
            "An open action has had no progress note for more than {action_stale_days} days "
            "(counted from when it was agreed if it has none)."
        ),
        parameters=("action_stale_days",),
        since=lambda p: PlusDays("earliest_activity", p.action_stale_days + 1),
        evidence=lambda row, p: (
            f"{counted(row.stale_actions, 'open action')} without a progress note for over "
            f"{p.action_stale_days} days; the longest has had none since "
            f"{_d(row.earliest_activity)}"
        ),
    ),
    DriftRule(
        code="no_lead",
        short="No lead",
        name="No lead professional",
        description="The early help work has no current lead professional.",
        parameters=(),
        since=lambda p: Case(
            When(
                lead_allocation__worker__isnull=True,
                then=Coalesce("lead_last_ended", "started_on"),
            ),
            output_field=DateField(),
        ),
        evidence=lambda row, p: (
            f"The last lead professional's allocation ended on {_d(row.lead_last_ended)}"
            if row.lead_last_ended
            else f"No lead professional named since the work opened on {_d(row.started_on)}"
        ),
    ),
    DriftRule(
        code="plan_review_overdue",
        short="Review overdue",
        name="Plan past its review date",
        description="The open early help plan's review date has passed.",
        parameters=(),
        since=lambda p: PlusDays("plan_review_due", 1),
        evidence=lambda row, p: f"The plan was due for review by {_d(row.plan_review_due)}",
    ),
    DriftRule(
        code="child_views_missing",
        short="No child's views",
        name="Child's views missing",
        description=(
            "The latest CAF assessment (draft or complete), the open early help plan or the "
            "latest TAF meeting (the plan's review) has no child's views in their own words."
        ),
        parameters=(),
        since=lambda p: Earliest(
            "caf_views_missing_on", "plan_views_missing_on", "taf_views_missing_on"
        ),
        evidence=_views_evidence,
    ),
    DriftRule(
        code="supervision_overdue",
        short="Supervision overdue",
        name="Supervision overdue",
        description=(
            "No case supervision by the date the last one set, or within {supervision_days} "
            "days of the last one (or of the work opening, if it has never been supervised)."
        ),
        parameters=("supervision_days",),
        since=lambda p: Coalesce(
            PlusDays("supervision_next_due", 1),
            PlusDays(Coalesce("supervision_last_held", "started_on"), p.supervision_days + 1),
            output_field=DateField(),
        ),
        evidence=lambda row, p: (
            f"Supervision was due by {_d(row.supervision_next_due)}; the last was on "
            f"{_d(row.supervision_last_held)}"
            if row.supervision_last_held and row.supervision_next_due
            else f"No case supervision since the work opened on {_d(row.started_on)}"
        ),
    ),
    DriftRule(
        code="long_open_no_review",
        short="Long open, no review",
        name="Open a long time without a review",
        description=(
            "Open for more than {long_open_days} days with no TAF meeting in the last "
            "{review_window_days} days."
        ),
        parameters=("long_open_days", "review_window_days"),
        since=lambda p: Greatest(
            PlusDays("started_on", p.long_open_days + 1),
            PlusDays(Coalesce("taf_last_held", "started_on"), p.review_window_days + 1),
            output_field=DateField(),
        ),
        evidence=lambda row, p: (
            f"Open since {_d(row.started_on)}; last TAF {_d(row.taf_last_held)} "
            f"(none in the last {p.review_window_days} days)"
        ),
    ),
    DriftRule(
        code="outcome_review_overdue",
        short="Measure overdue",
        name="Review outcome measure overdue",
        description=(
            "The next outcome measure is past its due date (the tool's review interval after "
            "the last measure), unless the last was the closing measure. Where an outcome tool "
            "is used for CAF work, work with no measure at all is flagged too once "
            "{first_measure_days} days have passed since it opened without its start measure."
        ),
        parameters=("first_measure_days",),
        since=lambda p: Case(
            When(outcome_review_due__isnull=False, then=PlusDays("outcome_review_due", 1)),
            When(
                outcome_measures=0,
                outcome_tool_used=True,
                then=PlusDays("started_on", p.first_measure_days + 1),
            ),
            output_field=DateField(),
        ),
        evidence=_outcome_evidence,
    ),
)

RULES_BY_CODE = {rule.code: rule for rule in RULES}


@dataclass(frozen=True)
class Flag:
    """A raised rule on one row: the rule, since when, and the evidence in words."""

    rule: DriftRule
    since: dt.date
    evidence: str

    @property
    def since_text(self) -> str:
        return f"{self.since:%-d %b %Y}"


@functools.lru_cache(maxsize=16)
def since_annotations(params: DriftParams) -> dict[str, Expression]:
    """since_<code> for every rule, over episodes annotated with the facts."""
    return {rule.since_field: rule.since(params) for rule in RULES}


@functools.lru_cache(maxsize=16)
def flag_count(today: dt.date) -> Expression:
    """How many rules are raised on `today` (for sorting), over the since_<code> annotations."""
    return sum(
        (
            Case(
                When(**{f"{rule.since_field}__lte": today}, then=1),
                default=0,
                output_field=IntegerField(),
            )
            for rule in RULES
        ),
        start=Value(0),
    )


def flags_of(row, today: dt.date, params: DriftParams) -> list[Flag]:
    """The flags raised on an annotated row on `today`, in the rules' order."""
    return [
        Flag(rule, since, rule.evidence(row, params))
        for rule in RULES
        if rule.raised(since := getattr(row, rule.since_field), today)
    ]
