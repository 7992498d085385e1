"""Record-level visibility (R13, DESIGN §5): who may see which child. The one place it is decided.

A user may see a child if they are allocated to the child's work, in the team that holds or
held it, a manager above that team, a QA officer, the named lead professional for the family,
or hold a live explicit grant. Restricted records need an explicit grant whatever the role.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from journey.cases.models import (
    EARLY_HELP_KINDS,
    Episode,
    EpisodeKind,
    StepChange,
    ThresholdDecision,
)
from journey.casework.models import EnquiryMember, Meeting, Plan
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.core.models import RecordGrant
from journey.people.models import HouseholdMember, Person
from journey.workforce.models import (
    CASE_HOLDING_ROLES,
    MANAGER_ROLES,
    Allocation,
    Role,
    Worker,
)

User = AbstractBaseUser | AnonymousUser

#: Roles that see every (unrestricted) child: the directorate, quality assurance, and the
#: performance and data officer who answers for the statutory returns' data quality.
SEES_ALL_ROLES = {Role.ASSISTANT_DIRECTOR, Role.QA_OFFICER, Role.PERFORMANCE_OFFICER}
#: Roles that read but never record casework (partners in a child protection team contribute at
#: the strategy discussion and conference, recorded by the lead child protection practitioner).
READ_ONLY_ROLES = {Role.QA_OFFICER, Role.PERFORMANCE_OFFICER, Role.CP_PARTNER}
#: Roles whose access comes only from explicit grants.
GRANT_ONLY_ROLES = {
    Role.REVIEWER,
    Role.COMPLAINTS_OFFICER,
    Role.PARTICIPATION_OFFICER,
    Role.ADMINISTRATOR,
}
#: Roles who may see who has viewed a record.
ACCESS_LOG_ROLES = {
    Role.TEAM_MANAGER,
    Role.HEAD_OF_SERVICE,
    Role.ASSISTANT_DIRECTOR,
    Role.QA_OFFICER,
}


@dataclass(frozen=True)
class Access:
    allowed: bool
    reason: str


def worker_for(user: User) -> Worker | None:
    if not user.is_authenticated:
        return None
    try:
        return user.worker  # type: ignore[union-attr]
    except Worker.DoesNotExist:
        return None


def worker_in_roles(user: User, roles: set[str]) -> Worker | None:
    """The user's worker when it is active and holds one of these roles (for pages by role)."""
    worker = worker_for(user)
    if worker is None or not worker.is_active or worker.role not in roles:
        return None
    return worker


# Each rule is an uncorrelated "pk in (children of …)" subquery: the database builds each set
# once (a hash semi-join) instead of re-checking every candidate row, which keeps search fast.


def _granted(user: User, today: dt.date) -> Q:
    # A grant may start later than it was given (a reviewer visit booked ahead).
    live = RecordGrant.objects.filter(user=user, revoked_at__isnull=True).filter(
        Q(starts_on__isnull=True) | Q(starts_on__lte=today),
        Q(expires_on__isnull=True) | Q(expires_on__gte=today),
    )
    return Q(pk__in=live.values("child_id"))


def _team_or_service(worker: Worker) -> Q:
    """Children whose work is or was held by the worker's team (or, for a head, service)."""
    if worker.role == Role.HEAD_OF_SERVICE and worker.service_id:
        return _service_children(worker.service_id)
    if not worker.team_id:
        return Q(pk__in=[])
    episodes = Episode.objects.filter(team_id=worker.team_id)
    decisions = ThresholdDecision.objects.filter(decided_by__team_id=worker.team_id)
    asked = StepChange.objects.filter(receiving_team_id=worker.team_id)
    # A team asked to take a child's work (step up or down) sees the child to decide.
    return (
        Q(pk__in=episodes.values("child_id"))
        | Q(pk__in=decisions.values("child_id"))
        | Q(pk__in=asked.values("child_id"))
    )


def _service_children(service_id: int) -> Q:
    """A head of service's children, asked of each child (EXISTS, an index lookup) rather than
    as sets: a service's sets outgrow the database's working memory at national size, and a set
    that cannot be hashed is scanned again for every person."""
    child = OuterRef("pk")
    return (
        Q(Exists(Episode.objects.filter(child_id=child, team__service_id=service_id)))
        | Q(
            Exists(
                ThresholdDecision.objects.filter(
                    child_id=child, decided_by__team__service_id=service_id
                )
            )
        )
        | Q(
            Exists(StepChange.objects.filter(child_id=child, receiving_team__service_id=service_id))
        )
    )


def _current_allocations(worker: Worker, kinds: list[str] | None = None):
    allocations = Allocation.objects.current().filter(worker=worker, episode__ended_on__isnull=True)
    return allocations.filter(kind__in=kinds) if kinds else allocations


def _allocated(worker: Worker, kinds: list[str] | None = None) -> Q:
    return Q(pk__in=_current_allocations(worker, kinds).values("episode__child_id"))


def _lead_professional_families(worker: Worker) -> Q:
    """An external lead professional's children, and the children in those children's households."""
    led = _current_allocations(worker, [Allocation.Kind.LEAD_PROFESSIONAL])
    led_households = HouseholdMember.objects.filter(
        left_on__isnull=True, person_id__in=led.values("episode__child_id")
    ).values("household_id")
    same_household = HouseholdMember.objects.filter(
        left_on__isnull=True, household_id__in=led_households
    ).values("person_id")
    return _allocated(worker, [Allocation.Kind.LEAD_PROFESSIONAL]) | Q(pk__in=same_household)


def enquiry_episode_ids(worker: Worker) -> QuerySet:
    """The open work whose section 47 enquiries this member of a multi-agency child protection
    team is on now: the only work they read, for as long as they are on it."""
    return (
        EnquiryMember.objects.current()
        .filter(worker=worker, section47__episode__ended_on__isnull=True)
        .values("section47__episode_id")
    )


def _role_scope(user: User, worker: Worker | None) -> Q:
    if worker is None or not worker.is_active or worker.role in GRANT_ONLY_ROLES:
        return Q(pk__in=[])
    if worker.role in SEES_ALL_ROLES:
        return Q()
    if worker.role == Role.EXTERNAL_LEAD_PROFESSIONAL:
        return _lead_professional_families(worker)
    if worker.role == Role.CP_PARTNER:
        return Q(pk__in=Episode.objects.filter(pk__in=enquiry_episode_ids(worker)).values("child"))
    return _team_or_service(worker) | _allocated(worker) | Q(created_by=user)


def visibility_filter(user: User, today: dt.date | None = None) -> Q:
    """A Q over Person: the children this user may see."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    today = today or timezone.localdate()
    worker = worker_for(user)
    granted = _granted(user, today)
    return (_role_scope(user, worker) & Q(is_restricted=False)) | granted


def visible_children(user: User) -> QuerySet[Person]:
    return Person.objects.children().filter(visibility_filter(user))


def can_view_child(user: User, child: Person) -> Access:
    if visible_children(user).filter(pk=child.pk).exists():
        return Access(True, "")
    if child.is_restricted:
        return Access(
            False,
            "This is a restricted record. Only people given explicit access can open it. "
            "Ask the team manager who holds the case if you need access.",
        )
    return Access(
        False,
        "You are not allocated to this child's work and it is not held by your team. "
        "Ask the team manager who holds the case if you need access.",
    )


def visible_relatives(user: User, people: list[Person]) -> set[int]:
    """Which of these people (a child's relatives, carers and household, children or adults) this
    user may be shown, given they may see the child: everyone unrestricted, and a restricted
    person only with a live explicit grant for them, whatever the role (one query at most).

    A restricted relative the user may not see is not shown at all: not named, not drawn, not
    counted."""
    shown = {p.pk for p in people if not p.is_restricted}
    restricted = [p.pk for p in people if p.is_restricted]
    if restricted and user.is_authenticated:
        granted = Person.objects.filter(_granted(user, timezone.localdate()), pk__in=restricted)
        shown |= set(granted.values_list("pk", flat=True))
    return shown


def may_see_social_care(user: User) -> bool:
    """External partners see early help work only, never social care episodes."""
    worker = worker_for(user)
    return worker is not None and not worker.is_external


# --- Partners by allow-list ------------------------------------------------------------------
# An external lead professional sees a child's identity and only the records of the early help
# they lead now: its opening, who holds it, the CAF, the plan and its actions, TAF meetings,
# visits and notes, and (on the step-change page, as they may ask for one) its step requests.
# Contacts, threshold decisions, social care, panels, audits, supervision and corrections are
# never theirs, whatever the page. When the early help closes, their access to the family ends.

PARTNER_ENTRY_KINDS = {
    EntryKind.INTENSITY,
    EntryKind.EPISODE_OPENED,
    EntryKind.EPISODE_CLOSED,
    EntryKind.ALLOCATION,
    EntryKind.ASSESSMENT,
    EntryKind.PLAN,
    EntryKind.MEETING,
    EntryKind.VISIT,
    EntryKind.CASE_NOTE,
}
PARTNER_REFUSAL = (
    "Partner agencies see only the early help they lead: its assessment, plan, meetings, "
    "visits and notes. Ask the council worker who holds the case for anything else."
)


def is_partner(user: User) -> bool:
    worker = worker_for(user)
    return worker is not None and worker.is_external


LED_KINDS = EARLY_HELP_KINDS | {EpisodeKind.FAMILY_HELP}


def led_episode_ids(worker: Worker) -> QuerySet:
    """The early help or Family Help a partner leads now: the only work whose records they read."""
    return (
        _current_allocations(worker, [Allocation.Kind.LEAD_PROFESSIONAL])
        .filter(episode__kind__in=LED_KINDS)
        .values("episode_id")
    )


def episode_scope(user: User) -> Q:
    """A Q over Episode: the work whose records this user may read (given they see the child)."""
    worker = worker_for(user)
    if worker is None:
        return Q(pk__in=[])
    if worker.is_cp_partner:
        return Q(pk__in=enquiry_episode_ids(worker))
    if worker.is_external:
        return Q(pk__in=led_episode_ids(worker))
    return Q()


# --- Child protection work inside Family Help -------------------------------------------------
# A section 47 enquiry, its strategy discussion, conferences and child protection plan are the
# multi-agency child protection team's records. The Family Help lead practitioner, who stays with
# the family, is told a summary and sees the actions that are theirs, never these records; the
# team's partner members see these records and nothing else of the child's.

CP_MEETING_KINDS = [Meeting.Kind.STRATEGY, Meeting.Kind.ICPC, Meeting.Kind.RCPC]
CP_ENTRY_KINDS = {
    EntryKind.EPISODE_OPENED,
    EntryKind.ALLOCATION,
    EntryKind.ASSESSMENT,
    EntryKind.PLAN,
    EntryKind.MEETING,
}


def _child_protection_records() -> Q:
    """A Q over ChronologyEntry: entries whose source is child protection work."""
    return (
        Q(source_app="casework", source_model__in=["section47", "planreview"])
        | Q(
            source_app="casework",
            source_model="meeting",
            source_pk__in=Meeting.objects.filter(kind__in=CP_MEETING_KINDS).values("pk"),
        )
        | Q(
            source_app="casework",
            source_model="plan",
            source_pk__in=Plan.objects.filter(kind=Plan.Kind.CP).values("pk"),
        )
        | Q(
            source_app="workforce",
            source_model="allocation",
            source_pk__in=Allocation.objects.filter(
                kind=Allocation.Kind.LEAD_CP_PRACTITIONER
            ).values("pk"),
        )
    )


def chronology_scope(user: User) -> Q:
    """A Q over ChronologyEntry: the entries of a visible child this user may read."""
    worker = worker_for(user)
    if worker is None:
        return Q(pk__in=[])
    if worker.is_cp_partner:
        return (
            Q(episode_id__in=enquiry_episode_ids(worker), kind__in=CP_ENTRY_KINDS)
            & _child_protection_records()
        )
    if worker.is_external:
        return (
            Q(episode_id__in=led_episode_ids(worker), kind__in=PARTNER_ENTRY_KINDS)
            & ~_child_protection_records()
        )
    return Q()


def readable_entry_kinds(user: User) -> set[str] | None:
    """The kinds of chronology entry this user may read; None: every kind."""
    worker = worker_for(user)
    if worker is not None and worker.is_cp_partner:
        return set(CP_ENTRY_KINDS) - {EntryKind.EPISODE_OPENED}
    return set(PARTNER_ENTRY_KINDS) if is_partner(user) else None


def may_read_child_protection(user: User, episode: Episode) -> Access:
    """The section 47 work of this episode: council staff who may read the work, and the
    multi-agency team's partner members on its enquiry; never a partner's lead practitioner."""
    worker = worker_for(user)
    if worker is None:
        return Access(False, PARTNER_REFUSAL)
    if worker.is_cp_partner:
        return may_read_episode(user, episode)
    if worker.is_external:
        return Access(
            False,
            "The child protection enquiry's records stay with the child protection team: you "
            "see the summary shared with you and the actions that are yours on the Family Help "
            "page.",
        )
    return Access(True, "")


def may_read_episode(user: User, episode: Episode) -> Access:
    """Whether the user may read this work's records (the child's own visibility aside)."""
    if Episode.objects.filter(episode_scope(user), pk=episode.pk).exists():
        return Access(True, "")
    return Access(False, PARTNER_REFUSAL)


#: The records a partner may open from a chronology (when they belong to work they lead).
PARTNER_SOURCES = {
    ("cases", "episode"),
    ("cases", "section17period"),
    ("workforce", "allocation"),
    ("casework", "assessment"),
    ("casework", "plan"),
    ("casework", "meeting"),
    ("casework", "casenote"),
    ("casework", "actionprogress"),
}


def may_read_source(
    user: User, app: str, model: str, episode: Episode | None, pk: int | None = None
) -> Access:
    """A chronology entry's source record, of a child the user may see. A partner opens only a
    record whose entry is on their own chronology (so never, say, the child protection plan in
    the Family Help they lead, by its address)."""
    if not is_partner(user) or (app, model) == ("people", "person"):
        return Access(True, "")
    sources = CP_SOURCES if is_cp_partner(user) else PARTNER_SOURCES
    theirs = ChronologyEntry.objects.filter(
        chronology_scope(user), source_app=app, source_model=model, source_pk=pk
    )
    if (app, model) in sources and episode is not None and pk is not None and theirs.exists():
        return may_read_episode(user, episode)
    return Access(False, PARTNER_REFUSAL)


#: The records a child protection team's partner member may open from a chronology.
CP_SOURCES = {
    ("casework", "section47"),
    ("casework", "meeting"),
    ("casework", "plan"),
    ("casework", "planreview"),
    ("workforce", "allocation"),
}


def is_cp_partner(user: User) -> bool:
    worker = worker_for(user)
    return worker is not None and worker.is_cp_partner


#: Drift flags drawn from the council's own records (case supervision): not a partner's.
COUNCIL_ONLY_DRIFT_FLAGS = frozenset({"supervision_overdue"})


def hidden_drift_flags(user: User) -> frozenset[str]:
    """The drift flags this user may not see on the trackers."""
    return COUNCIL_ONLY_DRIFT_FLAGS if is_partner(user) else frozenset()


def may_read_child_records(user: User) -> bool:
    """Contacts, threshold decisions, panels, audits and supervision: never a partner's."""
    worker = worker_for(user)
    return worker is not None and not worker.is_external


def may_view_access_log(user: User) -> bool:
    worker = worker_for(user)
    return worker is not None and worker.role in ACCESS_LOG_ROLES


def may_record_casework(user: User) -> bool:
    """Read-only roles (reviewers, QA, complaints, participation, administrators) never write."""
    worker = worker_for(user)
    return (
        worker is not None
        and worker.is_active
        and worker.role not in GRANT_ONLY_ROLES | READ_ONLY_ROLES
    )


def may_manage_episodes(user: User) -> bool:
    """Open, allocate and close episodes: council case holders and managers, not partners."""
    worker = worker_for(user)
    return may_record_casework(user) and worker is not None and not worker.is_external


def may_mark_in_error(user: User, entry) -> bool:
    """Whoever recorded an entry, or a manager, may say it was recorded in error."""
    worker = worker_for(user)
    return entry.recorded_by_id == user.pk or (worker is not None and worker.is_manager)


def may_work_on_episode(user: User, episode) -> bool:
    """Record casework (CAF, TAF, action progress) in an episode.

    Council case holders and managers may work on any episode of a child they can see; a
    partner's lead professional only on the early help episodes they are named on.
    """
    worker = worker_for(user)
    if worker is None or not may_record_casework(user) or not episode.is_open:
        return False
    if worker.is_external:
        return (
            episode.kind in LED_KINDS
            and episode.allocations.current()
            .filter(worker=worker, kind=Allocation.Kind.LEAD_PROFESSIONAL)
            .exists()
        )
    return visible_children(user).filter(pk=episode.child_id).exists()


def may_work_on_plan(user: User, plan) -> bool:
    """A plan of work the user records in; a child protection plan only if they may read the
    child protection work (never Family Help's partner lead practitioner)."""
    if not may_work_on_episode(user, plan.episode):
        return False
    return plan.kind != Plan.Kind.CP or may_read_child_protection(user, plan.episode).allowed


def workable_episodes(user: User, child_ids: list[int]) -> QuerySet[Episode]:
    """The open work of these children in which the user may record casework, in one query:
    a council worker's in any child they can see, a partner's only in early help they lead."""
    worker = worker_for(user)
    if worker is None or not may_record_casework(user):
        return Episode.objects.none()
    episodes = Episode.objects.open().filter(child_id__in=child_ids)
    if worker.is_external:
        return episodes.filter(kind__in=LED_KINDS, pk__in=led_episode_ids(worker))
    return episodes.filter(child__in=visible_children(user))


DRAFTS_ARE_PRIVATE = "A draft is seen only by the worker writing it and their managers."


def may_read_draft(user: User, author_id: int) -> Access:
    """A draft visit or note: its author's, and a manager's to chase (not yet anyone else's)."""
    if user.pk == author_id or _is_manager(user):
        return Access(True, "")
    return Access(False, DRAFTS_ARE_PRIVATE)


def may_write_case_summary(user: User, episode) -> bool:
    """A reflective case summary is the council's account of its work: its workers and managers
    write one in open work they may record in; a partner's lead professional does not."""
    return may_work_on_episode(user, episode) and not is_partner(user)


def may_record_in_open_work(user: User, child: Person) -> bool:
    """Whether the user may record in any of the child's open work: visits and case notes, and
    keeping the child's professional network (one query)."""
    return workable_episodes(user, [child.pk]).exists()


may_keep_network = may_record_in_open_work
#: Relatives, relationships and informal supports: recorded by those who record in the child's
#: open work (a partner's lead professional in the early help they lead, too).
may_keep_family_network = may_record_in_open_work


def may_record_sharing(user: User) -> bool:
    """What the council shared about a child, or decided not to: recorded by council workers
    who record casework (the child's visibility is checked as the page opens)."""
    return may_manage_episodes(user)


# --- The consistent identifier (Children Act 2004 s16LC) ------------------------------------

#: Who reviews children who share a consistent identifier (possible duplicates, for merging):
#: the managers who answer for their records, quality assurance, and the performance and data
#: officer who answers for the returns' data quality. They see only pairs whose two children
#: they may both see, and may record that two children are not the same child.
DUPLICATE_REVIEW_ROLES = MANAGER_ROLES | {Role.QA_OFFICER, Role.PERFORMANCE_OFFICER}
IDENTIFIER_CHECKED_BY_WORKERS = (
    "The NHS number's checks are recorded by the council's case holders and managers."
)
DUPLICATES_REFUSED = (
    "Possible duplicates are reviewed by team managers, heads of service, assistant directors, "
    "quality assurance and performance officers."
)


def may_check_identifier(user: User) -> bool:
    """Verify a child's consistent identifier, mark a conflict or record why there is none:
    council case holders and managers (of a child they may see, checked as the page opens);
    not partners, not read-only roles."""
    return may_manage_episodes(user)


def may_review_duplicates(user: User) -> bool:
    return worker_in_roles(user, DUPLICATE_REVIEW_ROLES) is not None


# --- Referrals to partner services (CAMHS, SEND, health …) ---------------------------------
# The council's record of what it asked of other services for a child, and how they answered.
# Not on a partner's allow-list (above): a partner's lead professional does not see them.

#: The waiting-time and escalation measures, council-wide (no child is named on them).
PARTNER_MEASURES_ROLES = {
    Role.HEAD_OF_SERVICE,
    Role.ASSISTANT_DIRECTOR,
    Role.QA_OFFICER,
    Role.PERFORMANCE_OFFICER,
}
PARTNER_REFERRALS_COUNCIL_RECORD = (
    "Referrals to partner services are the council's record: partner agencies do not see them."
)
PARTNER_REFERRALS_RECORDED_BY = (
    "Referrals to partner services are recorded by the council workers on the child's open work."
)
PARTNER_MEASURES_REFUSED = (
    "The partner service measures are for heads of service, assistant directors, quality "
    "assurance and performance officers."
)


def may_read_partner_referrals(user: User) -> bool:
    """Council staff who may see the child (checked as the page opens) read the referrals."""
    return may_read_child_records(user)


def may_refer_to_partners(user: User, child: Person) -> bool:
    """Refer, and record what the service did, escalate and record the outcome: whoever may
    record in the child's open work, except a partner (one query)."""
    return not is_partner(user) and may_record_in_open_work(user, child)


def may_read_partner_measures(user: User) -> bool:
    return worker_in_roles(user, PARTNER_MEASURES_ROLES) is not None


# --- Family group decision-making and applications to court (Children Act 1989 s31ZA) -------
# The letter before proceedings, the family group decision-making offer, meeting and plan, the
# best-interests decisions and the applications for care or supervision orders are the council's
# record before proceedings: not on a partner's allow-list (a Family Help lead practitioner from
# a partner agency and the child protection team's partner members do not see them).

FAMILY_GROUP_COUNCIL_RECORD = (
    "Letters before proceedings, family group decision-making and applications to court are "
    "the council's record: partner agencies do not see them. Ask the council worker who holds "
    "the case."
)
FAMILY_GROUP_RECORDED_BY = (
    "Your role can read children's records but not record family group decision-making or "
    "applications to court."
)
BEST_INTERESTS_DECIDED_BY_MANAGERS = (
    "Only a manager (a team manager, head of service or assistant director) records a decision "
    "that it is in the child's best interests not to offer or hold a family group meeting."
)


def may_read_family_group(user: User) -> bool:
    """Council staff who may read the work (checked as the page opens); never a partner."""
    return may_read_child_records(user)


def may_record_family_group(user: User) -> bool:
    """Write a letter before proceedings, record an offer, the family's answer, the meeting, the
    review of the family's plan and an application to court: council case holders and managers
    (in open work of a child they may see, checked as the page opens); not partners, not
    read-only roles."""
    return may_manage_episodes(user)


def may_decide_best_interests(user: User) -> bool:
    """A decision not to offer a family group meeting, or not to hold an accepted one, before
    applying to court is a manager's (who also records casework)."""
    return may_record_family_group(user) and _is_manager(user)


# --- Separation of duties: administrators and role changes ----------------------------------

#: Roles that see case data (every role whose access does not come only from grants).
CASE_DATA_ROLES = set(Role.values) - set(GRANT_ONLY_ROLES)


def opens_case_data(worker: Worker | None, role: str, place: tuple, active: bool) -> bool:
    """Whether giving a worker this role and place (team id, service id) needs an assistant
    director's approval: a role that sees case data, given to a new worker, changed, moved to
    another team or service, or made active again."""
    if role not in CASE_DATA_ROLES or not active:
        return False
    if worker is None or worker.pk is None:
        return True
    if (worker.role, worker.team_id, worker.service_id) != (role, *place):
        return True
    return not worker.is_active


def may_change_worker(user: User, worker: Worker) -> bool:
    """Nobody changes their own worker record: not their role, team or anything else."""
    return worker.user_id != getattr(user, "pk", None)


def may_change_sign_in(user: User, account) -> bool:
    """Whether this user may change another's sign-in (names, password, active) in the admin.

    Never their own; only a superuser changes a staff or superuser account or one whose worker
    sees case data (a password set by an administrator would let them sign in as that person).
    """
    if account.pk == getattr(user, "pk", None):
        return False
    if getattr(user, "is_superuser", False):
        return True
    if account.is_staff or account.is_superuser:
        return False
    return not Worker.objects.filter(user=account, role__in=CASE_DATA_ROLES).exists()


def may_approve_role_changes(user: User) -> bool:
    return worker_in_roles(user, {Role.ASSISTANT_DIRECTOR}) is not None


def may_use_trackers(user: User) -> bool:
    """The CAF and single-agency trackers: council staff, and partners for the early help they
    lead (without the council's own flags, hidden_drift_flags); not roles whose access comes only
    from grants."""
    worker = worker_for(user)
    return worker is not None and worker.is_active and worker.role not in GRANT_ONLY_ROLES


def is_reviewer(user: User) -> bool:
    return worker_in_roles(user, {Role.REVIEWER}) is not None


def _is_manager(user: User) -> bool:
    worker = worker_for(user)
    return worker is not None and worker.is_active and worker.is_manager


# Managers (team managers, heads of service, assistant directors) agree or change threshold
# decisions, record supervision, authorise single assessments and move a worker's cases, and
# decide Family Help's changes of intensity (a child in need, or targeted help again).
may_review_decisions = may_record_supervision = may_authorise_assessments = _is_manager
may_change_intensity = _is_manager
may_move_cases = _is_manager
# ... and have a queue of what waits for them across the teams they oversee, where they agree
# or challenge reflective case summaries.
may_use_manager_queue = may_review_case_summaries = _is_manager


def may_see_service_view(user: User) -> bool:
    """Heads of service and assistant directors see their service's work team by team."""
    worker = worker_for(user)
    return (
        worker is not None
        and worker.is_active
        and worker.role in {Role.HEAD_OF_SERVICE, Role.ASSISTANT_DIRECTOR}
    )


def holds_casework(worker: Worker) -> bool:
    """Workers whose My work lists the children they hold: case holders and partners' leads."""
    return worker.is_active and worker.role in CASE_HOLDING_ROLES | {
        Role.EXTERNAL_LEAD_PROFESSIONAL
    }
