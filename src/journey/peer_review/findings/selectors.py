"""Reads for the findings tab, the finding form's evidence, and the review's place among earlier
reviews: each shaped for one page, in a number of queries that does not grow with the data."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from journey.improvement.models import Action, ImprovementPlan
from journey.improvement.selectors import RagCounts, rate_actions, with_latest
from journey.peer_review.findings.letter import references, with_evidence
from journey.peer_review.models import (
    Finding,
    FindingKind,
    FindingsLetter,
    LineOfEnquiry,
    PeerReview,
    ReviewCase,
    ReviewDocument,
    Session,
    Theme,
)
from journey.quality.models import GOOD_OR_BETTER, CaseAudit, Grade

# --- the findings tab --------------------------------------------------------------------------


@dataclass
class ShownFinding:
    finding: Finding
    references: list[str]


@dataclass
class LineFindings:
    line: LineOfEnquiry
    strengths: list[ShownFinding] = field(default_factory=list)
    developments: list[ShownFinding] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.strengths or self.developments)


def findings_by_line(review: PeerReview) -> list[LineFindings]:
    """Every finding (withdrawn ones too, marked so), per line: strengths, then areas for
    development, each with its evidence references. Six queries however many."""
    findings = with_evidence(Finding.objects.order_by("recorded_at", "pk"))
    lines = LineOfEnquiry.objects.filter(review=review).prefetch_related(
        Prefetch("findings", queryset=findings)
    )
    shown = []
    for line in lines:
        rows = LineFindings(line)
        for finding in line.findings.all():
            kind = rows.strengths if finding.kind == FindingKind.STRENGTH else rows.developments
            kind.append(ShownFinding(finding, references(finding)))
        shown.append(rows)
    return shown


def finding(review: PeerReview, finding_id: int) -> Finding:
    return with_evidence(Finding.objects.filter(review=review)).get(pk=finding_id)


def letter_of(review: PeerReview) -> FindingsLetter | None:
    """The letter without its PDF (the page never needs the bytes)."""
    return FindingsLetter.objects.defer("pdf").filter(review=review).first()


def evidence_cases(review: PeerReview) -> QuerySet[ReviewCase]:
    return (
        ReviewCase.objects.filter(line__review=review)
        .select_related("line")
        .order_by("line__number", "position")
    )


def evidence_sessions(review: PeerReview) -> QuerySet[Session]:
    return Session.objects.filter(review=review, cancelled_at__isnull=True).order_by(
        "on", "starts_at", "pk"
    )


def evidence_documents(review: PeerReview) -> QuerySet[ReviewDocument]:
    return ReviewDocument.objects.filter(review=review, withdrawn_at__isnull=True).order_by(
        "title", "pk"
    )


def lapsed_evidence(finding: Finding) -> list[str]:
    """What the finding rests on that no longer counts (a session since cancelled, a document
    since withdrawn): the change form does not offer them, so saving drops them."""
    sessions = finding.sessions.filter(cancelled_at__isnull=False).values_list("title", flat=True)
    documents = finding.documents.filter(withdrawn_at__isnull=False).values_list("title", flat=True)
    return [f"the session “{title}” (cancelled)" for title in sessions] + [
        f"the document “{title}” (withdrawn)" for title in documents
    ]


def current_findings(review: PeerReview) -> int:
    return Finding.objects.filter(review=review, withdrawn_at__isnull=True).count()


# --- across reviews ----------------------------------------------------------------------------


@dataclass
class Recurrence:
    """A theme found as an area for development in this review and at least one earlier one."""

    theme: str
    years: list[int]
    found: list[tuple[PeerReview, list[str]]]

    @property
    def years_words(self) -> str:
        words = [str(year) for year in self.years]
        return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


@dataclass
class PlanProgress:
    review: PeerReview
    plan: ImprovementPlan | None
    counts: RagCounts = field(default_factory=RagCounts)
    withdrawn: int = 0


@dataclass
class GradeRow:
    review: PeerReview
    is_this: bool
    cases: int = 0
    grades: dict[int, int] = field(default_factory=lambda: {g.value: 0 for g in Grade})
    council_audited: int = 0
    council_good: int = 0

    @property
    def audits(self) -> int:
        return sum(self.grades.values())

    @property
    def good(self) -> int:
        return sum(n for grade, n in self.grades.items() if grade <= GOOD_OR_BETTER)

    @property
    def distribution(self) -> list[tuple[str, int]]:
        return [(Grade(g).label, n) for g, n in self.grades.items()]

    @property
    def share(self) -> int | None:
        return round(100 * self.good / self.audits) if self.audits else None

    @property
    def council_share(self) -> int | None:
        return (
            round(100 * self.council_good / self.council_audited) if self.council_audited else None
        )


@dataclass
class History:
    review: PeerReview
    earlier: list[PeerReview]
    themes: list[Recurrence]
    plans: list[PlanProgress]
    grades: list[GradeRow]


def earlier_reviews(review: PeerReview) -> list[PeerReview]:
    """Reviews whose letter was issued and whose visit came before this one's, oldest first."""
    return list(
        PeerReview.objects.filter(letter__issued_at__isnull=False, starts_on__lt=review.starts_on)
        .exclude(pk=review.pk)
        .select_related("letter", "plan")
        .defer("letter__pdf", "letter__content")
        .order_by("starts_on", "pk")
    )


def history(review: PeerReview, today: dt.date) -> History:
    earlier = earlier_reviews(review)
    return History(
        review,
        earlier,
        _recurring(review, earlier),
        _plans(earlier, today),
        _grades(review, earlier),
    )


def _recurring(review: PeerReview, earlier: list[PeerReview]) -> list[Recurrence]:
    reviews = {r.pk: r for r in [*earlier, review]}
    found: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    rows = Finding.objects.filter(
        review__in=list(reviews), kind=FindingKind.DEVELOPMENT, withdrawn_at__isnull=True
    ).values_list("theme", "review_id", "summary")
    for theme, review_id, summary in rows.order_by("recorded_at", "pk"):
        found[theme][review_id].append(summary)
    # A review still in preparation follows its earlier ones up through its lines of enquiry.
    for line in review.lines.order_by("number"):
        found[line.theme][review.pk].append(f"Line of enquiry {line.number}: {line.title}")
    recurring = []
    for theme in Theme:
        by_review = found.get(theme.value, {})
        if review.pk not in by_review or len(by_review) < 2:
            continue
        ordered = sorted(by_review, key=lambda pk: (reviews[pk].starts_on, pk))
        recurring.append(
            Recurrence(
                theme.label,
                sorted({reviews[pk].starts_on.year for pk in ordered}),
                [(reviews[pk], by_review[pk]) for pk in ordered],
            )
        )
    return recurring


def _plans(earlier: list[PeerReview], today: dt.date) -> list[PlanProgress]:
    progress = {r.pk: PlanProgress(r, r.plan) for r in earlier}
    by_plan = {r.plan_id: progress[r.pk] for r in earlier if r.plan_id}
    actions = list(with_latest(Action.objects.filter(area__plan_id__in=list(by_plan))))
    current = [a for a in actions if not a.is_withdrawn]
    ratings = rate_actions(current, today) if current else {}
    for action in actions:
        row = by_plan[action.area.plan_id]
        if action.is_withdrawn:
            row.withdrawn += 1
        else:
            row.counts.add(ratings[action.pk].rag)
    return list(progress.values())


def _grades(review: PeerReview, earlier: list[PeerReview]) -> list[GradeRow]:
    """Per review: the peers' grades of its sampled cases, and the council's own latest audit
    grade of the same children before the review or during its visit (as the review's own
    cases and audits tab reads it: `samples.selectors.council_audits`)."""
    reviews = [*earlier, review]
    rows = {r.pk: GradeRow(r, r.pk == review.pk) for r in reviews}
    cases = list(
        ReviewCase.objects.filter(line__review__in=list(rows)).values_list(
            "line__review_id", "child_id", "audit__overall_grade"
        )
    )
    council: dict[int, list[tuple[dt.date, dt.datetime, int, int]]] = defaultdict(list)
    for child_id, *audit in CaseAudit.objects.filter(
        child_id__in={child for _r, child, _g in cases}
    ).values_list("child_id", "completed_on", "completed_at", "pk", "final_grade"):
        council[child_id].append(tuple(audit))  # type: ignore[arg-type]
    for review_id, child_id, peer_grade in cases:
        row = rows[review_id]
        row.cases += 1
        if peer_grade is not None:
            row.grades[peer_grade] += 1
        audits = [a for a in council.get(child_id, []) if a[0] <= row.review.ends_on]
        if audits:
            row.council_audited += 1
            row.council_good += max(audits)[3] <= GOOD_OR_BETTER
    return list(rows.values())
