"""What a Family Help page shows: its lead practitioners and the child's periods in need."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q

from journey.cases.models import Episode, EpisodeKind, Section17Period
from journey.casework.models import EnquiryMember, Plan, PlanAction, Section47
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


@dataclass(frozen=True)
class FamilyHelpMeasures:
    opened: int
    open_at_end: int
    found_in_need: int
    back_to_targeted: int
    enquiries: int
    enquiries_led: int
    cp_plans_started: int
    cp_plans_ended: int


def family_help_measures(
    first: dt.date, after: dt.date, team_id: int | None = None
) -> FamilyHelpMeasures:
    """Family Help beside the older kinds' step changes, for days from `first` up to (not
    including) `after`: the whole council or one team. Four aggregate queries."""
    team = Q(episode__team_id=team_id) if team_id else Q()
    last = after - dt.timedelta(days=1)
    episodes = (
        Episode.objects.family_help()
        .filter(Q(team_id=team_id) if team_id else Q())
        .aggregate(
            opened=Count("pk", filter=Q(started_on__gte=first, started_on__lt=after)),
            open_at_end=Count(
                "pk",
                filter=Q(started_on__lte=last) & (Q(ended_on__isnull=True) | Q(ended_on__gt=last)),
            ),
        )
    )
    continued = Q(episode__ended_on__isnull=True) | Q(episode__ended_on__gt=F("ended_on"))
    periods = Section17Period.objects.filter(team).aggregate(
        found_in_need=Count("pk", filter=Q(started_on__gte=first, started_on__lt=after)),
        back_to_targeted=Count("pk", filter=Q(ended_on__gte=first, ended_on__lt=after) & continued),
    )
    enquiries = Section47.objects.filter(team, episode__kind=EpisodeKind.FAMILY_HELP).aggregate(
        enquiries=Count("pk", filter=Q(started_on__gte=first, started_on__lt=after)),
        enquiries_led=Count(
            "pk",
            filter=Q(started_on__gte=first, started_on__lt=after, lead_practitioner__isnull=False),
        ),
    )
    plans = Plan.objects.filter(
        team, kind=Plan.Kind.CP, episode__kind=EpisodeKind.FAMILY_HELP
    ).aggregate(
        cp_plans_started=Count("pk", filter=Q(started_on__gte=first, started_on__lt=after)),
        cp_plans_ended=Count("pk", filter=Q(ended_on__gte=first, ended_on__lt=after)),
    )
    return FamilyHelpMeasures(**episodes, **periods, **enquiries, **plans)
