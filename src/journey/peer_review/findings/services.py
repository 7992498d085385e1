"""Every write to a review's findings, its letter and the improvement plan the letter becomes.

A live member of the review team records a finding (a strength or an area for development under a
line of enquiry) with the evidence it rests on: the review's own sampled cases, sessions and
documents, never another review's. Findings change (history kept) or are withdrawn (kept, with
who and why) until the lead reviewer issues the findings letter. Issuing stores the letter as it
reads that day, with its PDF, and ends every member's access. The host's assistant director then
turns the letter's areas for development into an improvement plan in one step, once.

Who may do each is the view's question (journey.access.peer_review); the services check the facts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from journey.access.reviewers.services import close_review_access
from journey.core.templatetags.govuk import govuk_date
from journey.improvement import services as plans
from journey.improvement.models import ImprovementPlan, Source
from journey.peer_review.findings import letter as letters
from journey.peer_review.models import (
    Finding,
    FindingKind,
    FindingsLetter,
    LineOfEnquiry,
    PeerReview,
    ReviewCase,
    ReviewDocument,
    Session,
    TeamMember,
    Theme,
)
from journey.workforce.models import Worker

ISSUED_REFUSAL = "The findings letter has been issued: the findings and the letter cannot change"
NO_EVIDENCE = "Link the finding to at least one sampled case, session or document it rests on"


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _blank(value: str | None) -> bool:
    return not (value or "").strip()


def _locked_review(review: PeerReview) -> PeerReview:
    """The review row locked, so a finding, the letter and the plan are written one at a time."""
    return PeerReview.objects.select_for_update().get(pk=review.pk)


def _letter(review: PeerReview) -> FindingsLetter | None:
    return FindingsLetter.objects.filter(review=review).first()


def _check_open(review: PeerReview) -> None:
    letter = _letter(review)
    if letter is not None and letter.is_issued:
        raise ValidationError({"__all__": ISSUED_REFUSAL})


def _check_member(review: PeerReview, member: TeamMember) -> None:
    if member.review_id != review.pk or member.has_left:
        raise ValidationError(
            {"__all__": "Only a current member of this review's team can do this"}
        )


# --- findings ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FindingInput:
    line: LineOfEnquiry | None
    kind: str
    summary: str
    evidence: str
    theme: str = ""  # empty: the line of enquiry's theme
    detail: str = ""
    recommendation: str = ""
    cases: list[ReviewCase] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    documents: list[ReviewDocument] = field(default_factory=list)


def _finding_problems(review: PeerReview, data: FindingInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.line is None:
        errors["line"] = "Select the line of enquiry the finding is about"
    elif data.line.review_id != review.pk:
        errors["line"] = "Select one of this review's lines of enquiry"
    if data.kind not in FindingKind.values:
        errors["kind"] = "Select whether the finding is a strength or an area for development"
    if data.theme and data.theme not in Theme.values:
        errors["theme"] = "Select a theme from the list"
    if _blank(data.summary):
        errors["summary"] = "Enter the finding in one line"
    elif len(data.summary.strip()) > 300:
        errors["summary"] = "The finding in one line must be 300 characters or fewer"
    if _blank(data.evidence):
        errors["evidence"] = "Enter what the evidence showed"
    if data.kind == FindingKind.DEVELOPMENT and _blank(data.recommendation):
        errors["recommendation"] = "Enter the recommendation for this area for development"
    if data.kind == FindingKind.STRENGTH and not _blank(data.recommendation):
        errors["recommendation"] = (
            "A strength has no recommendation: clear it, or record an area for development"
        )
    errors.update(_evidence_problems(review, data))
    return errors


def _evidence_problems(review: PeerReview, data: FindingInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not (data.cases or data.sessions or data.documents):
        errors["cases"] = NO_EVIDENCE
    for case in data.cases:
        if case.line.review_id != review.pk:
            errors["cases"] = f"{case.reference} is not one of this review's sampled cases"
    for session in data.sessions:
        if session.review_id != review.pk:
            errors["sessions"] = f"“{session.title}” is not a session of this review"
        elif session.cancelled_at:
            errors["sessions"] = f"“{session.title}” was cancelled: it is no evidence"
    for document in data.documents:
        if document.review_id != review.pk:
            errors["documents"] = f"“{document.title}” is not one of this review's documents"
        elif document.withdrawn_at:
            errors["documents"] = f"“{document.title}” was withdrawn: it is no evidence"
    return errors


def _apply(finding: Finding, data: FindingInput) -> None:
    assert data.line is not None
    finding.line = data.line
    finding.kind = data.kind
    finding.theme = data.theme or data.line.theme
    finding.summary = data.summary.strip()
    finding.detail = data.detail.strip()
    finding.evidence = data.evidence.strip()
    finding.recommendation = data.recommendation.strip()


def _link(finding: Finding, data: FindingInput) -> None:
    finding.cases.set(data.cases)
    finding.sessions.set(data.sessions)
    finding.documents.set(data.documents)


@transaction.atomic
def record_finding(
    review: PeerReview, data: FindingInput, *, by: TeamMember, now: dt.datetime | None = None
) -> Finding:
    review = _locked_review(review)
    _check_open(review)
    _check_member(review, by)
    _raise(_finding_problems(review, data))
    finding = Finding(review=review, recorded_by=by, recorded_at=now or timezone.now())
    _apply(finding, data)
    finding._change_reason = f"Recorded by {by.worker.name}"  # type: ignore[attr-defined]
    finding.save()
    _link(finding, data)
    return finding


def _open_finding(finding: Finding) -> Finding:
    _locked_review(finding.review)
    _check_open(finding.review)
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.withdrawn_at:
        raise ValidationError(
            {"__all__": f"This finding was withdrawn on {govuk_date(finding.withdrawn_at)}"}
        )
    return finding


@transaction.atomic
def change_finding(
    finding: Finding, data: FindingInput, *, by: TeamMember, now: dt.datetime | None = None
) -> Finding:
    finding = _open_finding(finding)
    _check_member(finding.review, by)
    _raise(_finding_problems(finding.review, data))
    _apply(finding, data)
    finding._change_reason = f"Changed by {by.worker.name}"  # type: ignore[attr-defined]
    finding.save()
    _link(finding, data)
    return finding


@transaction.atomic
def withdraw_finding(
    finding: Finding, reason: str, *, by: TeamMember, now: dt.datetime | None = None
) -> Finding:
    if _blank(reason):
        raise ValidationError({"reason": "Enter why the finding is withdrawn"})
    if len(reason.strip()) > 300:
        raise ValidationError({"reason": "The reason must be 300 characters or fewer"})
    finding = _open_finding(finding)
    _check_member(finding.review, by)
    finding.withdrawn_at = now or timezone.now()
    finding.withdrawn_by = by.worker.user
    finding.withdrawn_reason = reason.strip()
    finding._change_reason = f"Withdrawn by {by.worker.name}"  # type: ignore[attr-defined]
    finding.save()
    return finding


# --- the letter --------------------------------------------------------------------------------


@dataclass(frozen=True)
class LetterInput:
    addressee: str
    opening: str
    closing: str = ""


@transaction.atomic
def draft_letter(
    review: PeerReview, data: LetterInput, *, by: TeamMember, now: dt.datetime | None = None
) -> FindingsLetter:
    """Save the lead reviewer's draft: its addressee and its own words around the findings."""
    review = _locked_review(review)
    _check_open(review)
    _check_member(review, by)
    errors: dict[str, str] = {}
    if not by.is_lead:
        errors["__all__"] = "Only the lead reviewer drafts the findings letter"
    if _blank(data.addressee):
        errors["addressee"] = (
            "Enter who the letter is to, for example Director of Children's Services"
        )
    elif len(data.addressee.strip()) > 200:
        errors["addressee"] = "Who the letter is to must be 200 characters or fewer"
    _raise(errors)
    letter = _letter(review) or FindingsLetter(review=review)
    letter.addressee = data.addressee.strip()
    letter.opening = data.opening.strip()
    letter.closing = data.closing.strip()
    letter.drafted_by = by
    letter.drafted_at = now or timezone.now()
    letter.save()
    return letter


@transaction.atomic
def issue_letter(
    review: PeerReview, *, by: TeamMember, now: dt.datetime | None = None
) -> FindingsLetter:
    """Issue the letter once: kept as it reads now (content and PDF), and the team's access ends
    with it."""
    now = now or timezone.now()
    review = _locked_review(review)
    _check_member(review, by)
    letter = FindingsLetter.objects.select_for_update().filter(review=review).first()
    if letter is not None and letter.is_issued:
        raise ValidationError(
            {
                "__all__": f"The findings letter was issued on {govuk_date(letter.issued_at)}: "
                "it is issued once and kept as issued"
            }
        )
    errors: dict[str, str] = {}
    if not by.is_lead:
        errors["__all__"] = "Only the lead reviewer issues the findings letter"
    if letter is None:
        errors["addressee"] = "Draft the letter before issuing it: enter who it is to"
    elif _blank(letter.opening):
        errors["opening"] = "Enter the letter's opening paragraph"
    if not review.findings.filter(withdrawn_at__isnull=True).exists():
        errors.setdefault("__all__", "Record at least one finding before issuing the letter")
    _raise(errors)
    assert letter is not None
    name = by.worker.name
    content = letters.letter_content(review, letter, issued_by=by, issued_at=now)
    pdf = letters.render_pdf(content)
    content["pdf_sha256"] = hashlib.sha256(pdf).hexdigest()
    letter.content, letter.pdf = content, pdf
    letter.issued_at, letter.issued_by_name = now, name
    letter._change_reason = f"Issued by {name}"  # type: ignore[attr-defined]
    letter.save()
    _end_team_access(review, now)
    return letter


def _end_team_access(review: PeerReview, now: dt.datetime) -> None:
    members = review.members.filter(visit__isnull=False).select_related("visit")
    for member in members:
        assert member.visit is not None
        close_review_access(
            member.visit,
            reason="The findings letter was issued",
            by=review.commissioned_by,
            now=now,
        )


# --- the improvement plan from the letter ------------------------------------------------------


@dataclass(frozen=True)
class FirstActionInput:
    """The first action for one area for development of the letter."""

    action: str
    lead: Worker | None
    responsible_officer: Worker | None
    evidence: str
    due_on: dt.date | None
    measure: str = ""
    target: Decimal | None = None
    target_by: dt.date | None = None


@dataclass(frozen=True)
class PlanFromLetterInput:
    owner: Worker | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    #: One per area for development of the issued letter, in the letter's order.
    actions: list[FirstActionInput]


def area_key(number: int, name: str) -> str:
    """The error key of a field of area `number`'s first action (the form's prefix and name)."""
    return f"area{number}-{name}"


_REQUIRED = (
    ("action", "Enter the action"),
    ("lead", "Select the lead"),
    ("responsible_officer", "Select the responsible officer"),
    ("evidence", "Enter what will show the action has worked"),
    ("due_on", "Enter the timescale: the date it is due"),
)


def _first_action_problems(number: int, data: FirstActionInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name, message in _REQUIRED:
        value = getattr(data, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            errors[area_key(number, name)] = f"Area {number}: {message}"
    for name in ("lead", "responsible_officer"):
        worker = getattr(data, name)
        if worker is not None and not worker.is_active:
            errors[area_key(number, name)] = (
                f"Area {number}: {worker} no longer works here: select someone who does"
            )
    return errors


def _plan_errors(review: PeerReview) -> FindingsLetter:
    letter = _letter(review)
    if letter is None or not letter.is_issued:
        raise ValidationError(
            {
                "__all__": "The improvement plan is made from the issued findings letter: "
                "it has not been issued yet"
            }
        )
    if review.plan_id:
        raise ValidationError(
            {
                "__all__": "An improvement plan has already been made from this letter: "
                "add to that plan instead"
            }
        )
    return letter


@transaction.atomic
def make_plan(
    review: PeerReview, data: PlanFromLetterInput, *, by: Worker, now: dt.datetime | None = None
) -> ImprovementPlan:
    """The letter's areas for development become an improvement plan, each with its first
    action, in one step. Made once per letter: a second attempt creates nothing."""
    now = now or timezone.now()
    review = _locked_review(review)
    letter = _plan_errors(review)
    areas = letters.developments(letter.content or {})
    if not areas:
        raise ValidationError(
            {"__all__": "The letter has no areas for development: there is nothing to plan"}
        )
    if len(data.actions) != len(areas):
        raise ValidationError(
            {"__all__": "Give a first action for each area for development in the letter"}
        )
    errors: dict[str, str] = {}
    for number, action in enumerate(data.actions, start=1):
        errors.update(_first_action_problems(number, action))
    try:
        plan = plans.create_plan(_plan_input(review, letter, data), by=by.user)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    _raise(errors)
    for number, (area, action) in enumerate(zip(areas, data.actions, strict=True), start=1):
        try:
            _add_area(plan, area, action, by=by)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors[area_key(number, name)] = f"Area {number}: {messages[0]}"
    _raise(errors)  # rolls back the plan and every area made before the error
    review.plan, review.plan_made_at, review.plan_made_by = plan, now, by.user
    review._change_reason = f"Improvement plan made by {by.name}"  # type: ignore[attr-defined]
    review.save(update_fields=["plan", "plan_made_at", "plan_made_by"])
    return plan


def _plan_input(
    review: PeerReview, letter: FindingsLetter, data: PlanFromLetterInput
) -> plans.PlanInput:
    content = letter.content or {}
    issued = govuk_date(letter.issued_at)
    purpose = (
        f"To act on the areas for development in the findings letter of the peer challenge "
        f"“{review.title}”, issued on {issued}."
    )
    background = "\n\n".join(
        part
        for part in (
            f"A peer challenge team led by {content.get('lead', '')} visited {review.host} "
            f"from {review.starts_on:%-d %B %Y} to {review.ends_on:%-d %B %Y}. Their findings "
            f"letter to the {letter.addressee} was issued on {issued}.",
            letter.opening,
        )
        if part
    )
    return plans.PlanInput(
        title=f"{review.title}: improvement plan"[:200],
        source=Source.PEER_CHALLENGE,
        owner=data.owner,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        purpose=purpose,
        background=background,
    )


def _add_area(plan: ImprovementPlan, area: dict, action: FirstActionInput, *, by: Worker) -> None:
    finding = "\n\n".join(
        part
        for part in (
            area["detail"],
            f"What the evidence showed: {area['evidence']}",
            f"Evidence: {', '.join(area['references'])}" if area["references"] else "",
        )
        if part
    )
    made = plans.add_area(
        plan,
        plans.AreaInput(
            title=area["summary"], finding=finding, recommendation=area["recommendation"]
        ),
        by=by.user,
    )
    plans.add_action(
        made,
        plans.ActionInput(
            action=action.action,
            lead=action.lead,
            responsible_officer=action.responsible_officer,
            evidence=action.evidence,
            due_on=action.due_on,
            measure=action.measure,
            target=action.target,
            target_by=action.target_by,
        ),
        by=by.user,
    )
