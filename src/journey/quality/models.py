"""Quality assurance (R5): case file audit rounds, samples, audits, moderation and escalation.

A round scopes a period, teams and kinds of work; its sample is drawn with a recorded seed so the
same round always redraws the same cases. Each sampled case is allocated to an auditor, who
grades it with a versioned audit tool. The audit's grades can be moderated (both kept); its
actions go to the worker, and escalate up the management line when not done on time.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class Grade(models.IntegerChoices):
    """The Ofsted scale. Lower is better: "good or better" is a grade of 2 or less."""

    OUTSTANDING = 1, "Outstanding"
    GOOD = 2, "Good"
    REQUIRES_IMPROVEMENT = 3, "Requires improvement"
    INADEQUATE = 4, "Inadequate"


GOOD_OR_BETTER = Grade.GOOD
#: Grades that need findings (and an action for the worker) to say what must improve.
CONCERN_GRADES = {Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE}


# --- The audit tool: configurable and versioned ----------------------------------------------


class AuditTool(models.Model):
    """A version of the audit tool. Once an audit has used it, it is read-only: change the
    questions by making a new version."""

    name = models.CharField(max_length=150)
    version = models.PositiveSmallIntegerField()
    notes = models.TextField(blank=True, help_text="What changed in this version and why")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="one_audit_tool_version")
        ]

    def __str__(self) -> str:
        return f"{self.name}, version {self.version}"

    @property
    def is_used(self) -> bool:
        return self.audits.exists()


class AuditDomain(models.Model):
    """A domain of the tool, e.g. "Voice of the child". The code links domains across versions."""

    tool = models.ForeignKey(AuditTool, on_delete=models.PROTECT, related_name="domains")
    code = models.SlugField(max_length=30, help_text="Stays the same across versions")
    name = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tool", "code"], name="one_domain_code_per_tool")
        ]

    def __str__(self) -> str:
        return self.name


class AuditQuestion(models.Model):
    domain = models.ForeignKey(AuditDomain, on_delete=models.PROTECT, related_name="questions")
    text = models.CharField(max_length=300)
    guidance = models.TextField(blank=True, help_text="What good looks like, for the auditor")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["domain__order", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class AuditTarget(models.Model):
    """The share of audits graded good or better the council aims for, from a date."""

    effective_from = models.DateField(unique=True)
    percent = models.PositiveSmallIntegerField(help_text="Share graded good or better, 0 to 100")
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="audit_target_percent")
        ]

    def __str__(self) -> str:
        return f"{self.percent}% from {self.effective_from:%-d %B %Y}"


# --- Rounds and their samples ---------------------------------------------------------------


class SampleMethod(models.TextChoices):
    RANDOM = "random", "At random"
    TEAM = "team", "Stratified by team"
    WORKER = "worker", "Stratified by worker"
    KIND = "kind", "Stratified by kind of work"


class AuditRound(models.Model):
    name = models.CharField(max_length=150)
    period_start = models.DateField("Start of the period")
    period_end = models.DateField("End of the period")
    teams = models.ManyToManyField("workforce.Team", related_name="audit_rounds")
    kinds = models.JSONField("Kinds of work", default=list)
    sample_size = models.PositiveSmallIntegerField()
    method = models.CharField(max_length=10, choices=SampleMethod.choices)
    seed = models.BigIntegerField(help_text="Draws the same sample again from the same cases")
    allow_own_team = models.BooleanField("Managers may audit their own team's cases", default=False)
    audits_due_on = models.DateField("Audits to be completed by", null=True, blank=True)
    tool = models.ForeignKey(AuditTool, on_delete=models.PROTECT, related_name="rounds")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    drawn_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_start", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="audit_round_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_drawn(self) -> bool:
        return self.drawn_at is not None


class SampledCase(models.Model):
    """A case (episode) drawn for a round. Excluded cases keep their row, with the reason."""

    round = models.ForeignKey(AuditRound, on_delete=models.PROTECT, related_name="cases")
    episode = models.ForeignKey("cases.Episode", on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(
        "workforce.Worker",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The worker allocated when the sample was drawn",
    )
    stratum = models.CharField(max_length=150, blank=True)
    position = models.PositiveIntegerField(help_text="Order drawn")
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replacement"
    )
    excluded = models.BooleanField(default=False)
    exclusion_reason = models.TextField(blank=True)
    excluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    excluded_at = models.DateTimeField(null=True, blank=True)
    auditor = models.ForeignKey(
        "workforce.Worker",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_allocations",
    )
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    allocated_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position"]
        indexes = [models.Index(fields=["auditor", "excluded"])]
        constraints = [
            models.UniqueConstraint(fields=["round", "episode"], name="episode_once_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.episode} in {self.round}"


# --- The audit -------------------------------------------------------------------------------


class CaseAudit(models.Model):
    """A completed audit of one sampled case. `overall_grade` is the auditor's; `final_grade`
    is the one that counts, changed only by moderation."""

    sample = models.OneToOneField(SampledCase, on_delete=models.PROTECT, related_name="audit")
    round = models.ForeignKey(AuditRound, on_delete=models.PROTECT, related_name="audits")
    episode = models.ForeignKey("cases.Episode", on_delete=models.PROTECT, related_name="audits")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="audits")
    team = models.ForeignKey("workforce.Team", on_delete=models.PROTECT, related_name="audits")
    worker = models.ForeignKey(
        "workforce.Worker",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audits_of_my_work",
        help_text="The worker allocated to the case when the audit was completed",
    )
    tool = models.ForeignKey(AuditTool, on_delete=models.PROTECT, related_name="audits")
    auditor = models.ForeignKey(
        "workforce.Worker", on_delete=models.PROTECT, related_name="audits_done"
    )
    completed_on = models.DateField()
    completed_at = models.DateTimeField()
    overall_grade = models.PositiveSmallIntegerField(choices=Grade.choices)
    final_grade = models.PositiveSmallIntegerField(choices=Grade.choices)
    findings = models.TextField(blank=True)
    worked_well = models.TextField("What worked well", blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledgement = models.TextField("The worker's response", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-completed_at"]
        indexes = [
            models.Index(fields=["child", "completed_on"]),
            models.Index(fields=["completed_on", "team"]),
            models.Index(fields=["worker", "acknowledged_at"]),
        ]

    def __str__(self) -> str:
        return f"Case file audit, {self.completed_on:%-d %B %Y}: {self.get_final_grade_display()}"

    @property
    def is_good_or_better(self) -> bool:
        return self.final_grade <= GOOD_OR_BETTER

    @property
    def is_moderated(self) -> bool:
        return hasattr(self, "moderation")


class AuditAnswer(models.Model):
    """The grade (None: not applicable) and comment for one question."""

    audit = models.ForeignKey(CaseAudit, on_delete=models.PROTECT, related_name="answers")
    question = models.ForeignKey(AuditQuestion, on_delete=models.PROTECT, related_name="answers")
    grade = models.PositiveSmallIntegerField(choices=Grade.choices, null=True, blank=True)
    final_grade = models.PositiveSmallIntegerField(choices=Grade.choices, null=True, blank=True)
    comment = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["question__domain__order", "question__order", "question__pk"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.get_final_grade_display() or 'not applicable'}"


class AuditModeration(models.Model):
    """A second auditor's view of an audit: agreed, or grades changed, with the reason."""

    audit = models.OneToOneField(CaseAudit, on_delete=models.PROTECT, related_name="moderation")
    moderator = models.ForeignKey("workforce.Worker", on_delete=models.PROTECT, related_name="+")
    moderated_at = models.DateTimeField()
    reason = models.TextField()

    def __str__(self) -> str:
        return f"Moderated by {self.moderator} on {self.moderated_at:%-d %B %Y}"


class GradeChange(models.Model):
    """One grade a moderator changed: the original and the moderated grade, both kept."""

    moderation = models.ForeignKey(
        AuditModeration, on_delete=models.PROTECT, related_name="changes"
    )
    answer = models.ForeignKey(
        AuditAnswer,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty: the overall grade",
    )
    from_grade = models.PositiveSmallIntegerField(choices=Grade.choices, null=True, blank=True)
    to_grade = models.PositiveSmallIntegerField(choices=Grade.choices, null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        what = self.answer.question if self.answer_id else "Overall grade"
        return f"{what}: {self.get_from_grade_display()} to {self.get_to_grade_display()}"


# --- Actions for the worker, and their escalation --------------------------------------------


class EscalationLevel(models.IntegerChoices):
    NONE = 0, "Not escalated"
    TEAM_MANAGER = 1, "Team manager"
    HEAD_OF_SERVICE = 2, "Head of service"
    ASSISTANT_DIRECTOR = 3, "Assistant director"


class AuditAction(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "To do"
        DONE = "done", "Done"

    audit = models.ForeignKey(CaseAudit, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    due_on = models.DateField()
    owner = models.ForeignKey(
        "workforce.Worker", on_delete=models.PROTECT, related_name="audit_actions"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    what_was_done = models.TextField(blank=True)
    done_on = models.DateField(null=True, blank=True)
    done_recorded_at = models.DateTimeField(null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(
        choices=EscalationLevel.choices, default=EscalationLevel.NONE
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["owner", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.description[:60]} (due {self.due_on:%-d %B %Y})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class EscalationEvent(models.Model):
    """Append-only: an overdue action escalated one step up the management line, and when."""

    action = models.ForeignKey(AuditAction, on_delete=models.PROTECT, related_name="escalations")
    level = models.PositiveSmallIntegerField(choices=EscalationLevel.choices)
    escalated_to = models.ForeignKey(
        "workforce.Worker",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_escalations",
    )
    escalated_on = models.DateField(help_text="The day the step fell due")
    recorded_at = models.DateTimeField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["level"]
        indexes = [models.Index(fields=["escalated_to", "level"])]
        constraints = [
            models.UniqueConstraint(fields=["action", "level"], name="one_escalation_per_level")
        ]

    def __str__(self) -> str:
        return f"Escalated to the {self.get_level_display().lower()} on {self.escalated_on}"


# --- Direct observations of practice ---------------------------------------------------------


class ObservationSetting(models.TextChoices):
    HOME_VISIT = "home_visit", "Home visit"
    TAF_MEETING = "taf_meeting", "Team around the family (TAF) meeting"
    CIN_REVIEW = "cin_review", "Child in need review"
    CP_CONFERENCE = "cp_conference", "Child protection conference"
    SUPERVISION = "supervision", "Supervision"
    DIRECT_WORK = "direct_work", "Direct work with a child"
    OTHER = "other", "Other"


class PracticeObservation(models.Model):
    """A direct observation of a worker's practice: planned in the programme, then recorded by
    the observer (or cancelled with the reason), then answered by the observed worker. It is
    about the worker's practice, so it never goes on a child's chronology."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        RECORDED = "recorded", "Done"
        CANCELLED = "cancelled", "Cancelled"

    observer = models.ForeignKey(
        "workforce.Worker", on_delete=models.PROTECT, related_name="observations_made"
    )
    observed = models.ForeignKey(
        "workforce.Worker",
        on_delete=models.PROTECT,
        related_name="observations_of_practice",
        verbose_name="Worker observed",
    )
    team = models.ForeignKey(
        "workforce.Team",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The observed worker's team when the observation was planned",
    )
    planned_on = models.DateField("Planned date")
    setting = models.CharField(max_length=20, choices=ObservationSetting.choices)
    setting_detail = models.CharField("The setting, if other", max_length=150, blank=True)
    episode = models.ForeignKey(
        "cases.Episode", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    planned_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    cancellation_reason = models.TextField(blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    observed_on = models.DateField("Date observed", null=True, blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)
    what_was_seen = models.TextField("What was seen", blank=True)
    strengths = models.TextField(blank=True)
    development_points = models.TextField("Points for development", blank=True)
    grade = models.PositiveSmallIntegerField(choices=Grade.choices, null=True, blank=True)
    response = models.TextField("The worker's reflection", blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["planned_on", "pk"]
        indexes = [
            models.Index(fields=["planned_on", "team"]),
            models.Index(fields=["observed", "status"]),
            models.Index(fields=["observer", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="recorded") | Q(observed_on__isnull=False),
                name="recorded_observation_has_its_date",
            ),
            models.CheckConstraint(
                condition=~Q(observer=models.F("observed")), name="nobody_observes_themselves"
            ),
        ]

    def __str__(self) -> str:
        return f"Observation of {self.observed} by {self.observer}, {self.planned_on:%-d %B %Y}"

    @property
    def setting_label(self) -> str:
        if self.setting == ObservationSetting.OTHER and self.setting_detail:
            return self.setting_detail
        return self.get_setting_display()

    @property
    def is_planned(self) -> bool:
        return self.status == self.Status.PLANNED

    @property
    def is_recorded(self) -> bool:
        return self.status == self.Status.RECORDED

    def is_overdue(self, today) -> bool:
        return self.is_planned and self.planned_on < today

    @property
    def awaits_response(self) -> bool:
        return self.is_recorded and self.acknowledged_at is None
