"""Complaints, representations, compliments and comments (R7).

A complaint file is kept apart from the child's case file: its content is read by the complaints
officer and by the managers named to respond, never through the child's record (the chronology
says only that a complaint was received or answered). Nothing here is deleted: a stage is
extended, an element withdrawn or a decision recorded, each with its date and reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class Theme(models.Model):
    """What a complaint element or a compliment is about: the council's own list."""

    name = models.CharField(max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.TextChoices):
    STATUTORY = "statutory", "Statutory (Children Act 1989 representations procedure)"
    CORPORATE = "corporate", "Corporate complaints procedure"


class Route(models.TextChoices):
    PHONE = "phone", "Telephone"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    ONLINE = "online", "Online form"
    IN_PERSON = "in_person", "In person"
    ADVOCATE = "advocate", "Through an advocate"
    COUNCILLOR = "councillor", "Through a councillor or MP"


class ComplainantType(models.TextChoices):
    CHILD = "child", "The child or young person"
    PARENT = "parent", "A parent or carer"
    ON_BEHALF = "on_behalf", "Someone else on the child's behalf"


class Complaint(models.Model):
    class Kind(models.TextChoices):
        COMPLAINT = "complaint", "Complaint"
        REPRESENTATION = "representation", "Representation"

    class LateDecision(models.TextChoices):
        CONSIDER = "consider", "Considered: the council decided to look into it"
        NOT_CONSIDER = "not_consider", "Not considered"

    reference = models.CharField(max_length=20, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COMPLAINT)
    procedure = models.CharField(max_length=20, choices=Procedure.choices)
    procedure_reason = models.TextField(
        blank=True, help_text="Why this procedure: required for the corporate one"
    )
    received_on = models.DateField()
    route = models.CharField("How it came in", max_length=20, choices=Route.choices)
    complainant_name = models.CharField(max_length=150)
    complainant_type = models.CharField(max_length=20, choices=ComplainantType.choices)
    complainant_relationship = models.CharField(
        "Relationship to the child", max_length=100, blank=True
    )
    complainant_contact = models.CharField("How to reply", max_length=300, blank=True)
    children = models.ManyToManyField(
        "people.Person", through="ComplaintChild", related_name="complaints"
    )
    team = models.ForeignKey(
        "workforce.Team",
        on_delete=models.PROTECT,
        related_name="complaints",
        help_text="The team whose work it is about",
    )
    responders = models.ManyToManyField(
        "workforce.Worker",
        blank=True,
        related_name="complaints_to_answer",
        help_text="The managers named to respond: they see what they must answer",
    )
    outcome_wanted = models.TextField("What the complainant wants to happen")
    advocate_offered = models.BooleanField(default=False)
    advocate_taken_up = models.BooleanField(default=False)
    matter_arose_on = models.DateField("When the matter arose", null=True, blank=True)
    late_decision = models.CharField(
        max_length=20,
        choices=LateDecision.choices,
        blank=True,
        help_text="For a complaint made more than a year after the matter arose",
    )
    late_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    closed_on = models.DateField(null=True, blank=True)
    # Who was named to respond, and when that changed, is kept with the rest of the history.
    history = HistoricalRecords(m2m_fields=[responders])

    class Meta:
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["received_on"]),
            models.Index(fields=["team", "received_on"]),
        ]

    def __str__(self) -> str:
        return self.reference


class ComplaintChild(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")

    class Meta:
        # The child's chronology links here, never to the file: its page names only the
        # complaint's reference and the child.
        verbose_name = "complaint"
        constraints = [
            models.UniqueConstraint(fields=["complaint", "child"], name="one_link_per_child")
        ]

    def __str__(self) -> str:
        return f"Complaint {self.complaint.reference}"


class Outcome(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"
    WITHDRAWN = "withdrawn", "Withdrawn"
    NOT_INVESTIGATED = "not_investigated", "Not investigated"


class Element(models.Model):
    """One numbered part of what the complaint is about."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="elements")
    number = models.PositiveSmallIntegerField()
    summary = models.TextField()
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["complaint", "number"]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "number"], name="one_element_number")
        ]

    def __str__(self) -> str:
        return f"{self.complaint.reference} element {self.number}"


class Stage(models.Model):
    """A stage the complaint reached, with its dates. Stage 2 adds the investigating officer and
    the independent person; stage 3 the review panel."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="stages")
    number = models.PositiveSmallIntegerField(
        choices=[(1, "Stage 1"), (2, "Stage 2"), (3, "Stage 3")]
    )
    started_on = models.DateField(help_text="Stage 1: received; stages 2 and 3: asked for")
    due_on = models.DateField(help_text="The response's statutory deadline")
    extended_to = models.DateField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    extension_agreed_on = models.DateField(
        null=True, blank=True, help_text="An extension is agreed before the deadline passes"
    )
    accepted_late_reason = models.TextField(
        blank=True, help_text="Why a request outside its 20 working days was accepted"
    )
    # Stage 2
    investigating_officer = models.CharField(max_length=150, blank=True)
    independent_person = models.CharField(max_length=150, blank=True)
    appointed_on = models.DateField(null=True, blank=True)
    record_agreed_on = models.DateField(
        "Written record of the complaint agreed", null=True, blank=True
    )
    # Stage 3
    panel_members = models.JSONField(default=list, blank=True)  # three independent persons
    panel_on = models.DateField("Review panel held", null=True, blank=True)
    panel_report_on = models.DateField(null=True, blank=True)
    panel_late = models.BooleanField(
        default=False,
        help_text="The panel sat more than 30 working days after the request, or reported more "
        "than 5 after it sat: the stage is late however soon the council then answers",
    )
    responded_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["complaint", "number"]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "number"], name="one_row_per_stage"),
            models.CheckConstraint(
                condition=Q(responded_on__isnull=True)
                | Q(responded_on__gte=models.F("started_on")),
                name="stage_response_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.complaint.reference} stage {self.number}"

    @property
    def deadline(self):
        return self.extended_to or self.due_on


class Finding(models.Model):
    """The outcome of one element at one stage, with the reason where it was not investigated."""

    element = models.ForeignKey(Element, on_delete=models.PROTECT, related_name="findings")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="findings")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    reason = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["element", "stage"], name="one_finding_per_stage")
        ]

    def __str__(self) -> str:
        return f"{self.element}: {self.get_outcome_display()}"


class ResponseLetter(models.Model):
    """A stage's response letter, drafted from the template and kept as the PDF sent."""

    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="letters")
    body = models.TextField()
    pdf = models.BinaryField()
    sent_on = models.DateField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Response to {self.stage} sent {self.sent_on}"


class OmbudsmanEnquiry(models.Model):
    """The Local Government and Social Care Ombudsman's enquiry and its decision."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="ombudsman_enquiries"
    )
    reference = models.CharField(max_length=50, blank=True)
    received_on = models.DateField()
    decided_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=200, blank=True)
    remedy = models.TextField(blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Ombudsman enquiry {self.reference or self.pk} on {self.complaint_id}"


class LearningAction(models.Model):
    """What the complaint taught, and the action agreed: owner, due date, done with evidence."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="actions")
    learning = models.TextField()
    action = models.TextField()
    owner = models.ForeignKey("workforce.Worker", on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    evidence = models.TextField(blank=True)
    recorded_on = models.DateField(
        null=True, blank=True, help_text="The day it was recorded (empty for the earliest)"
    )
    improvement_action = models.ForeignKey(
        "improvement.Action",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The improvement plan action it became, if added to a plan",
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Learning action on {self.complaint_id}: {self.action[:40]}"


class Compliment(models.Model):
    """A compliment or a comment, with the team and theme it is about."""

    class Kind(models.TextChoices):
        COMPLIMENT = "compliment", "Compliment"
        COMMENT = "comment", "Comment"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    received_on = models.DateField()
    from_type = models.CharField(max_length=20, choices=ComplainantType.choices)
    from_name = models.CharField(max_length=150, blank=True)
    team = models.ForeignKey("workforce.Team", on_delete=models.PROTECT, related_name="+")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["received_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.team_id} ({self.received_on})"


class AnnualComplaintsReport(models.Model):
    """The annual report on complaints, representations and compliments for a year (1 April to
    31 March), as issued: the officer's introduction, every figure as it stood when issued, and
    the PDF, frozen. Never changed or deleted: issuing the year again makes a new row. It names
    no child and no complainant."""

    year = models.PositiveSmallIntegerField(help_text="The year starting on 1 April of this year")
    starts_on = models.DateField()
    ends_on = models.DateField()
    introduction = models.TextField("Introduction and commentary")
    content = models.JSONField()  # every figure the report shows, as issued
    pdf = models.BinaryField()
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The report issued before this one for the same year, if any",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_by_name = models.CharField(max_length=150)
    issued_at = models.DateTimeField()

    class Meta:
        ordering = ["-issued_at", "-pk"]
        indexes = [models.Index(fields=["year", "issued_at"])]

    def __str__(self) -> str:
        return f"Annual complaints report {self.year} to {self.year + 1}"
