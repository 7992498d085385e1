"""How often a child on a plan is visited, and when the next visit is due.

A child protection or child in need plan has a visiting standard in working days: the plan's own
(`Plan.visit_every`) or the council's default for its kind (JOURNEY_VISIT_WORKING_DAYS). The next
visit is due that many working days after the last finished visit at which the child was seen, or
after the plan started. `Plan.visit_due_on` holds the answer so every list can ask "overdue?" in
one indexed query; the services that start plans, record visits or change the standard call
`refresh_visits_due` in their own transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from journey.casework.models import CaseNote, Plan
from journey.core.working_days import add_working_days

#: The kinds of plan with a visiting standard.
VISITED_PLANS = (Plan.Kind.CP, Plan.Kind.CIN)
#: The longest standard a plan may set: a child on a plan is seen at least every three months.
LONGEST_INTERVAL = 65


def default_interval(kind: str) -> int | None:
    """The council's standard for this kind of plan, in working days (None: no standard)."""
    return settings.JOURNEY_VISIT_WORKING_DAYS.get(kind)


def interval_for(plan: Plan) -> int | None:
    if plan.kind not in VISITED_PLANS:
        return None
    return plan.visit_every or default_interval(plan.kind)


def next_visit_due(plan: Plan, last_seen: dt.date | None) -> dt.date | None:
    interval = interval_for(plan)
    if interval is None:
        return None
    since = max(plan.started_on, last_seen) if last_seen else plan.started_on
    return add_working_days(since, interval)


def last_seen_on(episode_ids: Iterable[int]) -> dict[int, dt.date]:
    """Each episode's last finished in-person visit or direct work at which the child was seen."""
    seen = (
        CaseNote.objects.recorded()
        .filter(episode_id__in=list(episode_ids), child_seen=True, kind__in=CaseNote.IN_PERSON)
        .values("episode_id")
        .annotate(last=Max("occurred_at"))
    )
    return {row["episode_id"]: timezone.localdate(row["last"]) for row in seen}


def refresh_visits_due(episode_ids: Iterable[int]) -> None:
    """Set `visit_due_on` on the open visited plans of these episodes (a derived date: saved
    with bulk_update(), so the plan's own history holds only what people changed)."""
    plans = list(
        Plan.objects.filter(
            episode_id__in=list(episode_ids), kind__in=VISITED_PLANS, ended_on__isnull=True
        )
    )
    seen = last_seen_on({p.episode_id for p in plans})
    changed = []
    for plan in plans:
        due = next_visit_due(plan, seen.get(plan.episode_id))
        if due != plan.visit_due_on:
            plan.visit_due_on = due
            changed.append(plan)
    Plan.objects.bulk_update(changed, ["visit_due_on"])


def is_visit_overdue(due_on: dt.date | None, today: dt.date) -> bool:
    return due_on is not None and due_on < today
