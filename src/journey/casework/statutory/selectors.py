"""Reads for the statutory social care records: the episode's status, its record page, and the
facts the CIN census and Annex A derive rather than store (NumberOfPreviousCPP, DateOfInitialCPC).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch

from journey.cases.models import Episode
from journey.casework.models import (
    Assessment,
    EmergencyProtection,
    Meeting,
    Plan,
    PlanReview,
    Section47,
)


def number_of_previous_cp_plans(plan: Plan) -> int:
    """DfE NumberOfPreviousCPP: the child's child protection plans that started before this one,
    in any of their episodes."""
    return Plan.objects.filter(
        kind=Plan.Kind.CP,
        episode__child_id=plan.episode.child_id,
        started_on__lt=plan.started_on,
    ).count()


def initial_conference_date(episode: Episode) -> dt.date | None:
    """DfE CINdetails DateOfInitialCPC: the episode's latest initial conference, if any."""
    return (
        episode.meetings.filter(kind=Meeting.Kind.ICPC)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )


@dataclass(frozen=True)
class StatusLine:
    text: str
    tag: str = ""  # a GOV.UK tag colour when the line needs attention


def _plan_line(plan: Plan) -> StatusLine:
    text = f"{plan.get_kind_display()} since {plan.started_on:%-d %B %Y}"
    if plan.kind == Plan.Kind.CP:
        text += f" ({plan.get_latest_category_display().lower()})"
    return StatusLine(text)


def _intensity_line(episode: Episode) -> StatusLine:
    period = episode.section17_periods.current().first()
    if period is None:
        return StatusLine("Family Help: targeted help")
    return StatusLine(
        f"Family Help: a child in need (section 17) since {period.started_on:%-d %B %Y}"
    )


def social_care_status(episode: Episode, today: dt.date) -> list[StatusLine]:
    """The episode's current status (DESIGN §1a), derived from its open plans, enquiries and
    assessments: most serious first. Uses prefetched `all_plans` when the page has them."""
    plans = getattr(episode, "all_plans", None)
    if plans is None:
        plans = list(episode.plans.all())
    open_plans = sorted(
        (p for p in plans if p.ended_on is None), key=lambda p: p.kind != Plan.Kind.CP
    )
    lines = [_plan_line(p) for p in open_plans]
    if not episode.is_open:
        return lines
    if episode.is_family_help:
        lines.insert(0, _intensity_line(episode))
    for enquiry in episode.section47s.filter(conference__isnull=True).exclude(
        outcome__in=[o for o in Section47.Outcome.values if o != Section47.Outcome.ICPC]
    ):
        late = enquiry.icpc_target_on < today
        if enquiry.outcome:
            text = "Awaiting the initial child protection conference"
        else:
            text = f"Section 47 enquiry since {enquiry.started_on:%-d %B %Y}"
        lines.append(
            StatusLine(
                f"{text} (conference due by {enquiry.icpc_target_on:%-d %B %Y})",
                "red" if late else "",
            )
        )
    ongoing = episode.assessments.filter(
        kind=Assessment.Kind.SINGLE, completed_on__isnull=True
    ).first()
    if ongoing:
        lines.append(StatusLine(f"Assessment since {ongoing.started_on:%-d %B %Y}"))
    if not lines:
        lines.append(StatusLine("Referral: no assessment started"))
    return lines


def social_care_record(episode: Episode) -> dict:
    """The episode's statutory record page: assessments, emergency protection, enquiries,
    conferences, plans and their reviews, in a fixed number of queries."""
    assessments = list(
        episode.assessments.filter(kind=Assessment.Kind.SINGLE)
        .select_related("authorised_by__user")
        .order_by("-started_on", "-pk")
    )
    enquiries = list(
        episode.section47s.select_related(
            "strategy_discussion", "conference", "lead_practitioner__user"
        ).order_by("-started_on", "-pk")
    )
    plans = list(
        episode.plans.exclude(kind=Plan.Kind.EARLY_HELP)
        .select_related("conference")
        .prefetch_related(
            Prefetch(
                "reviews",
                queryset=PlanReview.objects.order_by("reviewed_on", "pk"),
                to_attr="all_reviews",
            )
        )
        .order_by("-started_on", "-pk")
    )
    strategy = list(
        episode.meetings.filter(kind=Meeting.Kind.STRATEGY)
        .exclude(section47s__isnull=False)
        .order_by("-held_on", "-pk")
    )
    conferences = list(episode.meetings.filter(kind=Meeting.Kind.ICPC).order_by("-held_on", "-pk"))
    protections = list(
        EmergencyProtection.objects.filter(episode=episode)
        .select_related("recorded_by")
        .order_by("-started_on", "-pk")
    )
    return {
        "assessments": assessments,
        "ongoing_assessment": next((a for a in assessments if a.is_draft), None),
        "enquiries": enquiries,
        "pending_enquiry": next(
            (e for e in enquiries if e.is_ongoing or e.awaits_conference), None
        ),
        "plans": plans,
        "open_cp_plan": next((p for p in plans if p.kind == Plan.Kind.CP and p.is_open), None),
        "open_plans": [p for p in plans if p.is_open],
        "strategy_without_enquiry": strategy,
        "conferences": conferences,
        "protections": protections,
    }
