"""Workforce: services, teams, workers and their roles, and allocations of work."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Early help practitioner"
    SOCIAL_WORKER = "social_worker", "Social worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    HEAD_OF_SERVICE = "head_of_service", "Head of service"
    ASSISTANT_DIRECTOR = "assistant_director", "Assistant director"
    QA_OFFICER = "qa_officer", "Quality assurance officer"
    PERFORMANCE_OFFICER = "performance_officer", "Performance and data officer"
    COMPLAINTS_OFFICER = "complaints_officer", "Complaints officer"
    PARTICIPATION_OFFICER = "participation_officer", "Participation officer"
    EXTERNAL_LEAD_PROFESSIONAL = "external_lead", "External lead professional"
    CP_PARTNER = "cp_partner", "Multi-agency child protection team member (partner agency)"
    REVIEWER = "reviewer", "Reviewer (read-only, time-limited)"
    ADMINISTRATOR = "administrator", "Administrator"


#: Roles who may hold case work (be allocated a child's episode).
CASE_HOLDING_ROLES = {Role.PRACTITIONER, Role.SOCIAL_WORKER, Role.TEAM_MANAGER}
#: Roles who may be named lead professional for early help.
LEAD_PROFESSIONAL_ROLES = CASE_HOLDING_ROLES | {Role.EXTERNAL_LEAD_PROFESSIONAL}
#: Partner agencies' workers who sign in: lead professionals (and Family Help lead
#: practitioners) and members of the multi-agency child protection team.
PARTNER_ROLES = {Role.EXTERNAL_LEAD_PROFESSIONAL, Role.CP_PARTNER}
#: The lead professional of Family Help work, in the Families First words.
FAMILY_HELP_LEAD = "Family Help lead practitioner"
#: Roles who manage (see the whole of) a team, a service or the directorate.
MANAGER_ROLES = {Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.ASSISTANT_DIRECTOR}


class Service(models.Model):
    """A group of teams under one head of service, e.g. Early Help or Children's Social Care."""

    class Kind(models.TextChoices):
        EARLY_HELP = "early_help", "Early help"
        SOCIAL_CARE = "social_care", "Children's social care"
        QUALITY = "quality", "Quality and improvement"

    name = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    name = models.CharField(max_length=100, unique=True)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="teams")
    is_active = models.BooleanField(default=True)
    # Families First: a council moves to Family Help team by team, so both models run at once.
    family_help = models.BooleanField(
        "Works as Family Help",
        default=False,
        help_text="Targeted early help and child in need work in one Family Help episode, led by "
        "a Family Help lead practitioner (Families First)",
    )
    child_protection = models.BooleanField(
        "Multi-agency child protection team",
        default=False,
        help_text="Children Act 2004 s16EA: its members, from the council, police, health and "
        "education, take part in the section 47 enquiries they are named on",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Registration(models.TextChoices):
    SOCIAL_WORK_ENGLAND = "swe", "Social Work England"
    NMC = "nmc", "Nursing and Midwifery Council"
    HCPC = "hcpc", "Health and Care Professions Council"
    GMC = "gmc", "General Medical Council"
    TRA = "tra", "Teaching Regulation Agency"


class WorkerQuerySet(models.QuerySet):
    def active(self) -> WorkerQuerySet:
        return self.filter(is_active=True)

    def can_hold_cases(self) -> WorkerQuerySet:
        return self.active().filter(role__in=CASE_HOLDING_ROLES)


class Worker(models.Model):
    """A person who signs in to Journey: council staff, partner lead professionals, reviewers."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    role = models.CharField(max_length=30, choices=Role.choices)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="workers"
    )
    service = models.ForeignKey(
        Service,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="heads",
        help_text="For a head of service: the service they lead",
    )
    agency = models.ForeignKey("people.Agency", on_delete=models.PROTECT, related_name="workers")
    job_title = models.CharField(max_length=100, blank=True)
    registration_body = models.CharField(
        "Professional registration",
        max_length=10,
        choices=Registration.choices,
        blank=True,
        help_text="The regulator this worker is registered with, where their profession has one",
    )
    registration_number = models.CharField(max_length=20, blank=True)
    qualified_on = models.DateField(
        "Qualified on",
        null=True,
        blank=True,
        help_text="When they qualified in their profession (a lead child protection "
        "practitioner's experience is counted from it)",
    )
    caseload_limit = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The most this worker's weighted caseload may reach. Empty: the council's "
        "limit for the role (Caseloads: weights and limits)",
    )
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    objects = WorkerQuerySet.as_manager()

    class Meta:
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.username

    @property
    def is_manager(self) -> bool:
        return self.role in MANAGER_ROLES

    @property
    def is_external(self) -> bool:
        """A partner agency's worker: sees by allow-list, never the council's own records."""
        return self.role in PARTNER_ROLES

    @property
    def is_cp_partner(self) -> bool:
        return self.role == Role.CP_PARTNER

    @property
    def is_registered_social_worker(self) -> bool:
        return self.registration_body == Registration.SOCIAL_WORK_ENGLAND and bool(
            self.registration_number
        )

    @property
    def registration(self) -> str:
        """ "Social Work England SW123456", or nothing."""
        if not self.registration_body:
            return ""
        return f"{self.get_registration_body_display()} {self.registration_number}".strip()

    @property
    def home_service_id(self) -> int | None:
        if self.service_id:
            return self.service_id
        return self.team.service_id if self.team_id else None


class AllocationQuerySet(models.QuerySet):
    def current(self) -> AllocationQuerySet:
        return self.filter(ended_on__isnull=True)

    def holding(self) -> AllocationQuerySet:
        """The allocations that hold a piece of work: its allocated worker, or Family Help's lead
        practitioner (Family Help has no other holder)."""
        return self.filter(
            Q(kind=Allocation.Kind.WORKER)
            | Q(kind=Allocation.Kind.LEAD_PROFESSIONAL, episode__kind="family_help")
        )


class Allocation(models.Model):
    """A worker's dated responsibility for an episode: as allocated worker or lead professional."""

    class Kind(models.TextChoices):
        WORKER = "worker", "Allocated worker"
        LEAD_PROFESSIONAL = "lead_professional", "Lead professional"
        LEAD_CP_PRACTITIONER = "lead_cp", "Lead child protection practitioner"

    episode = models.ForeignKey(
        "cases.Episode", on_delete=models.PROTECT, related_name="allocations"
    )
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="allocations")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.WORKER)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    objects = AllocationQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["worker", "ended_on"]),
            models.Index(fields=["episode", "ended_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "kind"],
                condition=Q(ended_on__isnull=True),
                name="one_current_allocation_per_kind",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="allocation_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} – {self.role_name} for {self.episode}"

    @property
    def role_name(self) -> str:
        """What the worker is to the child: in Family Help the lead professional is its lead
        practitioner (any agency, any profession)."""
        if self.kind == self.Kind.LEAD_PROFESSIONAL and self.episode.kind == "family_help":
            return FAMILY_HELP_LEAD
        return self.get_kind_display()


class WorkKind(models.TextChoices):
    """The kinds of work a caseload is weighted by. A piece of work's kind on a day follows what
    is open in it that day (workforce.caseloads.selectors.work_kind): a child protection plan
    outweighs everything else, then a child in need plan (or Family Help's section 17 status)."""

    EARLY_HELP_SINGLE_AGENCY = "eh_single", "Early help (single agency)"
    EARLY_HELP_CAF = "eh_caf", "Early help (CAF and TAF)"
    SOCIAL_CARE = "social_care", "Children's social care before any plan (referral, assessment)"
    CHILD_IN_NEED = "cin_plan", "Child in need plan"
    CHILD_PROTECTION = "cp_plan", "Child protection plan"
    FAMILY_HELP = "family_help", "Family Help (targeted help)"
    FAMILY_HELP_IN_NEED = "family_help_cin", "Family Help with the child in need (section 17)"


class CaseloadWeight(models.Model):
    """How much one piece of work of a kind counts in a worker's caseload (the council's own
    figure, changed by an assistant director with a reason; the history keeps every change)."""

    kind = models.CharField(max_length=20, choices=WorkKind.choices, unique=True)
    weight = models.DecimalField(max_digits=4, decimal_places=2)
    reason = models.CharField("Why it was last changed", max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=0), name="caseload_weight_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.weight}"


class CaseloadLimit(models.Model):
    """The most a worker in a role may hold, in weighted cases (a worker's own limit,
    Worker.caseload_limit, overrides it). A role with no row has no limit."""

    role = models.CharField(max_length=30, choices=Role.choices, unique=True)
    limit = models.PositiveSmallIntegerField()
    reason = models.CharField("Why it was last changed", max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.limit}"


class RoleChange(models.Model):
    """A change to a worker's role, team or service that opens case data to them (or a new
    worker in such a role): asked for by an administrator, in effect only once an assistant
    director approves it. Both steps are kept, whatever the outcome."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="role_changes")
    activates = models.BooleanField(
        default=False, help_text="The worker (new, or inactive) stays inactive until approved"
    )
    from_role = models.CharField(max_length=30, choices=Role.choices, blank=True)
    to_role = models.CharField(max_length=30, choices=Role.choices)
    from_team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=300)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["worker"],
                condition=Q(status="pending"),
                name="one_pending_role_change_per_worker",
            )
        ]

    def __str__(self) -> str:
        return f"{self.worker}: {self.get_to_role_display()} ({self.get_status_display().lower()})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
