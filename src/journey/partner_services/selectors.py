"""Reads of partner-service referrals: a child's referrals with their escalation trails, and the
council-wide measures (waiting times and open escalations per service), in fixed query counts."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q

from journey.partner_services.models import Escalation, PartnerService, Referral
from journey.people.models import Person

#: The measures' window: first appointments and referrals in the last year.
MEASURES_DAYS = 365


def referrals_for(child: Person, today: dt.date) -> list[Referral]:
    """The child's referrals, newest first, each with its service, its escalation trail
    (`trail`), whether that trail is open and the waiting time (`wait`). Two queries."""
    referrals: list[Referral] = list(
        Referral.objects.filter(child=child)
        .select_related("service__agency", "referred_by")
        .prefetch_related(
            Prefetch(
                "escalations",
                queryset=Escalation.objects.order_by("escalated_on", "pk"),
                to_attr="trail",
            )
        )
        .order_by("-referred_on", "-pk")
    )
    for referral in referrals:
        referral.wait = referral.waiting_days(today)  # type: ignore[attr-defined]
        referral.escalation_open = any(s.resolved_on is None for s in referral.trail)  # type: ignore[attr-defined]
    return referrals


def referral_of(child: Person, referral_id: int) -> Referral | None:
    return (
        Referral.objects.select_related("service__agency")
        .filter(child=child, pk=referral_id)
        .first()
    )


def escalation_of(child: Person, escalation_id: int) -> Escalation | None:
    return (
        Escalation.objects.select_related("referral__service__agency")
        .filter(referral__child=child, pk=escalation_id)
        .first()
    )


@dataclass
class ServiceMeasures:
    """One service's figures: the referrals of the last year, the waits of those first seen in
    it, who is waiting now, and how many referrals have an escalation still open."""

    service: PartnerService
    referred: int = 0
    declined: int = 0
    waits: list[int] | None = None
    waiting_now: int = 0
    longest_waiting_now: int | None = None
    escalations_open: int = 0

    @property
    def seen(self) -> int:
        return len(self.waits or [])

    @property
    def median_wait(self) -> float | None:
        return statistics.median(self.waits) if self.waits else None

    @property
    def longest_wait(self) -> int | None:
        return max(self.waits) if self.waits else None


def measures_since(today: dt.date) -> dt.date:
    """The first day of the measures' year (which ends today)."""
    return today - dt.timedelta(days=MEASURES_DAYS - 1)


def _waiting_now() -> Q:
    return Q(
        withdrawn_on__isnull=True, outcome_on__isnull=True, first_appointment_on__isnull=True
    ) & ~Q(response=Referral.Response.DECLINED)


def service_measures(today: dt.date) -> list[ServiceMeasures]:
    """Every service's figures, in five queries however many referrals there are."""
    since = measures_since(today)
    rows = {
        service.pk: ServiceMeasures(service, waits=[])
        for service in PartnerService.objects.select_related("agency").order_by("name")
    }
    referred = (
        Referral.objects.filter(referred_on__gte=since)
        .values("service_id")
        .annotate(n=Count("pk"), declined=Count("pk", filter=Q(response="declined")))
    )
    for row in referred:
        rows[row["service_id"]].referred = row["n"]
        rows[row["service_id"]].declined = row["declined"]
    waits: dict[int, list[int]] = defaultdict(list)
    for service_id, referred_on, seen_on in Referral.objects.filter(
        first_appointment_on__gte=since
    ).values_list("service_id", "referred_on", "first_appointment_on"):
        if seen_on is not None:  # filtered above
            waits[service_id].append((seen_on - referred_on).days)
    for service_id, days in waits.items():
        rows[service_id].waits = sorted(days)
    waiting = (
        Referral.objects.filter(_waiting_now())
        .values("service_id")
        .annotate(n=Count("pk"), oldest=Min("referred_on"))
    )
    for wait in waiting:
        rows[wait["service_id"]].waiting_now = wait["n"]
        rows[wait["service_id"]].longest_waiting_now = (today - wait["oldest"]).days
    open_trail = Escalation.objects.filter(referral=OuterRef("pk"), resolved_on__isnull=True)
    escalated = (
        Referral.objects.filter(Exists(open_trail), withdrawn_on__isnull=True)
        .values("service_id")
        .annotate(n=Count("pk"))
    )
    for trail in escalated:
        rows[trail["service_id"]].escalations_open = trail["n"]
    return list(rows.values())
