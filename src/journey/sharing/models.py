"""Information sharing: a log on the child's record of what was shared, with whom, why and under
which power, and of each decision not to share with the reasons (Working Together 2023; the
duty to share, Children Act 2004 s16LA as it commences)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class Power(models.TextChoices):
    """The lawful basis a worker relied on, in the words of the guidance."""

    CONSENT = "consent", "With consent"
    DUTY_TO_SHARE = "s16la", "Duty to share information (Children Act 2004 s16LA)"
    SAFEGUARDING = "safeguarding", "To safeguard a child (Data Protection Act 2018, Sch. 1 para 18)"
    PUBLIC_TASK = "public_task", "A public task (UK GDPR Article 6(1)(e))"
    ENQUIRY = "s47", "A child protection enquiry (Children Act 1989 s47)"
    CRIME = "s115", "Preventing crime (Crime and Disorder Act 1998 s115)"
    COURT = "court", "A court order"
    OTHER = "other", "Another power (say which in the purpose)"


class Disclosure(models.Model):
    """One sharing of information about a child, or one decision not to share it."""

    class Decision(models.TextChoices):
        SHARED = "shared", "Shared"
        NOT_SHARED = "not_shared", "Decided not to share"

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="disclosures")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    decided_on = models.DateField("When")
    agency = models.ForeignKey(
        "people.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipient = models.CharField("Who asked or received it", max_length=150)
    information = models.TextField("What was shared, or asked for")
    purpose = models.TextField("What for", blank=True)
    power = models.CharField("Under which power", max_length=15, choices=Power.choices, blank=True)
    reasons_not_shared = models.TextField(
        "Why sharing would be more harmful to the child", blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        indexes = [models.Index(fields=["child", "decided_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="not_shared") | (~Q(purpose="") & ~Q(power="")),
                name="sharing_says_why_and_under_which_power",
            ),
            models.CheckConstraint(
                condition=Q(decision="shared") | ~Q(reasons_not_shared=""),
                name="not_sharing_says_why",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} with {self.recipient} on {self.decided_on:%d %b %Y}"
