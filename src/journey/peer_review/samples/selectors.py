"""Reads for the review's "Cases and audits" tab and its audit pages: each line's sample, the
peers' grade of each case beside the council's own, and which children the viewer may be shown.
Each page's query count stays the same however many lines, cases and audits there are."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from journey.access import peer_review as access
from journey.access.rules import User
from journey.peer_review.models import LineOfEnquiry, PeerAudit, PeerReview, ReviewCase
from journey.peer_review.samples import criteria
from journey.quality.models import CaseAudit, Grade

AGREED, PEERS_HIGHER, PEERS_LOWER = "agreed", "higher", "lower"


@dataclass
class CaseRow:
    case: ReviewCase
    #: Whether the viewer may be shown the child (and a link to their record).
    named: bool
    council: CaseAudit | None
    peer: PeerAudit | None

    @property
    def restricted(self) -> bool:
        return self.case.child.is_restricted

    @property
    def comparison(self) -> str | None:
        """How the peers' grade sits beside the council's. Grades run 1 (outstanding) to 4
        (inadequate): a larger number from the peers is a lower grade."""
        if self.council is None or self.peer is None:
            return None
        if self.peer.overall_grade == self.council.final_grade:
            return AGREED
        return PEERS_LOWER if self.peer.overall_grade > self.council.final_grade else PEERS_HIGHER

    @property
    def council_grade_label(self) -> str:
        return Grade(self.council.final_grade).label if self.council else ""


@dataclass
class LineRow:
    line: LineOfEnquiry
    cases: list[CaseRow] = field(default_factory=list)

    @property
    def criteria_words(self) -> str:
        """ "Stepped up from early help to social care in the 6 months to 2 March 2027"."""
        line = self.line
        criterion = criteria.get(line.criterion)
        if criterion is None or line.sampled_on is None:
            return ""
        return criterion.describe(line.months, line.sampled_on)


@dataclass
class Summary:
    audited_by_peers: int
    agreed: int
    peers_higher: int
    peers_lower: int
    not_audited_by_council: int


def council_audits(review: PeerReview, child_ids: list[int]) -> dict[int, CaseAudit]:
    """Each child's latest completed council audit from before the review or during its visit
    (one query): the council's own view of the case, to set beside the peers'."""
    latest: dict[int, CaseAudit] = {}
    audits = CaseAudit.objects.filter(
        child_id__in=child_ids, completed_on__lte=review.ends_on
    ).order_by("child_id", "-completed_on", "-completed_at", "-pk")
    for audit in audits.only("pk", "child_id", "completed_on", "completed_at", "final_grade"):
        latest.setdefault(audit.child_id, audit)
    return latest


def _cases() -> QuerySet[ReviewCase]:
    return ReviewCase.objects.select_related(
        "child", "episode__team", "audit__auditor__worker__user"
    ).order_by("position")


def sample_lines(review: PeerReview, user: User) -> list[LineRow]:
    """The review's lines with their cases, the council's and the peers' grades, in a fixed
    number of queries."""
    lines = list(
        review.lines.select_related("sampled_by").prefetch_related(
            Prefetch("cases", queryset=_cases())
        )
    )
    cases = [case for line in lines for case in line.cases.all()]
    child_ids = [case.child_id for case in cases]
    named = access.nameable_children(user, child_ids)
    council = council_audits(review, child_ids)
    return [
        LineRow(
            line,
            [
                CaseRow(
                    case,
                    named=case.child_id in named,
                    council=council.get(case.child_id),
                    peer=getattr(case, "audit", None),
                )
                for case in line.cases.all()
            ],
        )
        for line in lines
    ]


def summary(lines: list[LineRow]) -> Summary:
    rows = [row for line in lines for row in line.cases]
    compared = [row.comparison for row in rows]
    return Summary(
        audited_by_peers=sum(1 for row in rows if row.peer is not None),
        agreed=compared.count(AGREED),
        peers_higher=compared.count(PEERS_HIGHER),
        peers_lower=compared.count(PEERS_LOWER),
        not_audited_by_council=sum(1 for row in rows if row.council is None),
    )


def review_case(review: PeerReview, review_case_id: int) -> QuerySet[ReviewCase]:
    return ReviewCase.objects.select_related(
        "line__review", "child", "episode__team", "audit__auditor__worker__user", "audit__tool"
    ).filter(line__review=review, pk=review_case_id)


def audit_answers(audit: PeerAudit) -> list[dict]:
    """The peer audit's answers grouped by the tool's domains, in the tool's order."""
    domains: list[dict] = []
    answers = audit.answers.select_related("question__domain").order_by(
        "question__domain__order", "question__domain__pk", "question__order", "question__pk"
    )
    for answer in answers:
        domain = answer.question.domain
        if not domains or domains[-1]["domain"].pk != domain.pk:
            domains.append({"domain": domain, "answers": []})
        domains[-1]["answers"].append(answer)
    return domains


def line_for_draw(review: PeerReview, line_id: int) -> QuerySet[LineOfEnquiry]:
    return LineOfEnquiry.objects.select_related("review").filter(review=review, pk=line_id)
