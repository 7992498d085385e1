"""The complaints pages' read models: the list with each complaint's next deadline, a complaint
file with its stages and their clocks, the compliments, what a responder must answer, and the
line a worker sees on a child's record. Each page's queries do not grow with the records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from journey.complaints import clock
from journey.complaints.models import (
    Complaint,
    Compliment,
    Element,
    Finding,
    LearningAction,
    Outcome,
    ResponseLetter,
    Stage,
)
from journey.improvement.models import Area
from journey.improvement.selectors import current_areas
from journey.people.models import Person
from journey.workforce.models import Team, Worker

PAGE_SIZE = 25
#: How many overdue learning actions My work lists for the complaints officer.
LEARNING_SHOWN = 10


def _open_stage() -> QuerySet[Stage]:
    return Stage.objects.filter(complaint=OuterRef("pk"), responded_on__isnull=True)


def _latest_stage() -> QuerySet[Stage]:
    return Stage.objects.filter(complaint=OuterRef("pk")).order_by("-number")


def with_clock(complaints: QuerySet[Complaint]) -> QuerySet[Complaint]:
    """Each complaint with its latest stage, the deadline of its open stage (None when the
    council is waiting on the complainant) and when its last answer was sent."""
    return complaints.annotate(
        stage_number=Subquery(_latest_stage().values("number")[:1]),
        last_responded_on=Subquery(_latest_stage().values("responded_on")[:1]),
        next_due_on=Subquery(
            _open_stage()
            .annotate(open_deadline=Coalesce(F("extended_to"), F("due_on")))
            .values("open_deadline")[:1]
        ),
    )


@dataclass
class ListRow:
    complaint: Complaint
    stage: int | None
    deadline: clock.Deadline | None
    waiting_until: dt.date | None  # the complainant may ask for the next stage until
    days_left: int | None = None
    state: clock.Due | None = None


@dataclass(frozen=True)
class ListFilters:
    stage: int | None = None
    overdue: bool = False
    team_id: int | None = None


@dataclass
class ComplaintList:
    page: Page
    rows: list[ListRow]
    teams: list[Team]
    total: int


def _row(complaint: Complaint, today: dt.date) -> ListRow:
    stage = complaint.stage_number  # type: ignore[attr-defined]
    due_on = complaint.next_due_on  # type: ignore[attr-defined]
    if due_on is None:
        responded = complaint.last_responded_on  # type: ignore[attr-defined]
        waiting = clock.may_ask_until(responded) if responded and stage and stage < 3 else None
        return ListRow(complaint, stage, None, waiting)
    deadline = clock.Deadline(f"Stage {stage} response", due_on)
    return ListRow(
        complaint,
        stage,
        deadline,
        None,
        days_left=deadline.working_days_left(today),
        state=deadline.state(today),
    )


def complaint_list(
    complaints: QuerySet[Complaint], filters: ListFilters, today: dt.date, page: int | str = 1
) -> ComplaintList:
    """The open complaints, soonest deadline first: three queries (count, page, teams)."""
    rows = with_clock(complaints.filter(closed_on__isnull=True)).select_related("team")
    if filters.stage:
        rows = rows.filter(stage_number=filters.stage)  # type: ignore[misc]
    if filters.overdue:
        rows = rows.filter(next_due_on__lt=today)  # type: ignore[misc]
    if filters.team_id:
        rows = rows.filter(team_id=filters.team_id)
    rows = rows.order_by(F("next_due_on").asc(nulls_last=True), "received_on", "pk")
    paged = Paginator(rows, PAGE_SIZE).get_page(page)
    teams = list(Team.objects.filter(pk__in=complaints.values("team")).order_by("name"))
    return ComplaintList(
        paged, [_row(c, today) for c in paged.object_list], teams, paged.paginator.count
    )


@dataclass(frozen=True)
class OfficerSummary:
    """What the complaints officer watches, on My work."""

    open: int
    overdue: int
    due_soon: int
    waiting_on_complainant: int
    stage_2_open: int
    stage_3_open: int
    learning_overdue: list[LearningAction]


def officer_summary(today: dt.date) -> OfficerSummary:
    """Open complaints by where their clocks stand, and the learning actions most overdue (two
    queries)."""
    soon = clock.after(today, clock.AT_RISK_WORKING_DAYS)
    counts = with_clock(Complaint.objects.filter(closed_on__isnull=True)).aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=Q(next_due_on__lt=today)),
        due_soon=Count("pk", filter=Q(next_due_on__gte=today, next_due_on__lte=soon)),
        waiting=Count("pk", filter=Q(next_due_on__isnull=True)),
        stage_2=Count("pk", filter=Q(stage_number=2)),
        stage_3=Count("pk", filter=Q(stage_number=3)),
    )
    late_learning = (
        LearningAction.objects.filter(done_on__isnull=True, due_on__lt=today)
        .select_related("complaint", "owner__user")
        .order_by("due_on", "pk")[:LEARNING_SHOWN]
    )
    return OfficerSummary(
        open=counts["open"],
        overdue=counts["overdue"],
        due_soon=counts["due_soon"],
        waiting_on_complainant=counts["waiting"],
        stage_2_open=counts["stage_2"],
        stage_3_open=counts["stage_3"],
        learning_overdue=list(late_learning),
    )


def compliments_page(page: int | str = 1) -> Page:
    compliments = Compliment.objects.select_related("team", "theme").order_by("-received_on", "-pk")
    return Paginator(compliments, PAGE_SIZE).get_page(page)


def complaints_to_answer(worker: Worker, today: dt.date) -> list[ListRow]:
    """A responder's open complaints waiting on an answer, soonest first (one query)."""
    mine = with_clock(Complaint.objects.filter(responders=worker, closed_on__isnull=True))
    waiting = mine.filter(next_due_on__isnull=False)  # type: ignore[misc]
    return [_row(c, today) for c in waiting.order_by("next_due_on", "pk")]  # type: ignore[misc]


# --- a complaint file -----------------------------------------------------------------------


@dataclass
class DeadlineRow:
    deadline: clock.Deadline
    state: clock.Due
    days_left: int


@dataclass
class StageView:
    stage: Stage
    deadlines: list[DeadlineRow]
    findings: list[Finding]
    letters: list[ResponseLetter]


@dataclass
class ComplaintFile:
    complaint: Complaint
    children: list[Person]
    elements: list[Element]
    stages: list[StageView]
    responders: list[Worker]
    learning: list[LearningAction]
    enquiries: list
    current: Stage | None
    may_ask_until: dt.date | None = None
    outcomes: dict[int, str] = field(default_factory=dict)


def stage_deadlines(stage: Stage) -> list[clock.Deadline]:
    """Every deadline of a stage, with the day it was met (if it was)."""
    if stage.number in (1, 2):
        return [
            clock.Deadline(f"Stage {stage.number} response", stage.deadline, stage.responded_on)
        ]
    deadlines = [clock.Deadline("Review panel", clock.panel_due(stage.started_on), stage.panel_on)]
    if stage.panel_on:
        deadlines.append(
            clock.Deadline(
                "Panel's report", clock.panel_report_due(stage.panel_on), stage.panel_report_on
            )
        )
    if stage.panel_report_on:
        deadlines.append(
            clock.Deadline(
                "Council's response",
                clock.council_response_due(stage.panel_report_on),
                stage.responded_on,
            )
        )
    return deadlines


def _deadline_rows(stage: Stage, today: dt.date) -> list[DeadlineRow]:
    return [
        DeadlineRow(d, d.state(today), d.working_days_left(today)) for d in stage_deadlines(stage)
    ]


def complaint_file(complaint_id: int, today: dt.date) -> ComplaintFile:
    """A complaint with everything on its file: a fixed number of queries."""
    complaint = Complaint.objects.select_related("team", "recorded_by").get(pk=complaint_id)
    stages = list(
        complaint.stages.order_by("number").prefetch_related(
            Prefetch(
                "findings",
                queryset=Finding.objects.select_related("element").order_by("element__number"),
            ),
            Prefetch("letters", queryset=ResponseLetter.objects.defer("pdf").order_by("pk")),
        )
    )
    current = stages[-1] if stages else None
    asked = None
    if current and current.responded_on and current.number < 3 and not complaint.closed_on:
        asked = clock.may_ask_until(current.responded_on)
    outcomes: dict[int, str] = {}
    for stage in stages:
        for finding in stage.findings.all():
            outcomes[finding.element_id] = finding.get_outcome_display()
    return ComplaintFile(
        complaint=complaint,
        children=list(complaint.children.order_by("last_name", "first_name")),
        elements=list(complaint.elements.select_related("theme").order_by("number")),
        stages=[
            StageView(s, _deadline_rows(s, today), list(s.findings.all()), list(s.letters.all()))
            for s in stages
        ],
        responders=list(complaint.responders.select_related("user").order_by("pk")),
        learning=list(
            complaint.actions.select_related("owner__user", "improvement_action").order_by("pk")
        ),
        enquiries=list(complaint.ombudsman_enquiries.order_by("pk")),
        current=current,
        may_ask_until=asked,
        outcomes=outcomes,
    )


def child_ids(complaint: Complaint) -> list[int]:
    return list(complaint.children.values_list("pk", flat=True))


# --- on the child's record ------------------------------------------------------------------


@dataclass
class ChildComplaintRow:
    received_on: dt.date
    team: Team
    stage: int | None
    answered: bool
    outcome: str


def child_complaint_rows(complaints: QuerySet[Complaint]) -> list[ChildComplaintRow]:
    """That a complaint exists, the stage it reached and its outcome: never its content."""
    rows = []
    latest = with_clock(complaints).select_related("team").order_by("-received_on", "-pk")
    # Each complaint's outcome is its last answered stage's, not a mix of every stage's.
    answered: dict[int, tuple[int, set[str]]] = {}
    findings = Finding.objects.filter(stage__complaint__in=complaints).values_list(
        "stage__complaint_id", "stage__number", "outcome"
    )
    for complaint_id, number, outcome in findings:
        last, outcomes = answered.get(complaint_id, (0, set()))
        if number > last:
            answered[complaint_id] = (number, {outcome})
        elif number == last:
            outcomes.add(outcome)
    for complaint in latest:
        stage_number, outcomes = answered.get(complaint.pk, (0, set()))
        rows.append(
            ChildComplaintRow(
                complaint.received_on,
                complaint.team,
                complaint.stage_number,  # type: ignore[attr-defined]
                complaint.next_due_on is None,  # type: ignore[attr-defined]
                _overall(outcomes, stage_number),
            )
        )
    return rows


def _overall(outcomes: set[str], stage_number: int) -> str:
    """One line for a complaint's outcome at its last answered stage."""
    if not outcomes:
        return "Not answered yet"
    if outcomes == {Outcome.UPHELD}:
        said = "Upheld"
    elif outcomes & {Outcome.UPHELD, Outcome.PARTLY_UPHELD}:
        said = "Partly upheld"
    elif outcomes == {Outcome.WITHDRAWN}:
        said = "Withdrawn"
    elif outcomes <= {Outcome.WITHDRAWN, Outcome.NOT_INVESTIGATED}:
        said = "Not investigated"
    else:
        said = "Not upheld"
    return f"{said} at stage {stage_number}"


# --- choosers -------------------------------------------------------------------------------


def plan_areas(today: dt.date) -> list[Area]:
    """The areas of the running improvement plans an action learnt from a complaint may join."""
    return current_areas(today)


def find_children(query: str, limit: int = 20) -> list[Person]:
    """Children to link to a complaint, by ID or name: only name and date of birth are shown.
    A restricted record is found by its ID alone."""
    query = query.strip()
    if not query:
        return []
    children = Person.objects.children()
    if query.isdigit():
        return list(children.filter(pk=int(query)))
    words = query.split()
    match = Q()
    for word in words:
        match &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    return list(
        children.filter(match, is_restricted=False).order_by("last_name", "first_name")[:limit]
    )
