"""The statutory social care records of an episode (R12, the DfE CIN census and Ofsted Annex A):
single assessments with their factors, strategy discussions and section 47 enquiries, emergency
protection orders and police protection, initial child protection conferences that start CP
plans, CP plan reviews, and the end of CIN/CP plans.

Each service validates, writes the record, the child's chronology entry and (through the models'
history) the change history in one transaction; a refusal raises ValidationError naming the
field and the fix, and nothing is saved. The entry builders are used by the demo generator too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from journey.cases.models import STATUTORY_KINDS, Episode
from journey.cases.services import check_lead_cp_practitioner
from journey.casework.models import (
    Assessment,
    EmergencyProtection,
    EnquiryMember,
    Meeting,
    MeetingAttendee,
    Plan,
    PlanReview,
    Section47,
)
from journey.casework.services import (
    BenefitInput,
    benefit_problems,
    meeting_entry,
    plan_started_entry,
    record_family_benefit,
)
from journey.casework.visits.schedule import refresh_visits_due
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.chronology.services import build_entry, start_of
from journey.core import codes
from journey.core.services import (
    MIN_RATIONALE_WORDS,
    check_code,
    check_not_future,
    rationale_problem,
)
from journey.core.templatetags.govuk import govuk_date as _fmt
from journey.core.views_of_child import ViewsInput, check_views, set_views, views_summary
from journey.core.working_days import add_months, add_working_days
from journey.people.models import Agency
from journey.workforce.models import Allocation, Worker

#: Working Together: the initial conference within 15 working days of the strategy discussion.
ICPC_WORKING_DAYS = 15
#: The first review conference within 3 months of the initial one, then every 6 months.
FIRST_REVIEW_MONTHS = 3
LATER_REVIEW_MONTHS = 6

NO_FACTORS = "21"  # DfE "No factors identified": never alongside another factor


def icpc_target(strategy_on: dt.date) -> dt.date:
    return add_working_days(strategy_on, ICPC_WORKING_DAYS)


# --- Checks shared by the services ------------------------------------------------------------


def _check_open_social_care(episode: Episode, what: str) -> None:
    if episode.kind not in STATUTORY_KINDS:
        raise ValidationError(
            {"__all__": f"{what} belongs to children's social care or Family Help work"}
        )
    if not episode.is_open:
        raise ValidationError(
            {
                "__all__": f"This work closed on {_fmt(episode.ended_on)}: record {what.lower()} "
                "in open work"
            }
        )


def _check_day(
    day: dt.date | None,
    field: str,
    label: str,
    *,
    episode: Episode,
    after: tuple[dt.date, str] | None = None,
    strictly: bool = False,
) -> dt.date:
    """A date that is given, not in the future, within the episode and after `after`."""
    if day is None:
        raise ValidationError({field: f"Enter {label[0].lower()}{label[1:]}"})
    check_not_future(day, field, label)
    if day < episode.started_on:
        raise ValidationError(
            {field: f"{label} must be on or after the referral date, {_fmt(episode.started_on)}"}
        )
    if after is not None:
        earliest, what = after
        if day < earliest or (strictly and day == earliest):
            word = "after" if strictly else "on or after"
            raise ValidationError({field: f"{label} must be {word} {what}, {_fmt(earliest)}"})
    return day


def check_factors(factors: list[str], field: str = "factors") -> list[str]:
    for code in factors:
        if code not in codes.AssessmentFactor.values:
            raise ValidationError({field: f"“{code}” is not a DfE assessment factor"})
    if NO_FACTORS in factors and len(factors) > 1:
        raise ValidationError(
            {field: "“No factors identified” cannot be chosen with other factors"}
        )
    return list(dict.fromkeys(factors))


def _lock(episode: Episode) -> Episode:
    """Serialise statutory writes on one episode, so two clicks cannot open two of anything."""
    return Episode.objects.select_for_update().get(pk=episode.pk)


# --- Single assessment ------------------------------------------------------------------------


def assessment_started_entry(assessment: Assessment) -> ChronologyEntry:
    return build_entry(
        child_id=assessment.episode.child_id,
        episode_id=assessment.episode_id,
        kind=EntryKind.ASSESSMENT,
        title=f"{assessment.get_kind_display()} started",
        summary=assessment.summary if assessment.is_draft else "",
        occurred_at=start_of(assessment.started_on),
        source=assessment,
        recorded_by=assessment.recorded_by,
    )


def assessment_authorised_entry(assessment: Assessment) -> ChronologyEntry:
    assert assessment.completed_on is not None  # the authorisation date
    factors = "; ".join(codes.AssessmentFactor(code).label for code in assessment.factors)
    return build_entry(
        child_id=assessment.episode.child_id,
        episode_id=assessment.episode_id,
        kind=EntryKind.ASSESSMENT,
        title=f"{assessment.get_kind_display()} authorised: {assessment.get_outcome_display()}",
        summary="\n".join(
            part for part in [assessment.summary, f"Factors: {factors}" if factors else ""] if part
        ),
        occurred_at=start_of(assessment.completed_on),
        source=assessment,
        recorded_by=assessment.authorised_by.user if assessment.authorised_by else None,
        is_significant=True,
    )


def single_assessment_entries(assessment: Assessment) -> list[ChronologyEntry]:
    entries = [assessment_started_entry(assessment)]
    if assessment.completed_on:
        entries.append(assessment_authorised_entry(assessment))
    return entries


def _check_no_assessment_ongoing(episode: Episode, started_on: dt.date) -> None:
    """One single assessment at a time (DfE rule 8863)."""
    others = episode.assessments.filter(kind=Assessment.Kind.SINGLE)
    ongoing = others.filter(completed_on__isnull=True).first()
    if ongoing:
        raise ValidationError(
            {
                "__all__": f"A single assessment has been under way since "
                f"{_fmt(ongoing.started_on)}: authorise it before starting another"
            }
        )
    last = others.order_by("-completed_on").first()
    if last and last.completed_on and started_on <= last.completed_on:
        raise ValidationError(
            {
                "started_on": "A new assessment must start after the last one was authorised, "
                f"{_fmt(last.completed_on)}"
            }
        )


@transaction.atomic
def start_single_assessment(
    *,
    episode: Episode,
    started_on: dt.date,
    recorded_by: User,
    factors: list[str] | None = None,
    views: ViewsInput | None = None,
    summary: str = "",
) -> Assessment:
    """Start a single assessment (AssessmentActualStartDate); factors may be recorded as it goes,
    and the child's and parents' views as they are gathered."""
    views = check_views(views or ViewsInput())
    episode = _lock(episode)
    _check_open_social_care(episode, "A single assessment")
    _check_day(started_on, "started_on", "The start date", episode=episode)
    factors = check_factors(factors or [])
    _check_no_assessment_ongoing(episode, started_on)
    assessment = Assessment(
        episode=episode,
        kind=Assessment.Kind.SINGLE,
        started_on=started_on,
        factors=factors,
        summary=summary.strip(),
        recorded_by=recorded_by,
    )
    set_views(assessment, views)
    assessment.save()
    assessment_started_entry(assessment).save()
    return assessment


def _draft_single(assessment: Assessment) -> Assessment:
    assessment = (
        Assessment.objects.select_for_update().select_related("episode").get(pk=assessment.pk)
    )
    if assessment.kind != Assessment.Kind.SINGLE:
        raise ValidationError({"__all__": "This is not a social care single assessment"})
    if not assessment.is_draft:
        raise ValidationError(
            {"__all__": f"This assessment was authorised on {_fmt(assessment.completed_on)}"}
        )
    _check_open_social_care(assessment.episode, "A single assessment")
    return assessment


@transaction.atomic
def record_assessment_factors(
    assessment: Assessment,
    *,
    factors: list[str],
    by: User,
    internal_review_on: dt.date | None = None,
    summary: str | None = None,
    views: ViewsInput | None = None,
) -> Assessment:
    """Record the factors found so far (and an internal review, and the child's and parents'
    views, if given) on an assessment under way.

    No chronology entry: the assessment's own entries say when it started and was authorised."""
    checked = check_views(views) if views is not None else None
    assessment = _draft_single(assessment)
    assessment.factors = check_factors(factors)
    if internal_review_on is not None:
        _check_day(
            internal_review_on,
            "internal_review_on",
            "The internal review date",
            episode=assessment.episode,
            after=(assessment.started_on, "the start of the assessment"),
        )
        assessment.internal_review_on = internal_review_on
    if summary is not None:
        assessment.summary = summary.strip()
    if checked is not None:
        set_views(assessment, checked)
    assessment.save()
    return assessment


@transaction.atomic
def authorise_single_assessment(
    assessment: Assessment,
    *,
    authorised_on: dt.date,
    outcome: str,
    manager: Worker,
    factors: list[str] | None = None,
    summary: str | None = None,
) -> Assessment:
    """A manager authorises a single assessment (AssessmentAuthorisationDate) with its factors
    (FactorsIdentifiedAtAssessment) and what it concluded."""
    assessment = _draft_single(assessment)
    if manager is None or not manager.is_manager:
        raise ValidationError({"__all__": "Only a manager can authorise a single assessment"})
    _check_day(
        authorised_on,
        "authorised_on",
        "The authorisation date",
        episode=assessment.episode,
        after=(assessment.started_on, "the start of the assessment"),
    )
    if assessment.internal_review_on and authorised_on < assessment.internal_review_on:
        raise ValidationError(
            {
                "authorised_on": "The authorisation date must be on or after the internal review, "
                f"{_fmt(assessment.internal_review_on)}"
            }
        )
    check_code(outcome, Assessment.Outcome, "outcome", "outcome of the assessment")
    factors = check_factors(assessment.factors if factors is None else factors)
    if not factors:
        raise ValidationError(
            {"factors": "Select the factors identified, or “No factors identified”"}
        )
    if NO_FACTORS in factors and outcome in Assessment.SUPPORT_OUTCOMES:
        raise ValidationError(
            {
                "factors": "“No factors identified” is only for an assessment that ends in no "
                "further action or early help: select the factors that need support"
            }
        )
    assessment.factors = factors
    assessment.completed_on = authorised_on
    assessment.authorised_by = manager
    assessment.outcome = outcome
    if summary is not None:
        assessment.summary = summary.strip()
    assessment.save()
    assessment_authorised_entry(assessment).save()
    if outcome == Assessment.Outcome.CIN_PLAN:
        _start_cin_plan_if_none(assessment.episode, authorised_on, manager.user)
    return assessment


# --- Strategy discussion and section 47 enquiry ---------------------------------------------


def section47_started_entry(enquiry: Section47) -> ChronologyEntry:
    return build_entry(
        child_id=enquiry.episode.child_id,
        episode_id=enquiry.episode_id,
        kind=EntryKind.ASSESSMENT,
        title="Section 47 enquiry started",
        summary=f"Strategy discussion on {_fmt(enquiry.strategy_on)}; initial child protection "
        f"conference due by {_fmt(enquiry.icpc_target_on)}",
        occurred_at=start_of(enquiry.started_on),
        source=enquiry,
        recorded_by=enquiry.recorded_by,
        is_significant=True,
    )


def section47_outcome_entry(enquiry: Section47, by: User | None) -> ChronologyEntry:
    assert enquiry.completed_on is not None  # the date of the outcome
    return build_entry(
        child_id=enquiry.episode.child_id,
        episode_id=enquiry.episode_id,
        kind=EntryKind.ASSESSMENT,
        title=f"Section 47 enquiry concluded: {enquiry.get_outcome_display()}",
        summary=enquiry.outcome_note,
        occurred_at=start_of(enquiry.completed_on),
        source=enquiry,
        recorded_by=by,
        is_significant=True,
    )


def _pending_section47(episode: Episode) -> Section47 | None:
    return (
        episode.section47s.filter(outcome="").first()
        or episode.section47s.filter(
            outcome=Section47.Outcome.ICPC, conference__isnull=True
        ).first()
    )


@transaction.atomic
def start_section47(
    *,
    episode: Episode,
    started_on: dt.date,
    recorded_by: User,
    strategy_discussion: Meeting | None = None,
    strategy_on: dt.date | None = None,
    lead_practitioner: Worker | None = None,
    members: Sequence[Worker] = (),
    shared_summary: str = "",
) -> Section47:
    """Start a section 47 enquiry from a strategy discussion (or, for an import, its date).

    In Family Help the enquiry is led by a lead child protection practitioner, allocated the day
    it starts beside the Family Help lead practitioner (who stays), with the members of the
    multi-agency child protection team who work on it; a child not yet in need under section 17
    becomes so that day."""
    episode = _lock(episode)
    _check_open_social_care(episode, "A section 47 enquiry")
    _check_protection_team(episode, lead_practitioner, members)
    if strategy_discussion is not None:
        if (
            strategy_discussion.episode_id != episode.pk
            or strategy_discussion.kind != Meeting.Kind.STRATEGY
        ):
            raise ValidationError(
                {"strategy_discussion": "Choose a strategy discussion held in this work"}
            )
        strategy_on = strategy_discussion.held_on
    strategy_on = _check_day(
        strategy_on, "strategy_on", "The date of the strategy discussion", episode=episode
    )
    _check_day(
        started_on,
        "started_on",
        "The enquiry start date",
        episode=episode,
        after=(strategy_on, "the strategy discussion"),
    )
    pending = _pending_section47(episode)
    if pending:
        state = "awaits its conference" if pending.outcome else "is still open"
        raise ValidationError(
            {
                "__all__": f"The section 47 enquiry started on {_fmt(pending.started_on)} {state}: "
                "finish it before starting another"
            }
        )
    if lead_practitioner is not None:
        check_lead_cp_practitioner(lead_practitioner, started_on, "lead_practitioner")
    enquiry = Section47.objects.create(
        episode=episode,
        strategy_discussion=strategy_discussion,
        strategy_on=strategy_on,
        started_on=started_on,
        icpc_target_on=icpc_target(strategy_on),
        lead_practitioner=lead_practitioner,
        shared_summary=shared_summary.strip(),
        recorded_by=recorded_by,
    )
    section47_started_entry(enquiry).save()
    if episode.is_family_help:
        _hold_in_need(episode, strategy_on, recorded_by)
    if lead_practitioner is not None:
        _allocate_lead(episode, lead_practitioner, started_on, recorded_by)
    for worker in dict.fromkeys(members):
        EnquiryMember.objects.create(
            section47=enquiry, worker=worker, joined_on=strategy_on, added_by=recorded_by
        )
    return enquiry


def _check_protection_team(
    episode: Episode, lead: Worker | None, members: Sequence[Worker]
) -> None:
    if episode.is_family_help and lead is None:
        raise ValidationError(
            {
                "lead_practitioner": "Choose the lead child protection practitioner: every "
                "section 47 enquiry in Family Help has one"
            }
        )
    for worker in members:
        if not (worker.is_active and worker.team is not None and worker.team.child_protection):
            raise ValidationError(
                {
                    "members": f"{worker} is not a member of a multi-agency child protection "
                    "team: choose the team's members"
                }
            )


def _hold_in_need(episode: Episode, day: dt.date, by: User) -> None:
    """A child in a section 47 enquiry is a child in need: Family Help that was targeted becomes
    section 17 work the day of the strategy discussion (the census needs its CINdetails)."""
    from journey.cases.family_help.services import begin_section17

    if episode.section17_periods.current().exists():
        return
    begin_section17(
        episode,
        started_on=max(day, episode.started_on),
        referral_source=codes.ReferralSource.LA_EARLY_HELP,
        primary_need=codes.PrimaryNeed.N1,
        reason="A strategy discussion agreed a section 47 enquiry: there is reasonable cause to "
        "suspect the child is suffering, or likely to suffer, significant harm",
        decided_by=by.worker,
        opening=True,
    )


def _allocate_lead(episode: Episode, lead: Worker, day: dt.date, by: User) -> None:
    from journey.cases.services import allocate

    current = episode.allocations.current().filter(kind=Allocation.Kind.LEAD_CP_PRACTITIONER)
    if current.filter(worker=lead).exists():
        return
    allocate(
        episode,
        worker=lead,
        kind=Allocation.Kind.LEAD_CP_PRACTITIONER,
        started_on=day,
        allocated_by=by,
    )


def end_child_protection_work(episode: Episode, day: dt.date, by: User) -> None:
    """When no enquiry is under way or awaiting its conference and no child protection plan is
    open, the lead child protection practitioner and the team's members step back the same day;
    the Family Help lead practitioner carries on."""
    if _pending_section47(episode) or _open_plans(episode, Plan.Kind.CP).exists():
        return
    for allocation in episode.allocations.current().filter(
        kind=Allocation.Kind.LEAD_CP_PRACTITIONER
    ):
        allocation.ended_on = max(day, allocation.started_on)
        allocation.save()
        lead_stepped_back_entry(allocation, by).save()
    EnquiryMember.objects.current().filter(section47__episode=episode).update(left_on=day)


def lead_stepped_back_entry(allocation: Allocation, by: User) -> ChronologyEntry:
    assert allocation.ended_on is not None
    return build_entry(
        child_id=allocation.episode.child_id,
        episode_id=allocation.episode_id,
        kind=EntryKind.ALLOCATION,
        title=f"Child protection work ended: {allocation.worker} stepped back as lead child "
        "protection practitioner",
        occurred_at=start_of(allocation.ended_on),
        source=allocation,
        recorded_by=by,
    )


@transaction.atomic
def share_with_lead_practitioner(enquiry: Section47, *, summary: str, by: User) -> Section47:
    """What the Family Help lead practitioner is told of the enquiry (never its records)."""
    enquiry = Section47.objects.select_for_update().get(pk=enquiry.pk)
    if not summary.strip():
        raise ValidationError({"shared_summary": "Enter what the lead practitioner is told"})
    enquiry.shared_summary = summary.strip()
    enquiry.save()
    return enquiry


@transaction.atomic
def record_strategy_discussion(
    *,
    episode: Episode,
    held_on: dt.date,
    recorded_by: User,
    summary: str = "",
    decisions: str = "",
    section47_started_on: dt.date | None = None,
    participants: Sequence[Participant] = (),
    lead_practitioner: Worker | None = None,
    members: Sequence[Worker] = (),
    shared_summary: str = "",
    views: ViewsInput | None = None,
) -> Meeting:
    """A strategy discussion with who took part from each agency and what each knew, and the
    section 47 enquiry it starts when one is agreed."""
    views = check_views(views or ViewsInput())
    _check_open_social_care(episode, "A strategy discussion")
    _check_day(held_on, "held_on", "The date of the strategy discussion", episode=episode)
    if not summary.strip():
        raise ValidationError({"summary": "Enter what was discussed and by whom"})
    _check_participants(episode, participants)
    meeting = Meeting(
        episode=episode,
        kind=Meeting.Kind.STRATEGY,
        held_on=held_on,
        summary=summary.strip(),
        decisions=decisions.strip(),
        recorded_by=recorded_by,
    )
    set_views(meeting, views)
    meeting.save()
    MeetingAttendee.objects.bulk_create(
        MeetingAttendee(
            meeting=meeting,
            name=p.name.strip(),
            role=p.role.strip(),
            agency=p.agency,
            information=p.information.strip(),
        )
        for p in participants
    )
    meeting_entry(meeting).save()
    if section47_started_on is not None:
        start_section47(
            episode=episode,
            started_on=section47_started_on,
            strategy_discussion=meeting,
            recorded_by=recorded_by,
            lead_practitioner=lead_practitioner,
            members=members,
            shared_summary=shared_summary,
        )
    return meeting


@dataclass(frozen=True)
class Participant:
    """Who took part in a strategy discussion for an agency, and what their agency knew."""

    name: str
    agency: Agency | None
    information: str = ""
    role: str = ""


#: Working Together 2023: a strategy discussion involves at least children's social care, the
#: police and health. Family Help, run by a multi-agency team, records each of them.
STRATEGY_AGENCIES = {"police": "the police", "health": "health"}


def _check_participants(episode: Episode, participants: Sequence[Participant]) -> None:
    for number, p in enumerate(participants, start=1):
        if not p.name.strip():
            raise ValidationError({"participants": f"Enter the name of participant {number}"})
        if p.agency is None:
            raise ValidationError(
                {"participants": f"Choose the agency {p.name.strip()} took part for"}
            )
    if not episode.is_family_help:
        return
    present = {p.agency.kind for p in participants if p.agency is not None}
    missing = [words for kind, words in STRATEGY_AGENCIES.items() if kind not in present]
    if missing:
        raise ValidationError(
            {
                "participants": f"Record who took part for {' and '.join(missing)}: a strategy "
                "discussion involves the police, health and the council"
            }
        )


@transaction.atomic
def record_section47_outcome(
    enquiry: Section47,
    *,
    outcome: str,
    completed_on: dt.date,
    by: User,
    note: str = "",
) -> Section47:
    """What the enquiry concluded. A child in need plan starts that day if none is open."""
    enquiry = Section47.objects.select_for_update().select_related("episode").get(pk=enquiry.pk)
    _check_open_social_care(enquiry.episode, "A section 47 enquiry")
    if enquiry.outcome:
        raise ValidationError(
            {"__all__": f"This enquiry concluded on {_fmt(enquiry.completed_on)}"}
        )
    check_code(outcome, Section47.Outcome, "outcome", "outcome of the enquiry")
    _check_day(
        completed_on,
        "completed_on",
        "The date of the outcome",
        episode=enquiry.episode,
        after=(enquiry.started_on, "the start of the enquiry"),
    )
    enquiry.outcome = outcome
    enquiry.completed_on = completed_on
    enquiry.outcome_note = note.strip()
    enquiry.save()
    section47_outcome_entry(enquiry, by).save()
    if outcome == Section47.Outcome.CIN_PLAN:
        _start_cin_plan_if_none(enquiry.episode, completed_on, by)
    if outcome != Section47.Outcome.ICPC:
        end_child_protection_work(enquiry.episode, completed_on, by)
    return enquiry


# --- Emergency protection: orders (s44) and police protection (s46) --------------------------

#: Children Act 1989 s46(6): a child may be kept in police protection for at most 72 hours, so it
#: ends at the latest on the third day after the day it started.
POLICE_PROTECTION_MAX_DAYS = 3
#: s45(1): an emergency protection order lasts at most 8 days; s45(5) lets the court extend it
#: once, by up to 7 more. Journey records one row for the order and its extension, so it allows
#: up to 15 days: longer than that is not an emergency protection order.
EPO_MAX_DAYS = 8 + 7
PROTECTION_MAX_DAYS: dict[str, int] = {
    EmergencyProtection.Kind.POLICE: POLICE_PROTECTION_MAX_DAYS,
    EmergencyProtection.Kind.EPO: EPO_MAX_DAYS,
}
PROTECTION_LIMITS: dict[str, str] = {
    EmergencyProtection.Kind.POLICE: "Police protection lasts at most 72 hours",
    EmergencyProtection.Kind.EPO: "An emergency protection order lasts at most 8 days, and 15 "
    "with its one extension",
}


def protection_entry(protection: EmergencyProtection) -> ChronologyEntry:
    title = (
        "Emergency protection order granted"
        if protection.kind == EmergencyProtection.Kind.EPO
        else "Police protection"
    )
    until = (
        f"From {_fmt(protection.started_on)} to {_fmt(protection.ended_on)}"
        if protection.ended_on
        else f"From {_fmt(protection.started_on)}"
    )
    return build_entry(
        child_id=protection.episode.child_id,
        episode_id=protection.episode_id,
        kind=EntryKind.PROTECTION,
        title=title,
        summary=f"{until}.\n{protection.note}",
        occurred_at=start_of(protection.started_on),
        source=protection,
        recorded_by=protection.recorded_by,
        is_significant=True,
    )


def _check_protection_note(note: str) -> str:
    """What happened and who was involved: at least a sentence, as a rationale must be."""
    if rationale_problem(note) is None:
        return note.strip()
    if not (note or "").strip():
        raise ValidationError({"note": "Enter what happened and who was involved"})
    raise ValidationError(
        {
            "note": f"Say what happened and who was involved in at least a full sentence (at "
            f"least {MIN_RATIONALE_WORDS} words)"
        }
    )


def _check_protection_end(
    kind: str, started_on: dt.date, ended_on: dt.date | None, episode: Episode
) -> None:
    """The day it ended: given, in the episode, after its start, within the legal limit."""
    ended_on = _check_day(
        ended_on,
        "ended_on",
        "The date it ended",
        episode=episode,
        after=(started_on, "the date it started"),
    )
    limit = PROTECTION_MAX_DAYS[kind]
    if (ended_on - started_on).days > limit:
        latest = started_on + dt.timedelta(days=limit)
        raise ValidationError(
            {
                "ended_on": f"{PROTECTION_LIMITS[kind]}: the date it ended must be on or before "
                f"{_fmt(latest)}"
            }
        )


@transaction.atomic
def record_emergency_protection(
    episode: Episode,
    *,
    kind: str,
    started_on: dt.date,
    ended_on: dt.date | None,
    note: str,
    recorded_by: User,
) -> EmergencyProtection:
    """An emergency protection order (s44) or police protection (s46) of the child, in open
    social care work: dated inside the episode, no longer than the law allows, with a note of what
    happened. Annex A list 7 reads it (subject to either in the last six months)."""
    episode = _lock(episode)
    _check_open_social_care(episode, "Emergency protection")
    check_code(kind, EmergencyProtection.Kind, "kind", "kind of emergency protection")
    _check_day(started_on, "started_on", "The date it started", episode=episode)
    if ended_on is not None:
        _check_protection_end(kind, started_on, ended_on, episode)
    elif (timezone.localdate() - started_on).days > PROTECTION_MAX_DAYS[kind]:
        raise ValidationError({"ended_on": f"{PROTECTION_LIMITS[kind]}: enter the date it ended"})
    note = _check_protection_note(note)
    if episode.emergency_protections.filter(kind=kind, started_on=started_on).exists():
        label = EmergencyProtection.Kind(kind).label.split(" (")[0].lower()
        raise ValidationError(
            {"__all__": f"The {label} that started on {_fmt(started_on)} is already recorded"}
        )
    protection = EmergencyProtection.objects.create(
        episode=episode,
        kind=kind,
        started_on=started_on,
        ended_on=ended_on,
        note=note,
        recorded_by=recorded_by,
    )
    protection_entry(protection).save()
    return protection


def protection_ended_entry(protection: EmergencyProtection, by: User) -> ChronologyEntry:
    assert protection.ended_on is not None  # the entry for the day it ended
    label = protection.get_kind_display().split(" (")[0]
    return build_entry(
        child_id=protection.episode.child_id,
        episode_id=protection.episode_id,
        kind=EntryKind.PROTECTION,
        title=f"{label} ended",
        summary=f"From {_fmt(protection.started_on)} to {_fmt(protection.ended_on)}.",
        occurred_at=start_of(protection.ended_on),
        source=protection,
        recorded_by=by,
        is_significant=True,
    )


@transaction.atomic
def end_emergency_protection(
    protection: EmergencyProtection, *, ended_on: dt.date | None, recorded_by: User
) -> EmergencyProtection:
    """Record the day an emergency protection order or police protection recorded as running
    ended: after its start, no longer than the law allows, not in the future."""
    episode = _lock(protection.episode)
    _check_open_social_care(episode, "Emergency protection")
    protection = EmergencyProtection.objects.select_for_update().get(pk=protection.pk)
    if protection.ended_on is not None:
        raise ValidationError(
            {"__all__": f"It is already recorded as ended on {_fmt(protection.ended_on)}"}
        )
    _check_protection_end(protection.kind, protection.started_on, ended_on, episode)
    protection.ended_on = ended_on
    protection.save(update_fields=["ended_on"])
    protection_ended_entry(protection, recorded_by).save()
    return protection


# --- Plans: the initial conference, reviews, ending ------------------------------------------


def _open_plans(episode: Episode, kind: str) -> QuerySet[Plan]:
    return episode.plans.filter(kind=kind, ended_on__isnull=True)


def plan_ended_entry(plan: Plan, by: User | None) -> ChronologyEntry:
    assert plan.ended_on is not None  # the entry for the day it ended
    return build_entry(
        child_id=plan.episode.child_id,
        episode_id=plan.episode_id,
        kind=EntryKind.PLAN,
        title=f"{plan.get_kind_display()} ended",
        summary=plan.end_note,
        occurred_at=start_of(plan.ended_on),
        source=plan,
        recorded_by=by,
        is_significant=plan.kind == Plan.Kind.CP,
    )


def _start_cin_plan_if_none(episode: Episode, day: dt.date, by: User) -> Plan | None:
    if episode.plans.filter(ended_on__isnull=True).exists():
        return None
    plan = Plan.objects.create(
        episode=episode,
        kind=Plan.Kind.FAMILY_HELP if episode.is_family_help else Plan.Kind.CIN,
        started_on=day,
        review_due_on=add_months(day, FIRST_REVIEW_MONTHS),
        recorded_by=by,
    )
    plan_started_entry(plan).save()
    refresh_visits_due([episode.pk])
    return plan


def _end(plan: Plan, day: dt.date, note: str, by: User | None) -> Plan:
    plan.ended_on = day
    plan.end_note = note
    plan.review_due_on = None
    plan.save()
    plan_ended_entry(plan, by).save()
    return plan


class ConferenceDecision:
    """What an initial child protection conference decided."""

    CP_PLAN = "cp"
    CIN_PLAN = "cin"
    NO_PLAN = "none"
    choices = [
        (CP_PLAN, "Child protection plan"),
        (CIN_PLAN, "Child in need plan (no child protection plan)"),
        (NO_PLAN, "No plan: no further action"),
    ]
    values = [value for value, _ in choices]
    labels = dict(choices)


def conference_entry(meeting: Meeting, decision: str, plan: Plan | None) -> ChronologyEntry:
    title = f"Initial child protection conference: {ConferenceDecision.labels[decision].lower()}"
    if plan is not None and plan.kind == Plan.Kind.CP:
        title = (
            "Initial child protection conference: child protection plan "
            f"({plan.get_initial_category_display().lower()})"
        )
    return build_entry(
        child_id=meeting.episode.child_id,
        episode_id=meeting.episode_id,
        kind=EntryKind.MEETING,
        title=title,
        summary="\n".join(part for part in [meeting.summary, meeting.decisions] if part),
        occurred_at=start_of(meeting.held_on),
        source=meeting,
        recorded_by=meeting.recorded_by,
        is_significant=True,
    )


def _check_conference_section47(
    episode: Episode, enquiry: Section47 | None, held_on: dt.date
) -> None:
    if enquiry is None:
        return
    if enquiry.episode_id != episode.pk:
        raise ValidationError({"section47": "Choose a section 47 enquiry in this work"})
    if enquiry.conference_id:
        raise ValidationError({"section47": "That enquiry's conference is already recorded"})
    if enquiry.outcome and enquiry.outcome != Section47.Outcome.ICPC:
        raise ValidationError(
            {"section47": "That enquiry concluded without needing a conference: choose another"}
        )
    after = enquiry.completed_on or enquiry.started_on
    if held_on < after:
        what = "the enquiry's outcome" if enquiry.completed_on else "the section 47 enquiry started"
        raise ValidationError(
            {"held_on": f"The conference must be on or after {what}, {_fmt(after)}"}
        )


@transaction.atomic
def hold_initial_conference(
    *,
    episode: Episode,
    held_on: dt.date,
    decision: str,
    recorded_by: User,
    section47: Section47 | None = None,
    category: str = "",
    summary: str = "",
    decisions: str = "",
    views: ViewsInput | None = None,
) -> Meeting:
    """The initial child protection conference (DateOfInitialCPC). A child protection plan it
    decides on starts that day with its category of abuse, replacing an open child in need plan;
    its first review is due within three months. The child's and parents' views given at the
    conference are the plan's too."""
    views = check_views(views or ViewsInput())
    episode = _lock(episode)
    _check_open_social_care(episode, "An initial child protection conference")
    _check_day(held_on, "held_on", "The date of the conference", episode=episode)
    if section47 is not None:
        section47 = Section47.objects.select_for_update().get(pk=section47.pk)
    _check_conference_section47(episode, section47, held_on)
    if decision not in ConferenceDecision.values:
        raise ValidationError({"decision": "Select what the conference decided"})
    if decision == ConferenceDecision.CP_PLAN:
        check_code(category, codes.CategoryOfAbuse, "category", "category of abuse")
        current = _open_plans(episode, Plan.Kind.CP).first()
        if current:
            raise ValidationError(
                {
                    "decision": "The child has been on a child protection plan since "
                    f"{_fmt(current.started_on)}: review that plan instead of starting another"
                }
            )
    meeting = Meeting(
        episode=episode,
        kind=Meeting.Kind.ICPC,
        held_on=held_on,
        summary=summary.strip(),
        decisions=decisions.strip(),
        recorded_by=recorded_by,
    )
    set_views(meeting, views)
    meeting.save()
    if section47 is not None:
        if not section47.outcome:
            section47.outcome = Section47.Outcome.ICPC
            section47.completed_on = held_on
        section47.conference = meeting
        section47.save()
    plan = None
    if decision == ConferenceDecision.CP_PLAN:
        for cin in _open_plans(episode, Plan.Kind.CIN):
            _end(cin, held_on, "Replaced by a child protection plan", recorded_by)
        plan = Plan(
            episode=episode,
            kind=Plan.Kind.CP,
            started_on=held_on,
            review_due_on=add_months(held_on, FIRST_REVIEW_MONTHS),
            initial_category=category,
            latest_category=category,
            conference=meeting,
            recorded_by=recorded_by,
        )
        set_views(plan, views)
        plan.save()
    conference_entry(meeting, decision, plan).save()
    if plan is not None:
        plan_started_entry(plan).save()
        refresh_visits_due([episode.pk])
    elif decision == ConferenceDecision.CIN_PLAN:
        _start_cin_plan_if_none(episode, held_on, recorded_by)
    if plan is None:
        end_child_protection_work(episode, held_on, recorded_by)
    return meeting


def review_entry(review: PlanReview) -> ChronologyEntry:
    plan = review.plan
    changed = (
        f"; category now {review.get_category_display().lower()}"
        if review.category != plan.initial_category
        else ""
    )
    meeting = review.meeting
    return build_entry(
        child_id=plan.episode.child_id,
        episode_id=plan.episode_id,
        kind=EntryKind.MEETING,
        title=f"Child protection plan reviewed{changed}",
        summary="\n".join(
            part for part in (meeting.summary if meeting else "", views_summary(review)) if part
        ),
        occurred_at=start_of(review.reviewed_on),
        source=meeting or review,
        recorded_by=review.recorded_by,
    )


@transaction.atomic
def review_cp_plan(
    plan: Plan,
    *,
    reviewed_on: dt.date,
    by: User,
    category: str = "",
    summary: str = "",
    views: ViewsInput | None = None,
    benefit: BenefitInput | None = None,
) -> PlanReview:
    """A review child protection conference (CPPreviewDate). The next review is due in six
    months; a changed category of abuse becomes the plan's latest category. The child's and
    parents' views are the review's and its conference's; how much difference the help has made
    (`benefit`, at review) is recorded with it, or nothing is."""
    views = check_views(views or ViewsInput())
    if benefit is not None:
        problems = benefit_problems(benefit)
        if problems:
            raise ValidationError(problems)
    plan = Plan.objects.select_for_update().select_related("episode").get(pk=plan.pk)
    if plan.kind != Plan.Kind.CP:
        raise ValidationError({"__all__": "Only a child protection plan has review conferences"})
    _check_open_social_care(plan.episode, "A child protection review")
    if not plan.is_open:
        raise ValidationError({"__all__": f"This plan ended on {_fmt(plan.ended_on)}"})
    last = plan.reviews.order_by("-reviewed_on").first()
    after = (last.reviewed_on, "the last review") if last else (plan.started_on, "the plan start")
    _check_day(
        reviewed_on,
        "reviewed_on",
        "The review date",
        episode=plan.episode,
        after=after,
        strictly=True,
    )
    category = category or plan.latest_category
    check_code(category, codes.CategoryOfAbuse, "category", "category of abuse")
    meeting = Meeting(
        episode=plan.episode,
        kind=Meeting.Kind.RCPC,
        held_on=reviewed_on,
        summary=summary.strip(),
        next_due_on=add_months(reviewed_on, LATER_REVIEW_MONTHS),
        recorded_by=by,
    )
    set_views(meeting, views)
    meeting.save()
    review = PlanReview(
        plan=plan, reviewed_on=reviewed_on, meeting=meeting, category=category, recorded_by=by
    )
    set_views(review, views)
    review.save()
    plan.latest_category = category
    plan.review_due_on = meeting.next_due_on
    plan.save()
    review_entry(review).save()
    if benefit is not None:
        record_family_benefit(benefit, by=by)
    return review


@transaction.atomic
def end_plan(plan: Plan, *, ended_on: dt.date, by: User, note: str = "") -> Plan:
    """End a child in need or child protection plan; the episode stays open."""
    plan = Plan.objects.select_for_update().select_related("episode").get(pk=plan.pk)
    if plan.kind == Plan.Kind.EARLY_HELP:
        raise ValidationError({"__all__": "Early help plans end when the early help closes"})
    if plan.kind == Plan.Kind.FAMILY_HELP:
        raise ValidationError({"__all__": "The Family Help plan ends when Family Help closes"})
    _check_open_social_care(plan.episode, f"Ending a {plan.get_kind_display().lower()}")
    if not plan.is_open:
        raise ValidationError({"__all__": f"This plan already ended on {_fmt(plan.ended_on)}"})
    last = plan.reviews.order_by("-reviewed_on").first()
    after = (last.reviewed_on, "the last review") if last else (plan.started_on, "the plan start")
    # A CP plan cannot start and end on the same day (DfE rule).
    _check_day(
        ended_on,
        "ended_on",
        "The end date",
        episode=plan.episode,
        after=after,
        strictly=plan.kind == Plan.Kind.CP and last is None,
    )
    if not note.strip():
        raise ValidationError({"note": "Enter why the plan is ending"})
    _end(plan, ended_on, note.strip(), by)
    if plan.kind == Plan.Kind.CP:
        end_child_protection_work(plan.episode, ended_on, by)
    return plan
