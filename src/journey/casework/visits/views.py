"""Recording a visit or case note from the child's record, carrying on a draft, and reading one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from journey.access.records import open_child_record, refuse
from journey.access.rules import (
    can_view_child,
    may_read_draft,
    may_read_episode,
    may_work_on_plan,
)
from journey.cases.models import EpisodeKind
from journey.casework.models import CaseNote, NoteKind, Plan, Visit
from journey.casework.visits import selectors, services
from journey.casework.visits.forms import (
    VisitForm,
    VisitingStandardForm,
    initial_for_new,
    initial_from_draft,
)
from journey.casework.visits.schedule import default_interval
from journey.core.forms import add_service_errors
from journey.core.templatetags.govuk import counted

NOT_YOURS = "This visit is about children or work whose records you cannot see."
ONLY_THE_AUTHOR = "Only the worker who began a draft may change or finish it."
NO_OPEN_WORK = (
    "Visits and case notes are recorded in open work you may work on: this child has none."
)


@require_http_methods(["GET", "POST"])
def record_visit(request: HttpRequest, child_id: int) -> HttpResponse:
    children: list = []

    def unless(child) -> str:
        children.extend(selectors.children_to_visit(child, request.user))
        return "" if children and children[0][0].pk == child.pk else NO_OPEN_WORK

    child = open_child_record(request, child_id, unless=unless)
    social_care = children[0][1].kind == EpisodeKind.SOCIAL_CARE
    initial = initial_for_new(NoteKind.VISIT if social_care else NoteKind.HOME)
    form = VisitForm(request.POST or None, children=children, initial=initial)
    if request.method == "POST" and form.is_valid():
        finish = "draft" not in request.POST
        try:
            visit = services.record_visit(
                form.account(), form.parts(), by=request.user, finish=finish
            )
        except ValidationError as error:
            add_service_errors(form, error, {"occurred_at": "occurred_on"})
        else:
            return _saved(request, visit, child)
    return render(request, "casework/visits/record.html", {"form": form, "child": child})


def _saved(request: HttpRequest, visit: Visit, child) -> HttpResponse:
    names = [note.episode.child.first_name for note in visit.parts.select_related("episode__child")]
    who = " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
    if visit.is_draft:
        messages.success(request, f"Draft saved. Finish it from My work or {who}'s summary")
        return redirect("child", child_id=child.pk)
    chronologies = "chronology" if len(names) == 1 else "chronologies"
    messages.success(request, f"{visit.get_kind_display()} recorded on {who}'s {chronologies}")
    return redirect("child_chronology", child_id=child.pk)


@require_http_methods(["GET", "POST"])
def visit(request: HttpRequest, record_id: int) -> HttpResponse:
    """A finished visit as recorded (each child the viewer may see), or a draft: its author
    carries on writing it, a manager reads it."""
    found = selectors.visit_with_parts(record_id)
    if found is None:
        raise Http404("No such visit or note")
    parts = list(found.parts.all())
    visible = [p for p in parts if _may_read_part(request, p)]
    if not visible:
        refuse(request, parts[0].episode.child if parts else None, NOT_YOURS)
    child = open_child_record(
        request,
        visible[0].episode.child_id,
        unless=lambda c: (
            may_read_draft(request.user, found.recorded_by_id).reason if found.is_draft else ""
        ),
    )
    writing = found.is_draft and found.recorded_by_id == request.user.pk
    if request.method == "POST" and not writing:
        refuse(request, child, ONLY_THE_AUTHOR)
    if not writing:
        return render(
            request,
            "casework/visits/visit.html",
            {
                "visit": found,
                "parts": visible,
                "hidden": len(parts) - len(visible),
                "child": child,
                "in_person": CaseNote.IN_PERSON,
            },
        )
    return _carry_on(request, found, child)


def _may_read_part(request: HttpRequest, part: CaseNote) -> bool:
    """A child's part of a visit: a child the user sees, in work they may read (a partner only
    the early help they lead)."""
    return (
        can_view_child(request.user, part.episode.child).allowed
        and may_read_episode(request.user, part.episode).allowed
    )


def _carry_on(request: HttpRequest, draft: Visit, child) -> HttpResponse:
    children = selectors.children_to_visit(child, request.user)
    form = VisitForm(request.POST or None, children=children, initial=initial_from_draft(draft))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.continue_draft(
                draft,
                form.account(),
                form.parts(),
                by=request.user,
                finish="draft" not in request.POST,
            )
        except ValidationError as error:
            add_service_errors(form, error, {"occurred_at": "occurred_on"})
        else:
            return _saved(request, saved, child)
    return render(
        request,
        "casework/visits/record.html",
        {"form": form, "child": child, "draft": draft},
    )


@require_http_methods(["GET", "POST"])
def visiting_standard(request: HttpRequest, plan_id: int) -> HttpResponse:
    """How often the child on this plan is seen: the plan's own standard or the council's."""
    plan = get_object_or_404(Plan.objects.select_related("episode__child"), pk=plan_id)
    open_child_record(
        request,
        plan.episode.child_id,
        unless=lambda c: (
            ""
            if may_work_on_plan(request.user, plan)
            else "Only workers on this child's open work set how often they are visited."
        ),
    )
    default = default_interval(plan.kind)
    form = VisitingStandardForm(request.POST or None, initial={"visit_every": plan.visit_every})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.set_visiting_standard(
                plan, form.cleaned_data["visit_every"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            every = plan.visit_every or default
            messages.success(
                request,
                f"{plan.episode.child.first_name} is to be visited at least every "
                f"{counted(every, 'working day')}",
            )
            return redirect("child", child_id=plan.episode.child_id)
    return render(
        request,
        "casework/visits/standard.html",
        {"form": form, "plan": plan, "child": plan.episode.child, "default": default},
    )
