"""Every write to a peer challenge review's plan: the review itself, its team, its key lines of
enquiry, the visit's schedule and the documents the host provides.

Services check the facts and name the field and the fix; each call is one transaction, so
nothing is half-saved. Who may make a change is the view's question (journey.access.peer_review).
Nothing is deleted: a member leaves, a session is cancelled, a document is withdrawn, each with
when and why. Once the findings letter is issued the plan is kept as it was.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from journey.access.reviewers.services import (
    MAX_DAYS,
    close_review_access,
    register_reviewer,
)
from journey.core.templatetags.govuk import govuk_date
from journey.peer_review.models import (
    DocumentKind,
    FindingsLetter,
    LineOfEnquiry,
    PeerReview,
    ReviewDocument,
    Session,
    SessionKind,
    TeamMember,
    TeamRole,
    Theme,
)
from journey.peer_review.samples.services import open_to_member
from journey.workforce.models import Role, Worker

#: The longest a visit lasts, first and last day included.
MAX_VISIT_DAYS = 10
#: The largest document the host may attach.
MAX_DOCUMENT_MB = 20
LETTER_ISSUED = "The findings letter has been issued: the review's plan is kept as it was then"

#: The documents the host may attach, by extension: their content type, and how each starts
#: (None: plain text, checked for NUL bytes instead).
DOCUMENT_TYPES: dict[str, tuple[str, bytes | None]] = {
    ".pdf": ("application/pdf", b"%PDF"),
    ".doc": ("application/msword", b"\xd0\xcf\x11\xe0"),
    ".xls": ("application/vnd.ms-excel", b"\xd0\xcf\x11\xe0"),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04",
    ),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04"),
    ".odt": ("application/vnd.oasis.opendocument.text", b"PK\x03\x04"),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", b"PK\x03\x04"),
    ".txt": ("text/plain", None),
    ".csv": ("text/csv", None),
}
DOCUMENT_ACCEPT = ",".join(DOCUMENT_TYPES)
NOT_A_DOCUMENT = "The file must be a PDF, Word, Excel, OpenDocument, text or CSV file"


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _required(errors: dict[str, str], values: dict[str, tuple[object, str]]) -> None:
    for name, (value, message) in values.items():
        if _blank(value):
            errors[name] = message


def letter_issued(review: PeerReview) -> bool:
    return FindingsLetter.objects.filter(review=review, issued_at__isnull=False).exists()


def _check_open(review: PeerReview) -> None:
    """Refuse any change to the plan once the letter is issued (the review row is locked first,
    so the check and the change are one step)."""
    PeerReview.objects.select_for_update().filter(pk=review.pk).first()
    if letter_issued(review):
        raise ValidationError({"__all__": LETTER_ISSUED})


def _today(now: dt.datetime | None) -> dt.date:
    return timezone.localdate(now or timezone.now())


# --- the review ------------------------------------------------------------------------------


def default_letter_days() -> int:
    return settings.JOURNEY_PEER_REVIEW_LETTER_DAYS


@dataclass(frozen=True)
class ReviewInput:
    title: str
    host: str
    scope: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    #: How many days after the last day of the visit the letter is due (the team's access ends).
    letter_days: int | None
    self_assessment: str = ""


def _date_errors(data: ReviewInput, today: dt.date | None) -> dict[str, str]:
    """`today` None: the first day has not moved, so it may be in the past."""
    errors: dict[str, str] = {}
    starts_on, ends_on = data.starts_on, data.ends_on
    if starts_on is None:
        errors["starts_on"] = "Enter the first day of the visit"
    elif today is not None and starts_on < today:
        errors["starts_on"] = "The first day of the visit must be today or in the future"
    if ends_on is None:
        errors["ends_on"] = "Enter the last day of the visit"
    elif starts_on and ends_on < starts_on:
        errors["ends_on"] = "The last day of the visit must be on or after the first day"
    elif starts_on and (ends_on - starts_on).days + 1 > MAX_VISIT_DAYS:
        latest = starts_on + dt.timedelta(days=MAX_VISIT_DAYS - 1)
        errors["ends_on"] = (
            f"The visit can last at most {MAX_VISIT_DAYS} days: the last day must be "
            f"{govuk_date(latest)} or earlier"
        )
    if data.letter_days is None:
        errors["letter_days"] = "Enter the number of days after the visit the letter is due"
    elif data.letter_days < 1:
        errors["letter_days"] = "The letter must be due at least 1 day after the visit"
    elif starts_on and ends_on and "ends_on" not in errors:
        most = MAX_DAYS - (ends_on - starts_on).days - 1
        if data.letter_days > most:
            errors["letter_days"] = (
                f"The review team's access, from the first day of the visit to the day the "
                f"letter is due, can last at most {MAX_DAYS} days: the letter must be due at "
                f"most {most} days after this visit"
            )
    return errors


def _review_errors(data: ReviewInput, today: dt.date | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    _required(
        errors,
        {
            "title": (data.title, "Enter the title of the review"),
            "host": (data.host, "Enter the host council"),
            "scope": (data.scope, "Enter what the review is asked to look at"),
        },
    )
    return errors | _date_errors(data, today)


def _set_review(review: PeerReview, data: ReviewInput) -> None:
    assert data.starts_on and data.ends_on and data.letter_days  # checked by _date_errors
    review.title = data.title.strip()
    review.host = data.host.strip()
    review.scope = data.scope.strip()
    review.starts_on = data.starts_on
    review.ends_on = data.ends_on
    review.access_ends_on = data.ends_on + dt.timedelta(days=data.letter_days)
    review.self_assessment = data.self_assessment.strip()


@transaction.atomic
def plan_review(data: ReviewInput, *, by: Worker, now: dt.datetime | None = None) -> PeerReview:
    """A new review, in preparation: its team, lines, schedule and documents are added next."""
    now = now or timezone.now()
    _raise(_review_errors(data, _today(now)))
    review = PeerReview(commissioned_by=by, created_by=by.user, created_at=now)
    _set_review(review, data)
    review.save()
    return review


def _sessions_outside(review: PeerReview, starts_on: dt.date, ends_on: dt.date) -> list[Session]:
    return list(
        review.sessions.filter(cancelled_at__isnull=True)
        .exclude(on__range=(starts_on, ends_on))
        .order_by("on", "starts_at", "pk")
    )


@transaction.atomic
def change_review(
    review: PeerReview, data: ReviewInput, *, by: Worker, now: dt.datetime | None = None
) -> PeerReview:
    """Change the review's details or dates. The first day may stay in the past once the visit
    has begun; no session may be left outside the visit; and once cases are open to the team
    (through their visits, which run on the review's dates) the dates stay as they are."""
    _check_open(review)
    moved = data.starts_on != review.starts_on
    errors = _review_errors(data, _today(now) if moved else None)
    if data.starts_on and data.ends_on and not {"starts_on", "ends_on"} & errors.keys():
        if outside := _sessions_outside(review, data.starts_on, data.ends_on):
            named = "; ".join(f"{s.title} ({govuk_date(s.on)})" for s in outside)
            errors["ends_on" if not moved else "starts_on"] = (
                f"These sessions would fall outside the visit: {named}. "
                "Cancel them or keep the visit's days"
            )
        access_ends_on = data.ends_on + dt.timedelta(days=data.letter_days or 0)
        dates_move = (data.starts_on, access_ends_on) != (review.starts_on, review.access_ends_on)
        if dates_move and review.members.filter(visit__isnull=False).exists():
            errors["starts_on"] = (
                "Sampled cases are open to the review team from the first day of the visit to "
                "the day the letter is due: those dates can no longer change"
            )
    _raise(errors)
    _set_review(review, data)
    review.save()
    return review


# --- the team --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberInput:
    worker: Worker | None
    role: str
    #: Empty: the reviewer's own organisation, from their account.
    organisation: str = ""


def _lead(review: PeerReview) -> TeamMember | None:
    return (
        review.members.filter(role=TeamRole.LEAD, left_at__isnull=True)
        .select_related("worker__user")
        .first()
    )


def _member_errors(review: PeerReview, data: MemberInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    worker = data.worker
    if worker is None:
        errors["worker"] = "Select the reviewer"
    elif worker.role != Role.REVIEWER:
        errors["worker"] = (
            f"{worker.name} is not a reviewer: the review team are peer reviewers with a "
            "reviewer's account"
        )
    elif not worker.is_active:
        errors["worker"] = f"{worker.name}'s account is not active: ask the Journey administrator"
    elif review.members.filter(worker=worker).exists():
        errors["worker"] = f"{worker.name} is already on this review's team, or has left it"
    if data.role not in TeamRole.values:
        errors["role"] = "Select the reviewer's role on the team"
    elif data.role == TeamRole.LEAD and (lead := _lead(review)):
        errors["role"] = (
            f"{lead.worker.name} is the lead reviewer: a review has one lead at a time. "
            "Choose another role, or remove the lead first"
        )
    return errors


@transaction.atomic
def add_member(
    review: PeerReview, data: MemberInput, *, by: Worker, now: dt.datetime | None = None
) -> TeamMember:
    """A reviewer joins the team. If any line's sample is drawn, its cases open to them now."""
    now = now or timezone.now()
    _check_open(review)
    _raise(_member_errors(review, data))
    worker = data.worker
    assert worker is not None  # checked by _member_errors
    member = TeamMember.objects.create(
        review=review,
        worker=worker,
        role=data.role,
        organisation=(data.organisation.strip() or worker.agency.name)[:150],
        added_by=by.user,
        added_at=now,
    )
    if review.lines.filter(sampled_at__isnull=False).exists():
        open_to_member(member, by=by, now=now)
    return member


@dataclass(frozen=True)
class NewReviewerInput:
    username: str
    first_name: str
    last_name: str
    email: str
    organisation: str
    role: str


@transaction.atomic
def add_new_reviewer(
    review: PeerReview, data: NewReviewerInput, *, by: Worker, now: dt.datetime | None = None
) -> TeamMember:
    """A reviewer with no Journey account yet: their account (no password: the administrator
    issues the sign-in) and their place on the team, in one step."""
    _check_open(review)
    errors: dict[str, str] = {}
    if data.role not in TeamRole.values:
        errors["role"] = "Select the reviewer's role on the team"
    try:
        worker = register_reviewer(
            username=data.username,
            first_name=data.first_name,
            last_name=data.last_name,
            email=data.email,
            organisation=data.organisation,
        )
    except ValidationError as error:
        errors = {name: messages[0] for name, messages in error.message_dict.items()} | errors
    _raise(errors)
    return add_member(review, MemberInput(worker, data.role), by=by, now=now)


@transaction.atomic
def remove_member(
    member: TeamMember, reason: str, *, by: Worker, now: dt.datetime | None = None
) -> TeamMember:
    """The member leaves the team (kept, with when and why); their access to cases ends now."""
    now = now or timezone.now()
    _check_open(member.review)
    member = TeamMember.objects.select_for_update().get(pk=member.pk)
    if member.left_at:
        raise ValidationError({"__all__": f"{member.worker.name} has already left the team"})
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the reviewer is leaving the team"})
    member.left_at, member.left_reason = now, reason.strip()[:300]
    member.save(update_fields=["left_at", "left_reason"])
    if member.visit is not None:
        close_review_access(
            member.visit, reason=f"Left the review team: {member.left_reason}", by=by, now=now
        )
    return member


# --- lines of enquiry ------------------------------------------------------------------------


@dataclass(frozen=True)
class LineInput:
    title: str
    theme: str
    questions: str
    evidence_sought: str


def _line_errors(data: LineInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    _required(
        errors,
        {
            "title": (data.title, "Enter the line of enquiry"),
            "questions": (data.questions, "Enter the questions the review will ask"),
            "evidence_sought": (data.evidence_sought, "Enter the evidence sought"),
        },
    )
    if data.theme not in Theme.values:
        errors["theme"] = "Select the theme of the line of enquiry"
    return errors


def _set_line(line: LineOfEnquiry, data: LineInput) -> None:
    line.title = data.title.strip()[:200]
    line.theme = data.theme
    line.questions = data.questions.strip()
    line.evidence_sought = data.evidence_sought.strip()


@transaction.atomic
def add_line(
    review: PeerReview, data: LineInput, *, by: Worker, now: dt.datetime | None = None
) -> LineOfEnquiry:
    """The next line of enquiry, numbered after the last."""
    _check_open(review)
    _raise(_line_errors(data))
    last = review.lines.aggregate(last=Max("number"))["last"] or 0
    line = LineOfEnquiry(review=review, number=last + 1)
    _set_line(line, data)
    line.save()
    return line


@transaction.atomic
def change_line(
    line: LineOfEnquiry, data: LineInput, *, by: Worker, now: dt.datetime | None = None
) -> LineOfEnquiry:
    """Its title, theme, questions and evidence sought (its sample is the samples' to draw)."""
    _check_open(line.review)
    _raise(_line_errors(data))
    _set_line(line, data)
    line.save(update_fields=["title", "theme", "questions", "evidence_sought"])
    return line


# --- the schedule ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionInput:
    kind: str
    title: str
    on: dt.date | None
    starts_at: dt.time | None
    ends_at: dt.time | None
    place: str
    attendees: str
    reviewers: list[TeamMember] = field(default_factory=list)
    lines: list[LineOfEnquiry] = field(default_factory=list)


def visit_days(review: PeerReview) -> str:
    return f"{govuk_date(review.starts_on)} to {govuk_date(review.ends_on)}"


def _session_errors(review: PeerReview, data: SessionInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.kind not in SessionKind.values:
        errors["kind"] = "Select the kind of session"
    _required(
        errors,
        {
            "title": (data.title, "Enter the title of the session"),
            "on": (data.on, "Enter the date of the session"),
            "starts_at": (data.starts_at, "Enter the time the session starts"),
            "ends_at": (data.ends_at, "Enter the time the session ends"),
            "place": (data.place, "Enter where the session takes place"),
            "attendees": (data.attendees, "Enter who attends the session"),
        },
    )
    if data.on and not review.starts_on <= data.on <= review.ends_on:
        errors["on"] = f"The session must be on a day of the visit: {visit_days(review)}"
    if data.starts_at and data.ends_at and data.ends_at <= data.starts_at:
        errors["ends_at"] = "The session must end after it starts"
    if any(m.review_id != review.pk or m.left_at for m in data.reviewers):
        errors["reviewers"] = "Select reviewers who are on the review team"
    if any(line.review_id != review.pk for line in data.lines):
        errors["lines"] = "Select lines of enquiry of this review"
    return errors


@transaction.atomic
def add_session(
    review: PeerReview, data: SessionInput, *, by: Worker, now: dt.datetime | None = None
) -> Session:
    """A session of the visit's schedule, on one of its days."""
    _check_open(review)
    _raise(_session_errors(review, data))
    assert data.on and data.starts_at and data.ends_at  # checked by _session_errors
    session = Session.objects.create(
        review=review,
        kind=data.kind,
        title=data.title.strip()[:200],
        on=data.on,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        place=data.place.strip()[:200],
        attendees=data.attendees.strip(),
        added_by=by.user,
        added_at=now or timezone.now(),
    )
    session.reviewers.set(data.reviewers)
    session.lines.set(data.lines)
    return session


@transaction.atomic
def cancel_session(
    session: Session, reason: str, *, by: Worker, now: dt.datetime | None = None
) -> Session:
    """The session stays on the schedule, marked cancelled, with when and why."""
    _check_open(session.review)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.cancelled_at:
        raise ValidationError({"__all__": "This session has already been cancelled"})
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the session is cancelled"})
    session.cancelled_at, session.cancelled_reason = now or timezone.now(), reason.strip()[:300]
    session.save(update_fields=["cancelled_at", "cancelled_reason"])
    return session


# --- documents -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentInput:
    kind: str
    title: str
    file: UploadedFile | None


def max_document_bytes() -> int:
    return MAX_DOCUMENT_MB * 1024 * 1024


def _looks_like(upload: UploadedFile, start: bytes | None) -> bool:
    """The file starts as its kind does (a program renamed .pdf does not); text has no NULs."""
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if start is None:
        return b"\x00" not in head
    return head.startswith(start)


def _file_error(upload: UploadedFile | None) -> str | None:
    if upload is None:
        return "Choose the file to attach"
    if not upload.size:
        return "The file is empty: choose the document again"
    if upload.size > max_document_bytes():
        return f"The file must be smaller than {MAX_DOCUMENT_MB} MB"
    known = DOCUMENT_TYPES.get(PurePath(upload.name or "").suffix.lower())
    if known is None or not _looks_like(upload, known[1]):
        return NOT_A_DOCUMENT
    return None


@transaction.atomic
def attach_document(
    review: PeerReview, data: DocumentInput, *, by: Worker, now: dt.datetime | None = None
) -> ReviewDocument:
    """A document the host provides, kept in private storage and served only through a view."""
    _check_open(review)
    errors: dict[str, str] = {}
    if data.kind not in DocumentKind.values:
        errors["kind"] = "Select what kind of document it is"
    _required(errors, {"title": (data.title, "Enter the title of the document")})
    if problem := _file_error(data.file):
        errors["file"] = problem
    _raise(errors)
    upload = data.file
    assert upload is not None  # checked by _file_error
    content_type = DOCUMENT_TYPES[PurePath(upload.name or "").suffix.lower()][0]
    return ReviewDocument.objects.create(
        review=review,
        kind=data.kind,
        title=data.title.strip()[:200],
        file=upload,
        content_type=content_type,
        size=upload.size or 0,
        provided_by=by.user,
        provided_at=now or timezone.now(),
    )


@transaction.atomic
def withdraw_document(
    document: ReviewDocument, reason: str, *, by: Worker, now: dt.datetime | None = None
) -> ReviewDocument:
    """The document is no longer offered to the team; it is kept, with when and why."""
    _check_open(document.review)
    document = ReviewDocument.objects.select_for_update().get(pk=document.pk)
    if document.withdrawn_at:
        raise ValidationError({"__all__": "This document has already been withdrawn"})
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the document is withdrawn"})
    document.withdrawn_at, document.withdrawn_reason = now or timezone.now(), reason.strip()[:300]
    document.save(update_fields=["withdrawn_at", "withdrawn_reason"])
    return document
