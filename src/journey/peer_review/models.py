"""Peer challenge (R14): a review of the council by a team from other councils, the cases it
samples from its key lines of enquiry, the team's audits of them, its findings, the letter, and
the improvement plan the letter becomes.

The review's dates decide who sees what: the review team sees the review and its sampled cases
from the first day of the visit until the findings letter is issued, and never after the last day
their access may run (`access_ends_on`, a set number of days after the visit). Nothing here is
deleted: a member leaves, a session is cancelled, a document or a finding is withdrawn, each with
who and why; the letter, once issued, is kept as issued.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from journey.core.storage import private_storage
from journey.quality.models import Grade


class Theme(models.TextChoices):
    """What a line of enquiry or a finding is about: the thread a later review follows."""

    THRESHOLDS = "thresholds", "Thresholds and the front door"
    EARLY_HELP = "early_help", "Early help and Family Help"
    STEPPING = "stepping", "Stepping up and stepping down"
    CHILD_PROTECTION = "child_protection", "Child protection"
    VOICE = "voice", "The voice of the child and family"
    RECORDING = "recording", "Recording, supervision and management oversight"
    QUALITY_ASSURANCE = "quality_assurance", "Quality assurance and performance"
    MENTAL_HEALTH = "mental_health", "Access to child and adolescent mental health services"
    PARTNERSHIP = "partnership", "Partnership working"
    WORKFORCE = "workforce", "Workforce and caseloads"
    LEADERSHIP = "leadership", "Leadership and governance"
    OTHER = "other", "Other"


class PeerReview(models.Model):
    title = models.CharField(max_length=200)
    host = models.CharField("Host council", max_length=150)
    scope = models.TextField("What the review is asked to look at")
    starts_on = models.DateField("First day of the visit")
    ends_on = models.DateField("Last day of the visit")
    access_ends_on = models.DateField(
        "Review team's access ends",
        help_text="The letter is due by this day; the team's access ends with it at the latest",
    )
    commissioned_by = models.ForeignKey(
        "workforce.Worker", on_delete=models.PROTECT, related_name="peer_reviews_commissioned"
    )
    self_assessment = models.TextField(
        "The host's self-assessment", blank=True, help_text="A summary; documents are attached"
    )
    plan = models.OneToOneField(
        "improvement.ImprovementPlan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="peer_review",
    )
    plan_made_at = models.DateTimeField(null=True, blank=True)
    plan_made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="peer_review_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(access_ends_on__gte=F("ends_on")),
                name="peer_review_access_after_visit",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TeamRole(models.TextChoices):
    LEAD = "lead", "Lead reviewer"
    DIRECTOR = "director", "Director or assistant director peer"
    MEMBER_PEER = "member_peer", "Lead member peer (councillor)"
    BOARD_CHAIR = "board_chair", "Independent safeguarding partnership chair"
    PRACTICE = "practice", "Practice peer"
    MANAGER = "manager", "Review manager"


class TeamMember(models.Model):
    """A member of the review team: a reviewer's account, their role and home organisation, and
    the reviewer visit (R12) that opens the review's sampled cases to them."""

    review = models.ForeignKey(PeerReview, on_delete=models.PROTECT, related_name="members")
    worker = models.ForeignKey(
        "workforce.Worker", on_delete=models.PROTECT, related_name="peer_review_memberships"
    )
    role = models.CharField(max_length=20, choices=TeamRole.choices)
    organisation = models.CharField("Home organisation", max_length=150)
    visit = models.OneToOneField(
        "core.ReviewerAccess",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="peer_review_member",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)
    left_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["review", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "worker"], name="reviewer_once_per_review"),
            models.UniqueConstraint(
                fields=["review"],
                condition=Q(role="lead", left_at__isnull=True),
                name="one_lead_reviewer_per_review",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} ({self.get_role_display()}, {self.organisation})"

    @property
    def is_lead(self) -> bool:
        return self.role == TeamRole.LEAD

    @property
    def has_left(self) -> bool:
        return self.left_at is not None


class LineOfEnquiry(models.Model):
    """A key line of enquiry agreed with the host: its questions, the evidence sought, and the
    criteria its case sample is drawn by (reproducibly, from the recorded seed)."""

    review = models.ForeignKey(PeerReview, on_delete=models.PROTECT, related_name="lines")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    theme = models.CharField(max_length=30, choices=Theme.choices)
    questions = models.TextField("Questions the review will ask")
    evidence_sought = models.TextField("Evidence sought")
    criterion = models.CharField(
        "Cases sampled", max_length=40, blank=True, help_text="samples.criteria key"
    )
    months = models.PositiveSmallIntegerField("Over the last (months)", null=True, blank=True)
    sample_size = models.PositiveSmallIntegerField(null=True, blank=True)
    seed = models.BigIntegerField(null=True, blank=True)
    pool_size = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many children met the criteria when drawn"
    )
    sampled_on = models.DateField(
        null=True, blank=True, help_text="The day the criteria were applied (months count back)"
    )
    sampled_at = models.DateTimeField(null=True, blank=True)
    sampled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "number"]
        verbose_name_plural = "lines of enquiry"
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="one_line_number_per_review")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def is_sampled(self) -> bool:
        return self.sampled_at is not None


class SessionKind(models.TextChoices):
    CASE_AUDIT = "case_audit", "Case file audits"
    PANEL = "panel", "Panel observation"
    FOCUS_GROUP = "focus_group", "Focus group with children and young people"
    PRACTITIONERS = "practitioners", "Discussion with practitioners"
    MANAGERS = "managers", "Discussion with managers and leaders"
    PARTNERS = "partners", "Discussion with partners"
    VISIT = "visit", "Visit"
    OTHER = "other", "Other"


class Session(models.Model):
    """One session of the visit's schedule: when, where, who attends, what it looks into."""

    review = models.ForeignKey(PeerReview, on_delete=models.PROTECT, related_name="sessions")
    kind = models.CharField(max_length=20, choices=SessionKind.choices)
    title = models.CharField(max_length=200)
    on = models.DateField("Date")
    starts_at = models.TimeField("Starts")
    ends_at = models.TimeField("Ends")
    place = models.CharField(max_length=200)
    attendees = models.TextField("Who attends")
    reviewers = models.ManyToManyField(TeamMember, blank=True, related_name="sessions")
    lines = models.ManyToManyField(LineOfEnquiry, blank=True, related_name="sessions")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_reason = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords(m2m_fields=[reviewers, lines])

    class Meta:
        ordering = ["review", "on", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="peer_session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.on:%-d %B %Y})"


class DocumentKind(models.TextChoices):
    SELF_ASSESSMENT = "self_assessment", "Self-assessment"
    DATA = "data", "Performance data"
    STRATEGY = "strategy", "Strategy, policy or procedure"
    OTHER = "other", "Other"


def _document_path(instance: ReviewDocument, filename: str) -> str:
    return f"peer_review/{instance.review_id}/{filename}"


class ReviewDocument(models.Model):
    """A document the host provides to the review team, kept in private storage."""

    review = models.ForeignKey(PeerReview, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=_document_path, storage=private_storage)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    provided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    provided_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["review", "kind", "title", "pk"]

    def __str__(self) -> str:
        return self.title


class ReviewCase(models.Model):
    """A child sampled for a line of enquiry: their work in scope when the sample was drawn."""

    line = models.ForeignKey(LineOfEnquiry, on_delete=models.PROTECT, related_name="cases")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    episode = models.ForeignKey("cases.Episode", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(help_text="Order drawn")

    class Meta:
        ordering = ["line", "position"]
        constraints = [
            models.UniqueConstraint(fields=["line", "child"], name="child_once_per_line"),
            models.UniqueConstraint(fields=["line", "position"], name="one_case_per_position"),
        ]

    def __str__(self) -> str:
        return f"Case {self.line.number}.{self.position}"

    @property
    def reference(self) -> str:
        """How the letter and findings name the case: never the child."""
        return f"Case {self.line.number}.{self.position}"


class PeerAudit(models.Model):
    """The review team's audit of a sampled case, with the council's audit tool."""

    case = models.OneToOneField(ReviewCase, on_delete=models.PROTECT, related_name="audit")
    auditor = models.ForeignKey(TeamMember, on_delete=models.PROTECT, related_name="audits")
    tool = models.ForeignKey("quality.AuditTool", on_delete=models.PROTECT, related_name="+")
    overall_grade = models.PositiveSmallIntegerField(choices=Grade.choices)
    worked_well = models.TextField("What worked well")
    to_improve = models.TextField("What needs to improve")
    completed_at = models.DateTimeField()

    class Meta:
        ordering = ["case"]

    def __str__(self) -> str:
        return f"Peer audit of {self.case}"


class PeerAuditAnswer(models.Model):
    """One question of the tool, graded by the peer auditor (empty: not applicable)."""

    audit = models.ForeignKey(PeerAudit, on_delete=models.PROTECT, related_name="answers")
    question = models.ForeignKey(
        "quality.AuditQuestion", on_delete=models.PROTECT, related_name="+"
    )
    grade = models.PositiveSmallIntegerField(choices=Grade.choices, null=True, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["audit", "question__domain__order", "question__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "question"], name="one_peer_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.audit}: {self.question}"


class FindingKind(models.TextChoices):
    STRENGTH = "strength", "Strength"
    DEVELOPMENT = "development", "Area for development"


class Finding(models.Model):
    """A strength or an area for development under a line of enquiry, with its evidence: what
    was seen, and the sampled cases, sessions or documents it rests on."""

    review = models.ForeignKey(PeerReview, on_delete=models.PROTECT, related_name="findings")
    line = models.ForeignKey(LineOfEnquiry, on_delete=models.PROTECT, related_name="findings")
    kind = models.CharField(max_length=20, choices=FindingKind.choices)
    theme = models.CharField(max_length=30, choices=Theme.choices)
    summary = models.CharField(max_length=300)
    detail = models.TextField(blank=True)
    evidence = models.TextField("What the evidence showed")
    recommendation = models.TextField(blank=True)
    cases = models.ManyToManyField(ReviewCase, blank=True, related_name="findings")
    sessions = models.ManyToManyField(Session, blank=True, related_name="findings")
    documents = models.ManyToManyField(ReviewDocument, blank=True, related_name="findings")
    recorded_by = models.ForeignKey(TeamMember, on_delete=models.PROTECT, related_name="findings")
    recorded_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_reason = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords(m2m_fields=[cases, sessions, documents])

    class Meta:
        ordering = ["line__number", "kind", "recorded_at", "pk"]

    def __str__(self) -> str:
        return self.summary


class FindingsLetter(models.Model):
    """The lead reviewer's letter: drafted from the findings, then issued once and kept as
    issued (its words, every finding as it stood, and the PDF)."""

    review = models.OneToOneField(PeerReview, on_delete=models.PROTECT, related_name="letter")
    addressee = models.CharField("To", max_length=200)
    opening = models.TextField("Opening")
    closing = models.TextField("Closing")
    drafted_by = models.ForeignKey(TeamMember, on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField()
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by_name = models.CharField(max_length=150, blank=True)
    content = models.JSONField(null=True, blank=True)  # the letter as issued
    pdf = models.BinaryField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["pdf", "content"])

    def __str__(self) -> str:
        return f"Findings letter: {self.review}"

    @property
    def is_issued(self) -> bool:
        return self.issued_at is not None
