"""My work, the manager's queue and the service view: each in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from journey.access.rules import visible_children
from journey.cases.models import Episode
from journey.cases.selectors import awaiting_a_manager, step_changes_for
from journey.casework.models import EnquiryMember, Plan, Visit
from journey.casework.summaries.selectors import awaiting_a_manager as summaries_awaiting_a_manager
from journey.casework.supervision.selectors import supervision_due
from journey.casework.visits.selectors import late_draft_cutoff
from journey.my_work.due import SOON_DAYS, Due, due_on_work
from journey.people.models import Person
from journey.quality.selectors import tasks_for
from journey.workforce.models import Allocation, Team, Worker

# --- My work: one row per child ------------------------------------------------------------


@dataclass
class ChildRow:
    """A child on My work: their open work with the user's part in it, and what is due."""

    child: Person
    child_visible: bool
    work: list[Allocation] = field(default_factory=list)
    due: list[Due] = field(default_factory=list)

    @property
    def overdue(self) -> list[Due]:
        return [d for d in self.due if d.overdue]

    @property
    def urgency(self) -> tuple:
        """Overdue first, then soonest due, then nothing due; by name within each."""
        first = self.due[0].due_on if self.due else dt.date.max
        return (not self.overdue, first, self.child.last_name, self.child.first_name)


def my_children(worker: Worker, user: User, today: dt.date, *, supervision: bool) -> list[ChildRow]:
    """The children whose open work the worker holds (as allocated worker or lead
    professional), once each, most urgent first."""
    allocations = list(
        Allocation.objects.current()
        .filter(worker=worker, episode__ended_on__isnull=True)
        .select_related("episode__child", "episode__team")
        .annotate(**supervision_due("episode__"))
        .order_by("episode__started_on", "kind")
    )
    visible = _visible_ids(user, {a.episode.child_id for a in allocations})
    episodes: dict[int, Episode] = {}
    for allocation in allocations:
        episode = allocation.episode
        episode.supervision_due_on = allocation.supervision_due_on
        episodes[episode.pk] = episode
    due = due_on_work(episodes.values(), today, supervision=supervision)
    rows: dict[int, ChildRow] = {}
    for allocation in allocations:
        episode = allocation.episode
        row = rows.setdefault(
            episode.child_id, ChildRow(episode.child, episode.child_id in visible)
        )
        row.work.append(allocation)
        row.due.extend(due.pop(episode.pk, []))  # once, if they hold it twice over
    for row in rows.values():
        row.due.sort(key=lambda d: d.due_on)
    return sorted(rows.values(), key=lambda r: r.urgency)


def my_enquiries(worker: Worker) -> list[EnquiryMember]:
    """The section 47 enquiries a member of the multi-agency child protection team is on now,
    with the child and the lead child protection practitioner (one query)."""
    return list(
        EnquiryMember.objects.current()
        .filter(worker=worker, section47__episode__ended_on__isnull=True)
        .select_related(
            "section47__episode__child",
            "section47__lead_practitioner__user",
            "section47__conference",
        )
        .order_by("section47__started_on", "pk")
    )


# --- The manager's queue -------------------------------------------------------------------

#: The most items of one kind the queue lists (the oldest); the count says how many wait.
QUEUE_LIMIT = 100


@dataclass
class Waiting:
    """One thing waiting for a manager, with where it is dealt with."""

    kind: str
    title: str
    since: dt.date
    url: str
    link_text: str
    child: Person | None = None
    who: str = ""
    overdue: bool = False
    child_visible: bool = True
    group: str = ""


@dataclass
class Queue:
    items: list[Waiting]
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def team_ids(teams: Iterable[Team]) -> list[int]:
    return [t.pk for t in teams]


def manager_queue(manager: Worker, user: User, teams: QuerySet[Team], today: dt.date) -> Queue:
    """Everything waiting for the manager across the teams they oversee, oldest first."""
    ids = team_ids(teams)
    found: dict[str, tuple[list[Waiting], int]] = {
        "Threshold decisions": _decisions_awaiting(manager, ids),
        "Step requests": _steps_waiting(manager),
        "Visits overdue": _visits_overdue(ids, today),
        "Supervision due": _supervision_due(ids, today),
        "Drafts not finished": _late_drafts(ids),
        "Summaries to agree": _summaries_awaiting(manager, ids),
        "Audit tasks": _audit_tasks(manager, today),
    }
    items = []
    for group, (listed, _) in found.items():
        for item in listed:
            item.group = group
        items += listed
    _mark_visible(items, user)
    items.sort(key=lambda w: (w.since, w.kind))
    return Queue(items=items, counts={kind: count for kind, (_, count) in found.items()})


def _decisions_awaiting(manager: Worker, ids: list[int]) -> tuple[list[Waiting], int]:
    decisions = (
        awaiting_a_manager()
        .filter(decided_by__team_id__in=ids)
        .exclude(decided_by=manager)
        .select_related("child", "decided_by__user")
        .order_by("decided_at")
    )
    listed = [
        Waiting(
            kind="Threshold decision",
            title=f"{d.get_level_display()}: {d.get_next_step_display()}",
            since=d.decided_at.date(),
            url=reverse("review_decision", args=[d.child_id, d.pk]),
            link_text="Agree or change",
            child=d.child,
            who=str(d.decided_by),
        )
        for d in decisions[:QUEUE_LIMIT]
    ]
    return listed, decisions.count()


def _steps_waiting(manager: Worker) -> tuple[list[Waiting], int]:
    steps = step_changes_for(manager)
    waiting = steps["to_decide"] + steps["to_hand_over"]
    listed = [
        Waiting(
            kind="Step request",
            title=f"{s.get_direction_display().capitalize()} to {s.receiving_team}: "
            f"{s.get_status_display().lower()}",
            since=s.requested_at.date(),
            url=reverse("step_change", args=[s.pk]),
            link_text="Decide" if s in steps["to_decide"] else "Hand over",
            child=s.child,
            child_visible=s.child_visible,
        )
        for s in waiting[:QUEUE_LIMIT]
    ]
    return listed, len(waiting)


def _visits_overdue(ids: list[int], today: dt.date) -> tuple[list[Waiting], int]:
    plans = (
        Plan.objects.filter(
            ended_on__isnull=True,
            visit_due_on__lt=today,
            episode__ended_on__isnull=True,
            episode__team_id__in=ids,
        )
        .select_related("episode__child")
        .order_by("visit_due_on")
    )
    listed = [
        Waiting(
            kind="Visit overdue",
            title=f"{p.get_kind_display()}: a visit was due by {p.visit_due_on:%-d %B %Y}",
            since=p.visit_due_on,
            url=reverse("child", args=[p.episode.child_id]),
            link_text="The child's record",
            child=p.episode.child,
            overdue=True,
        )
        for p in plans[:QUEUE_LIMIT]
        if p.visit_due_on
    ]
    return listed, plans.count()


def _supervision_due(ids: list[int], today: dt.date) -> tuple[list[Waiting], int]:
    soon = today + dt.timedelta(days=SOON_DAYS)
    episodes = (
        Episode.objects.open()
        .filter(team_id__in=ids)
        .annotate(**supervision_due())
        .filter(supervision_due_on__lte=soon)
        .select_related("child")
        .order_by("supervision_due_on", "pk")
    )
    listed = [
        Waiting(
            kind="Supervision",
            title=f"{e.get_kind_display()}: supervision due by {e.supervision_due_on:%-d %B %Y}",
            since=e.supervision_due_on,
            url=reverse("new_supervision", args=[e.pk]),
            link_text="Record supervision",
            child=e.child,
            overdue=e.supervision_due_on < today,
        )
        for e in episodes[:QUEUE_LIMIT]
    ]
    return listed, episodes.count()


def _late_drafts(ids: list[int]) -> tuple[list[Waiting], int]:
    drafts = (
        Visit.objects.filter(
            recorded_at__isnull=True,
            started_at__lt=late_draft_cutoff(),
            recorded_by__worker__team_id__in=ids,
        )
        .select_related("recorded_by")
        .order_by("started_at")
    )
    listed = [
        Waiting(
            kind="Draft",
            title=f"{v.get_kind_display()} of {v.occurred_at:%-d %B %Y} not finished",
            since=v.started_at.date(),
            url=reverse("visit", args=[v.pk]),
            link_text="Read the draft",
            who=v.recorded_by.get_full_name() or v.recorded_by.get_username(),
            overdue=True,
        )
        for v in drafts[:QUEUE_LIMIT]
    ]
    return listed, drafts.count()


def _summaries_awaiting(manager: Worker, ids: list[int]) -> tuple[list[Waiting], int]:
    summaries = (
        summaries_awaiting_a_manager(ids)
        .exclude(written_by=manager.user)
        .select_related("episode__child", "written_by")
        .order_by("written_on", "pk")
    )
    listed = [
        Waiting(
            kind="Reflective summary",
            title=f"{s.get_occasion_display()}, written {s.written_on:%-d %B %Y}",
            since=s.written_on,
            url=reverse("review_case_summary", args=[s.episode_id, s.pk]),
            link_text="Agree or challenge",
            child=s.episode.child,
            who=s.written_by.get_full_name() or s.written_by.get_username(),
        )
        for s in summaries[:QUEUE_LIMIT]
    ]
    return listed, summaries.count()


def _audit_tasks(manager: Worker, today: dt.date) -> tuple[list[Waiting], int]:
    tasks = tasks_for(manager)
    url = reverse("audit_tasks")
    listed = [
        Waiting(
            kind="Audit",
            title=f"Audit {s.episode.child.full_name}'s case for {s.round}",
            since=s.round.audits_due_on or today,
            url=url,
            link_text="Your audit tasks",
            child=s.episode.child,
            overdue=bool(s.round.audits_due_on and s.round.audits_due_on < today),
        )
        for s in tasks["to_audit"]
    ]
    listed += [
        Waiting(
            kind="Audit action",
            title=a.description[:80],
            since=a.due_on,
            url=url,
            link_text="Your audit tasks",
            child=a.audit.child,
            overdue=a.due_on < today,
        )
        for a in tasks["my_actions"] + tasks["escalated_to_me"]
    ]
    return listed[:QUEUE_LIMIT], len(listed)


def _visible_ids(user: User, child_ids: set[int]) -> set[int]:
    """Which of these children the user may see, asked of just these children (one query)."""
    return set(visible_children(user).filter(pk__in=child_ids).values_list("pk", flat=True))


def _mark_visible(items: list[Waiting], user: User) -> None:
    visible = _visible_ids(user, {w.child.pk for w in items if w.child is not None})
    for item in items:
        if item.child is not None and item.child.pk not in visible:
            item.child_visible = False


# --- The service view: each team's open work and what is overdue ---------------------------


@dataclass
class TeamFigures:
    team: Team
    open_work: int = 0
    unallocated: int = 0
    visits_overdue: int = 0
    supervision_overdue: int = 0
    decisions_awaiting: int = 0


def service_figures(teams: QuerySet[Team], today: dt.date) -> list[TeamFigures]:
    """Per team the manager oversees: open work, unallocated, visits and supervision overdue,
    threshold decisions awaiting a manager (five queries, whatever the size of the service)."""
    figures = {t.pk: TeamFigures(t) for t in teams.order_by("service__name", "name")}
    ids = list(figures)
    held = Allocation.objects.current().holding().filter(episode=OuterRef("pk"))
    open_work = Episode.objects.open().filter(team_id__in=ids)
    for row in (
        open_work.annotate(held=Exists(held))
        .values("team_id")
        .annotate(n=Count("pk"), unallocated=Count("pk", filter=Q(held=False)))
    ):
        figures[row["team_id"]].open_work = row["n"]
        figures[row["team_id"]].unallocated = row["unallocated"]
    for row in (
        Plan.objects.filter(
            ended_on__isnull=True,
            visit_due_on__lt=today,
            episode__ended_on__isnull=True,
            episode__team_id__in=ids,
        )
        .values("episode__team_id")
        .annotate(n=Count("episode_id", distinct=True))
    ):
        figures[row["episode__team_id"]].visits_overdue = row["n"]
    for row in (
        open_work.annotate(**supervision_due())
        .filter(supervision_due_on__lt=today)
        .values("team_id")
        .annotate(n=Count("pk"))
    ):
        figures[row["team_id"]].supervision_overdue = row["n"]
    for row in (
        awaiting_a_manager()
        .filter(decided_by__team_id__in=ids)
        .values("decided_by__team_id")
        .annotate(n=Count("pk"))
    ):
        figures[row["decided_by__team_id"]].decisions_awaiting = row["n"]
    return list(figures.values())
