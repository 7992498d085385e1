"""Referrals from a child's record to partner services, and the escalation trail when a service
does not engage. Nothing is deleted: a referral is withdrawn with a reason."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class PartnerService(models.Model):
    """A service the council refers children to, run by an agency: the council's list."""

    class Kind(models.TextChoices):
        CAMHS = "camhs", "Child and adolescent mental health (CAMHS)"
        SEND = "send", "SEND: education, health and care needs assessment"
        HEALTH = "health", "Health: paediatrics, health visiting, school nursing"
        SPEECH = "speech", "Speech and language therapy"
        SUBSTANCE = "substance", "Substance misuse"
        DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse support"
        HOUSING = "housing", "Housing"
        OTHER = "other", "Other"

    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    agency = models.ForeignKey(
        "people.Agency", on_delete=models.PROTECT, related_name="partner_services"
    )
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Referral(models.Model):
    """A child referred to a partner service: the service's response (accepted or declined),
    the first appointment, the outcome; or withdrawn, with the reason."""

    class Response(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="partner_referrals"
    )
    service = models.ForeignKey(PartnerService, on_delete=models.PROTECT, related_name="referrals")
    referred_on = models.DateField("Date referred")
    reason = models.TextField("Reason for the referral")
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    response = models.CharField(max_length=10, choices=Response.choices, blank=True)
    responded_on = models.DateField("Date of the response", null=True, blank=True)
    response_note = models.TextField("What the service said", blank=True)
    first_appointment_on = models.DateField("First appointment", null=True, blank=True)
    outcome = models.TextField(blank=True)
    outcome_on = models.DateField("Date of the outcome", null=True, blank=True)
    withdrawn_on = models.DateField("Date withdrawn", null=True, blank=True)
    withdrawn_reason = models.TextField("Why it was withdrawn", blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        indexes = [
            models.Index(fields=["child", "referred_on"]),
            models.Index(fields=["service", "first_appointment_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_appointment_on__isnull=True)
                | Q(first_appointment_on__gte=models.F("referred_on")),
                name="first_appointment_after_referral",
            ),
            models.CheckConstraint(
                condition=Q(response="") | Q(responded_on__isnull=False),
                name="a_response_has_its_date",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | ~Q(withdrawn_reason=""),
                name="a_withdrawal_says_why",
            ),
        ]

    def __str__(self) -> str:
        return f"Referral to {self.service} on {self.referred_on:%-d %B %Y}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None

    @property
    def is_closed(self) -> bool:
        """Nothing more is recorded on it: withdrawn, declined or its outcome recorded."""
        return (
            self.is_withdrawn
            or self.response == self.Response.DECLINED
            or self.outcome_on is not None
        )

    @property
    def is_waiting(self) -> bool:
        """Still waiting to be seen: not seen, not declined, withdrawn or closed."""
        return not self.is_closed and self.first_appointment_on is None

    def waiting_days(self, today: dt.date) -> int | None:
        """Days from referral to first appointment; for one still waiting, the days so far."""
        if self.first_appointment_on is not None:
            return (self.first_appointment_on - self.referred_on).days
        if self.is_waiting:
            return (today - self.referred_on).days
        return None

    @property
    def status(self) -> str:
        if self.is_withdrawn:
            return "Withdrawn"
        if self.outcome_on is not None:
            return "Outcome recorded"
        if self.response == self.Response.DECLINED:
            return "Declined"
        if self.first_appointment_on is not None:
            return "Seen"
        if self.response == self.Response.ACCEPTED:
            return "Accepted: waiting for a first appointment"
        return "Waiting for a response"


class Escalation(models.Model):
    """One step of the escalation trail when a service does not engage: to whom, at which
    level, what was asked, and the response. The trail is open until a response resolves it."""

    class Level(models.TextChoices):
        PRACTITIONER = "practitioner", "Practitioner"
        MANAGER = "manager", "Manager"
        HEAD_OF_SERVICE = "head_of_service", "Head of service"
        DESIGNATED_LEAD = "designated_lead", "Designated safeguarding lead or partnership"

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="escalations")
    escalated_on = models.DateField("Date escalated")
    to_whom = models.CharField("Escalated to", max_length=150)
    level = models.CharField(max_length=20, choices=Level.choices)
    asked = models.TextField("What was asked")
    response = models.TextField("Their response", blank=True)
    responded_on = models.DateField("Date of their response", null=True, blank=True)
    resolved_on = models.DateField("Date resolved", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["escalated_on", "pk"]
        indexes = [models.Index(fields=["referral", "resolved_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(response="") | Q(responded_on__isnull=False),
                name="an_escalation_response_has_its_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Escalated to {self.to_whom} ({self.get_level_display().lower()})"
