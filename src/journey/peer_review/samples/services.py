"""The review's case samples: drawing a line of enquiry's sample by its criteria, opening the
review's sampled cases to each member of the team through their reviewer visit (R12), and the
team's audits of those cases with the council's audit tool.

A line's sample is drawn once: the criterion applied on the day (`sampled_on`) to the children
the planner may see, never a restricted record, one candidate per child, ordered by episode id,
then drawn at random with the recorded seed (the case file audit sampler). The same criterion,
months, day and seed draw the same children again.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from journey.access import peer_review as access
from journey.access.reviewers.services import MAX_SAMPLE, ReviewOpening, open_review_cases
from journey.cases.models import Episode
from journey.core.templatetags.govuk import govuk_date
from journey.peer_review.models import (
    LineOfEnquiry,
    PeerAudit,
    PeerAuditAnswer,
    PeerReview,
    ReviewCase,
    TeamMember,
)
from journey.peer_review.samples import criteria
from journey.quality import sampling
from journey.quality.models import CONCERN_GRADES, AuditQuestion, Grade, SampleMethod
from journey.quality.services import current_tool
from journey.workforce.models import Worker

SEED_LIMIT = 2**63


def _refuse(message: str, field_name: str = "__all__") -> ValidationError:
    return ValidationError({field_name: message})


def _locked_review(review_id: int) -> PeerReview:
    return PeerReview.objects.select_for_update().get(pk=review_id)


def _letter_issued(review: PeerReview) -> bool:
    letter = getattr(review, "letter", None)
    return letter is not None and letter.is_issued


# --- Drawing a line's sample ------------------------------------------------------------------


@dataclass
class SampleInput:
    criterion: str
    months: int | None
    size: int | None
    #: Empty: a new random seed, recorded with the sample.
    seed: int | None = None


def sample_errors(data: SampleInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    criterion = criteria.get(data.criterion)
    if criterion is None:
        errors["criterion"] = "Select which cases the sample is drawn from"
    elif criterion.uses_months and (
        data.months is None or not criteria.MIN_MONTHS <= data.months <= criteria.MAX_MONTHS
    ):
        errors["months"] = (
            f"Enter how many months the criteria look back, a whole number from "
            f"{criteria.MIN_MONTHS} to {criteria.MAX_MONTHS}"
        )
    if data.size is None or not 1 <= data.size <= MAX_SAMPLE:
        errors["size"] = f"Enter the number of cases, a whole number from 1 to {MAX_SAMPLE}"
    if data.seed is not None and not 0 <= data.seed < SEED_LIMIT:
        errors["seed"] = "The seed must be a whole number of 0 or more, or left empty"
    return errors


def candidate_episodes(
    review: PeerReview, data: SampleInput, *, by: Worker, on: dt.date
) -> QuerySet[Episode]:
    """The criterion's work on the day, for children the planner may see, never restricted."""
    criterion = criteria.get(data.criterion)
    assert criterion is not None  # sample_errors refused an unknown criterion
    return access.sampleable(by.user, criterion.episodes(review, data.months, on))


def candidate_pool(
    review: PeerReview, data: SampleInput, *, by: Worker, on: dt.date
) -> list[sampling.Candidate]:
    """The candidates in episode id order, one per child, in one query."""
    rows = (
        candidate_episodes(review, data, by=by, on=on)
        .order_by("pk")
        .values_list("pk", "team_id", "kind")
    )
    return [sampling.Candidate(pk, team_id, kind, None) for pk, team_id, kind in rows]


def draw_refusal(line: LineOfEnquiry, today: dt.date) -> str | None:
    review = line.review
    if line.is_sampled:
        assert line.sampled_at is not None
        return f"This line's sample was drawn on {govuk_date(timezone.localdate(line.sampled_at))}"
    if _letter_issued(review):
        return "The findings letter has been issued: no more cases can be sampled"
    if review.access_ends_on < today:
        return (
            f"The review team's access ended on {govuk_date(review.access_ends_on)}: no more "
            "cases can be sampled"
        )
    return None


@transaction.atomic
def draw_line_sample(
    line: LineOfEnquiry, data: SampleInput, *, by: Worker, now: dt.datetime | None = None
) -> list[ReviewCase]:
    """Draw the line's sample by its criteria, record how, and open the cases to the team."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    # The review first, as issuing the letter locks it: no sample opens after the letter.
    review = _locked_review(line.review_id)
    line = (
        LineOfEnquiry.objects.select_for_update(of=("self",))
        .select_related("review__letter")
        .get(pk=line.pk)
    )
    review = line.review
    if not access.may_manage_review(by.user, review):
        raise _refuse(access.PLAN_REFUSED)
    if refusal := draw_refusal(line, today):
        raise _refuse(refusal)
    if errors := sample_errors(data):
        raise ValidationError(errors)
    assert data.size is not None  # sample_errors refused a missing size
    criterion = criteria.get(data.criterion)
    assert criterion is not None
    pool = candidate_pool(review, data, by=by, on=today)
    if not pool:
        raise _refuse(
            f"No cases meet these criteria: {criterion.describe(data.months, today)}. "
            "Choose other criteria or look back further",
            "criterion",
        )
    seed = data.seed if data.seed is not None else secrets.randbelow(2**31)
    chosen = sampling.draw(pool, data.size, seed, SampleMethod.RANDOM)
    line.criterion = criterion.key
    line.months = data.months if criterion.uses_months else None
    line.sample_size, line.seed, line.pool_size = data.size, seed, len(pool)
    line.sampled_on, line.sampled_at, line.sampled_by = today, now, by.user
    line.save()
    children = dict(
        Episode.objects.filter(pk__in=[c.episode_id for c in chosen]).values_list("pk", "child_id")
    )
    cases = ReviewCase.objects.bulk_create(
        ReviewCase(
            line=line,
            child_id=children[c.episode_id],
            episode_id=c.episode_id,
            position=position,
        )
        for position, c in enumerate(chosen, start=1)
    )
    open_to_team(review, by=by, now=now)
    return cases


# --- The team's access to the sampled cases ---------------------------------------------------


def visit_purpose(review: PeerReview) -> str:
    """How the member's reviewer visit is named: the review's title, saying it is a peer
    challenge once (titles often do already)."""
    if "peer challenge" in review.title.lower():
        return review.title
    return f"Peer challenge: {review.title}"


def review_opening(member: TeamMember, cases: list[ReviewCase]) -> ReviewOpening:
    review = member.review
    return ReviewOpening(
        reviewer=member.worker,
        purpose=visit_purpose(review),
        starts_on=review.starts_on,
        ends_on=review.access_ends_on,
        cases=[(case.episode, f"Line {case.line.number}: {case.line.title}") for case in cases],
    )


def sampled_cases(review: PeerReview) -> list[ReviewCase]:
    """The cases to open to the team: never a child whose record has been restricted since the
    sample was drawn (a grant would open it to people from outside the council)."""
    return list(
        ReviewCase.objects.filter(line__review=review, child__is_restricted=False)
        .select_related("line", "episode")
        .order_by("line__number", "position")
    )


@transaction.atomic
def open_to_member(member: TeamMember, *, by: Worker, now: dt.datetime | None = None) -> TeamMember:
    """Every case sampled so far for the review, opened to this member (new ones only). A member
    who has left, whose account is no longer active, or whose access was ended gets nothing."""
    cases = sampled_cases(member.review)
    if not cases or member.left_at or not member.worker.is_active:
        return member
    if member.visit is not None and member.visit.revoked_at:
        return member
    visit = open_review_cases(review_opening(member, cases), visit=member.visit, by=by, now=now)
    if member.visit_id != visit.pk:
        member.visit = visit
        member.save(update_fields=["visit"])
    return member


@transaction.atomic
def open_to_team(review: PeerReview, *, by: Worker, now: dt.datetime | None = None) -> None:
    """Every sampled case opened to every current member (after a line's sample is drawn)."""
    now = now or timezone.now()
    for member in review.members.filter(left_at__isnull=True).select_related("worker__user"):
        open_to_member(member, by=by, now=now)


# --- The team's audits -----------------------------------------------------------------------


@dataclass
class PeerAnswerInput:
    grade: int | None  # None: not applicable
    comment: str = ""


@dataclass
class PeerAuditInput:
    #: By question id; None: not answered.
    answers: dict[int, PeerAnswerInput | None] = field(default_factory=dict)
    overall_grade: int | None = None
    worked_well: str = ""
    to_improve: str = ""


def _audit_refusal(case: ReviewCase, by: TeamMember, today: dt.date) -> str | None:
    done = PeerAudit.objects.filter(case=case).select_related("auditor__worker__user").first()
    if done is not None:
        return (
            f"{case.reference} was audited by {done.auditor.worker.name} on "
            f"{govuk_date(timezone.localdate(done.completed_at))}"
        )
    review = case.line.review
    if by.review_id != review.pk or by.left_at is not None:
        return access.AUDIT_REFUSED
    if not access.is_live_for_team(review, today):
        return access.AUDIT_REFUSED
    return None


def _peer_answer_errors(questions: list[AuditQuestion], data: PeerAuditInput) -> dict[str, str]:
    """The council's own rule for its audits: every question graded, or "not applicable"."""
    errors = {}
    for number, question in enumerate(questions, start=1):
        answer = data.answers.get(question.pk)
        if answer is None:
            errors[f"grade_{question.pk}"] = (
                f"Select a grade for question {number} ({question.domain}), or “not applicable”"
            )
        elif answer.grade is not None and answer.grade not in Grade.values:
            errors[f"grade_{question.pk}"] = f"Select a grade for question {number} from the list"
    return errors


def _peer_overall_errors(data: PeerAuditInput) -> dict[str, str]:
    """As the council's: an overall grade, and what must improve where it is a concern."""
    if data.overall_grade not in Grade.values:
        return {"overall_grade": "Select the overall grade for the case"}
    if data.overall_grade in CONCERN_GRADES and not data.to_improve.strip():
        label = Grade(data.overall_grade).label.lower()
        return {
            "to_improve": (
                f"Enter what needs to improve: an audit graded {label} must say what needs "
                "to improve"
            )
        }
    return {}


@transaction.atomic
def record_peer_audit(
    case: ReviewCase, data: PeerAuditInput, *, by: TeamMember, now: dt.datetime | None = None
) -> PeerAudit:
    """A member of the team audits a sampled case with the council's current audit tool."""
    now = now or timezone.now()
    # The review first, as issuing the letter locks it: no audit is recorded after the letter.
    _locked_review(ReviewCase.objects.values_list("line__review_id", flat=True).get(pk=case.pk))
    case = (
        ReviewCase.objects.select_for_update(of=("self",))
        .select_related("line__review__letter")
        .get(pk=case.pk)
    )
    if refusal := _audit_refusal(case, by, timezone.localdate(now)):
        raise _refuse(refusal)
    tool = current_tool()
    if tool is None:
        raise _refuse("There is no audit tool with questions yet: ask the council to set one up")
    questions = list(AuditQuestion.objects.filter(domain__tool=tool).select_related("domain"))
    errors = {**_peer_answer_errors(questions, data), **_peer_overall_errors(data)}
    if errors:
        raise ValidationError(errors)
    assert data.overall_grade is not None  # _peer_overall_errors refused a missing grade
    audit = PeerAudit.objects.create(
        case=case,
        auditor=by,
        tool=tool,
        overall_grade=data.overall_grade,
        worked_well=data.worked_well.strip(),
        to_improve=data.to_improve.strip(),
        completed_at=now,
    )
    answers = []
    for question in questions:
        answer = data.answers[question.pk]
        assert answer is not None  # _peer_answer_errors refused a question left unanswered
        answers.append(
            PeerAuditAnswer(
                audit=audit,
                question=question,
                grade=answer.grade,
                comment=answer.comment.strip(),
            )
        )
    PeerAuditAnswer.objects.bulk_create(answers)
    return audit
