"""The demo council's peer challenge reviews (R14), through the services.

A completed review, a year and a half ago: a team of four from neighbouring councils, four key
lines of enquiry, a three-day schedule, the self-assessment, a case sample per line drawn a week
before the visit, the team's audits and findings, the letter issued a fortnight after the visit,
and the improvement plan made from it (journey.demo.improvement then gives the plan its year of
work). And a review in preparation, three weeks away, led by the demo reviewer: its sample is
drawn, so its cases open to the team on the first day of the visit. Deterministic for the rng.
"""

from __future__ import annotations

import datetime as dt
import random

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from journey.demo import peer_review_text as text
from journey.demo.improvement import AREAS, action_input, demo_workers, plan_input, plan_start
from journey.demo.reviewers import reviewer_account
from journey.improvement.models import ImprovementPlan
from journey.peer_review.findings import services as findings
from journey.peer_review.findings.letter import developments
from journey.peer_review.models import (
    DocumentKind,
    FindingKind,
    LineOfEnquiry,
    PeerReview,
    ReviewCase,
    Session,
    TeamMember,
)
from journey.peer_review.planning import services as planning
from journey.peer_review.samples import services as samples
from journey.quality.models import AuditQuestion, Grade
from journey.quality.services import current_tool
from journey.workforce.models import Worker

VISIT_DAYS = 3
LETTER_DAYS = 20
#: Peer grades lean to good, as the team found.
PEER_GRADES = (Grade.OUTSTANDING, Grade.GOOD, Grade.GOOD, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _council() -> str:
    return getattr(settings, "JOURNEY_COUNCIL_NAME", "") or "Fairshire Council"


def seed_peer_reviews(*, as_of: dt.date, rng: random.Random) -> ImprovementPlan | None:
    """Both reviews; the plan the completed one's letter became (None if it could not be)."""
    workers = demo_workers()
    if workers is None:
        return None
    ad = workers["ad"]
    plan = _completed_review(ad, workers, as_of, rng)
    _review_in_preparation(ad, as_of, rng)
    return plan


# --- The completed review ---------------------------------------------------------------------


def _completed_review(
    ad: Worker, workers: dict[str, Worker], as_of: dt.date, rng: random.Random
) -> ImprovementPlan:
    start = plan_start(as_of)
    first_day = start - dt.timedelta(days=42)
    review = _plan(
        ad,
        title="Peer challenge: early help and its interface with children's social care",
        scope="How well early help works, and how well it meets children's social care: "
        "thresholds, stepping up and down, the quality of early help assessments and plans, and "
        "the voice of the child.",
        first_day=first_day,
        planned_at=_at(first_day - dt.timedelta(days=70)),
    )
    members = _team(review, ad, text.TEAM, _at(first_day - dt.timedelta(days=60)))
    lines = _lines(review, ad, text.LINES, _at(first_day - dt.timedelta(days=60)))
    sessions = _sessions(review, ad, members, lines, _at(first_day - dt.timedelta(days=30)))
    _self_assessment(review, ad, _at(first_day - dt.timedelta(days=21)))
    for line, demo_line in zip(lines, text.LINES, strict=True):
        _draw(line, demo_line, ad, _at(first_day - dt.timedelta(days=7)), rng)
    _audit(review, members, first_day, rng)
    _find(review, members, lines, sessions, _at(first_day + dt.timedelta(days=VISIT_DAYS - 1), 15))
    _issue(review, members[0], ad, first_day + dt.timedelta(days=VISIT_DAYS - 1 + 14))
    return _make_plan(review, ad, workers, as_of)


def _plan(ad: Worker, *, title: str, scope: str, first_day: dt.date, planned_at) -> PeerReview:
    return planning.plan_review(
        planning.ReviewInput(
            title=title,
            host=_council(),
            scope=scope,
            starts_on=first_day,
            ends_on=first_day + dt.timedelta(days=VISIT_DAYS - 1),
            letter_days=LETTER_DAYS,
            self_assessment="We believe thresholds are understood and early help is growing, "
            "but we want an outside view of whether stepping up and down works for children, "
            "and of how well we hear them.",
        ),
        by=ad,
        now=planned_at,
    )


def _team(review: PeerReview, ad: Worker, team, at: dt.datetime) -> list[TeamMember]:
    members = []
    for username, first, last, organisation, role in team:
        worker = (
            Worker.objects.get(user__username=username)
            if not first
            else reviewer_account(username, first, last, organisation)
        )
        members.append(
            planning.add_member(review, planning.MemberInput(worker, role), by=ad, now=at)
        )
    return members


def _lines(review: PeerReview, ad: Worker, lines, at: dt.datetime) -> list[LineOfEnquiry]:
    return [
        planning.add_line(
            review,
            planning.LineInput(line.title, line.theme, line.questions, line.evidence),
            by=ad,
            now=at,
        )
        for line in lines
    ]


def _sessions(
    review: PeerReview,
    ad: Worker,
    members: list[TeamMember],
    lines: list[LineOfEnquiry],
    at: dt.datetime,
    schedule=text.SESSIONS,
) -> list[Session]:
    made = []
    for kind, title, day, start, end, place, attendees, numbers in schedule:
        made.append(
            planning.add_session(
                review,
                planning.SessionInput(
                    kind=kind,
                    title=title,
                    on=review.starts_on + dt.timedelta(days=day),
                    starts_at=dt.time(start),
                    ends_at=dt.time(end),
                    place=place,
                    attendees=attendees,
                    reviewers=members,
                    lines=[line for line in lines if line.number in numbers],
                ),
                by=ad,
                now=at,
            )
        )
    return made


def _self_assessment(review: PeerReview, ad: Worker, at: dt.datetime) -> None:
    words = (
        f"{review.host}: self-assessment for the peer challenge\n\n{review.self_assessment}\n\n"
        "What we know: thresholds are published and trained; step changes are recorded with a "
        "joint hand-over; the CAF tracker shows late TAF meetings.\n"
        "What we are less sure of: how consistently plans stop drifting, and how far children's "
        "views change their plans.\n"
    )
    planning.attach_document(
        review,
        planning.DocumentInput(
            DocumentKind.SELF_ASSESSMENT,
            "Self-assessment",
            SimpleUploadedFile("self-assessment.txt", words.encode(), "text/plain"),
        ),
        by=ad,
        now=at,
    )


def _draw(
    line: LineOfEnquiry, demo_line: text.DemoLine, ad: Worker, at: dt.datetime, rng
) -> list[ReviewCase]:
    try:
        return samples.draw_line_sample(
            line,
            samples.SampleInput(
                demo_line.criterion, demo_line.months, demo_line.size, rng.randrange(10_000)
            ),
            by=ad,
            now=at,
        )
    except ValidationError:
        return []  # a small council may have no child who meets a line's criteria


def _audit(review: PeerReview, members: list[TeamMember], first_day: dt.date, rng) -> None:
    """The team audits every sampled case over the first two days of the visit."""
    tool = current_tool()
    if tool is None:
        return
    questions = list(AuditQuestion.objects.filter(domain__tool=tool).values_list("pk", flat=True))
    cases = ReviewCase.objects.filter(line__review=review).order_by("line__number", "position")
    for n, case in enumerate(cases):
        overall = rng.choice(PEER_GRADES)
        answers = {
            pk: samples.PeerAnswerInput(min(4, max(1, overall + rng.choice((-1, 0, 0, 1)))))
            for pk in questions
        }
        samples.record_peer_audit(
            case,
            samples.PeerAuditInput(
                answers=answers,
                overall_grade=overall,
                worked_well="The child's needs were clear and the plan followed from them.",
                to_improve="The reasons for decisions and the supervision behind them were not "
                "written on the record.",
            ),
            by=members[n % len(members)],
            now=_at(first_day + dt.timedelta(days=n % 2), 11 + n % 4),
        )


def _find(
    review: PeerReview,
    members: list[TeamMember],
    lines: list[LineOfEnquiry],
    sessions: list[Session],
    at: dt.datetime,
) -> None:
    by_line = {line.number: line for line in lines}

    def evidence(number: int) -> tuple[list[ReviewCase], list[Session]]:
        line = by_line[number]
        cases = list(ReviewCase.objects.filter(line=line).order_by("position")[:3])
        return cases, [s for s in sessions if line in s.lines.all()][:2]

    items = [
        (f.line, f.kind, f.theme, f.summary, f.evidence, f.recommendation) for f in text.STRENGTHS
    ] + [
        (number, FindingKind.DEVELOPMENT, theme, title, found, recommendation)
        for number, theme, title, found, recommendation in text.DEVELOPMENT
    ]
    for n, (number, kind, theme, summary, found, recommendation) in enumerate(items):
        cases, linked = evidence(number)
        findings.record_finding(
            review,
            findings.FindingInput(
                line=by_line[number],
                kind=kind,
                summary=summary,
                evidence=found,
                theme=theme,
                recommendation=recommendation,
                cases=cases,
                sessions=linked,
            ),
            by=members[n % len(members)],
            now=at,
        )


def _issue(review: PeerReview, lead: TeamMember, ad: Worker, day: dt.date) -> None:
    findings.draft_letter(
        review,
        findings.LetterInput(
            addressee=f"Director of Children's Services, {review.host}",
            opening=text.LETTER_OPENING,
            closing=text.LETTER_CLOSING,
        ),
        by=lead,
        now=_at(day - dt.timedelta(days=3)),
    )
    findings.issue_letter(review, by=lead, now=_at(day, 16))


def _make_plan(
    review: PeerReview, ad: Worker, workers: dict[str, Worker], as_of: dt.date
) -> ImprovementPlan:
    """Each area for development in the letter becomes an area of the plan, with the first
    action of the matching area in AREAS."""
    start = plan_start(as_of)
    base = plan_input(as_of, ad)
    first_actions = {area.title: area.actions[0] for area in AREAS}
    letter = review.letter
    actions = [
        _first_action(action_input(first_actions[area["summary"]], start, workers))
        for area in developments(letter.content or {})
    ]
    plan = findings.make_plan(
        review,
        findings.PlanFromLetterInput(
            owner=ad, starts_on=base.starts_on, ends_on=base.ends_on, actions=actions
        ),
        by=ad,
        now=_at(start),
    )
    ImprovementPlan.objects.filter(pk=plan.pk).update(created_at=_at(start))
    return plan


def _first_action(data) -> findings.FirstActionInput:
    return findings.FirstActionInput(
        action=data.action,
        lead=data.lead,
        responsible_officer=data.responsible_officer,
        evidence=data.evidence,
        due_on=data.due_on,
        measure=data.measure,
        target=data.target,
        target_by=data.target_by,
    )


# --- The review in preparation ----------------------------------------------------------------

NEXT_LINES = (
    text.DemoLine(
        "Access to child and adolescent mental health services",
        "mental_health",
        "Do children in need get timely help with their mental health, and is the joint work "
        "with health agreed at the last review now in place?",
        "Case files of children on child in need plans; the health partnership's waiting times.",
        "cin_interface",
        6,
        5,
    ),
    text.DemoLine(
        "Child protection plans that end well",
        "child_protection",
        "Do child protection plans reduce risk within a reasonable time, and are step downs safe?",
        "Case files of children on child protection plans; a review conference.",
        "cp_plan",
        None,
        5,
    ),
)
NEXT_SESSIONS = (
    (
        "managers",
        "Opening discussion with the assistant director",
        0,
        9,
        10,
        "Civic Centre, committee room 1",
        "The assistant director and heads of service",
        (1, 2),
    ),
    (
        "case_audit",
        "Case file audits",
        0,
        10,
        15,
        "Civic Centre, room 2",
        "The review team",
        (1, 2),
    ),
    (
        "partners",
        "Discussion with health partners",
        1,
        10,
        12,
        "The hospital's education centre",
        "The designated nurse and the mental health lead",
        (1,),
    ),
)


def _review_in_preparation(ad: Worker, as_of: dt.date, rng: random.Random) -> PeerReview:
    first_day = as_of + dt.timedelta(days=21)
    planned = _at(as_of - dt.timedelta(days=20))
    review = _plan(
        ad,
        title="Peer challenge: children in need, child protection and mental health",
        scope="Whether children in need and on child protection plans get the help they need in "
        "time, above all with their mental health, which the last review asked us to improve.",
        first_day=first_day,
        planned_at=planned,
    )
    members = _team(review, ad, text.NEXT_TEAM, planned)
    lines = _lines(review, ad, NEXT_LINES, planned)
    _sessions(review, ad, members, lines, _at(as_of - dt.timedelta(days=10)), NEXT_SESSIONS)
    _self_assessment(review, ad, _at(as_of - dt.timedelta(days=5)))
    _draw(lines[0], NEXT_LINES[0], ad, _at(as_of - dt.timedelta(days=2)), rng)
    return review
