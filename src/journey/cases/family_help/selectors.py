"""What a Family Help page shows: its lead practitioners and the child's periods in need."""

from __future__ import annotations

from django.db.models import Prefetch

from journey.cases.models import Episode, Section17Period
from journey.casework.models import EnquiryMember, PlanAction, Section47
from journey.workforce.models import Allocation


def family_help_leads(episode: Episode) -> dict:
    """The current Family Help lead practitioner and lead child protection practitioner, and
    every lead the work has had (one query)."""
    allocations = list(
        episode.allocations.filter(
            kind__in=[Allocation.Kind.LEAD_PROFESSIONAL, Allocation.Kind.LEAD_CP_PRACTITIONER]
        )
        .select_related("worker__user", "worker__agency", "episode")
        .order_by("-started_on", "-pk")
    )
    current = {a.kind: a for a in reversed(allocations) if a.ended_on is None}
    return {
        "lead": current.get(Allocation.Kind.LEAD_PROFESSIONAL),
        "lead_cp": current.get(Allocation.Kind.LEAD_CP_PRACTITIONER),
        "lead_history": allocations,
    }


def section17_periods(episode: Episode) -> list[Section17Period]:
    return list(
        episode.section17_periods.select_related("decided_by__user", "ended_by__user").order_by(
            "-started_on", "-pk"
        )
    )


def family_help_record(episode: Episode) -> dict:
    periods = section17_periods(episode)
    return {
        **family_help_leads(episode),
        "periods": periods,
        "in_need": next((p for p in periods if p.ended_on is None), None),
    }


def shared_with_lead(episode: Episode, worker_id: int) -> dict:
    """What child protection work shares with the Family Help lead practitioner: each enquiry's
    summary for them, and the child protection plan's actions that are theirs. Never the
    enquiry's records (two queries)."""
    enquiries = list(
        Section47.objects.filter(episode=episode)
        .select_related("lead_practitioner__user")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=EnquiryMember.objects.current().select_related(
                    "worker__user", "worker__agency"
                ),
                to_attr="current_members",
            )
        )
        .order_by("-started_on", "-pk")
    )
    actions = list(
        PlanAction.objects.filter(plan__episode=episode, plan__kind="cp", owner_id=worker_id)
        .select_related("plan")
        .order_by("due_on", "pk")
    )
    return {"enquiries": enquiries, "my_cp_actions": actions}
