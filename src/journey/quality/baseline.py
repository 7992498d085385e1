"""Baseline and target (R5): the share of completed audits graded good or better, by month, by
team and by domain, against the target in force. The grade that counts is the final one (after
any moderation). A domain is good or better on an audit when every question answered in it is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import TruncMonth

from journey.quality.models import GOOD_OR_BETTER, AuditAnswer, AuditTarget, CaseAudit
from journey.quality.services import current_tool

BASELINE_MONTHS = 3


@dataclass
class Share:
    key: object
    label: str
    audits: int = 0
    good: int = 0
    target: int | None = None

    @property
    def percent(self) -> int | None:
        """Whole percent, halves rounded up; None with no audits."""
        if not self.audits:
            return None
        return (200 * self.good + self.audits) // (2 * self.audits)

    @property
    def meets_target(self) -> bool | None:
        if self.percent is None or self.target is None:
            return None
        return self.percent >= self.target


@dataclass
class Baseline:
    months: list[Share]
    teams: list[Share]
    domains: list[Share]
    overall: Share
    baseline: Share | None
    target: int | None
    start: dt.date
    end: dt.date
    team_name: str = ""
    notes: list[str] = field(default_factory=list)


def first_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def last_day(month: dt.date) -> dt.date:
    return add_months(month, 1) - dt.timedelta(days=1)


def month_range(start: dt.date, end: dt.date) -> list[dt.date]:
    months, month = [], first_of(start)
    while month <= end:
        months.append(month)
        month = add_months(month, 1)
    return months


def target_on(targets: list[AuditTarget], day: dt.date) -> int | None:
    """The target in force on a day (targets newest first)."""
    return next((t.percent for t in targets if t.effective_from <= day), None)


def _audits(start: dt.date, end: dt.date, team_id: int | None) -> QuerySet[CaseAudit]:
    audits = CaseAudit.objects.filter(completed_on__range=(start, end))
    return audits.filter(team_id=team_id) if team_id else audits


GOOD = Q(final_grade__lte=GOOD_OR_BETTER)


def by_month(start: dt.date, end: dt.date, team_id: int | None, targets) -> list[Share]:
    rows = {
        row["month"]: row
        for row in _audits(start, end, team_id)
        .annotate(month=TruncMonth("completed_on"))
        .values("month")
        .annotate(n=Count("pk"), good=Count("pk", filter=GOOD))
    }
    shares = []
    for month in month_range(start, end):
        row = rows.get(month) or rows.get(_as_datetime_key(rows, month)) or {}
        shares.append(
            Share(
                key=month,
                label=f"{month:%B %Y}",
                audits=row.get("n", 0),
                good=row.get("good", 0),
                target=target_on(targets, last_day(month)),
            )
        )
    return shares


def _as_datetime_key(rows: dict, month: dt.date):
    """TruncMonth may give datetimes on some databases: find the row for the month."""
    for key in rows:
        if isinstance(key, dt.datetime) and key.date() == month:
            return key
    return None


def by_team(start: dt.date, end: dt.date, target: int | None) -> list[Share]:
    rows = (
        _audits(start, end, None)
        .values("team_id", "team__name")
        .annotate(n=Count("pk"), good=Count("pk", filter=GOOD))
        .order_by("team__name")
    )
    return [
        Share(key=r["team_id"], label=r["team__name"], audits=r["n"], good=r["good"], target=target)
        for r in rows
    ]


def by_domain(start: dt.date, end: dt.date, team_id: int | None, target: int | None) -> list[Share]:
    """Per domain, the audits whose worst answered grade in it is good or better."""
    answers = AuditAnswer.objects.filter(
        audit__completed_on__range=(start, end), final_grade__isnull=False
    )
    if team_id:
        answers = answers.filter(audit__team_id=team_id)
    rows = answers.values("audit_id", "question__domain__code").annotate(worst=Max("final_grade"))
    shares: dict[str, Share] = {}
    for code, name in _domain_names():
        shares[code] = Share(key=code, label=name, target=target)
    for row in rows:
        code = row["question__domain__code"]
        share = shares.setdefault(code, Share(key=code, label=code, target=target))
        share.audits += 1
        share.good += row["worst"] <= GOOD_OR_BETTER
    return list(shares.values())


def _domain_names() -> list[tuple[str, str]]:
    tool = current_tool()
    return list(tool.domains.values_list("code", "name")) if tool else []


def _baseline(team_id: int | None, until: dt.date) -> Share | None:
    """The first three months of audits (to `until` if sooner): the share the programme
    started from."""
    audits = CaseAudit.objects.filter(team_id=team_id) if team_id else CaseAudit.objects.all()
    first = audits.order_by("completed_on").values_list("completed_on", flat=True).first()
    if first is None:
        return None
    start = first_of(first)
    end = min(last_day(add_months(start, BASELINE_MONTHS - 1)), until)
    counts = _audits(start, end, team_id).aggregate(n=Count("pk"), good=Count("pk", filter=GOOD))
    return Share(
        key="baseline",
        label=f"{start:%B %Y}" if end.month == start.month else f"{start:%B %Y} to {end:%B %Y}",
        audits=counts["n"],
        good=counts["good"],
    )


def baseline_and_target(*, end_month: dt.date, months: int, team_id: int | None = None) -> Baseline:
    """The figures for the baseline page: about nine queries, whatever the number of audits."""
    end = last_day(first_of(end_month))
    start = add_months(first_of(end_month), -(months - 1))
    targets = list(AuditTarget.objects.order_by("-effective_from"))
    target = target_on(targets, end)
    month_shares = by_month(start, end, team_id, targets)
    overall = Share(
        key="overall",
        label="Whole period",
        audits=sum(s.audits for s in month_shares),
        good=sum(s.good for s in month_shares),
        target=target,
    )
    return Baseline(
        months=month_shares,
        teams=by_team(start, end, target),
        domains=by_domain(start, end, team_id, target),
        overall=overall,
        baseline=_baseline(team_id, end),
        target=target,
        start=start,
        end=end,
    )
