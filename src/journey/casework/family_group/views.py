"""Family group decision-making of one piece of social care or Family Help work: its page (the
letters before proceedings, offers and answers, meetings and the family's plans, best-interests
decisions and applications to court) and one page for each thing recorded. Each view parses a
form and calls one service in casework/family_group/services.py; who may is decided in
access/rules.py (never a partner agency) and every view and refusal is logged."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from journey.access.records import open_episode_record
from journey.access.rules import (
    BEST_INTERESTS_DECIDED_BY_MANAGERS,
    FAMILY_GROUP_COUNCIL_RECORD,
    FAMILY_GROUP_RECORDED_BY,
    may_decide_best_interests,
    may_read_family_group,
    may_record_family_group,
    may_work_on_episode,
    worker_for,
)
from journey.cases.models import STATUTORY_KINDS, Episode
from journey.casework import views as pages
from journey.casework.family_group import forms
from journey.casework.family_group import services as family_group
from journey.casework.family_group.selectors import (
    court_verdict,
    family_group_record,
    letter_of,
)
from journey.casework.models import FamilyGroupMeeting, FamilyGroupOffer
from journey.core.forms import add_service_errors
from journey.core.models import AccessEvent
from journey.people.genogram.selectors import family_network_drawn


def _refuse_reading(request: HttpRequest, episode: Episode) -> str:
    return "" if may_read_family_group(request.user) else FAMILY_GROUP_COUNCIL_RECORD


def _refuse_recording(request: HttpRequest, episode: Episode) -> str:
    """Closed work answers with the closed page; a child the user may not see is refused as the
    record opens."""
    refusal = _refuse_reading(request, episode)
    if not refusal and not may_record_family_group(request.user):
        return FAMILY_GROUP_RECORDED_BY
    return refusal


def _refuse_deciding(request: HttpRequest, episode: Episode) -> str:
    refusal = _refuse_recording(request, episode)
    if not refusal and not may_decide_best_interests(request.user):
        return BEST_INTERESTS_DECIDED_BY_MANAGERS
    return refusal


def _episode(request: HttpRequest, episode_id: int, refusal, action=AccessEvent.Action.VIEW):
    episode = get_object_or_404(
        Episode.objects.select_related("child", "team__service"), pk=episode_id
    )
    open_episode_record(request, episode, action, unless=lambda child: refusal(request, episode))
    if episode.kind not in STATUTORY_KINDS:
        raise Http404("This page is for children's social care or Family Help work")
    return episode


def _writing(request: HttpRequest, episode_id: int, refusal=_refuse_recording):
    episode = _episode(request, episode_id, refusal)
    return episode, (pages.closed(request, episode) if not episode.is_open else None)


def _page(request: HttpRequest, template: str, episode: Episode, **context) -> HttpResponse:
    if "form" in context and context["form"].errors:
        pages.errors_in_page_order(context["form"])
    return render(
        request,
        f"casework/family_group/{template}",
        {"episode": episode, "child": episode.child, **context},
    )


def _done(request: HttpRequest, episode: Episode, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("family_group", episode_id=episode.pk)


def record(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode = _episode(request, episode_id, _refuse_reading)
    may_record = may_record_family_group(request.user) and may_work_on_episode(
        request.user, episode
    )
    return _page(
        request,
        "record.html",
        episode,
        record=family_group_record(episode, timezone.localdate()),
        may_record=may_record,
        may_decide=may_record and may_decide_best_interests(request.user),
    )


def letter_pdf(request: HttpRequest, episode_id: int, letter_id: int) -> HttpResponse:
    """The letter as it was sent; the download is logged as a print of the child's record."""
    episode = _episode(request, episode_id, _refuse_reading, AccessEvent.Action.PRINT)
    letter = letter_of(episode, letter_id)
    if letter is None:
        raise Http404("No such letter in this work")
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    filename = f"letter-before-proceedings-{episode.child.local_id}-{letter.sent_on:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
def write_letter(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode, closed = _writing(request, episode_id)
    if closed:
        return closed
    worker = worker_for(request.user)
    name = worker.name if worker else request.user.get_username()
    form = forms.LetterForm(
        request.POST or None,
        initial={
            "sent_on": timezone.localdate(),
            "how_to_accept": f"Tell {name}, {episode.child.first_name}'s social worker, by "
            "phone, by letter or in person, or tell us at the pre-proceedings meeting.",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            family_group.write_letter_before_proceedings(episode, form.to_input(), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(
                request,
                episode,
                "Letter before proceedings saved, with the offer of a family group "
                "decision-making meeting: download it to send",
            )
    return _page(request, "letter_form.html", episode, form=form)


@require_http_methods(["GET", "POST"])
def record_offer(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode, closed = _writing(request, episode_id)
    if closed:
        return closed
    form = forms.OfferForm(request.POST or None, initial={"offered_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            family_group.offer_family_group_meeting(episode, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, episode, "Offer of a family group meeting recorded")
    return _page(request, "offer.html", episode, form=form)


def _offer(episode: Episode, offer_id: int) -> FamilyGroupOffer:
    return get_object_or_404(
        FamilyGroupOffer.objects.select_related("letter").defer("letter__pdf"),
        pk=offer_id,
        episode=episode,
    )


@require_http_methods(["GET", "POST"])
def record_answer(request: HttpRequest, episode_id: int, offer_id: int) -> HttpResponse:
    episode, closed = _writing(request, episode_id)
    if closed:
        return closed
    offer = _offer(episode, offer_id)
    if offer.response != FamilyGroupOffer.Response.AWAITING:
        return redirect("family_group", episode_id=episode.pk)
    form = forms.AnswerForm(request.POST or None, initial={"responded_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            offer = family_group.record_family_answer(offer, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            word = "accepted" if offer.is_accepted else "declined"
            return _done(request, episode, f"Recorded: the family {word} the meeting")
    return _page(request, "answer.html", episode, form=form, offer=offer)


@require_http_methods(["GET", "POST"])
def record_meeting(request: HttpRequest, episode_id: int, offer_id: int) -> HttpResponse:
    """The meeting, with the family network drawn so the coordinator sees who is in it."""
    episode, closed = _writing(request, episode_id)
    if closed:
        return closed
    offer = _offer(episode, offer_id)
    if not offer.is_accepted or offer.meetings.exists():
        return redirect("family_group", episode_id=episode.pk)
    form = forms.MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            family_group.record_family_group_meeting(offer, form.to_input(), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, episode, "Family group meeting and the family's plan recorded")
    return _page(
        request,
        "meeting.html",
        episode,
        form=form,
        offer=offer,
        **family_network_drawn(episode.child, request.user),
    )


@require_http_methods(["GET", "POST"])
def review_plan(request: HttpRequest, episode_id: int, meeting_id: int) -> HttpResponse:
    episode, closed = _writing(request, episode_id)
    if closed:
        return closed
    meeting = get_object_or_404(
        FamilyGroupMeeting.objects.select_related("offer"), pk=meeting_id, offer__episode=episode
    )
    if meeting.reviewed_on:
        return redirect("family_group", episode_id=episode.pk)
    form = forms.ReviewForm(request.POST or None, initial={"reviewed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            family_group.review_family_plan(meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, episode, "Review of the family's plan recorded")
    return _page(request, "review.html", episode, form=form, meeting=meeting)


@require_http_methods(["GET", "POST"])
def record_exception(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode, closed = _writing(request, episode_id, _refuse_deciding)
    if closed:
        return closed
    form = forms.ExceptionForm(
        request.POST or None,
        initial={"decided_on": timezone.localdate(), "decided_by": worker_for(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            family_group.record_best_interests_exception(
                episode, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, episode, "Best-interests decision recorded")
    return _page(request, "exception.html", episode, form=form)


@require_http_methods(["GET", "POST"])
def record_application(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode, closed = _writing(request, episode_id)
    if closed:
        return closed
    form = forms.ApplicationForm(request.POST or None, initial={"applied_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            application = family_group.record_court_application(
                episode, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            order = application.get_order_display().lower()
            return _done(request, episode, f"Application for a {order} recorded")
    return _page(
        request,
        "application.html",
        episode,
        form=form,
        verdict=court_verdict(episode, timezone.localdate()),
    )
