"""My work, shaped by role: the children a worker holds with what is next due; a manager's
queue; a head of service's or director's view of their teams; QA's audit work."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from journey.access.complaints import is_complaints_officer
from journey.access.rules import (
    holds_casework,
    is_cp_partner,
    may_approve_role_changes,
    may_read_child_records,
    may_see_service_view,
    may_use_manager_queue,
    worker_for,
)
from journey.access.voice import is_participation_officer
from journey.cases.selectors import steps_waiting_on
from journey.casework.visits.selectors import drafts_of
from journey.complaints.selectors import complaints_to_answer, officer_summary
from journey.improvement.selectors import my_actions
from journey.my_work import selectors
from journey.voice.participation.selectors import officer_summary as participation_summary
from journey.workforce.selectors import role_changes_waiting_on, teams_overseen

#: How many of the oldest waiting items My work shows a manager above the link to the queue.
QUEUE_PREVIEW = 5
#: How many the queue page lists (the oldest; each kind can be listed on its own).
QUEUE_SHOWN = 100


def my_work(request: HttpRequest) -> HttpResponse:
    worker = worker_for(request.user)
    context: dict = {"worker": worker}
    if worker is None:
        return render(request, "my_work/my_work.html", context)
    today = timezone.localdate()
    council = may_read_child_records(request.user)
    context |= {"sees_council_records": council, "drafts": drafts_of(request.user)}
    if is_cp_partner(request.user):
        context["enquiries"] = selectors.my_enquiries(worker)
    if holds_casework(worker):
        rows = selectors.my_children(worker, request.user, today, supervision=council)
        context |= {
            "rows": rows,
            "overdue_count": sum(len(r.overdue) for r in rows),
            "holds_casework": True,
        }
    teams = teams_overseen(worker)
    if may_use_manager_queue(request.user):
        queue = selectors.manager_queue(worker, request.user, teams, today)
        context |= {"queue": queue, "queue_preview": queue.items[:QUEUE_PREVIEW]}
    elif council:
        context["steps_waiting"] = steps_waiting_on(worker)
    if may_see_service_view(request.user):
        context["service"] = selectors.service_figures(teams, today)
    context["improvement_actions"] = my_actions(worker, today)
    if worker.is_manager:
        context["complaints_to_answer"] = complaints_to_answer(worker, today)
    if is_complaints_officer(request.user):
        context["complaints"] = officer_summary(today)
    if is_participation_officer(request.user):
        context["participation"] = participation_summary(today)
    if may_approve_role_changes(request.user):
        context["role_changes_waiting"] = role_changes_waiting_on(request.user)
    return render(request, "my_work/my_work.html", context)


def manager_queue(request: HttpRequest) -> HttpResponse:
    if not may_use_manager_queue(request.user):
        raise PermissionDenied("The queue is for team managers and above.")
    worker = worker_for(request.user)
    assert worker is not None  # a manager is a worker
    queue = selectors.manager_queue(
        worker, request.user, teams_overseen(worker), timezone.localdate()
    )
    shown = request.GET.get("kind", "")
    items = [i for i in queue.items if i.group == shown] if shown in queue.counts else queue.items
    return render(
        request,
        "my_work/queue.html",
        {
            "queue": queue,
            "items": items[:QUEUE_SHOWN],
            "more": len(items) > QUEUE_SHOWN,
            "shown": shown if shown in queue.counts else "",
            "worker": worker,
        },
    )
