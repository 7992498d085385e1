"""Casework inside an episode: assessments, plans and actions, meetings, visits, supervision.

These start minimal; the early help, quality and statutory-return issues extend them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from journey.core import codes
from journey.core.views_of_child import ChildViews


class Assessment(ChildViews):
    class Kind(models.TextChoices):
        CAF = "caf", "Early help assessment (CAF)"
        SINGLE = "single", "Social care single assessment"

    class Outcome(models.TextChoices):
        """What a single assessment concluded (Annex A list 4: "assessed as requiring support")."""

        NO_FURTHER_ACTION = "nfa", "No further action"
        EARLY_HELP = "early_help", "Step down to early help"
        CIN_PLAN = "cin_plan", "Support as a child in need (child in need plan)"
        STRATEGY = "strategy", "Strategy discussion (section 47)"
        CONTINUE = "continue", "Continue with the current plan"

    SUPPORT_OUTCOMES = {Outcome.CIN_PLAN, Outcome.STRATEGY, Outcome.CONTINUE}

    episode = models.ForeignKey(
        "cases.Episode", on_delete=models.PROTECT, related_name="assessments"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    started_on = models.DateField()
    completed_on = models.DateField("Completed or authorised on", null=True, blank=True)
    internal_review_on = models.DateField(
        "Internal review date", null=True, blank=True, help_text="DfE AssessmentInternalReviewDate"
    )
    authorised_by = models.ForeignKey(
        "workforce.Worker",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The manager who authorised a single assessment",
    )
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    factors = models.JSONField(default=list, blank=True, help_text="DfE assessment factor codes")
    child_views_how = models.CharField(
        "How the child's views were obtained, as first recorded",
        max_length=300,
        blank=True,
        help_text="Free text from before the choices of `child_views_method`; kept as written",
    )
    areas = models.JSONField(
        default=dict,
        blank=True,
        help_text="Strengths and needs by area: {area: {'strengths': ..., 'needs': ...}}",
    )
    analysis = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    #: The three sides of the Assessment Framework triangle, as the CAF records them.
    AREAS = {
        "development": "The child's development",
        "parenting": "Parents' and carers' capacity",
        "family": "Family and environment",
    }

    class Meta:
        indexes = [models.Index(fields=["episode", "kind", "completed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True)
                | Q(completed_on__gte=models.F("started_on")),
                name="assessment_completed_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} started {self.started_on:%d %b %Y}"

    @property
    def is_draft(self) -> bool:
        return self.completed_on is None

    @property
    def requires_support(self) -> bool | None:
        """Annex A: was the child assessed as requiring social care support (None: not yet)."""
        return self.outcome in self.SUPPORT_OUTCOMES if self.outcome else None


class Plan(ChildViews):
    class Kind(models.TextChoices):
        EARLY_HELP = "early_help", "Early help plan"
        CIN = "cin", "Child in need plan"
        CP = "cp", "Child protection plan"
        FAMILY_HELP = "family_help", "Family Help plan"

    episode = models.ForeignKey("cases.Episode", on_delete=models.PROTECT, related_name="plans")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    review_due_on = models.DateField(null=True, blank=True)
    initial_category = models.CharField(
        "Initial category of abuse", max_length=3, choices=codes.CategoryOfAbuse.choices, blank=True
    )
    latest_category = models.CharField(
        "Latest category of abuse", max_length=3, choices=codes.CategoryOfAbuse.choices, blank=True
    )
    conference = models.ForeignKey(
        "casework.Meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans_started",
        help_text="The initial child protection conference that started a CP plan",
    )
    end_note = models.TextField("Why the plan ended", blank=True)
    visit_every = models.PositiveSmallIntegerField(
        "Visit the child at least every (working days)",
        null=True,
        blank=True,
        help_text="Empty: the council's standard for this kind of plan",
    )
    visit_due_on = models.DateField(
        "Next visit due by",
        null=True,
        blank=True,
        editable=False,
        help_text="Kept by the visit services: the interval after the last visit the child was "
        "seen at, or after the plan started",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["visit_due_on"])

    class Meta:
        indexes = [
            models.Index(fields=["episode", "ended_on"]),
            models.Index(fields=["ended_on", "visit_due_on"], name="casework_plan_visit_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="plan_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(kind="cp") | ~Q(initial_category=""), name="cp_plan_has_category"
            ),
            models.UniqueConstraint(
                fields=["episode"],
                condition=Q(kind="cp", ended_on__isnull=True),
                name="one_open_cp_plan_per_episode",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.started_on:%d %b %Y}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class PlanReview(ChildViews):
    """A review of a child protection plan (the DfE CPPreviewDate), held at a review conference."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField("Date of the review")
    meeting = models.OneToOneField(
        "casework.Meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_review",
        help_text="The review child protection conference",
    )
    category = models.CharField(
        "Category of abuse after the review", max_length=3, choices=codes.CategoryOfAbuse.choices
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["reviewed_on", "pk"]
        indexes = [models.Index(fields=["plan", "reviewed_on"])]
        constraints = [
            models.UniqueConstraint(fields=["plan", "reviewed_on"], name="one_review_a_day")
        ]

    def __str__(self) -> str:
        return f"Review on {self.reviewed_on:%d %b %Y}"


class Section47(models.Model):
    """A section 47 enquiry: from a strategy discussion to its outcome and, maybe, an ICPC."""

    class Outcome(models.TextChoices):
        NO_FURTHER_ACTION = "nfa", "No further action"
        CIN_PLAN = "cin_plan", "Child in need plan"
        CONTINUE = "continue", "Continue with the current plan"
        ICPC = "icpc", "Initial child protection conference"

    episode = models.ForeignKey(
        "cases.Episode", on_delete=models.PROTECT, related_name="section47s"
    )
    strategy_discussion = models.ForeignKey(
        "casework.Meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="section47s",
        help_text="The strategy discussion that started it (an import may have only its date)",
    )
    strategy_on = models.DateField("Date of the strategy discussion")
    started_on = models.DateField("Enquiry start date", help_text="DfE S47ActualStartDate")
    icpc_target_on = models.DateField(
        "Initial conference due by",
        help_text="DfE InitialCPCtarget: 15 working days after the strategy discussion",
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    completed_on = models.DateField("Outcome decided on", null=True, blank=True)
    outcome_note = models.TextField("What the enquiry found", blank=True)
    lead_practitioner = models.ForeignKey(
        "workforce.Worker",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The lead child protection practitioner: a registered social worker",
    )
    shared_summary = models.TextField(
        "What the Family Help lead practitioner is told",
        blank=True,
        help_text="A summary for the lead practitioner who stays with the family; the enquiry's "
        "records stay with the child protection team",
    )
    conference = models.OneToOneField(
        "casework.Meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="section47_conferenced",
        help_text="The initial child protection conference it led to",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "section 47 enquiry"
        verbose_name_plural = "section 47 enquiries"
        indexes = [models.Index(fields=["episode", "started_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(started_on__gte=models.F("strategy_on")),
                name="s47_starts_after_strategy",
            ),
            models.CheckConstraint(
                condition=Q(outcome="", completed_on__isnull=True)
                | (~Q(outcome="") & Q(completed_on__gte=models.F("started_on"))),
                name="s47_outcome_is_dated",
            ),
            models.UniqueConstraint(
                fields=["episode"], condition=Q(outcome=""), name="one_ongoing_s47_per_episode"
            ),
        ]

    def __str__(self) -> str:
        return f"Section 47 enquiry from {self.started_on:%d %b %Y}"

    @property
    def is_ongoing(self) -> bool:
        return not self.outcome

    @property
    def awaits_conference(self) -> bool:
        return self.outcome == self.Outcome.ICPC and self.conference_id is None

    @property
    def icpc_not_required(self) -> bool:
        """DfE ICPCnotRequired: the enquiry concluded without needing a conference."""
        return bool(self.outcome) and self.outcome != self.Outcome.ICPC


class EmergencyProtection(models.Model):
    """An emergency protection order (Children Act 1989 s44, granted by a court) or police
    protection (s46, police powers, up to 72 hours): Annex A list 7 asks whether a child on a
    child protection plan was subject to either in the last six months."""

    class Kind(models.TextChoices):
        EPO = "epo", "Emergency protection order (section 44)"
        POLICE = "police", "Police protection (section 46)"

    episode = models.ForeignKey(
        "cases.Episode", on_delete=models.PROTECT, related_name="emergency_protections"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    started_on = models.DateField("Date it started")
    ended_on = models.DateField("Date it ended", null=True, blank=True)
    note = models.TextField("What happened and who was involved")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "emergency protection"
        verbose_name_plural = "emergency protection"
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["episode", "started_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="protection_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["episode", "kind", "started_on"], name="one_protection_of_a_kind_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.started_on:%d %b %Y}"

    @property
    def short_label(self) -> str:
        return "Emergency protection order" if self.kind == self.Kind.EPO else "Police protection"


class PlanAction(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        WITHDRAWN = "withdrawn", "No longer needed"

    OPEN = (Status.NOT_STARTED, Status.IN_PROGRESS)

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="actions")
    meeting = models.ForeignKey(
        "casework.Meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
        help_text="The meeting that agreed it",
    )
    description = models.TextField("What will be done")
    owner = models.ForeignKey(
        "workforce.Worker", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_name = models.CharField(
        "Owner (if not a Journey user)",
        max_length=150,
        blank=True,
        help_text="For example a parent",
    )
    agency = models.ForeignKey("people.Agency", null=True, blank=True, on_delete=models.PROTECT)
    due_on = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    created_on = models.DateField(default=timezone.localdate)
    history = HistoricalRecords()

    class Meta:
        indexes = [models.Index(fields=["plan", "status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=False) | ~Q(owner_name=""), name="action_has_an_owner"
            )
        ]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def owner_label(self) -> str:
        return str(self.owner) if self.owner_id else self.owner_name


class ActionProgress(models.Model):
    """A dated progress note on an action: the evidence that it is moving."""

    action = models.ForeignKey(PlanAction, on_delete=models.PROTECT, related_name="progress")
    noted_on = models.DateField()
    note = models.TextField()
    status_after = models.CharField(max_length=12, choices=PlanAction.Status.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        indexes = [models.Index(fields=["action", "noted_on"])]
        ordering = ["noted_on", "pk"]

    def __str__(self) -> str:
        return f"{self.noted_on:%d %b %Y}: {self.note[:40]}"


class Meeting(ChildViews):
    class Kind(models.TextChoices):
        TAF = "taf", "Team Around the Family meeting"
        CIN_REVIEW = "cin_review", "Child in need review"
        STRATEGY = "strategy", "Strategy discussion"
        ICPC = "icpc", "Initial child protection conference"
        RCPC = "rcpc", "Review child protection conference"
        PANEL = "panel", "Panel"
        HANDOVER = "handover", "Joint hand-over meeting"

    episode = models.ForeignKey("cases.Episode", on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    held_on = models.DateField()
    summary = models.TextField(blank=True)
    decisions = models.TextField(blank=True)
    next_due_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        indexes = [models.Index(fields=["episode", "kind", "held_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on:%d %b %Y}"


class MeetingAttendee(models.Model):
    """Who came to a meeting, by agency: the multi-agency picture of a TAF."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendees")
    name = models.CharField(max_length=150)
    role = models.CharField(
        max_length=100, blank=True, help_text="For example Parent, Class teacher"
    )
    agency = models.ForeignKey("people.Agency", null=True, blank=True, on_delete=models.PROTECT)
    attended = models.BooleanField(default=True, help_text="False: invited, sent apologies")
    information = models.TextField(
        "What their agency knows", blank=True, help_text="At a strategy discussion"
    )

    def __str__(self) -> str:
        return f"{self.name} ({self.agency or self.role})"


class EnquiryMemberQuerySet(models.QuerySet):
    def current(self) -> EnquiryMemberQuerySet:
        return self.filter(left_on__isnull=True)


class EnquiryMember(models.Model):
    """A member of the multi-agency child protection team working on one section 47 enquiry.

    They see the child's section 47 work (the enquiry, its strategy discussion, the conference and
    any child protection plan) while they are on it: until they leave it or the work ends.
    """

    section47 = models.ForeignKey(Section47, on_delete=models.PROTECT, related_name="members")
    worker = models.ForeignKey("workforce.Worker", on_delete=models.PROTECT, related_name="+")
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    objects = EnquiryMemberQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["worker", "left_on"], name="casework_em_worker_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["section47", "worker"],
                condition=Q(left_on__isnull=True),
                name="one_current_membership_per_enquiry",
            )
        ]

    def __str__(self) -> str:
        return f"{self.worker} on {self.section47}"


class NoteKind(models.TextChoices):
    VISIT = "visit", "Planned visit under the plan"
    HOME = "home", "Home visit"
    SCHOOL = "school", "Visit at school"
    OFFICE = "office", "Office visit"
    DIRECT_WORK = "direct", "Direct work with the child"
    PHONE = "phone", "Phone call"
    MESSAGE = "message", "Message (text, email or letter)"
    NOTE = "note", "Case note"
    OTHER = "other", "Other"


class Visit(models.Model):
    """A visit, call or piece of direct work, written once: what happened, who was there, what
    the worker made of it and what happens next. Each child it was about has their own part (a
    CaseNote on their chronology) with whether they were seen, and their own words.

    Until it is finished it is a draft: only its author and managers see it, and nothing of it
    is on a chronology.
    """

    kind = models.CharField(max_length=10, choices=NoteKind.choices)
    occurred_at = models.DateTimeField("When")
    present = models.TextField("Who was present", blank=True)
    observed = models.TextField("What happened and what you observed", blank=True)
    analysis = models.TextField("Your analysis: what it means for the child", blank=True)
    next_steps = models.TextField("Next steps", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField("Begun", default=timezone.now)
    recorded_at = models.DateTimeField("Finished", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        indexes = [models.Index(fields=["recorded_by", "recorded_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_at:%d %b %Y}"

    @property
    def is_draft(self) -> bool:
        return self.recorded_at is None


class CaseNoteQuerySet(models.QuerySet):
    def recorded(self) -> CaseNoteQuerySet:
        """Finished notes only: a draft visit's parts are not yet on the child's record."""
        return self.filter(Q(visit__isnull=True) | Q(visit__recorded_at__isnull=False))


class CaseNote(ChildViews):
    """One child's part of a visit or case note: whether they were seen (and seen alone), why
    not, and their own words. Notes from before visits were written once for several children
    hold their whole account in `text`."""

    Kind = NoteKind

    #: Kinds where the worker and the child may meet: these record whether the child was seen,
    #: and a seen child's visit counts towards the plan's visiting standard.
    IN_PERSON = frozenset(
        {NoteKind.VISIT, NoteKind.HOME, NoteKind.SCHOOL, NoteKind.OFFICE, NoteKind.DIRECT_WORK}
    )

    episode = models.ForeignKey(
        "cases.Episode", on_delete=models.PROTECT, related_name="case_notes"
    )
    visit = models.ForeignKey(
        Visit, null=True, blank=True, on_delete=models.PROTECT, related_name="parts"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    occurred_at = models.DateTimeField()
    child_seen = models.BooleanField(default=False)
    child_seen_alone = models.BooleanField(default=False)
    not_seen_reason = models.TextField("Why the child was not seen", blank=True)
    text = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    objects = CaseNoteQuerySet.as_manager()

    class Meta:
        verbose_name = "visit or case note"
        indexes = [models.Index(fields=["episode", "child_seen", "occurred_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(child_seen=True) | Q(child_seen_alone=False),
                name="seen_alone_implies_seen",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_at:%d %b %Y}"

    @property
    def seen_label(self) -> str:
        if self.child_seen_alone:
            return "child seen alone"
        return "child seen" if self.child_seen else "child not seen"


class CaseSummary(models.Model):
    """A reflective case summary: the worker's account, at a set point, of what is happening for
    the child, what has changed and what it means; agreed or challenged by a manager. The
    evidence of management oversight and reflection the peer review asked for."""

    class Occasion(models.TextChoices):
        REGULAR = "regular", "Regular summary"
        TRANSFER = "transfer", "Before the work moves to another worker or team"
        CLOSURE = "closure", "Before the work closes"
        OTHER = "other", "Another point in the work"

    episode = models.ForeignKey(
        "cases.Episode", on_delete=models.PROTECT, related_name="case_summaries"
    )
    occasion = models.CharField(max_length=10, choices=Occasion.choices)
    written_on = models.DateField()
    summary = models.TextField("What is happening for the child, and what has changed")
    analysis = models.TextField("What it means for the child: your analysis and reflection")
    next_steps = models.TextField("What needs to happen next", blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    manager = models.ForeignKey(
        "workforce.Worker", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    manager_agreed = models.BooleanField(null=True, blank=True)
    manager_note = models.TextField("The manager's view", blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "reflective case summary"
        verbose_name_plural = "reflective case summaries"
        indexes = [
            models.Index(fields=["episode", "written_on"]),
            models.Index(fields=["manager_agreed", "written_on"]),
        ]

    def __str__(self) -> str:
        return f"Reflective case summary of {self.written_on:%d %b %Y}"

    @property
    def awaits_manager(self) -> bool:
        return self.manager_agreed is None


class Supervision(models.Model):
    class Kind(models.TextChoices):
        CASE_SUPERVISION = "supervision", "Case supervision"
        OVERSIGHT = "oversight", "Management oversight"

    episode = models.ForeignKey(
        "cases.Episode", on_delete=models.PROTECT, related_name="supervisions"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.CASE_SUPERVISION)
    held_on = models.DateField()
    supervisor = models.ForeignKey("workforce.Worker", on_delete=models.PROTECT, related_name="+")
    supervisee = models.ForeignKey(
        "workforce.Worker",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The worker holding the case when it was supervised",
    )
    discussion = models.TextField()
    reflection = models.TextField(
        blank=True, help_text="What the worker and supervisor made of it: hypotheses, feelings"
    )
    decisions = models.TextField(blank=True)
    decision_rationale = models.TextField("Why these decisions", blank=True)
    actions = models.TextField(blank=True, help_text="Who will do what, by when")
    next_due_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        indexes = [models.Index(fields=["episode", "kind", "held_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on:%d %b %Y}"


# --- Panels: the Multi-Agency Support Panel and the Practitioners Forum (R3) ------------------


class PanelOutcome(models.TextChoices):
    """What a panel decides for one child's case."""

    CONTINUE = "continue", "Continue with the current plan"
    MORE_SUPPORT = "more_support", "Add services or agencies to the plan"
    CHANGE_LEAD = "change_lead", "Change the lead professional or lead agency"
    STEP_UP = "step_up", "Step up to children's social care"
    STEP_DOWN = "step_down", "Step down to early help"
    ESCALATE = "escalate", "Escalate to senior managers"
    CLOSE = "close", "Close: needs met"
    OTHER = "other", "Other (say what in the decision)"


#: Outcomes that change the course of the child's journey: significant on the chronology.
SIGNIFICANT_PANEL_OUTCOMES = {PanelOutcome.STEP_UP, PanelOutcome.STEP_DOWN, PanelOutcome.ESCALATE}


class Panel(models.Model):
    """A sitting of a multi-agency panel, scheduled ahead or recorded after, with its case list."""

    class Kind(models.TextChoices):
        MASP = "masp", "Multi-Agency Support Panel"
        FORUM = "forum", "Practitioners Forum"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    held_on = models.DateField("Date of the panel")
    chair = models.ForeignKey("workforce.Worker", on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        indexes = [models.Index(fields=["held_on", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on:%-d %B %Y}"


class PanelAttendee(models.Model):
    """Who was invited to a panel, by agency: the agencies present."""

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="attendees")
    name = models.CharField(max_length=150)
    role = models.CharField(max_length=100, blank=True)
    agency = models.ForeignKey("people.Agency", null=True, blank=True, on_delete=models.PROTECT)
    attended = models.BooleanField(default=True, help_text="False: sent apologies")
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.name} ({self.agency or self.role})"


class PanelCase(ChildViews):
    """One child's case on a panel's list: why it was brought, the child's and parents' views for
    the panel, and what the panel decided."""

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="cases")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    episode = models.ForeignKey(
        "cases.Episode",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The child's open work when the case was brought",
    )
    brought_by = models.ForeignKey("workforce.Worker", on_delete=models.PROTECT, related_name="+")
    brought_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField("Why the case is brought, and the question for the panel")
    outcome = models.CharField(
        "Panel decision", max_length=15, choices=PanelOutcome.choices, blank=True
    )
    decision = models.TextField("The decision, in words", blank=True)
    actions = models.TextField("Actions agreed", blank=True)
    decided_by = models.ForeignKey(
        "workforce.Worker",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who made the decision for the panel: its chair",
    )
    decided_on = models.DateField(null=True, blank=True)
    decision_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_recorded_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        indexes = [models.Index(fields=["child", "panel"])]
        constraints = [
            models.UniqueConstraint(fields=["panel", "child"], name="panel_child_once"),
            models.CheckConstraint(
                condition=Q(outcome="", decided_on__isnull=True)
                | (~Q(outcome="") & Q(decided_on__isnull=False)),
                name="panel_decision_is_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"Case at the {self.panel}"

    @property
    def is_decided(self) -> bool:
        return bool(self.outcome)


# --- Family group decision-making (Children Act 1989 s31ZA) -------------------------------------


class LetterBeforeProceedings(models.Model):
    """The letter before proceedings sent to the parents: the concerns, what must change, and the
    offer of a family group decision-making meeting. Kept as the PDF that was sent."""

    episode = models.ForeignKey(
        "cases.Episode", on_delete=models.PROTECT, related_name="letters_before_proceedings"
    )
    sent_on = models.DateField("Date of the letter")
    addressed_to = models.CharField("Addressed to", max_length=300)
    concerns = models.TextField("The council's concerns")
    what_must_change = models.TextField("What must change, and by when")
    pre_proceedings_meeting_on = models.DateField("Pre-proceedings meeting", null=True, blank=True)
    pdf = models.BinaryField(editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_on", "pk"]
        verbose_name_plural = "letters before proceedings"

    def __str__(self) -> str:
        return f"Letter before proceedings of {self.sent_on:%d %b %Y}"


class FamilyGroupOffer(models.Model):
    """An offer of a family group decision-making meeting, and the family's answer."""

    class Response(models.TextChoices):
        AWAITING = "awaiting", "Awaiting an answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    episode = models.ForeignKey(
        "cases.Episode", on_delete=models.PROTECT, related_name="family_group_offers"
    )
    letter = models.OneToOneField(
        LetterBeforeProceedings,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="offer",
    )
    offered_on = models.DateField("Offered on")
    offered_to = models.CharField("Offered to", max_length=300)
    response = models.CharField(max_length=10, choices=Response.choices, default=Response.AWAITING)
    responded_on = models.DateField("Answered on", null=True, blank=True)
    response_by = models.CharField("Who answered", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["offered_on", "pk"]

    def __str__(self) -> str:
        return f"Family group meeting offered on {self.offered_on:%d %b %Y}"

    @property
    def is_accepted(self) -> bool:
        return self.response == self.Response.ACCEPTED


class FamilyGroupMeeting(ChildViews):
    """A family group decision-making meeting: the family's own plan, made in private time, with
    the child's and the parents' views of it."""

    offer = models.ForeignKey(FamilyGroupOffer, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField("Held on")
    coordinator = models.CharField("Independent coordinator", max_length=150)
    who_came = models.TextField("Who came")
    private_family_time = models.BooleanField("The family had private time", default=True)
    family_plan = models.TextField("The family's plan")
    review_on = models.DateField("Plan to be reviewed by", null=True, blank=True)
    reviewed_on = models.DateField("Plan reviewed on", null=True, blank=True)
    review_note = models.TextField("What the review found", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"Family group meeting on {self.held_on:%d %b %Y}"


class BestInterestsException(models.Model):
    """A decision, in the child's best interests, not to offer a family group meeting or not to
    hold one that was accepted before applying to court (s31ZA(3))."""

    class Kind(models.TextChoices):
        NOT_OFFERED = "not_offered", "Not to offer a family group meeting"
        NOT_HELD = "not_held", "Not to hold the accepted meeting before applying"

    episode = models.ForeignKey(
        "cases.Episode", on_delete=models.PROTECT, related_name="best_interests_exceptions"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    decided_on = models.DateField("Decided on")
    decided_by = models.ForeignKey("workforce.Worker", on_delete=models.PROTECT, related_name="+")
    reasons = models.TextField("Why it is in the child's best interests")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["decided_on", "pk"]

    def __str__(self) -> str:
        return f"Best-interests decision of {self.decided_on:%d %b %Y}"


class CourtApplication(models.Model):
    """The council's application for a care or supervision order (Children Act 1989 s31)."""

    class Order(models.TextChoices):
        CARE = "care", "Care order"
        SUPERVISION = "supervision", "Supervision order"

    episode = models.ForeignKey(
        "cases.Episode", on_delete=models.PROTECT, related_name="court_applications"
    )
    order = models.CharField("Order applied for", max_length=12, choices=Order.choices)
    applied_on = models.DateField("Applied on")
    court = models.CharField(max_length=150, blank=True)
    note = models.TextField("Why the council is applying")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["applied_on", "pk"]

    def __str__(self) -> str:
        return f"Application for a {self.get_order_display().lower()} on {self.applied_on:%d %b %Y}"


class FamilyBenefit(models.Model):
    """Parents' (or the child's) evidence of the benefit of help, at a review or at closure (R8):
    "How much difference has the help made?" on a five-point scale, and in their words. Recorded
    by the worker, or sent by the family through a secure link (`journey.voice.links`)."""

    class GivenBy(models.TextChoices):
        PARENT = "parent", "A parent or carer"
        CHILD = "child", "The child"

    class At(models.TextChoices):
        REVIEW = "review", "At a review"
        CLOSURE = "closure", "At closure"

    class Score(models.IntegerChoices):
        NONE = 1, "None"
        A_LITTLE = 2, "A little"
        SOME = 3, "Some"
        A_LOT = 4, "A lot"
        A_GREAT_DEAL = 5, "A great deal"

    class Source(models.TextChoices):
        WORKER = "worker", "Recorded by the worker"
        LINK = "link", "Sent through a link"

    #: The ratings counted as the help having made a real difference (`family_benefit`).
    GOOD = (Score.A_LOT, Score.A_GREAT_DEAL)
    QUESTION = "How much difference has the help made?"

    episode = models.ForeignKey(
        "cases.Episode", on_delete=models.PROTECT, related_name="family_benefits"
    )
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    given_by = models.CharField("Who gave it", max_length=6, choices=GivenBy.choices)
    at = models.CharField("When in the work", max_length=7, choices=At.choices)
    score = models.PositiveSmallIntegerField(QUESTION, choices=Score.choices)
    words = models.TextField("In their words", blank=True)
    source = models.CharField(max_length=6, choices=Source.choices, default=Source.WORKER)
    given_on = models.DateField("Date given")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The worker who recorded it; empty when the family sent it through a link",
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        indexes = [
            models.Index(fields=["given_on"], name="casework_benefit_given_idx"),
            models.Index(fields=["episode", "at"], name="casework_benefit_episode_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="family_benefit_score_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(source="link") | Q(recorded_by__isnull=False),
                name="family_benefit_worker_records_it",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_score_display()} ({self.get_given_by_display()}, {self.given_on})"


class ViewsRecord(models.Model):
    """Every record that should carry the child's views, one row each (R8): an assessment once
    completed, a plan from its start, a plan review, a meeting (a review conference is counted as
    its review), a family group meeting, a child's part of a finished in-person visit (or an
    in-person note written whole), and a closure. A read model: a database view (migrations
    casework 0015 and 0016) over those tables, so the flag on the audit tool and
    the `child_views_recorded` measure read one table with one query.

    `key` is "<kind>-<id>"; `has_views` is 1 when the child's views are there in their own words.
    """

    class Kind(models.TextChoices):
        ASSESSMENT = "assessment", "Assessment"
        PLAN = "plan", "Plan"
        REVIEW = "review", "Plan review"
        MEETING = "meeting", "Meeting"
        FAMILY_GROUP = "family", "Family group meeting"
        VISIT = "visit", "Visit"
        CLOSURE = "closure", "Closure"

    key = models.CharField(max_length=40, primary_key=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    record_id = models.BigIntegerField()
    episode = models.ForeignKey(
        "cases.Episode", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    child = models.ForeignKey(
        "people.Person", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    team = models.ForeignKey(
        "workforce.Team", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    on = models.DateField()
    has_views = models.IntegerField()
    not_obtained = models.TextField()

    class Meta:
        managed = False
        db_table = "casework_views_record"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.on}"
