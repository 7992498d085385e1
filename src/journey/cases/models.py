"""Cases: contacts and their threshold decisions, episodes of involvement, step changes."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from journey.core import codes
from journey.core.views_of_child import ChildViews


class ThresholdLevel(models.IntegerChoices):
    UNIVERSAL = 1, "Level 1: universal"
    SINGLE_AGENCY = 2, "Level 2: single-agency early help"
    TARGETED = 3, "Level 3: targeted early help (CAF/TAF)"
    SPECIALIST = 4, "Level 4: specialist (child in need or child protection)"


class NextStep(models.TextChoices):
    NO_FURTHER_ACTION = "nfa", "No further action"
    SIGNPOST = "signpost", "Signpost to universal services"
    SINGLE_AGENCY = "single_agency", "Single-agency early help"
    CAF_TAF = "caf_taf", "Early help assessment (CAF) and Team Around the Family"
    SOCIAL_CARE = "social_care", "Referral to children's social care"
    STRATEGY = "strategy", "Strategy discussion (section 47)"
    FAMILY_HELP = "family_help", "Family Help (where the child's locality works as Family Help)"


#: The next step that usually follows each threshold level: the one taken when none is chosen.
USUAL_NEXT_STEP: dict[int, str] = {
    1: NextStep.SIGNPOST,
    2: NextStep.SINGLE_AGENCY,
    3: NextStep.CAF_TAF,
    4: NextStep.SOCIAL_CARE,
}

#: The lowest and highest threshold level each next step fits; outside it the worker must explain.
NEXT_STEP_LEVELS: dict[str, tuple[int, int]] = {
    NextStep.NO_FURTHER_ACTION: (1, 2),
    NextStep.SIGNPOST: (1, 2),
    NextStep.SINGLE_AGENCY: (2, 2),
    NextStep.CAF_TAF: (3, 3),
    NextStep.SOCIAL_CARE: (4, 4),
    NextStep.STRATEGY: (4, 4),
    # Family Help is targeted help and help to a child in need in one service.
    NextStep.FAMILY_HELP: (3, 4),
}


class Contact(models.Model):
    """Information received about one or more children; each child gets a threshold decision."""

    received_at = models.DateTimeField()
    source = models.CharField(
        "Source",
        max_length=2,
        choices=codes.ReferralSource.choices,
        help_text="DfE referral source",
    )
    source_agency = models.ForeignKey(
        "people.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="contacts"
    )
    reporter_name = models.CharField(max_length=150, blank=True)
    summary = models.TextField("What was reported")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Contact on {self.received_at:%d %b %Y}"


class ThresholdFrameworkQuerySet(models.QuerySet):
    def in_force(self, on: dt.date) -> ThresholdFramework | None:
        return self.filter(effective_from__lte=on).order_by("-effective_from").first()


class ThresholdFramework(models.Model):
    """The council's threshold document from a date. Decisions keep the version they used (R2)."""

    name = models.CharField(max_length=150)
    effective_from = models.DateField(unique=True)
    notes = models.TextField(blank=True)

    objects = ThresholdFrameworkQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.name} (from {self.effective_from:%-d %B %Y})"


class ThresholdLevelDescriptor(models.Model):
    framework = models.ForeignKey(
        ThresholdFramework, on_delete=models.PROTECT, related_name="levels"
    )
    level = models.PositiveSmallIntegerField(choices=ThresholdLevel.choices)
    descriptor = models.TextField(help_text="The council's own wording for this level")

    class Meta:
        ordering = ["level"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "level"], name="one_descriptor_per_level")
        ]

    def __str__(self) -> str:
        return self.get_level_display()


class FamilyHelpDescriptor(models.Model):
    """The council's Family Help wording in a version of its framework (Families First): what
    targeted Family Help, Family Help for a child in need and child protection mean there."""

    class Intensity(models.TextChoices):
        TARGETED = "targeted", "Family Help: targeted help"
        IN_NEED = "in_need", "Family Help: a child in need (section 17)"
        PROTECTION = "protection", "Child protection (section 47), beside Family Help"

    framework = models.ForeignKey(
        ThresholdFramework, on_delete=models.PROTECT, related_name="family_help_descriptors"
    )
    intensity = models.CharField(max_length=12, choices=Intensity.choices)
    descriptor = models.TextField(help_text="The council's own wording")
    levels = models.CharField(
        "Matching levels",
        max_length=40,
        blank=True,
        help_text="Where it sits on the continuum of need, e.g. Levels 3 and 4",
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "intensity"], name="one_family_help_descriptor_per_intensity"
            )
        ]

    def __str__(self) -> str:
        return self.get_intensity_display()


class ThresholdIndicator(models.Model):
    """An example indicator of a level, chosen by the worker as present in the working out."""

    framework = models.ForeignKey(
        ThresholdFramework, on_delete=models.PROTECT, related_name="indicators"
    )
    level = models.PositiveSmallIntegerField(choices=ThresholdLevel.choices)
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["level", "pk"]

    def __str__(self) -> str:
        return f"Level {self.level}: {self.text}"


class ThresholdDecision(models.Model):
    """The worker's "working out" for one child at a contact: level, factors, rationale, step."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="decisions")
    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="threshold_decisions"
    )
    level = models.PositiveSmallIntegerField(choices=ThresholdLevel.choices)
    factors = models.JSONField(default=list, blank=True, help_text="DfE assessment factor codes")
    child_views = models.TextField("The child's views", blank=True)
    family_views = models.TextField("The family's views", blank=True)
    risks = models.TextField("Risks", blank=True)
    strengths = models.TextField("Strengths", blank=True)
    rationale = models.TextField()
    next_step = models.CharField(max_length=20, choices=NextStep.choices)
    contradiction_explained = models.TextField(blank=True)
    framework = models.ForeignKey(
        ThresholdFramework,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        help_text="The framework in force when the decision was made",
    )
    indicators = models.ManyToManyField(ThresholdIndicator, blank=True, related_name="decisions")
    decided_by = models.ForeignKey("workforce.Worker", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    # The manager's view: agreed, or changed with their own rationale. The worker's stays.
    manager = models.ForeignKey(
        "workforce.Worker", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    manager_agreed = models.BooleanField(null=True, blank=True)
    manager_level = models.PositiveSmallIntegerField(
        choices=ThresholdLevel.choices, null=True, blank=True
    )
    manager_next_step = models.CharField(max_length=20, choices=NextStep.choices, blank=True)
    manager_rationale = models.TextField(blank=True)
    manager_decided_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        indexes = [
            # Covers the visibility rule "children of contacts decided by my team".
            models.Index(fields=["decided_by", "child"], name="cases_td_decided_by_child_idx"),
            # Every column the measures page counts, so PostgreSQL answers from the index alone
            # rather than reading each decision's working out.
            models.Index(
                fields=["contact", "level", "manager_level", "manager_agreed", "decided_by", "id"],
                name="cases_td_measures_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "child"], name="one_decision_per_child_per_contact"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.get_next_step_display()}"

    @property
    def working_out(self) -> list[tuple[str, str]]:
        return [
            ("The child's views", self.child_views),
            ("The family's views", self.family_views),
            ("Risks", self.risks),
            ("Strengths", self.strengths),
        ]

    @property
    def awaits_manager(self) -> bool:
        return self.manager_agreed is None

    @property
    def final_level(self) -> int:
        return self.manager_level or self.level

    @property
    def factor_labels(self) -> list[str]:
        return [codes.AssessmentFactor(code).label for code in self.factors]


class EpisodeKind(models.TextChoices):
    EARLY_HELP_SINGLE_AGENCY = "eh_single", "Early help (single agency)"
    EARLY_HELP_CAF = "eh_caf", "Early help (CAF and TAF)"
    SOCIAL_CARE = "social_care", "Children's social care"
    FAMILY_HELP = "family_help", "Family Help"


EARLY_HELP_KINDS = {EpisodeKind.EARLY_HELP_SINGLE_AGENCY, EpisodeKind.EARLY_HELP_CAF}
#: Work that may hold a child in need under section 17, and so a section 47 enquiry: the CIN census.
STATUTORY_KINDS = {EpisodeKind.SOCIAL_CARE, EpisodeKind.FAMILY_HELP}


def work_phrase(kind: str) -> str:
    """A kind of work mid-sentence: "early help (CAF and TAF)", "children's social care"."""
    label = EpisodeKind(kind).label
    return label[0].lower() + label[1:]


class EarlyHelpClosureReason(models.TextChoices):
    OUTCOMES_MET = "EH1", "Outcomes met"
    STEPPED_UP = "EH2", "Stepped up to children's social care"
    MOVED_AWAY = "EH3", "Moved out of the area"
    CONSENT_WITHDRAWN = "EH4", "Family withdrew consent"
    UNIVERSAL = "EH5", "Needs met by universal services"
    OTHER = "EH9", "Other (explained in the note)"


ALL_CLOSURE_REASONS = EarlyHelpClosureReason.choices + codes.ReasonForClosure.choices


class EpisodeQuerySet(models.QuerySet):
    def open(self) -> EpisodeQuerySet:
        return self.filter(ended_on__isnull=True)

    def closed(self) -> EpisodeQuerySet:
        return self.filter(ended_on__isnull=False)

    def early_help(self) -> EpisodeQuerySet:
        return self.filter(kind__in=EARLY_HELP_KINDS)

    def social_care(self) -> EpisodeQuerySet:
        return self.filter(kind=EpisodeKind.SOCIAL_CARE)

    def family_help(self) -> EpisodeQuerySet:
        return self.filter(kind=EpisodeKind.FAMILY_HELP)


class Episode(models.Model):
    """One period of involvement with a child: early help, or social care (the DfE CIN details)."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="episodes")
    kind = models.CharField(max_length=20, choices=EpisodeKind.choices)
    team = models.ForeignKey("workforce.Team", on_delete=models.PROTECT, related_name="episodes")
    started_on = models.DateField(help_text="For social care, the referral date")
    ended_on = models.DateField(null=True, blank=True)
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.PROTECT, related_name="episodes"
    )
    referral_source = models.CharField(
        max_length=2, choices=codes.ReferralSource.choices, blank=True
    )
    primary_need = models.CharField(max_length=2, choices=codes.PrimaryNeed.choices, blank=True)
    referral_nfa = models.BooleanField("Referral: no further action", default=False)
    closure_reason = models.CharField(max_length=4, choices=ALL_CLOSURE_REASONS, blank=True)
    closure_note = models.TextField(blank=True)
    closure_outcome = models.TextField("Outcome against the plan", blank=True)
    family_feedback = models.TextField("What the family said about the help", blank=True)
    closure_next_step = models.CharField("What happens next", max_length=300, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    objects = EpisodeQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["child", "ended_on"]),
            models.Index(fields=["team", "ended_on"]),
            # Covers the visibility rule "children whose work my team holds or held".
            models.Index(fields=["team", "child"], name="cases_episode_team_child_idx"),
            # "Teams that hold this kind of work" (the outcomes page's team filter) per team.
            models.Index(fields=["team", "kind"], name="cases_episode_team_kind_idx"),
            # Closed work newest first (the outcomes page's closed work without a closing
            # measure), read in order instead of sorting a council's year of closures.
            models.Index(fields=["-ended_on", "id"], name="cases_episode_ended_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="episode_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | ~Q(closure_reason=""),
                name="closed_episode_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.started_on:%d %b %Y}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None

    @property
    def is_early_help(self) -> bool:
        return self.kind in EARLY_HELP_KINDS

    @property
    def is_family_help(self) -> bool:
        return self.kind == EpisodeKind.FAMILY_HELP

    def days_open(self, today: dt.date) -> int:
        return ((self.ended_on or today) - self.started_on).days


class ClosureViews(ChildViews):
    """The child's views and the parents' or carers' views when a piece of work closes (R8).

    A record of its own beside the episode, not `closing_` fields on it: the same four fields,
    names and rule as every other record's views (`core.views_of_child`), so one form fieldset,
    one check, one flag and one measure serve them all; and the episode, read on most pages,
    stays narrow. Every closure writes one (empty when no views were recorded, so the flag and
    the measure find it); closures from before it got one from the migration.
    """

    episode = models.OneToOneField(
        Episode, on_delete=models.PROTECT, related_name="closure_views", primary_key=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "views at closure"
        verbose_name_plural = "views at closure"

    def __str__(self) -> str:
        return f"Views at the closure of {self.episode}"


class StepChangeQuerySet(models.QuerySet):
    def pending(self) -> StepChangeQuerySet:
        return self.filter(status__in=PENDING_STEP_STATUSES)

    def handed_over(self) -> StepChangeQuerySet:
        return self.filter(status=StepChange.Status.HANDED_OVER)


class StepChange(models.Model):
    """Moving a child between early help and social care: request, manager decision, hand-over.

    The sending episode closes on the hand-over date and the receiving one opens that same day,
    allocated to the named receiving worker, so the child is never without an allocated worker.
    """

    class Direction(models.TextChoices):
        UP = "up", "Step up (early help to social care)"
        DOWN = "down", "Step down (social care to early help)"

    class Status(models.TextChoices):
        REQUESTED = "requested", "Awaiting a manager's decision"
        ACCEPTED = "accepted", "Accepted: awaiting hand-over"
        DECLINED = "declined", "Declined"
        HANDED_OVER = "handed_over", "Handed over"
        WITHDRAWN = "withdrawn", "Withdrawn"

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="step_changes"
    )
    direction = models.CharField(max_length=4, choices=Direction.choices)
    from_episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="steps_out")
    to_kind = models.CharField(
        "Receiving work", max_length=20, choices=EpisodeKind.choices, default=""
    )
    receiving_team = models.ForeignKey(
        "workforce.Team", null=True, on_delete=models.PROTECT, related_name="steps_in"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    rationale = models.TextField()
    evidence = models.TextField("Evidence from the current plan", default="")
    evidence_actions = models.ManyToManyField(
        "casework.PlanAction", blank=True, related_name="step_changes"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        "workforce.Worker", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    receiving_worker = models.ForeignKey(
        "workforce.Worker", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    receiving_as = models.CharField(
        max_length=20,
        blank=True,
        choices=[("worker", "Allocated worker"), ("lead_professional", "Lead professional")],
    )
    handover_on = models.DateField(null=True, blank=True)
    joint_meeting = models.ForeignKey(
        "casework.Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_episode = models.ForeignKey(
        Episode, null=True, blank=True, on_delete=models.PROTECT, related_name="steps_in"
    )
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handed_over_at = models.DateTimeField(null=True, blank=True)
    closed_note = models.TextField("Why it was withdrawn", blank=True)
    history = HistoricalRecords()

    objects = StepChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        indexes = [
            models.Index(fields=["status", "handover_on"], name="cases_step_status_handover_idx"),
            models.Index(fields=["child", "status"], name="cases_step_child_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["from_episode"],
                condition=Q(status__in=["requested", "accepted"]),
                name="one_pending_step_change_per_episode",
            ),
            models.CheckConstraint(
                condition=~Q(status="handed_over")
                | Q(to_episode__isnull=False, handover_on__isnull=False),
                name="handed_over_step_has_receiving_episode",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()}, requested {self.requested_at:%d %b %Y}"

    @property
    def is_up(self) -> bool:
        return self.direction == self.Direction.UP

    @property
    def verb(self) -> str:
        return "step up" if self.is_up else "step down"

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING_STEP_STATUSES

    @property
    def to_work(self) -> str:
        """The receiving work mid-sentence: "children's social care", "early help (CAF…)"."""
        return work_phrase(self.to_kind)

    @property
    def from_work(self) -> str:
        return work_phrase(self.from_episode.kind)

    @property
    def days_to_handover(self) -> int | None:
        if self.handover_on is None:
            return None
        return (self.handover_on - self.requested_at.date()).days


PENDING_STEP_STATUSES = (StepChange.Status.REQUESTED, StepChange.Status.ACCEPTED)


class Section17PeriodQuerySet(models.QuerySet):
    def current(self) -> Section17PeriodQuerySet:
        return self.filter(ended_on__isnull=True)


class Section17Period(models.Model):
    """While a Family Help episode holds a child in need under section 17 (Children Act 1989).

    Family Help raises and lowers its intensity inside one episode: targeted help, or help to a
    child in need. Each period of section 17 status is one CINdetails in the CIN census, with its
    own referral date (the day it began), source, primary need and closure.
    """

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="section17_periods")
    started_on = models.DateField("In need from", help_text="DfE CINreferralDate")
    referral_source = models.CharField(max_length=2, choices=codes.ReferralSource.choices)
    primary_need = models.CharField(max_length=2, choices=codes.PrimaryNeed.choices)
    reason = models.TextField("Why the child is in need")
    ended_on = models.DateField("In need until", null=True, blank=True)
    closure_reason = models.CharField(
        max_length=4, choices=codes.ReasonForClosure.choices, blank=True
    )
    end_reason = models.TextField("Why section 17 status ended", blank=True)
    decided_by = models.ForeignKey("workforce.Worker", on_delete=models.PROTECT, related_name="+")
    ended_by = models.ForeignKey(
        "workforce.Worker", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    objects = Section17PeriodQuerySet.as_manager()

    class Meta:
        ordering = ["started_on", "pk"]
        indexes = [models.Index(fields=["episode", "ended_on"], name="cases_s17_episode_end_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["episode"],
                condition=Q(ended_on__isnull=True),
                name="one_current_section17_period",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | (Q(ended_on__gte=models.F("started_on")) & ~Q(closure_reason="")),
                name="section17_period_ends_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Child in need (section 17) from {self.started_on:%d %b %Y}"
