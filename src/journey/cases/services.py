"""Writes about a child's case: contacts with threshold decisions, episodes, allocation, closure,
and corrections to a social care episode's referral details.

Each function validates, writes the record and the child's chronology in one transaction; a
refusal raises ValidationError naming the field and the fix, and nothing is saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import TextChoices
from django.utils import timezone

from journey.access.referrals import may_correct_referral
from journey.cases.models import (
    EARLY_HELP_KINDS,
    NEXT_STEP_LEVELS,
    STATUTORY_KINDS,
    ClosureViews,
    Contact,
    EarlyHelpClosureReason,
    Episode,
    EpisodeKind,
    NextStep,
    ThresholdDecision,
    ThresholdFramework,
    ThresholdIndicator,
    ThresholdLevel,
)
from journey.casework.models import Meeting, Plan
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.chronology.services import build_entry, start_of
from journey.core import codes
from journey.core.services import (
    check_code,
    check_not_future,
    check_not_future_moment,
    check_rationale,
)
from journey.core.views_of_child import ViewsInput, check_views, set_views, views_summary
from journey.core.working_days import add_months
from journey.people.models import Agency, Person
from journey.people.services import (
    NOTHING_CHANGED,
    correction_reason_problem,
    corrections_entry,
    record_corrections,
)
from journey.workforce.models import (
    CASE_HOLDING_ROLES,
    LEAD_PROFESSIONAL_ROLES,
    Allocation,
    Service,
    Team,
    Worker,
)

SERVICE_FOR_KIND: dict[str, Service.Kind] = {
    EpisodeKind.EARLY_HELP_SINGLE_AGENCY: Service.Kind.EARLY_HELP,
    EpisodeKind.EARLY_HELP_CAF: Service.Kind.EARLY_HELP,
    EpisodeKind.SOCIAL_CARE: Service.Kind.SOCIAL_CARE,
}


# --- Contacts and threshold decisions -------------------------------------------------------


@dataclass
class DecisionInput:
    """One child's threshold decision at a contact: the worker's "working out"."""

    child: Person
    level: int
    next_step: str
    rationale: str
    factors: list[str] = field(default_factory=list)
    contradiction_explained: str = ""
    indicators: list[ThresholdIndicator] = field(default_factory=list)
    child_views: str = ""
    family_views: str = ""
    risks: str = ""
    strengths: str = ""


def validate_decision(decision: DecisionInput, prefix: str = "") -> None:
    if decision.level not in ThresholdLevel.values:
        raise ValidationError({f"{prefix}level": "Select the threshold level"})
    check_code(decision.next_step, NextStep, f"{prefix}next_step", "next step")
    for code in decision.factors:
        if code not in codes.AssessmentFactor.values:
            raise ValidationError({f"{prefix}factors": f"“{code}” is not a DfE assessment factor"})
    check_rationale(decision.rationale, f"{prefix}rationale", "rationale for the decision")
    low, high = NEXT_STEP_LEVELS[decision.next_step]
    if not low <= decision.level <= high and not decision.contradiction_explained.strip():
        raise ValidationError(
            {
                f"{prefix}contradiction_explained": (
                    f"“{NextStep(decision.next_step).label}” does not usually follow "
                    f"{ThresholdLevel(decision.level).label.split(':')[0].lower()}: explain why "
                    "this next step is right, or change the level or next step"
                )
            }
        )


@transaction.atomic
def record_contact(
    *,
    received_at: dt.datetime,
    source: str,
    summary: str,
    decisions: list[DecisionInput],
    decided_by: Worker,
    source_agency: Agency | None = None,
    reporter_name: str = "",
) -> Contact:
    """Record a contact about one or more children, with a threshold decision for each child."""
    check_not_future_moment(received_at, "received_at", "The date the contact was received")
    check_code(source, codes.ReferralSource, "source", "source")
    if not summary.strip():
        raise ValidationError({"summary": "Enter what was reported"})
    if not decisions:
        raise ValidationError({"child": "Choose at least one child the contact is about"})
    if len({d.child.pk for d in decisions}) != len(decisions):
        raise ValidationError({"child": "Each child can only have one decision per contact"})
    for i, decision_input in enumerate(decisions):
        # Errors about a second or later child are keyed to that child's part of the form.
        validate_decision(decision_input, prefix=f"child-{decision_input.child.pk}-" if i else "")
    framework = ThresholdFramework.objects.in_force(timezone.localtime(received_at).date())
    for decision_input in decisions:
        if any(
            framework is None or i.framework_id != framework.pk for i in decision_input.indicators
        ):
            raise ValidationError(
                {
                    "indicators": "Choose indicators from the threshold framework in force when "
                    "the contact was received"
                }
            )

    contact = Contact.objects.create(
        received_at=received_at,
        source=source,
        source_agency=source_agency,
        reporter_name=reporter_name,
        summary=summary.strip(),
        recorded_by=decided_by.user,
    )
    now = timezone.now()
    for decision_input in decisions:
        decision = ThresholdDecision.objects.create(
            contact=contact,
            child=decision_input.child,
            level=decision_input.level,
            factors=decision_input.factors,
            rationale=decision_input.rationale.strip(),
            next_step=decision_input.next_step,
            contradiction_explained=decision_input.contradiction_explained.strip(),
            child_views=decision_input.child_views.strip(),
            family_views=decision_input.family_views.strip(),
            risks=decision_input.risks.strip(),
            strengths=decision_input.strengths.strip(),
            framework=framework,
            decided_by=decided_by,
            decided_at=now,
        )
        decision.indicators.set(decision_input.indicators)
        indicators = [i.text for i in decision_input.indicators]
        for entry in contact_entries(contact, decision, indicators):
            entry.save()
    return contact


def contact_entries(
    contact: Contact, decision: ThresholdDecision, indicators: Sequence[str] = ()
) -> list[ChronologyEntry]:
    """The chronology entries a contact writes for one child (used by the demo generator too)."""
    source_label = codes.referral_source_words(contact.source)
    user = contact.recorded_by
    return [
        build_entry(
            child_id=decision.child_id,
            kind=EntryKind.CONTACT,
            title=f"Contact received from {source_label}",
            summary=contact.summary,
            occurred_at=contact.received_at,
            source=contact,
            recorded_by=user,
            recorded_at=contact.recorded_at,
        ),
        build_entry(
            child_id=decision.child_id,
            kind=EntryKind.THRESHOLD_DECISION,
            title=f"Threshold decision: {decision.get_level_display()}. "
            f"Next step: {decision.get_next_step_display()}",
            summary="\n".join(
                [decision.rationale]
                + [f"{label}: {value}" for label, value in decision.working_out if value]
                + ([f"Indicators present: {'; '.join(indicators)}"] if indicators else [])
            ),
            occurred_at=decision.decided_at,
            source=decision,
            recorded_by=user,
            recorded_at=decision.decided_at,
            is_significant=decision.level == ThresholdLevel.SPECIALIST,
        ),
    ]


# --- Episodes ---------------------------------------------------------------------------------


@dataclass
class EpisodeInput:
    child: Person
    kind: str
    team: Team
    started_on: dt.date
    contact: Contact | None = None
    referral_source: str = ""
    primary_need: str = ""
    initial_plan: str = ""  # "", Plan.Kind.CIN or Plan.Kind.CP for social care
    initial_category: str = ""
    referral_nfa: bool = False  # social care: the referral led to no further action
    # Family Help: the child is in need under section 17 from the start (the referral's reason).
    in_need: bool = False
    in_need_reason: str = ""
    decided_by: Worker | None = None


def _check_team_model(data: EpisodeInput) -> None:
    """A Family Help team opens only Family Help; the other teams only the older kinds of work."""
    if data.kind == EpisodeKind.FAMILY_HELP:
        if not data.team.family_help:
            raise ValidationError(
                {"team": f"{data.team} does not work as Family Help: choose a Family Help team"}
            )
        return
    if data.team.family_help:
        raise ValidationError(
            {"kind": f"{data.team} works as Family Help: open Family Help work for this child"}
        )
    if data.team.service.kind != SERVICE_FOR_KIND[data.kind]:
        raise ValidationError(
            {
                "team": f"{data.team} does not do {SERVICE_FOR_KIND[data.kind].label.lower()} "
                "work: choose a team from the service that does"
            }
        )


def _conflicting_kinds(kind: str) -> set[str]:
    """Open work a new episode cannot sit beside: its own kind, and Family Help with the older
    kinds (it holds both early help and child in need work)."""
    if kind == EpisodeKind.FAMILY_HELP:
        return set(EpisodeKind)
    family = EARLY_HELP_KINDS if kind in EARLY_HELP_KINDS else {EpisodeKind.SOCIAL_CARE}
    return set(family) | {EpisodeKind.FAMILY_HELP}


def _check_referral_codes(data: EpisodeInput) -> None:
    check_code(data.referral_source, codes.ReferralSource, "referral_source", "referral source")
    # A referral that led to no further action has no primary need (census rule 8610).
    if data.primary_need or not data.referral_nfa:
        check_code(data.primary_need, codes.PrimaryNeed, "primary_need", "primary need")


def validate_new_episode(data: EpisodeInput) -> None:
    check_code(data.kind, EpisodeKind, "kind", "kind of involvement")
    check_not_future(data.started_on, "started_on", "The start date")
    _check_team_model(data)
    if data.child.episodes.open().filter(kind__in=_conflicting_kinds(data.kind)).exists():
        raise ValidationError(
            {
                "kind": "This child already has open work of this kind: record the new work in "
                "that episode, or close it first"
            }
        )
    if data.child.date_of_birth and data.started_on < data.child.date_of_birth:
        raise ValidationError({"started_on": "The start date cannot be before the child was born"})
    if data.kind == EpisodeKind.FAMILY_HELP:
        if data.in_need:
            _check_referral_codes(data)
        if data.initial_plan or data.referral_nfa:
            raise ValidationError(
                {"kind": "Family Help starts without a plan: agree its one plan with the family"}
            )
    elif data.kind == EpisodeKind.SOCIAL_CARE:
        _check_referral_codes(data)
        if data.initial_plan == Plan.Kind.CP:
            check_code(
                data.initial_category,
                codes.CategoryOfAbuse,
                "initial_category",
                "initial category of abuse",
            )
    elif data.initial_plan:
        raise ValidationError(
            {"initial_plan": "Only social care work starts with a CIN or CP plan"}
        )
    elif data.referral_nfa:
        raise ValidationError(
            {"referral_nfa": "Only a social care referral can lead to no further action"}
        )
    if data.referral_nfa and data.initial_plan:
        raise ValidationError(
            {"initial_plan": "A referral that led to no further action does not start a plan"}
        )


@transaction.atomic
def open_episode(data: EpisodeInput, *, opened_by: User) -> Episode:
    """Open early help or social care work for a child; social care may start on a CIN/CP plan."""
    validate_new_episode(data)
    is_social_care = data.kind in STATUTORY_KINDS
    episode = Episode.objects.create(
        child=data.child,
        kind=data.kind,
        team=data.team,
        started_on=data.started_on,
        contact=data.contact,
        referral_source=data.referral_source if is_social_care else "",
        primary_need=data.primary_need if is_social_care else "",
        referral_nfa=data.referral_nfa,
        opened_by=opened_by,
    )
    episode_opened_entry(episode).save()
    if data.kind == EpisodeKind.FAMILY_HELP and data.in_need:
        from journey.cases.family_help.services import begin_section17

        begin_section17(
            episode,
            started_on=data.started_on,
            referral_source=data.referral_source,
            primary_need=data.primary_need,
            reason=data.in_need_reason
            or "The referral showed the child needs help as a child in need under section 17.",
            decided_by=data.decided_by or _worker_of(opened_by),
            opening=True,
        )
    if data.initial_plan:
        from journey.casework.services import start_plan

        start_plan(
            episode=episode,
            kind=data.initial_plan,
            started_on=data.started_on,
            initial_category=data.initial_category,
            recorded_by=opened_by,
        )
    return episode


def _worker_of(user: User) -> Worker:
    try:
        return user.worker
    except Worker.DoesNotExist:
        raise ValidationError(
            {"__all__": "Only a worker can decide that a child is in need"}
        ) from None


def episode_opened_entry(episode: Episode) -> ChronologyEntry:
    return build_entry(
        child_id=episode.child_id,
        episode_id=episode.pk,
        kind=EntryKind.EPISODE_OPENED,
        title=f"{episode.get_kind_display()} opened ({episode.team})",
        occurred_at=start_of(episode.started_on),
        source=episode,
        recorded_by=episode.opened_by,
        is_significant=True,
    )


def episode_closed_entry(
    episode: Episode, closure_views: ClosureViews | None = None
) -> ChronologyEntry:
    assert episode.ended_on is not None  # only closed work has this entry
    views = views_summary(closure_views) if closure_views else ""
    return build_entry(
        child_id=episode.child_id,
        episode_id=episode.pk,
        kind=EntryKind.EPISODE_CLOSED,
        title=f"{episode.get_kind_display()} closed: {episode.get_closure_reason_display()}",
        summary="\n".join(part for part in (episode.closure_note, views) if part),
        occurred_at=start_of(episode.ended_on),
        source=episode,
        recorded_by=episode.closed_by,
        is_significant=True,
    )


def check_statutory_work_finished(episode: Episode) -> None:
    """Social care closes only once its section 47 enquiry has an outcome: the CIN census has no
    place for an enquiry left open in closed work. (An assessment under way is not refused yet:
    the census export should report it.)"""
    if episode.kind not in STATUTORY_KINDS:
        return
    enquiry = episode.section47s.filter(outcome="").first()
    if enquiry:
        raise ValidationError(
            {
                "__all__": f"The section 47 enquiry started on {enquiry.started_on:%-d %B %Y} "
                "has no outcome yet: record its outcome before the work closes"
            }
        )


def closure_reasons_for(kind: str) -> type[TextChoices]:
    return codes.ReasonForClosure if kind == EpisodeKind.SOCIAL_CARE else EarlyHelpClosureReason


def closure_choices_for(episode: Episode) -> list[tuple[str, str]]:
    """The reasons this work may close for: Family Help with a child in need closes their CIN
    details too, so it takes the DfE reasons; targeted Family Help takes early help's."""
    if episode.kind == EpisodeKind.FAMILY_HELP and episode.section17_periods.current().exists():
        return codes.ReasonForClosure.choices
    return closure_reasons_for(episode.kind).choices


def _check_closure_reason(episode: Episode, reason: str) -> None:
    if reason not in dict(closure_choices_for(episode)):
        if episode.kind == EpisodeKind.FAMILY_HELP and reason in codes.ReasonForClosure.values:
            problem = "The child is not in need under section 17 now: choose an early help reason"
        elif episode.kind == EpisodeKind.FAMILY_HELP and reason:
            problem = (
                "The child is in need under section 17: choose the DfE reason the CIN case closes"
            )
        else:
            problem = "Choose the reason for closure"
        raise ValidationError({"reason": problem})


@transaction.atomic
def close_episode(
    episode: Episode,
    *,
    ended_on: dt.date,
    reason: str,
    note: str,
    closed_by: User,
    views: ViewsInput | None = None,
) -> Episode:
    """Close an episode with a reason; ends its allocations and open plans on the same day.

    The child's and parents' views at closure are kept beside it (`ClosureViews`, empty when
    none were recorded, so a closure without them is flagged and counted)."""
    views = check_views(views or ViewsInput())
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    if not episode.is_open:
        raise ValidationError(
            {"__all__": f"This episode was already closed on {episode.ended_on:%-d %B %Y}"}
        )
    if ended_on is None:
        raise ValidationError({"ended_on": "Enter the date the work ended"})
    check_not_future(ended_on, "ended_on", "The end date")
    if ended_on < episode.started_on:
        raise ValidationError(
            {
                "ended_on": f"The end date must be on or after the start date, "
                f"{episode.started_on:%-d %B %Y}"
            }
        )
    _check_closure_reason(episode, reason)
    check_statutory_work_finished(episode)
    if reason == EarlyHelpClosureReason.OTHER and not note.strip():
        raise ValidationError({"note": "Explain the reason for closing in the note"})
    episode.ended_on = ended_on
    episode.closure_reason = reason
    episode.closure_note = note.strip()
    episode.closed_by = closed_by
    episode.save()
    for allocation in episode.allocations.current():
        allocation.ended_on = max(ended_on, allocation.started_on)
        allocation.save()
    for plan in episode.plans.filter(ended_on__isnull=True):
        plan.ended_on = max(ended_on, plan.started_on)
        plan.save()
    for period in episode.section17_periods.current():
        period.ended_on = max(ended_on, period.started_on)
        period.closure_reason = reason
        period.end_reason = "The Family Help work closed"
        period.ended_by = _worker_of(closed_by)
        period.save()
    closure_views = ClosureViews(episode=episode, recorded_by=closed_by)
    set_views(closure_views, views)
    closure_views.save()
    episode_closed_entry(episode, closure_views).save()
    return episode


# --- Correcting a social care episode's referral details -----------------------------------


def _activity_for_nfa(episode: Episode) -> str:
    """What a referral marked "no further action" cannot have (DfE rules 4000, 8831, 8832)."""
    found = []
    if episode.assessments.exists():
        found.append("a single assessment")
    if episode.section47s.exists():
        found.append("a section 47 enquiry")
    if episode.meetings.filter(kind=Meeting.Kind.ICPC).exists():
        found.append("an initial child protection conference")
    if episode.plans.filter(kind__in=[Plan.Kind.CIN, Plan.Kind.CP]).exists():
        found.append("a child in need or child protection plan")
    return ", ".join(found)


@transaction.atomic
def correct_referral_details(
    episode: Episode,
    *,
    referral_source: str,
    primary_need: str,
    referral_nfa: bool,
    closure_reason: str = "",
    reason: str,
    corrected_by: User,
) -> list:
    """Correct a social care episode's referral details (the DfE CINdetails): the source of
    referral, the primary need, whether the referral led to no further action and, once the
    work has closed, the reason for closure.

    Each changed value's old and new value is kept (people's DetailsCorrection, with the
    episode) and the child's chronology says what was corrected and why. Values sent unchanged
    are ignored; if none changed, nothing is saved and the error says so.
    """
    episode = (
        Episode.objects.select_for_update(of=("self",))
        .select_related("team", "child")
        .get(pk=episode.pk)
    )
    if episode.kind != EpisodeKind.SOCIAL_CARE:
        raise ValidationError({"__all__": "Only social care work has referral details to correct"})
    if not may_correct_referral(corrected_by, episode):
        raise ValidationError(
            {
                "__all__": "Only the worker allocated to this work, the manager of "
                f"{episode.team} or the head of service can correct its referral details"
            }
        )
    wanted = {
        "referral_source": (referral_source or "").strip(),
        "primary_need": (primary_need or "").strip(),
        "referral_nfa": bool(referral_nfa),
        "closure_reason": (closure_reason or "").strip(),
    }
    errors: dict[str, str] = {}
    if wanted["referral_source"] not in codes.ReferralSource.values:
        errors["referral_source"] = "Select the source of the referral"
    # The census needs a primary need unless the referral led to no further action.
    if wanted["primary_need"] not in codes.PrimaryNeed.values and (
        wanted["primary_need"] or not wanted["referral_nfa"]
    ):
        errors["primary_need"] = "Select the primary need"
    if episode.is_open:
        if wanted["closure_reason"]:
            errors["closure_reason"] = (
                "This work is still open: give the reason for closure when it closes"
            )
    elif wanted["closure_reason"] not in codes.ReasonForClosure.values:
        errors["closure_reason"] = "Select the reason the work closed"
    if wanted["referral_nfa"] and not episode.referral_nfa:
        activity = _activity_for_nfa(episode)
        if activity:
            errors["referral_nfa"] = (
                f"This work has {activity}, so the referral did lead to further action: answer no"
            )
    changed = {name: value for name, value in wanted.items() if value != getattr(episode, name)}
    if not changed and not errors:
        errors["__all__"] = NOTHING_CHANGED
    problem = correction_reason_problem(reason)
    if problem:
        errors["reason"] = problem
    if errors:
        raise ValidationError(errors)

    before = {name: getattr(episode, name) for name in changed}
    for name, value in changed.items():
        setattr(episode, name, value)
    episode.save(update_fields=list(changed))
    corrections = record_corrections(
        episode.child,
        ((name, before[name], value) for name, value in changed.items()),
        reason=reason,
        corrected_by=corrected_by,
        episode=episode,
    )
    corrections_entry(corrections, "Referral details corrected", source=episode).save()
    return corrections


# --- Allocation -------------------------------------------------------------------------------


def check_lead_cp_practitioner(worker: Worker, on: dt.date, field: str = "worker") -> None:
    """A lead child protection practitioner is a registered social worker with the experience
    the council requires (JOURNEY_LCPP_YEARS_QUALIFIED years since qualifying)."""
    if not worker.is_active:
        raise ValidationError({field: f"{worker} is no longer active: choose another worker"})
    if not worker.is_registered_social_worker:
        raise ValidationError(
            {
                field: f"{worker} has no Social Work England registration recorded: a lead child "
                "protection practitioner must be a registered social worker"
            }
        )
    years = settings.JOURNEY_LCPP_YEARS_QUALIFIED
    if years and (worker.qualified_on is None or worker.qualified_on > add_months(on, -12 * years)):
        raise ValidationError(
            {
                field: f"{worker} qualified less than {years} years ago (or their qualifying date "
                "is not recorded): the council asks for a more experienced social worker"
            }
        )


def validate_allocation(episode: Episode, worker: Worker, kind: str, started_on: dt.date) -> None:
    check_code(kind, Allocation.Kind, "kind", "kind of allocation")
    if not episode.is_open:
        raise ValidationError({"__all__": "This episode is closed: work cannot be allocated"})
    if started_on is None:
        raise ValidationError({"started_on": "Enter the date the allocation starts"})
    check_not_future(started_on, "started_on", "The allocation date")
    if started_on < episode.started_on:
        raise ValidationError(
            {
                "started_on": "The allocation cannot start before the episode started "
                f"({episode.started_on:%-d %B %Y})"
            }
        )
    if not worker.is_active:
        raise ValidationError({"worker": f"{worker} is no longer active: choose another worker"})
    if kind == Allocation.Kind.LEAD_CP_PRACTITIONER:
        if episode.kind not in STATUTORY_KINDS:
            raise ValidationError(
                {"kind": "Only Family Help or social care work has child protection enquiries"}
            )
        check_lead_cp_practitioner(worker, started_on)
        return
    if kind == Allocation.Kind.LEAD_PROFESSIONAL:
        if not (episode.is_early_help or episode.is_family_help):
            raise ValidationError({"kind": "Only early help work has a lead professional"})
        if worker.role not in LEAD_PROFESSIONAL_ROLES:
            raise ValidationError(
                {"worker": f"{worker} ({worker.get_role_display()}) cannot be a lead professional"}
            )
        return
    if worker.role not in CASE_HOLDING_ROLES:
        raise ValidationError(
            {
                "worker": f"{worker} ({worker.get_role_display()}) does not hold cases: choose a "
                "practitioner, social worker or team manager"
            }
        )
    if worker.team is None or worker.team.service_id != episode.team.service_id:
        raise ValidationError(
            {
                "worker": f"{worker} is not in the {episode.team.service} service that holds this "
                "work: choose a worker from that service"
            }
        )


@transaction.atomic
def allocate(
    episode: Episode,
    *,
    worker: Worker,
    kind: str,
    started_on: dt.date,
    allocated_by: User,
) -> Allocation:
    """Allocate work; the previous holder's allocation ends the same day, so there is no gap."""
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    validate_allocation(episode, worker, kind, started_on)
    current = episode.allocations.current().filter(kind=kind).first()
    if current and current.worker_id == worker.pk:
        raise ValidationError({"worker": f"{worker} is already allocated to this work"})
    if current:
        if started_on < current.started_on:
            raise ValidationError(
                {
                    "started_on": f"{current.worker} has held this work since "
                    f"{current.started_on:%-d %B %Y}: the new allocation must start on or after it"
                }
            )
        current.ended_on = started_on
        current.save()
    allocation = Allocation.objects.create(
        episode=episode, worker=worker, kind=kind, started_on=started_on, allocated_by=allocated_by
    )
    allocation_entry(allocation, previous=current).save()
    return allocation


def allocation_entry(allocation: Allocation, previous: Allocation | None = None) -> ChronologyEntry:
    role = allocation.get_kind_display().lower()
    title = f"{allocation.worker} became {role}"
    summary = f"Taking over from {previous.worker}." if previous else ""
    return build_entry(
        child_id=allocation.episode.child_id,
        episode_id=allocation.episode_id,
        kind=EntryKind.ALLOCATION,
        title=title,
        summary=summary,
        occurred_at=start_of(allocation.started_on),
        source=allocation,
        recorded_by=allocation.allocated_by,
    )


@transaction.atomic
def review_threshold_decision(
    decision: ThresholdDecision,
    *,
    manager: Worker,
    agree: bool,
    rationale: str,
    level: int | None = None,
    next_step: str = "",
) -> ThresholdDecision:
    """A manager agrees with a worker's threshold decision, or changes it with their own
    rationale. Both stay visible: the worker's working out is never overwritten."""
    decision = ThresholdDecision.objects.select_for_update().get(pk=decision.pk)
    if not manager.is_manager:
        raise ValidationError({"__all__": "Only a manager can agree or change a decision"})
    if not decision.awaits_manager:
        raise ValidationError({"__all__": "A manager has already reviewed this decision"})
    if decision.decided_by_id == manager.pk:
        raise ValidationError({"__all__": "A manager cannot review their own decision"})
    what = "reasons for agreeing" if agree else "reasons for changing the decision"
    rationale = check_rationale(rationale, "rationale", what)
    if agree:
        level, next_step = None, ""
    else:
        if level is None:  # as validate_decision would say
            raise ValidationError({"level": "Select the threshold level"})
        changed = DecisionInput(
            child=decision.child,
            level=level,
            next_step=next_step,
            rationale=rationale,
            contradiction_explained=rationale,
        )
        validate_decision(changed)
        if level == decision.level and next_step == decision.next_step:
            raise ValidationError(
                {"level": "Change the level or the next step, or agree with the decision"}
            )
    decision.manager = manager
    decision.manager_agreed = agree
    decision.manager_level = level
    decision.manager_next_step = next_step
    decision.manager_rationale = rationale
    decision.manager_decided_at = timezone.now()
    decision.save()
    manager_review_entry(decision).save()
    return decision


def manager_review_entry(decision: ThresholdDecision) -> ChronologyEntry:
    """The chronology entry for a manager's view of a decision (used by the demo generator too)."""
    manager, decided_at = decision.manager, decision.manager_decided_at
    assert manager is not None and decided_at is not None  # set by the manager's review
    if decision.manager_agreed:
        title = f"Manager agreed the threshold decision ({decision.get_level_display()})"
    else:
        title = (
            f"Manager changed the threshold decision to {decision.get_manager_level_display()}. "
            f"Next step: {decision.get_manager_next_step_display()}"
        )
    return build_entry(
        child_id=decision.child_id,
        kind=EntryKind.THRESHOLD_DECISION,
        title=title,
        summary=decision.manager_rationale,
        occurred_at=decided_at,
        source=decision,
        recorded_by=manager.user,
        recorded_at=decided_at,
        is_significant=not decision.manager_agreed,
    )


# --- Moving a worker's cases to colleagues in one go ------------------------------------------


@dataclass
class Move:
    episode: Episode
    to_worker: Worker


@transaction.atomic
def reassign_work(
    from_worker: Worker,
    moves: list[Move],
    *,
    kind: str,
    started_on: dt.date,
    by: User,
) -> list[Allocation]:
    """Move a worker's current allocations (e.g. while they are away) to named colleagues.

    Each move is an ordinary allocation: the colleague takes over on `started_on`, the absent
    worker's allocation ends the same day, and each child's chronology says so. All or nothing.
    """
    if not moves:
        raise ValidationError({"__all__": "Choose at least one case to move"})
    moved = []
    for n, move in enumerate(moves):
        current = move.episode.allocations.current().filter(kind=kind).first()
        if current is None or current.worker_id != from_worker.pk:
            raise ValidationError(
                {
                    "__all__": f"{move.episode.child} is no longer held by {from_worker}: "
                    "start again to see their current cases"
                }
            )
        if move.to_worker.pk == from_worker.pk:
            raise ValidationError(
                {f"move-{n}": f"{move.episode.child}: choose someone other than {from_worker}"}
            )
        try:
            moved.append(
                allocate(
                    move.episode,
                    worker=move.to_worker,
                    kind=kind,
                    started_on=started_on,
                    allocated_by=by,
                )
            )
        except ValidationError as error:
            messages = "; ".join(m for ms in error.message_dict.values() for m in ms)
            raise ValidationError({f"move-{n}": f"{move.episode.child}: {messages}"}) from error
    return moved
