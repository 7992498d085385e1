"""Family group decision-making before the council applies to court (Children Act 1989 s31ZA).

Before applying for a care or supervision order the council offers the family a family group
decision-making meeting, in the letter before proceedings (kept as the PDF that was sent) or
another way; if the family accepts, the meeting is held before the application, unless a manager
decides it is in the child's best interests not to (or not to offer one at all).

Each write validates first, then saves the record and the child's chronology entry in one
transaction: a refusal raises ValidationError naming the field and the fix, and nothing is saved.
`before_court` is the one rule an application must pass; the record page and the measures read
it too. Letters are never changed once sent: a new letter is a new record.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string

from journey.cases.models import STATUTORY_KINDS, Episode
from journey.casework.models import (
    BestInterestsException,
    CourtApplication,
    FamilyGroupMeeting,
    FamilyGroupOffer,
    LetterBeforeProceedings,
)
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.chronology.services import build_entry, start_of
from journey.core.services import MIN_RATIONALE_CHARS, MIN_RATIONALE_WORDS, check_not_future
from journey.core.templatetags.govuk import govuk_date as _fmt
from journey.core.views_of_child import (
    ViewsInput,
    check_views,
    set_views,
    views_problems,
    views_summary,
)
from journey.workforce.models import Worker

Response = FamilyGroupOffer.Response
Kind = BestInterestsException.Kind
#: What a family group decision-making meeting is, in the letter and on the pages.
FGDM = "family group decision-making meeting"


# --- Checks shared by the services ----------------------------------------------------------


def _lock(episode: Episode) -> Episode:
    """Serialise these writes on one episode, so two clicks cannot answer an offer twice."""
    return Episode.objects.select_related("child", "team").select_for_update().get(pk=episode.pk)


def _check_open(episode: Episode, what: str) -> None:
    if episode.kind not in STATUTORY_KINDS:
        raise ValidationError(
            {"__all__": f"{what} belongs to children's social care or Family Help work"}
        )
    if not episode.is_open:
        raise ValidationError(
            {
                "__all__": f"This work closed on {_fmt(episode.ended_on)}: record "
                f"{what[0].lower()}{what[1:]} in open work"
            }
        )


def _check_day(
    day: dt.date | None,
    field: str,
    label: str,
    episode: Episode,
    after: tuple[dt.date, str] | None = None,
) -> dt.date:
    """A date that is given, not in the future, not before the work started, nor before
    `after` (a date and what it is: "the offer")."""
    if day is None:
        raise ValidationError({field: f"Enter {label[0].lower()}{label[1:]}"})
    check_not_future(day, field, label)
    if day < episode.started_on:
        raise ValidationError(
            {field: f"{label} must be on or after the work started, {_fmt(episode.started_on)}"}
        )
    if after is not None and day < after[0]:
        raise ValidationError({field: f"{label} must be on or after {after[1]}, {_fmt(after[0])}"})
    return day


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def sentence_problem(text: str, what: str) -> str:
    """Why `what` ("the family's plan") is not yet written, or "": at least a full sentence."""
    text = (text or "").strip()
    if not text:
        return f"Enter {what}"
    if len(text) < MIN_RATIONALE_CHARS or len(re.findall(r"\w+", text)) < MIN_RATIONALE_WORDS:
        return (
            f"{what[0].upper()}{what[1:]} must be at least a full sentence (at least "
            f"{MIN_RATIONALE_WORDS} words)"
        )
    return ""


def _sentence(value: str, field: str, what: str) -> str:
    problem = sentence_problem(value, what)
    if problem:
        raise ValidationError({field: problem})
    return value.strip()


def _entry(
    record: models.Model,
    episode: Episode,
    day: dt.date,
    title: str,
    summary: str,
    by: User | None,
    *,
    kind: str = EntryKind.FAMILY_GROUP,
    is_significant: bool = False,
) -> ChronologyEntry:
    return build_entry(
        child_id=episode.child_id,
        episode_id=episode.pk,
        kind=kind,
        title=title,
        summary=summary,
        occurred_at=start_of(day),
        source=record,
        recorded_by=by,
        is_significant=is_significant,
    )


# --- The letter before proceedings, with the offer ------------------------------------------


@dataclass(frozen=True)
class LetterInput:
    sent_on: dt.date | None
    addressed_to: str
    concerns: str
    what_must_change: str
    how_to_accept: str
    pre_proceedings_meeting_on: dt.date | None = None
    offered_to: str = ""  # the family group meeting's offer, if not to whom the letter goes


def _check_letter(episode: Episode, data: LetterInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    checks = [
        lambda: _check_day(data.sent_on, "sent_on", "The date of the letter", episode),
        lambda: _text(
            data.addressed_to,
            "addressed_to",
            "Enter who the letter is to: the parents and anyone with parental responsibility",
        ),
        lambda: _sentence(data.concerns, "concerns", "the council's concerns"),
        lambda: _sentence(data.what_must_change, "what_must_change", "what must change"),
        lambda: _text(
            data.how_to_accept,
            "how_to_accept",
            "Say how the family can accept the family group decision-making meeting",
        ),
    ]
    for check in checks:
        try:
            check()
        except ValidationError as error:
            errors.update({k: v[0] for k, v in error.message_dict.items()})
    meeting = data.pre_proceedings_meeting_on
    if meeting and data.sent_on and meeting < data.sent_on:
        errors["pre_proceedings_meeting_on"] = (
            "The pre-proceedings meeting must be on or after the date of the letter"
        )
    return errors


def letter_pdf(context: dict) -> bytes:
    """The letter as sent: templates/casework/family_group/letter.html drawn by WeasyPrint."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    html = render_to_string("casework/family_group/letter.html", context)
    return HTML(string=html).write_pdf()


def _letter_context(episode: Episode, data: LetterInput, offered_to: str, by: User) -> dict:
    worker = Worker.objects.filter(user=by).select_related("team").first()
    return {
        "council": settings.COUNCIL_NAME,
        "child": episode.child,
        "team": worker.team if worker and worker.team_id else episode.team,
        "letter": data,
        "offered_to": offered_to,
        "signed_by": by.get_full_name() or by.get_username(),
        "job_title": (worker.job_title if worker else "") or "Social worker",
    }


def letter_entry(letter: LetterBeforeProceedings) -> ChronologyEntry:
    meeting = letter.pre_proceedings_meeting_on
    return _entry(
        letter,
        letter.episode,
        letter.sent_on,
        f"Letter before proceedings sent to {letter.addressed_to}, offering a {FGDM}",
        "\n\n".join(
            part
            for part in [
                f"Concerns: {letter.concerns}",
                f"What must change: {letter.what_must_change}",
                f"Pre-proceedings meeting: {_fmt(meeting)}" if meeting else "",
            ]
            if part
        ),
        letter.recorded_by,
        is_significant=True,
    )


@transaction.atomic
def write_letter_before_proceedings(
    episode: Episode, data: LetterInput, *, by: User
) -> LetterBeforeProceedings:
    """The letter, drawn as a PDF and kept as sent, and the offer of a family group
    decision-making meeting it makes (always), with its chronology entry."""
    episode = _lock(episode)
    _check_open(episode, "A letter before proceedings")
    errors = _check_letter(episode, data)
    if errors:
        raise ValidationError(errors)
    assert data.sent_on is not None  # refused above
    addressed_to = data.addressed_to.strip()
    offered_to = data.offered_to.strip() or addressed_to
    pdf = letter_pdf(_letter_context(episode, data, offered_to, by))
    letter = LetterBeforeProceedings.objects.create(
        episode=episode,
        sent_on=data.sent_on,
        addressed_to=addressed_to,
        concerns=data.concerns.strip(),
        what_must_change=data.what_must_change.strip(),
        pre_proceedings_meeting_on=data.pre_proceedings_meeting_on,
        pdf=pdf,
        recorded_by=by,
    )
    FamilyGroupOffer.objects.create(
        episode=episode,
        letter=letter,
        offered_on=data.sent_on,
        offered_to=offered_to,
        recorded_by=by,
    )
    letter_entry(letter).save()
    return letter


# --- An offer made another way, and the family's answer -------------------------------------


def offer_entry(offer: FamilyGroupOffer) -> ChronologyEntry:
    return _entry(
        offer,
        offer.episode,
        offer.offered_on,
        f"A {FGDM} offered to {offer.offered_to}",
        "Offered other than in a letter before proceedings.",
        offer.recorded_by,
    )


@transaction.atomic
def offer_family_group_meeting(
    episode: Episode, *, offered_on: dt.date | None, offered_to: str, by: User
) -> FamilyGroupOffer:
    """An offer made other than in a letter before proceedings (at the pre-proceedings meeting,
    by phone, in another letter)."""
    episode = _lock(episode)
    _check_open(episode, "An offer of a family group meeting")
    errors = {}
    try:
        _check_day(offered_on, "offered_on", "The date of the offer", episode)
    except ValidationError as error:
        errors.update(error.message_dict)
    if not offered_to.strip():
        errors["offered_to"] = ["Enter who the meeting was offered to"]
    if errors:
        raise ValidationError(errors)
    assert offered_on is not None
    offer = FamilyGroupOffer.objects.create(
        episode=episode, offered_on=offered_on, offered_to=offered_to.strip(), recorded_by=by
    )
    offer_entry(offer).save()
    return offer


def answer_entry(offer: FamilyGroupOffer, by: User) -> ChronologyEntry:
    assert offer.responded_on is not None
    accepted = offer.response == Response.ACCEPTED
    return _entry(
        offer,
        offer.episode,
        offer.responded_on,
        f"The family {'accepted' if accepted else 'declined'} a {FGDM}",
        f"{offer.response_by} answered the offer of {_fmt(offer.offered_on)}.",
        by,
    )


@transaction.atomic
def record_family_answer(
    offer: FamilyGroupOffer,
    *,
    response: str,
    responded_on: dt.date | None,
    response_by: str,
    by: User,
) -> FamilyGroupOffer:
    """The family's answer to an offer: accepted or declined, once."""
    episode = _lock(offer.episode)
    offer = FamilyGroupOffer.objects.select_for_update().get(pk=offer.pk)
    _check_open(episode, "The family's answer")
    if offer.response != Response.AWAITING:
        raise ValidationError(
            {
                "__all__": f"The family's answer to this offer is already recorded: "
                f"{offer.get_response_display().lower()} on {_fmt(offer.responded_on)}"
            }
        )
    errors = {}
    if response not in (Response.ACCEPTED, Response.DECLINED):
        errors["response"] = ["Select whether the family accepted or declined the meeting"]
    try:
        _check_day(
            responded_on,
            "responded_on",
            "The date of the answer",
            episode,
            after=(offer.offered_on, "the offer"),
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    if not response_by.strip():
        errors["response_by"] = ["Enter who answered for the family"]
    if errors:
        raise ValidationError(errors)
    offer.response = response
    offer.responded_on = responded_on
    offer.response_by = response_by.strip()
    offer.save(update_fields=["response", "responded_on", "response_by"])
    offer.episode = episode
    answer_entry(offer, by).save()
    return offer


# --- The meeting, and the review of the family's plan ----------------------------------------


@dataclass(frozen=True)
class MeetingInput:
    held_on: dt.date | None
    coordinator: str
    who_came: str
    private_family_time: bool | None
    family_plan: str
    review_on: dt.date | None
    views: ViewsInput = dataclasses.field(default_factory=ViewsInput)


def meeting_entry(meeting: FamilyGroupMeeting, episode: Episode) -> ChronologyEntry:
    private = "with" if meeting.private_family_time else "without"
    return _entry(
        meeting,
        episode,
        meeting.held_on,
        f"Family group decision-making meeting held ({private} private family time)",
        f"Independent coordinator: {meeting.coordinator}\nWho came: {meeting.who_came}\n\n"
        f"The family's plan: {meeting.family_plan}\n\n"
        + (f"{views_summary(meeting)}\n\n" if views_summary(meeting) else "")
        + f"To be reviewed by {_fmt(meeting.review_on)}",
        meeting.recorded_by,
        is_significant=True,
    )


def _meeting_problems(offer: FamilyGroupOffer, episode: Episode, data: MeetingInput) -> dict:
    errors: dict[str, list[str]] = {}
    if offer.response != Response.ACCEPTED:
        word = "declined" if offer.response == Response.DECLINED else "not yet answered"
        raise ValidationError(
            {
                "__all__": f"The family has {word} this offer: a family group meeting is held "
                "only when the family accepts. Record their answer first"
            }
        )
    held = offer.meetings.first()
    if held:
        raise ValidationError(
            {
                "__all__": f"The meeting for this offer was held on {_fmt(held.held_on)}: "
                "record the review of its plan instead"
            }
        )
    assert offer.responded_on is not None
    try:
        _check_day(
            data.held_on,
            "held_on",
            "The date of the meeting",
            episode,
            after=(offer.responded_on, "the day the family accepted"),
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    for field, value, message in [
        ("coordinator", data.coordinator, "Enter the name of the independent coordinator"),
        ("who_came", data.who_came, "Enter who came to the meeting"),
    ]:
        if not value.strip():
            errors[field] = [message]
    if data.private_family_time is None:
        errors["private_family_time"] = ["Select whether the family had private time"]
    problem = sentence_problem(data.family_plan, "the family's plan")
    if problem:
        errors["family_plan"] = [problem]
    if data.review_on is None:
        errors["review_on"] = ["Enter the date the family's plan is to be reviewed by"]
    elif data.held_on and data.review_on <= data.held_on:
        errors["review_on"] = ["The review date must be after the meeting"]
    errors.update({key: [message] for key, message in views_problems(data.views).items()})
    return errors


@transaction.atomic
def record_family_group_meeting(
    offer: FamilyGroupOffer, data: MeetingInput, *, by: User
) -> FamilyGroupMeeting:
    """The meeting the family accepted: who coordinated it and came, whether the family had
    private time, the family's own plan and when it is to be reviewed."""
    episode = _lock(offer.episode)
    offer = FamilyGroupOffer.objects.select_for_update().get(pk=offer.pk)
    _check_open(episode, "A family group meeting")
    errors = _meeting_problems(offer, episode, data)
    if errors:
        raise ValidationError(errors)
    assert data.held_on is not None and data.private_family_time is not None
    meeting = FamilyGroupMeeting(
        offer=offer,
        held_on=data.held_on,
        coordinator=data.coordinator.strip(),
        who_came=data.who_came.strip(),
        private_family_time=data.private_family_time,
        family_plan=data.family_plan.strip(),
        review_on=data.review_on,
        recorded_by=by,
    )
    set_views(meeting, check_views(data.views))
    meeting.save()
    meeting_entry(meeting, episode).save()
    return meeting


def review_entry(meeting: FamilyGroupMeeting, episode: Episode, by: User) -> ChronologyEntry:
    assert meeting.reviewed_on is not None
    return _entry(
        meeting,
        episode,
        meeting.reviewed_on,
        "The family's plan from the family group meeting reviewed",
        meeting.review_note,
        by,
    )


@transaction.atomic
def review_family_plan(
    meeting: FamilyGroupMeeting, *, reviewed_on: dt.date | None, review_note: str, by: User
) -> FamilyGroupMeeting:
    """The review of the family's plan: when, and what it found (once)."""
    episode = _lock(meeting.offer.episode)
    meeting = FamilyGroupMeeting.objects.select_for_update().get(pk=meeting.pk)
    _check_open(episode, "The review of the family's plan")
    if meeting.reviewed_on:
        raise ValidationError({"__all__": f"This plan was reviewed on {_fmt(meeting.reviewed_on)}"})
    errors = {}
    try:
        _check_day(
            reviewed_on,
            "reviewed_on",
            "The date of the review",
            episode,
            after=(meeting.held_on, "the meeting"),
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    problem = sentence_problem(review_note, "what the review found")
    if problem:
        errors["review_note"] = [problem]
    if errors:
        raise ValidationError(errors)
    meeting.reviewed_on = reviewed_on
    meeting.review_note = review_note.strip()
    meeting.save(update_fields=["reviewed_on", "review_note"])
    review_entry(meeting, episode, by).save()
    return meeting


# --- The best-interests decision --------------------------------------------------------------


def held_meetings(offer: FamilyGroupOffer) -> list[FamilyGroupMeeting]:
    """An offer's meetings, oldest first, as `_offers` (or a selector) prefetched them."""
    return offer.held  # type: ignore[attr-defined]


def _offers(episode: Episode) -> list[FamilyGroupOffer]:
    """The episode's offers, oldest first, each with its meetings (`held`)."""
    meetings = FamilyGroupMeeting.objects.order_by("held_on", "pk")
    return list(
        episode.family_group_offers.order_by("offered_on", "pk").prefetch_related(
            Prefetch("meetings", queryset=meetings, to_attr="held")
        )
    )


def exception_entry(exception: BestInterestsException, episode: Episode) -> ChronologyEntry:
    what = (
        f"not to offer a {FGDM}"
        if exception.kind == Kind.NOT_OFFERED
        else f"not to hold the accepted {FGDM} before applying to court"
    )
    return _entry(
        exception,
        episode,
        exception.decided_on,
        f"{exception.decided_by} decided, in the child's best interests, {what}",
        exception.reasons,
        exception.recorded_by,
        is_significant=True,
    )


def _exception_problem(kind: str, offers: list[FamilyGroupOffer]) -> str:
    if kind == Kind.NOT_OFFERED and offers:
        return (
            f"A {FGDM} was offered on {_fmt(offers[-1].offered_on)}: a decision not to offer "
            "one no longer applies. If the family accepted and the meeting should not be held, "
            "record a decision not to hold it"
        )
    waiting = [o for o in offers if o.response == Response.ACCEPTED and not held_meetings(o)]
    if kind == Kind.NOT_HELD and not waiting:
        return (
            "No accepted family group meeting is waiting to be held: a decision not to hold "
            "one applies only when the family has accepted a meeting that has not been held"
        )
    return ""


@transaction.atomic
def record_best_interests_exception(
    episode: Episode,
    *,
    kind: str,
    decided_on: dt.date | None,
    decided_by: Worker | None,
    reasons: str,
    by: User,
) -> BestInterestsException:
    """A manager's decision that it is in the child's best interests not to offer a family
    group meeting, or not to hold an accepted one, before the council applies to court."""
    episode = _lock(episode)
    _check_open(episode, "A best-interests decision")
    errors: dict[str, list[str]] = {}
    offers = _offers(episode)
    if kind not in Kind.values:
        errors["kind"] = ["Select what was decided"]
    elif problem := _exception_problem(kind, offers):
        errors["kind"] = [problem]
    accepted = [o.responded_on for o in offers if o.responded_on and o.is_accepted]
    after = None
    if kind == Kind.NOT_HELD and accepted:
        after = (max(accepted), "the day the family accepted")
    try:
        _check_day(decided_on, "decided_on", "The date of the decision", episode, after=after)
    except ValidationError as error:
        errors.update(error.message_dict)
    if decided_by is None or not decided_by.is_manager or not decided_by.is_active:
        errors["decided_by"] = [
            "Select the manager who decided: a team manager, head of service or assistant director"
        ]
    problem = sentence_problem(reasons, "why it is in the child's best interests")
    if problem:
        errors["reasons"] = [problem]
    if errors:
        raise ValidationError(errors)
    assert decided_on is not None and decided_by is not None
    exception = BestInterestsException.objects.create(
        episode=episode,
        kind=kind,
        decided_on=decided_on,
        decided_by=decided_by,
        reasons=reasons.strip(),
        recorded_by=by,
    )
    exception_entry(exception, episode).save()
    return exception


# --- The rule before an application to court --------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """Whether the council may apply on a day, and why, in a social worker's words (when it may,
    the reason reads on from "The council may apply:")."""

    allowed: bool
    reason: str


def before_court(
    offers: Sequence[FamilyGroupOffer],
    exceptions: Sequence[BestInterestsException],
    applied_on: dt.date,
) -> Verdict:
    """s31ZA: may the council apply for a care or supervision order on `applied_on`? Only when,
    as things stood that day, the family was offered a family group decision-making meeting and
    declined it, or accepted it and it was held on or before that day; or a manager had decided
    it was in the child's best interests not to offer one (when none was offered) or not to hold
    the accepted one. An offer awaiting an answer is not a refusal.

    `offers` carry their meetings as `held` (oldest first); nothing here queries the database.
    """
    day = _fmt(applied_on)
    made = [o for o in offers if o.offered_on <= applied_on]
    decided = [e for e in exceptions if e.decided_on <= applied_on]
    if not made:
        not_offered = [e for e in decided if e.kind == Kind.NOT_OFFERED]
        if not_offered:
            e = not_offered[-1]
            return Verdict(
                True,
                f"{e.decided_by} decided on {_fmt(e.decided_on)} that it is in the child's best "
                f"interests not to offer a {FGDM}",
            )
        return Verdict(
            False,
            f"No {FGDM} was offered to the family by {day}: offer one before applying (the "
            "letter before proceedings makes the offer), or record why it is in the child's "
            "best interests not to offer one",
        )

    def answer(offer: FamilyGroupOffer) -> str:
        answered = offer.responded_on is not None and offer.responded_on <= applied_on
        return offer.response if answered else Response.AWAITING

    reasons = []
    for offer in made:
        if answer(offer) == Response.DECLINED:
            reasons.append(f"the family declined the {FGDM} on {_fmt(offer.responded_on)}")
        if answer(offer) != Response.ACCEPTED:
            continue
        assert offer.responded_on is not None
        held = [m.held_on for m in held_meetings(offer)]
        before = [d for d in held if d <= applied_on]
        not_held = [
            e for e in decided if e.kind == Kind.NOT_HELD and e.decided_on >= offer.responded_on
        ]
        if before:
            reasons.append(f"the {FGDM} the family accepted was held on {_fmt(before[0])}")
        elif not_held:
            e = not_held[-1]
            reasons.append(
                f"{e.decided_by} decided on {_fmt(e.decided_on)} that it is in the child's best "
                "interests not to hold the meeting the family accepted before applying"
            )
        elif held:
            return Verdict(
                False,
                f"The {FGDM} the family accepted was held on {_fmt(held[0])}, after the "
                f"application date ({day}): it must be held before the council applies. Check "
                "the application date, or record why it is in the child's best interests not "
                "to hold it first",
            )
        else:
            return Verdict(
                False,
                f"The family accepted a {FGDM} on {_fmt(offer.responded_on)} and it has not "
                "been held: hold it before applying, or record why it is in the child's best "
                "interests not to",
            )
    if reasons:
        return Verdict(True, reasons[-1])
    latest = made[-1]
    return Verdict(
        False,
        f"By {day} the family had not answered the offer of a {FGDM} made on "
        f"{_fmt(latest.offered_on)}: an offer still awaiting an answer does not count as "
        "declined. Record the family's answer before applying; if they accept, hold the "
        "meeting first",
    )


def application_entry(application: CourtApplication, episode: Episode) -> ChronologyEntry:
    court = f" to {application.court}" if application.court else ""
    return _entry(
        application,
        episode,
        application.applied_on,
        f"Application{court} for a {application.get_order_display().lower()}",
        application.note,
        application.recorded_by,
        kind=EntryKind.COURT,
        is_significant=True,
    )


@transaction.atomic
def record_court_application(
    episode: Episode,
    *,
    order: str,
    applied_on: dt.date | None,
    note: str,
    by: User,
    court: str = "",
) -> CourtApplication:
    """The council's application for a care or supervision order: refused, with nothing saved,
    unless the family group decision-making rule (`before_court`) is met on its date."""
    episode = _lock(episode)
    _check_open(episode, "An application to court")
    errors: dict[str, list[str]] = {}
    if order not in CourtApplication.Order.values:
        errors["order"] = ["Select the order applied for: a care order or a supervision order"]
    try:
        _check_day(applied_on, "applied_on", "The date of the application", episode)
    except ValidationError as error:
        errors.update(error.message_dict)
    if not note.strip():
        errors["note"] = ["Enter why the council is applying"]
    if errors:
        raise ValidationError(errors)
    assert applied_on is not None
    exceptions = list(episode.best_interests_exceptions.select_related("decided_by__user"))
    verdict = before_court(_offers(episode), exceptions, applied_on)
    if not verdict.allowed:
        raise ValidationError({"__all__": verdict.reason})
    application = CourtApplication.objects.create(
        episode=episode,
        order=order,
        applied_on=applied_on,
        court=court.strip(),
        note=note.strip(),
        recorded_by=by,
    )
    application_entry(application, episode).save()
    return application
