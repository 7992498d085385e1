"""Secure links for a child's or a parent's views (issue 18): the link sent (its token and code
kept only as SHA-256 hashes), the answers as they were sent (never edited), the worker's dated
responses, every failed attempt on a link, and the outbox of the demo's message sender."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

__all__ = [
    "Benefit",
    "Channel",
    "LinkFailure",
    "OutboxMessage",
    "Purpose",
    "ViewsAnswer",
    "ViewsForm",
    "ViewsLink",
    "ViewsResponse",
]


class ViewsForm(models.TextChoices):
    YOUNG_CHILD = "young_child", "A young child's views: pictures and simple choices"
    OLDER_CHILD = "older_child", "An older child's views"
    PARENT = "parent", "A parent's or carer's views: what is working, what worries them"
    CLOSURE = "closure", "Feedback: what difference the help made"


#: The child's own forms: what comes back is the child's views, whoever's phone it came from.
CHILD_FORMS = {ViewsForm.YOUNG_CHILD, ViewsForm.OLDER_CHILD}
#: Forms beyond a feedback form need the short code, sent in a second message.
FORMS_NEEDING_A_CODE = {ViewsForm.YOUNG_CHILD, ViewsForm.OLDER_CHILD, ViewsForm.PARENT}


class Purpose(models.TextChoices):
    BEFORE_MEETING = "meeting", "Before a meeting"
    REVIEW = "review", "At a review"
    CLOSURE = "closure", "At closure"


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    TEXT = "text", "Text message"


class Benefit(models.TextChoices):
    """What difference the help made, on the five-point scale parents answer at closure."""

    NONE = "none", "None"
    A_LITTLE = "a_little", "A little"
    SOME = "some", "Some"
    A_LOT = "a_lot", "A lot"
    A_GREAT_DEAL = "a_great_deal", "A great deal"


class ViewsLink(models.Model):
    """One link sent to the child or a parent or carer. The token and code are never stored."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="views_links")
    recipient = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name="Sent to"
    )
    relation = models.CharField(
        "Who they are to the child", max_length=30, help_text='"the child", "parent", "carer"'
    )
    form = models.CharField(max_length=12, choices=ViewsForm.choices)
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    channel = models.CharField("Sent by", max_length=5, choices=Channel.choices)
    sent_to = models.CharField("Email address or mobile number", max_length=254)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    code_hash = models.CharField(max_length=64, blank=True, editable=False)
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField("Expires")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField("Answered", null=True, blank=True)
    #: At a review or closure: the outcome tool the family is asked to score, and the work the
    #: scores measure (both empty when no scores are asked for).
    outcome_version = models.ForeignKey(
        "outcomes.ToolVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="Outcome tool to score",
    )
    outcome_episode = models.ForeignKey(
        "cases.Episode",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="Work the scores measure",
    )
    history = HistoricalRecords()

    class Meta:
        indexes = [models.Index(fields=["child", "sent_at"])]

    def __str__(self) -> str:
        return f"Link for {self.relation}'s views, sent {self.sent_at:%d %b %Y}"

    @property
    def needs_code(self) -> bool:
        return self.form in FORMS_NEEDING_A_CODE

    @property
    def from_words(self) -> str:
        """Whose views: "the child" for the child's forms, else who the recipient is."""
        return "the child" if self.form in CHILD_FORMS else self.relation


class ViewsAnswer(models.Model):
    """What came back through a link, exactly as it was sent: never edited, only responded to."""

    link = models.OneToOneField(ViewsLink, on_delete=models.PROTECT, related_name="answer")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField("Received")
    #: [{"question": ..., "answer": ...}] in the words the form showed, as sent.
    answers = models.JSONField()
    #: At review or closure: what difference the help made, and in their words (for the family
    #: benefit measure; the lead wires these to casework's FamilyBenefit).
    benefit = models.CharField(
        "What difference the help made", max_length=12, choices=Benefit.choices, blank=True
    )
    benefit_words = models.TextField("The difference, in their words", blank=True)
    acknowledged_at = models.DateTimeField("Acknowledged", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "views given through a secure link"
        verbose_name_plural = "views given through secure links"

    def __str__(self) -> str:
        return f"Views from {self.link.from_words}, {self.received_at:%d %b %Y}"


class ViewsResponse(models.Model):
    """A worker's response to views sent in, appended and dated; the answer itself is unchanged."""

    answer = models.ForeignKey(ViewsAnswer, on_delete=models.PROTECT, related_name="responses")
    written_at = models.DateTimeField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField("Response")
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Response of {self.written_at:%d %b %Y}"


class LinkFailure(models.Model):
    """Every failed attempt on a secure link: an unknown, expired or used token, a wrong code, or
    a request turned away by the rate limit. Append-only."""

    class Kind(models.TextChoices):
        UNKNOWN = "unknown", "No such link"
        EXPIRED = "expired", "Link expired"
        USED = "used", "Link already used"
        WRONG_CODE = "wrong_code", "Wrong code"
        LOCKED = "locked", "Link locked after too many failures"
        TOO_MANY = "too_many", "Too many failures from this address"

    link = models.ForeignKey(
        ViewsLink, null=True, blank=True, on_delete=models.PROTECT, related_name="failures"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    client_address = models.GenericIPAddressField(null=True, blank=True)
    occurred_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["client_address", "occurred_at"]),
            models.Index(fields=["link", "occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.occurred_at:%d %b %Y %H:%M}"


class OutboxMessage(models.Model):
    """A message the demo's sender (OutboxSender) "sent": read on the outbox page by
    administrators, and by the tests, instead of reaching a phone or an inbox."""

    channel = models.CharField(max_length=5, choices=Channel.choices)
    to = models.CharField(max_length=254)
    subject = models.CharField(max_length=150, blank=True)
    body = models.TextField()
    reference = models.CharField(max_length=50, blank=True)
    sent_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["-sent_at"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} to {self.to}"
