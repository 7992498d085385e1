"""The findings letter's words: what it says, drawn together once from the review, and the PDF.

`letter_content` is the whole letter as plain data (JSON): the lead reviewer's own words, the
current findings per line of enquiry, and the review's facts. The preview shows it fresh; issuing
stores it, and the issued page and the PDF read only what was stored, so the letter reads as it
was issued whatever changes afterwards. It names no child: a case is its reference ("Case 1.3"),
and the sampled cases and audits are counts.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from journey.peer_review.models import (
    Finding,
    FindingKind,
    FindingsLetter,
    LineOfEnquiry,
    PeerAudit,
    PeerReview,
    ReviewCase,
    Session,
    SessionKind,
    TeamMember,
    TeamRole,
    Theme,
)
from journey.quality.models import Grade


def _day(value: dt.date) -> str:
    return f"{value:%-d %B %Y}"


def visit_words(review: PeerReview) -> str:
    return f"{_day(review.starts_on)} to {_day(review.ends_on)}"


def references(finding: Finding) -> list[str]:
    """The evidence a finding rests on, by reference and title: never a child's name."""
    cases = sorted(finding.cases.all(), key=lambda c: (c.line.number, c.position))
    return [
        *(f"{case.reference} ({case.line.title})" for case in cases),
        *(f"{session.title}, {_day(session.on)}" for session in finding.sessions.all()),
        *(document.title for document in finding.documents.all()),
    ]


def finding_entry(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.pk,
        "summary": finding.summary,
        "theme": Theme(finding.theme).label,
        "detail": finding.detail,
        "evidence": finding.evidence,
        "recommendation": finding.recommendation,
        "references": references(finding),
    }


def with_evidence(findings: QuerySet[Finding]) -> QuerySet[Finding]:
    """Findings with everything they show, in a fixed number of queries."""
    return findings.select_related(
        "line", "recorded_by__worker__user", "withdrawn_by"
    ).prefetch_related(
        Prefetch("cases", queryset=ReviewCase.objects.select_related("line")),
        "sessions",
        "documents",
    )


def _lines(review: PeerReview) -> list[dict[str, Any]]:
    current = with_evidence(Finding.objects.filter(withdrawn_at__isnull=True))
    lines = LineOfEnquiry.objects.filter(review=review).prefetch_related(
        Prefetch("findings", queryset=current.order_by("recorded_at", "pk"))
    )
    return [
        {
            "number": line.number,
            "title": line.title,
            "theme": Theme(line.theme).label,
            "strengths": [
                finding_entry(f) for f in line.findings.all() if f.kind == FindingKind.STRENGTH
            ],
            "developments": [
                finding_entry(f) for f in line.findings.all() if f.kind == FindingKind.DEVELOPMENT
            ],
        }
        for line in lines
    ]


def _team(review: PeerReview) -> list[dict[str, Any]]:
    members = TeamMember.objects.filter(review=review, left_at__isnull=True).select_related(
        "worker__user"
    )
    ordered = sorted(members, key=lambda m: (not m.is_lead, m.pk))
    return [
        {
            "name": m.worker.name,
            "role": TeamRole(m.role).label,
            "organisation": m.organisation,
            "is_lead": m.is_lead,
        }
        for m in ordered
    ]


def _facts(review: PeerReview) -> dict[str, Any]:
    cases = ReviewCase.objects.filter(line__review=review).count()
    grades = Counter(
        dict(
            PeerAudit.objects.filter(case__line__review=review)
            .order_by()
            .values("overall_grade")
            .annotate(n=Count("pk"))
            .values_list("overall_grade", "n")
        )
    )
    sessions = dict(
        Session.objects.filter(review=review, cancelled_at__isnull=True)
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    return {
        "cases": cases,
        "audits": sum(grades.values()),
        "good_or_better": grades[Grade.OUTSTANDING] + grades[Grade.GOOD],
        "grades": [{"label": g.label, "count": grades[g.value]} for g in Grade],
        "sessions": [
            {"kind": kind.label, "count": sessions[kind.value]}
            for kind in SessionKind
            if sessions.get(kind.value)
        ],
    }


def letter_content(
    review: PeerReview,
    letter: FindingsLetter,
    *,
    issued_by: TeamMember | None = None,
    issued_at: dt.datetime | None = None,
) -> dict[str, Any]:
    """Everything the letter shows. Without `issued_by` it is a draft (the preview)."""
    team = _team(review)
    lead = next((m for m in team if m["is_lead"]), None)
    lines = _lines(review)
    number = 0
    for line in lines:
        for area in line["developments"]:
            number += 1
            area["number"] = number
    issued_on = _day(timezone.localdate(issued_at)) if issued_at else ""
    return {
        "council": review.host,
        "label": review.title,
        "title": review.title,
        "host": review.host,
        "scope": review.scope,
        "visit": visit_words(review),
        "addressee": letter.addressee,
        "opening": letter.opening,
        "closing": letter.closing,
        "lead": lead["name"] if lead else "",
        "lead_organisation": lead["organisation"] if lead else "",
        "team": team,
        "lines": lines,
        "facts": _facts(review),
        "meta": {
            "issued": issued_by is not None,
            "issued_by": issued_by.worker.name if issued_by else "",
            "issued_by_role": (
                f"{TeamRole(issued_by.role).label}, {issued_by.organisation}" if issued_by else ""
            ),
            "issued_on": issued_on,
        },
    }


def developments(content: dict[str, Any]) -> list[dict[str, Any]]:
    """The letter's areas for development, in its order, each with its line of enquiry."""
    return [
        {**area, "line": f"{line['number']}. {line['title']}"}
        for line in content.get("lines", [])
        for area in line["developments"]
    ]


def render_pdf(content: dict[str, Any]) -> bytes:
    """The letter drawn by WeasyPrint from the same template the page shows."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    html = render_to_string(
        "peer_review/findings/letter_print.html", {"c": content, "r": content["meta"]}
    )
    return HTML(string=html).write_pdf()
