"""The early help pages (R4): the CAF, a TAF meeting on one page, the plan and its actions,
progress on an action, and the early help closure. Each view parses a form and calls one
service from casework/early_help/services.py; who may do what is decided in access/rules.py.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from journey.access.rules import (
    may_manage_episodes,
    may_work_on_episode,
)
from journey.cases.models import Episode, EpisodeKind
from journey.casework import views as pages
from journey.casework.early_help import selectors
from journey.casework.early_help import services as early_help
from journey.casework.early_help.forms import (
    ActionFormSet,
    ActionUpdateForm,
    AttendeeFormSet,
    CafForm,
    CarriedAttendeeFormSet,
    CloseEarlyHelpForm,
    ProgressForm,
    TafMeetingForm,
)
from journey.casework.models import Assessment, FamilyBenefit
from journey.core import codes
from journey.core.forms import add_service_errors, filled_rows
from journey.core.templatetags.govuk import govuk_error_summary
from journey.outcomes import selectors as outcome_selectors
from journey.outcomes import views as outcome_views


def _caf_episode(request: HttpRequest, episode_id: int, refusal) -> Episode:
    episode = pages.open_episode(request, episode_id, refusal)
    if episode.kind != EpisodeKind.EARLY_HELP_CAF:
        raise Http404("CAF assessments and TAF meetings belong to early help (CAF) work")
    return episode


def _early_help_episode(request: HttpRequest, episode_id: int, refusal) -> Episode:
    episode = pages.open_episode(request, episode_id, refusal)
    if not episode.is_early_help:
        raise Http404("This page is for early help work")
    return episode


def _plan_url(episode: Episode, anchor: str = "") -> str:
    url = reverse("early_help_plan", kwargs={"episode_id": episode.pk})
    return f"{url}#{anchor}" if anchor else url


# --- The CAF assessment ---------------------------------------------------------------------


def _caf_as_read(assessment: Assessment | None) -> dict:
    if assessment is None:
        return {}
    return {
        "areas": [
            {
                "label": label,
                "strengths": assessment.areas.get(area, {}).get("strengths", ""),
                "needs": assessment.areas.get(area, {}).get("needs", ""),
            }
            for area, label in Assessment.AREAS.items()
        ],
        "factors": [
            codes.AssessmentFactor(code).label
            for code in assessment.factors
            if code in codes.AssessmentFactor.values
        ],
    }


@require_http_methods(["GET", "POST"])
def caf_assessment(request: HttpRequest, episode_id: int, new: bool = False) -> HttpResponse:
    posted = request.method == "POST"
    episode = _caf_episode(
        request, episode_id, pages.refuse_working if posted else pages.refuse_reading
    )
    if posted and not episode.is_open:
        return pages.closed(request, episode)
    assessment = selectors.latest_caf(episode)
    may_write = may_work_on_episode(request.user, episode)
    if new and assessment is not None and assessment.is_draft:
        return redirect("caf_assessment", episode_id=episode.pk)  # finish the draft first
    if new:
        assessment = None
    if not may_write or (assessment is not None and not assessment.is_draft):
        if posted:  # completed meanwhile (a second click): show it as it now stands
            return redirect("caf_assessment", episode_id=episode.pk)
        return render(
            request,
            "casework/caf_view.html",
            {
                "episode": episode,
                "child": episode.child,
                "assessment": assessment,
                "may_write": may_write,
                **_caf_as_read(assessment),
            },
        )
    initial = (
        CafForm.initial_from(assessment) if assessment else {"started_on": timezone.localdate()}
    )
    form = CafForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        complete = request.POST.get("action") == "complete"
        try:
            assessment = early_help.save_caf_assessment(
                episode, form.to_input(), by=request.user, complete=complete, assessment=assessment
            )
        except ValidationError as error:
            add_service_errors(form, error, {"areas": CafForm.FIRST_AREA_FIELD})
            pages.errors_in_page_order(form)
        else:
            if complete:
                messages.success(request, "The CAF assessment is complete")
            else:
                messages.success(request, "The CAF assessment has been saved as a draft")
            return redirect("caf_assessment", episode_id=episode.pk)
    return render(
        request,
        "casework/caf_form.html",
        {"episode": episode, "child": episode.child, "form": form, "assessment": assessment},
    )


# --- A TAF meeting on one page ----------------------------------------------------------------

_ACTION_KEY = re.compile(r"actions-(\d+)-(\w+)")
_ACTION_NUMBER = re.compile(r"^Action \d+: ")


def _attach_taf_errors(error: ValidationError, form, attendees, action_rows, updates) -> None:
    """The service's errors, beside the fields they are about: "actions-N-field" names the Nth
    action it was given, which is the Nth filled row on the page; "update-<id>-field" an action
    already on the plan."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    by_prefix = {update.prefix: update for update in updates}
    for key, errors in error.error_dict.items():
        prefix, _, name = key.rpartition("-")
        if prefix in by_prefix and name in by_prefix[prefix].fields:
            by_prefix[prefix].add_error(name, errors)
            continue
        match = _ACTION_KEY.fullmatch(key)
        if match and int(match.group(1)) < len(action_rows):
            row = action_rows[int(match.group(1))]
            field = match.group(2) if match.group(2) in row.fields else None
            for item in ValidationError(errors).messages:
                row.add_error(field, _ACTION_NUMBER.sub("", item))
        elif key == "attendees" and attendees.forms:
            attendees.forms[0].add_error("name", errors)
        else:
            add_service_errors(form, ValidationError({key: errors}))


def _taf_error_summary(form, attendees, actions, updates) -> list[dict]:
    """Every error on the TAF page, in the order of the page."""
    main = govuk_error_summary(form)["items"]
    top = [item for item in main if item["href"] in ("", "#id_held_on_0")]
    last = [item for item in main if item["href"] == "#id_next_due_on_0"]
    middle = [item for item in main if item not in top and item not in last]
    rows = [
        {"text": message, "href": ""}
        for formset in (attendees, actions)
        if formset.is_bound
        for message in formset.non_form_errors()
    ]
    return (
        rows
        + top
        + govuk_error_summary(*attendees.forms)["items"]
        + middle
        + govuk_error_summary(*updates)["items"]
        + govuk_error_summary(*actions.forms)["items"]
        + last
    )


@require_http_methods(["GET", "POST"])
def hold_taf_meeting(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode = _caf_episode(request, episode_id, pages.refuse_working)
    if not episode.is_open:
        return pages.closed(request, episode)
    agencies = selectors.agencies()
    data = request.POST if request.method == "POST" else None
    tools = outcome_selectors.tools_for(episode)
    form = TafMeetingForm(
        data,
        initial={"held_on": timezone.localdate()},
        measure_with=" or ".join(v.tool.name for v in tools),
    )
    carried = selectors.last_attendees(episode)
    attendees = (CarriedAttendeeFormSet if carried else AttendeeFormSet)(
        data, prefix="attendees", initial=carried, form_kwargs={"agencies": agencies}
    )
    actions = ActionFormSet(
        data,
        prefix="actions",
        form_kwargs={"agencies": agencies, "owners": selectors.action_owners(episode)},
    )
    updates = [
        ActionUpdateForm(data, action=action, initial={"status": action.status})
        for action in selectors.open_actions(episode)
    ]
    if request.method == "POST":
        valid = [form.is_valid(), attendees.is_valid(), actions.is_valid()]
        valid += [update.is_valid() for update in updates]
        if all(valid):
            action_rows = filled_rows(actions)
            try:
                meeting = early_help.hold_taf_meeting(
                    episode,
                    held_on=form.cleaned_data["held_on"],
                    by=request.user,
                    attendees=[row.to_input() for row in filled_rows(attendees)],
                    actions=[row.to_input() for row in action_rows],
                    updates=[update.to_update() for update in updates],
                    views=form.views_input(),
                    benefit=form.benefit_input(
                        episode, FamilyBenefit.At.REVIEW, form.cleaned_data["held_on"]
                    ),
                    decisions=form.cleaned_data["decisions"],
                    summary=form.cleaned_data["summary"],
                    next_due_on=form.cleaned_data["next_due_on"],
                )
            except ValidationError as error:
                _attach_taf_errors(error, form, attendees, action_rows, updates)
            else:
                measure_next = form.cleaned_data.get("record_measure", False)
                return _taf_recorded(request, episode, meeting, len(action_rows), measure_next)
    errors = _taf_error_summary(form, attendees, actions, updates)
    return render(
        request,
        "casework/taf_meeting.html",
        {
            "episode": episode,
            "child": episode.child,
            "form": form,
            "attendees": attendees,
            "actions": actions,
            "updates": updates,
            "carried": bool(carried),
            "people_to_invite": selectors.people_to_invite(episode),
            "error_items": errors,
            "has_errors": bool(errors),
        },
    )


def _taf_recorded(
    request: HttpRequest, episode: Episode, meeting, count: int, measure_next: bool = False
) -> HttpResponse:
    messages.success(
        request,
        f"TAF meeting on {meeting.held_on:%-d %B %Y} recorded with {count} "
        f"action{'s' if count != 1 else ''}. The next TAF is due by "
        f"{meeting.next_due_on:%-d %B %Y}",
    )
    if measure_next:
        return redirect(_measure_at(episode, meeting))
    return redirect(_plan_url(episode))


def _measure_at(episode: Episode, meeting) -> str:
    """The outcome measure made at this TAF meeting, coming back to the plan once saved."""
    return outcome_views.measure_url(
        episode, _plan_url(episode, "taf-meetings"), meeting=meeting.pk
    )


# --- The plan and its actions ---------------------------------------------------------------


def early_help_plan(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode = _early_help_episode(request, episode_id, pages.refuse_reading)
    context = selectors.early_help_plan(episode, timezone.localdate())
    may_write = may_work_on_episode(request.user, episode)
    return render(
        request,
        "casework/plan.html",
        {
            "episode": episode,
            "child": episode.child,
            "may_write": may_write,
            "may_manage": may_manage_episodes(request.user),
            "today": timezone.localdate(),
            "outcomes": outcome_selectors.episode_outcomes(episode.pk),
            **context,
            **_measures_at_meetings(episode, context["last_meeting"], may_write),
        },
    )


def _measures_at_meetings(episode: Episode, last, may_write: bool) -> dict:
    """The TAF meetings an outcome measure was made at, and (for those who may record one) the
    link to make it at the latest meeting if none was."""
    if episode.kind != EpisodeKind.EARLY_HELP_CAF:
        return {}
    work = outcome_selectors.work_measures(episode)
    offer = (
        work.used
        and last is not None
        and not work.measured_at(last.pk)
        and may_write  # open work only: a closed plan's meetings take no new measure
    )
    return {
        "measured_meetings": work.meetings_measured,
        "measure_at_last": _measure_at(episode, last) if offer else "",
    }


@require_http_methods(["GET", "POST"])
def record_progress(request: HttpRequest, episode_id: int, action_id: int) -> HttpResponse:
    episode = _early_help_episode(request, episode_id, pages.refuse_working)
    action = selectors.action_with_progress(episode, action_id)
    if action is None:
        raise Http404("No such action in this work")
    if not episode.is_open:
        return pages.closed(request, episode)
    form = ProgressForm(request.POST or None, initial={"status": action.status})
    if request.method == "POST" and form.is_valid():
        try:
            early_help.record_action_progress(
                action,
                note=form.cleaned_data["note"],
                status=form.cleaned_data["status"],
                noted_on=form.cleaned_data["noted_on"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Progress recorded on “{action.description[:80]}”")
            return redirect(_plan_url(episode, f"action-{action.pk}"))
    return render(
        request,
        "casework/progress.html",
        {"episode": episode, "child": episode.child, "action": action, "form": form},
    )


# --- Closing early help -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def close_early_help(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode = _early_help_episode(request, episode_id, pages.refuse_managing)
    if not episode.is_open:
        return pages.closed(request, episode, outcome_views.closing_measure(request, episode))
    open_actions = selectors.open_actions(episode)
    form = CloseEarlyHelpForm(request.POST or None, open_actions=len(open_actions))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            early_help.close_early_help(
                episode,
                ended_on=data["ended_on"],
                reason=data["reason"],
                outcome=data["outcome"],
                next_step=data["next_step"],
                views=form.views_input(),
                benefit=form.benefit_input(episode, FamilyBenefit.At.CLOSURE, data["ended_on"]),
                open_actions_note=data.get("open_actions_note", ""),
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            reminder = outcome_views.closing_reminder(episode)
            messages.success(request, f"{episode.get_kind_display()} closed{reminder}")
            return redirect("child", child_id=episode.child_id)
    return render(
        request,
        "casework/close_early_help.html",
        {
            "episode": episode,
            "child": episode.child,
            "form": form,
            "open_actions": open_actions,
            **outcome_views.closing_measure(request, episode),
        },
    )
