"""Reviewer visits (R12): time-limited, read-only access for peer reviewers and inspectors.

A head of service (for their own service's cases) or an assistant director plans a visit for a
reviewer: purpose, first and last day, and the scope (teams, kinds of work, open in a period).
Its sample is then drawn at random with a recorded seed (the case file audit sampler, so the same
seed draws the same children again) or chosen from the scope. Each child gets a RecordGrant from
the first to the last day: access.rules already limits a grant to those days, so access ends
by itself. Revoking a visit revokes its grants; nothing is deleted. Extending a visit (it overran)
moves the last day of the visit and of its grants, keeping the old day in a ReviewerExtension.

Who sees what: the granting manager, assistant directors and QA officers see the visits and the
report of what each reviewer viewed (from the access log). The reviewer sees only their children.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import Resolver404, resolve
from django.utils import timezone

from journey.access.rules import visibility_filter
from journey.cases.models import Episode, EpisodeKind
from journey.core import grants
from journey.core.models import (
    AccessEvent,
    RecordGrant,
    ReviewerAccess,
    ReviewerCase,
    ReviewerExtension,
)
from journey.core.templatetags.govuk import govuk_date as _long
from journey.people.models import Agency, Person
from journey.quality import sampling
from journey.quality.models import SampleMethod
from journey.workforce.models import Role, Team, Worker

#: The longest a visit may last, first and last day included.
MAX_DAYS = 90
MAX_SAMPLE = 50
#: Who may grant reviewer access: heads of service (their service's cases) and directors.
GRANTING_ROLES = {Role.HEAD_OF_SERVICE, Role.ASSISTANT_DIRECTOR}
#: Who sees every visit and its report.
OVERSIGHT_ROLES = {Role.ASSISTANT_DIRECTOR, Role.QA_OFFICER}
#: The pages of a child's record, as the report names them.
PAGE_NAMES = {
    "child": "Summary",
    "child_family": "Family",
    "child_chronology": "Chronology",
    "chronology_pdf": "Chronology PDF",
    "chronology_source": "A record in the chronology",
    "background_job": "A print or download being made",
    "background_job_file": "A printed chronology (download)",
}


class Status:
    NOT_SAMPLED = "No cases yet"
    UPCOMING = "Upcoming"
    LIVE = "Live"
    ENDED = "Ended"
    REVOKED = "Revoked"


def _today(now: dt.datetime | None) -> dt.date:
    return timezone.localdate(now or timezone.now())


def _refuse(message: str, field_name: str = "__all__") -> ValidationError:
    return ValidationError({field_name: message})


# --- Who may do what --------------------------------------------------------------------------


def may_grant(worker: Worker | None) -> bool:
    return worker is not None and worker.is_active and worker.role in GRANTING_ROLES


def may_see_visits(worker: Worker | None) -> bool:
    return (
        worker is not None and worker.is_active and worker.role in GRANTING_ROLES | OVERSIGHT_ROLES
    )


def visits_scope(worker: Worker) -> Q:
    """A Q over ReviewerAccess: directors and QA see every visit; a head the ones they granted."""
    if worker.role in OVERSIGHT_ROLES:
        return Q()
    if worker.role == Role.HEAD_OF_SERVICE:
        return Q(granted_by=worker)
    return Q(pk__in=[])


#: A peer challenge review's member's visit follows the review: its team, dates and letter.
PEER_REVIEW_VISIT = (
    "This access belongs to a peer challenge review: it follows the review's dates and ends when "
    "its letter is issued. To end it sooner, remove the reviewer from the review team."
)


def is_peer_review_visit(visit: ReviewerAccess) -> bool:
    return ReviewerAccess.objects.filter(pk=visit.pk, peer_review_member__isnull=False).exists()


def may_manage_visit(worker: Worker, visit: ReviewerAccess) -> bool:
    """Sample, revoke or extend: whoever granted it, or an assistant director; never a peer
    challenge review's visit, which the review manages."""
    return (
        may_grant(worker)
        and (visit.granted_by_id == worker.pk or worker.role == Role.ASSISTANT_DIRECTOR)
        and not is_peer_review_visit(visit)
    )


def manage_refusal(visit: ReviewerAccess) -> str:
    if is_peer_review_visit(visit):
        return PEER_REVIEW_VISIT
    return "Only the manager who granted this visit, or a director, can change it"


def status(visit: ReviewerAccess, today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    if visit.revoked_at:
        return Status.REVOKED
    if visit.ends_on < today:
        return Status.ENDED
    if not visit.is_sampled:
        return Status.NOT_SAMPLED
    return Status.UPCOMING if visit.starts_on > today else Status.LIVE


# --- Reviewer accounts ------------------------------------------------------------------------


@transaction.atomic
def register_reviewer(
    *, username: str, first_name: str, last_name: str, email: str, organisation: str
) -> Worker:
    """A reviewer's account, with no password: the administrator issues the sign-in."""
    User = get_user_model()
    errors = {}
    if not username.strip():
        errors["username"] = "Enter a username for the reviewer"
    elif User.objects.filter(username=username.strip()).exists():
        errors["username"] = "That username is taken: choose another"
    if not (first_name.strip() and last_name.strip()):
        errors["name"] = "Enter the reviewer's first and last name"
    if not organisation.strip():
        errors["organisation"] = "Enter the reviewer's organisation, like Ofsted"
    if errors:
        raise ValidationError(errors)
    user = User(
        username=username.strip(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
    )
    user.set_unusable_password()
    user.save()
    agency, _ = Agency.objects.get_or_create(
        name=organisation.strip(), defaults={"kind": Agency.Kind.OTHER}
    )
    return Worker.objects.create(
        user=user, role=Role.REVIEWER, agency=agency, job_title=f"Reviewer, {agency.name}"
    )


# --- Planning a visit -------------------------------------------------------------------------


@dataclass
class VisitInput:
    reviewer: Worker | None
    purpose: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    teams: list[Team] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    period_start: dt.date | None = None
    period_end: dt.date | None = None


def _reviewer_problem(reviewer: Worker | None) -> str | None:
    if reviewer is None:
        return "Select the reviewer"
    if reviewer.role != Role.REVIEWER:
        return (
            f"{reviewer.name} is not a reviewer: reviewer access is only for peer reviewers "
            "and inspectors. Staff get access through their role or allocations"
        )
    if not reviewer.is_active:
        return f"{reviewer.name}'s account is not active: ask the Journey administrator"
    return None


def _date_errors(data: VisitInput, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.starts_on is None:
        errors["starts_on"] = "Enter the first day of the visit"
    elif data.starts_on < today:
        errors["starts_on"] = "The first day of the visit must be today or in the future"
    if data.ends_on is None:
        errors["ends_on"] = "Enter the last day of the visit"
    elif data.ends_on < today:
        errors["ends_on"] = "The last day of the visit must be today or in the future"
    elif data.starts_on and data.ends_on < data.starts_on:
        errors["ends_on"] = "The last day of the visit must be on or after the first day"
    elif data.starts_on and (too_long := _too_long(data.starts_on, data.ends_on)):
        errors["ends_on"] = too_long
    return errors


def latest_last_day(starts_on: dt.date) -> dt.date:
    """The last day of the longest visit (MAX_DAYS, first and last day included)."""
    return starts_on + dt.timedelta(days=MAX_DAYS - 1)


def _too_long(starts_on: dt.date, ends_on: dt.date) -> str | None:
    """Planning and extending share the limit: a visit lasts at most MAX_DAYS in all."""
    latest = latest_last_day(starts_on)
    if ends_on <= latest:
        return None
    return (
        f"A visit can last at most {MAX_DAYS} days: the last day must be {_long(latest)} or earlier"
    )


def _scope_errors(data: VisitInput, by: Worker, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not data.teams or any(not team.is_active for team in data.teams):
        errors["teams"] = "Select at least one team whose cases the reviewer may see"
    elif by.role == Role.HEAD_OF_SERVICE and any(
        team.service_id != by.home_service_id for team in data.teams
    ):
        errors["teams"] = "You can open only your own service's cases: select its teams"
    if not data.kinds or any(kind not in EpisodeKind.values for kind in data.kinds):
        errors["kinds"] = "Select at least one kind of work"
    if data.period_start is None:
        errors["period_start"] = "Enter the date the work was open from"
    elif data.period_start > today:
        errors["period_start"] = "The date the work was open from must be today or in the past"
    if data.period_end is None:
        errors["period_end"] = "Enter the date the work was open until"
    elif data.period_start and data.period_end < data.period_start:
        errors["period_end"] = "The date the work was open until must be on or after the start"
    return errors


@transaction.atomic
def plan_visit(data: VisitInput, *, by: Worker, now: dt.datetime | None = None) -> ReviewerAccess:
    if not may_grant(by):
        raise _refuse("Only heads of service and assistant directors grant reviewer access")
    today = _today(now)
    errors = _date_errors(data, today) | _scope_errors(data, by, today)
    if problem := _reviewer_problem(data.reviewer):
        errors["reviewer"] = problem
    if not data.purpose.strip():
        errors["purpose"] = "Enter the purpose of the visit, like “Ofsted focused visit”"
    if errors:
        raise ValidationError(errors)
    # _reviewer_problem, _date_errors and _scope_errors refused any of these missing.
    assert data.reviewer is not None and data.starts_on is not None and data.ends_on is not None
    assert data.period_start is not None and data.period_end is not None
    visit = ReviewerAccess.objects.create(
        reviewer=data.reviewer,
        granted_by=by,
        purpose=data.purpose.strip()[:300],
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        kinds=sorted(set(data.kinds)),
        period_start=data.period_start,
        period_end=data.period_end,
        created_at=now or timezone.now(),
    )
    visit.teams.set(data.teams)
    return visit


# --- The sample -------------------------------------------------------------------------------


def scope_episodes(visit: ReviewerAccess, granter: Worker) -> QuerySet[Episode]:
    """Work open at any time in the period, in the visit's teams and kinds, of children the
    granting manager may see themselves (so restricted records need their own grant)."""
    return Episode.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=visit.period_start),
        started_on__lte=visit.period_end,
        team_id__in=visit.teams.values("pk"),
        kind__in=visit.kinds,
        child__in=Person.objects.filter(visibility_filter(granter.user)),
    )


def _pool(visit: ReviewerAccess, granter: Worker) -> dict[int, sampling.Candidate]:
    """Each child in scope, by id: one candidate per child (their latest work in scope)."""
    rows = (
        scope_episodes(visit, granter)
        .annotate(allocated_worker=sampling.allocated_worker_subquery())
        .order_by("pk")
        .values_list("pk", "team_id", "kind", "allocated_worker", "child_id")
    )
    return {child_id: sampling.Candidate(*row) for *row, child_id in rows}


def candidates(visit: ReviewerAccess, granter: Worker) -> list[sampling.Candidate]:
    """The sampler's pool, in episode id order: the same scope and seed draw the same children."""
    return sorted(_pool(visit, granter).values(), key=lambda c: c.episode_id)


def eligible_children(visit: ReviewerAccess, text: str = "") -> QuerySet[Person]:
    """The children a manager may choose from, optionally narrowed by name or local ID."""
    children = Person.objects.filter(pk__in=scope_episodes(visit, visit.granted_by).values("child"))
    for word in text.split():
        children = children.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(local_id=word)
        )
    return children.order_by("last_name", "first_name", "pk")


def _check_can_sample(visit: ReviewerAccess, by: Worker, today: dt.date) -> None:
    if not may_manage_visit(by, visit):
        raise _refuse(manage_refusal(visit))
    if visit.revoked_at:
        raise _refuse("This visit has been revoked")
    if visit.ends_on < today:
        raise _refuse(f"This visit ended on {_long(visit.ends_on)}")
    if visit.is_sampled:
        raise _refuse("This visit already has its cases")


def _grant_cases(
    visit: ReviewerAccess,
    chosen: list[sampling.Candidate],
    labels: dict[str, str],
    by: Worker,
    now: dt.datetime,
) -> list[ReviewerCase]:
    episodes = Episode.objects.in_bulk([c.episode_id for c in chosen])
    cases = []
    for position, candidate in enumerate(chosen, start=1):
        episode = episodes[candidate.episode_id]
        grant = grants.grant_record(
            visit.reviewer.user,
            episode.child_id,
            reason=f"Reviewer visit: {visit.purpose}",
            granted_by=by.user,
            starts_on=visit.starts_on,
            expires_on=visit.ends_on,
        )
        cases.append(
            ReviewerCase(
                visit=visit,
                child_id=episode.child_id,
                episode=episode,
                grant=grant,
                position=position,
                stratum=labels.get(candidate.stratum(visit.method), ""),
            )
        )
    ReviewerCase.objects.bulk_create(cases)
    visit.sampled_at = now
    visit.save(update_fields=["how", "sample_size", "method", "seed", "sampled_at"])
    return cases


def _stratum_labels(method: str, chosen: list[sampling.Candidate]) -> dict[str, str]:
    if method == SampleMethod.TEAM:
        return {str(t.pk): t.name for t in Team.objects.filter(pk__in={c.team_id for c in chosen})}
    if method == SampleMethod.KIND:
        return dict(EpisodeKind.choices)
    if method == SampleMethod.WORKER:
        ids = {c.worker_id for c in chosen if c.worker_id}
        workers = Worker.objects.filter(pk__in=ids).select_related("user")
        return {str(w.pk): w.name for w in workers} | {sampling.NO_WORKER: "No allocated worker"}
    return {}


@transaction.atomic
def draw_sample(
    visit: ReviewerAccess,
    *,
    size: int | None,
    method: str = SampleMethod.RANDOM,
    seed: int | None = None,
    by: Worker,
    now: dt.datetime | None = None,
) -> list[ReviewerCase]:
    """Draw the children at random (or stratified) from the scope, with a recorded seed."""
    now = now or timezone.now()
    visit = ReviewerAccess.objects.select_for_update().get(pk=visit.pk)
    _check_can_sample(visit, by, timezone.localdate(now))
    errors = {}
    if size is None or not 1 <= size <= MAX_SAMPLE:
        errors["size"] = f"The number of cases must be a whole number from 1 to {MAX_SAMPLE}"
    if method not in SampleMethod.values:
        errors["method"] = "Select how the cases are drawn"
    if seed is not None and not 0 <= seed < 2**63:
        errors["seed"] = "The seed must be a whole number of 0 or more"
    if errors:
        raise ValidationError(errors)
    assert size is not None  # refused above
    pool = candidates(visit, visit.granted_by)
    if not pool:
        raise _refuse("There are no cases in the visit's scope: widen the teams, kinds or period")
    visit.how, visit.sample_size, visit.method = ReviewerAccess.How.DRAWN, size, method
    visit.seed = seed if seed is not None else secrets.randbelow(2**31)
    chosen = sampling.draw(pool, size, visit.seed, method)
    return _grant_cases(visit, chosen, _stratum_labels(method, chosen), by, now)


@transaction.atomic
def choose_sample(
    visit: ReviewerAccess, *, children: list[Person], by: Worker, now: dt.datetime | None = None
) -> list[ReviewerCase]:
    """The children the manager chose, each of whom must be in the visit's scope."""
    now = now or timezone.now()
    visit = ReviewerAccess.objects.select_for_update().get(pk=visit.pk)
    _check_can_sample(visit, by, timezone.localdate(now))
    if not children:
        raise _refuse("Select at least one child for the reviewer", "children")
    if len(children) > MAX_SAMPLE:
        raise _refuse(f"Select at most {MAX_SAMPLE} children", "children")
    pool = _pool(visit, visit.granted_by)
    outside = [child.full_name for child in children if child.pk not in pool]
    if outside:
        raise _refuse(f"Not in the visit's scope: {', '.join(outside)}", "children")
    visit.how, visit.sample_size, visit.method, visit.seed = (
        ReviewerAccess.How.CHOSEN,
        len(children),
        "",
        None,
    )
    chosen = [pool[child.pk] for child in children]
    return _grant_cases(visit, chosen, {}, by, now)


# --- Revoking ---------------------------------------------------------------------------------


@transaction.atomic
def revoke_visit(
    visit: ReviewerAccess, *, reason: str, by: Worker, now: dt.datetime | None = None
) -> ReviewerAccess:
    """End the visit now: its grants are revoked (kept, with the time), nothing is deleted."""
    now = now or timezone.now()
    visit = ReviewerAccess.objects.select_for_update().get(pk=visit.pk)
    if not may_manage_visit(by, visit):
        raise _refuse(manage_refusal(visit))
    if visit.revoked_at:
        raise _refuse("This visit has already been revoked")
    if visit.ends_on < timezone.localdate(now):
        raise _refuse(f"This visit ended by itself on {_long(visit.ends_on)}")
    if not reason.strip():
        raise _refuse("Enter why the access is being revoked", "reason")
    visit.revoked_at, visit.revoked_by, visit.revoke_reason = now, by, reason.strip()[:300]
    visit.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    grants.revoke_grants(RecordGrant.objects.filter(reviewer_case__visit=visit), now)
    return visit


# --- Extending ------------------------------------------------------------------------------


@transaction.atomic
def extend_visit(
    visit: ReviewerAccess,
    *,
    ends_on: dt.date | None,
    reason: str,
    by: Worker,
    now: dt.datetime | None = None,
) -> ReviewerAccess:
    """Move the last day later (an inspection that overran): the visit and its grants end on
    the new day, with the sample unchanged. The extension keeps the day it replaced, who and why.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    visit = ReviewerAccess.objects.select_for_update().get(pk=visit.pk)
    if not may_manage_visit(by, visit):
        raise _refuse(manage_refusal(visit))
    if visit.revoked_at:
        raise _refuse("This visit has been revoked: it cannot be extended")
    if visit.ends_on < today:
        raise _refuse(
            f"This visit ended on {_long(visit.ends_on)}: plan a new visit instead of extending it"
        )
    errors = {}
    if ends_on is None:
        errors["ends_on"] = "Enter the new last day of the visit"
    elif ends_on <= visit.ends_on:
        errors["ends_on"] = (
            f"The new last day must be after the current last day, {_long(visit.ends_on)}"
        )
    elif too_long := _too_long(visit.starts_on, ends_on):
        errors["ends_on"] = too_long
    if not reason.strip():
        errors["reason"] = "Enter why the visit is being extended"
    if errors:
        raise ValidationError(errors)
    assert ends_on is not None  # refused above
    previous = visit.ends_on
    visit.ends_on = ends_on
    visit.save(update_fields=["ends_on"])
    grants.extend_grants(RecordGrant.objects.filter(reviewer_case__visit=visit), ends_on)
    ReviewerExtension.objects.create(
        visit=visit,
        previous_ends_on=previous,
        ends_on=ends_on,
        reason=reason.strip()[:300],
        extended_by=by,
        extended_at=now,
    )
    return visit


def may_extend(worker: Worker, visit: ReviewerAccess, today: dt.date | None = None) -> bool:
    """Whether to offer the extension: a manager of the visit, while it is planned or live."""
    return may_manage_visit(worker, visit) and status(visit, today) in {
        Status.NOT_SAMPLED,
        Status.UPCOMING,
        Status.LIVE,
    }


# --- Reads ------------------------------------------------------------------------------------


def visits_list(worker: Worker) -> QuerySet[ReviewerAccess]:
    return (
        ReviewerAccess.objects.filter(visits_scope(worker))
        .select_related("reviewer__user", "reviewer__agency", "granted_by__user")
        .annotate(n_cases=Count("cases"))
    )


def visit_detail_qs() -> QuerySet[ReviewerAccess]:
    return ReviewerAccess.objects.select_related(
        "reviewer__user", "reviewer__agency", "granted_by__user", "revoked_by__user"
    ).prefetch_related("teams")


def visit_extensions(visit: ReviewerAccess) -> list[ReviewerExtension]:
    """The visit's extensions, oldest first, with who made them: one query however many."""
    return list(visit.extensions.select_related("extended_by__user"))


def my_reviews(reviewer: Worker, today: dt.date | None = None) -> dict[str, list]:
    """The reviewer's live visits with their children, and visits still to come (no names)."""
    today = today or timezone.localdate()
    visits = list(
        ReviewerAccess.objects.filter(
            reviewer=reviewer, revoked_at__isnull=True, sampled_at__isnull=False, ends_on__gte=today
        )
        .select_related("granted_by__user", "granted_by__agency", "peer_review_member")
        .prefetch_related("cases__child")
        .annotate(n_cases=Count("cases"))
        .order_by("starts_on", "pk")
    )
    # A peer challenge review does not exist for its team before its visit (access.peer_review).
    return {
        "live": [v for v in visits if v.starts_on <= today],
        "upcoming": [
            v for v in visits if v.starts_on > today and not hasattr(v, "peer_review_member")
        ],
    }


def page_name(path: str) -> str:
    try:
        match = resolve(path.split("?")[0])
    except Resolver404:
        return "Another page"
    return PAGE_NAMES.get(match.url_name or "", (match.url_name or "page").replace("_", " "))


@dataclass
class ViewedCase:
    case: ReviewerCase
    events: list[AccessEvent]
    #: Whether whoever reads the report may see the child (a record restricted since it was
    #: sampled is listed without name or ID).
    named: bool = True

    @property
    def child_name(self) -> str:
        return self.case.child.full_name if self.named else "A restricted record"

    @property
    def child_local_id(self) -> str:
        return self.case.child.local_id if self.named else ""


@dataclass
class VisitReport:
    visit: ReviewerAccess
    cases: list[ViewedCase]
    refusals: list[AccessEvent]

    @property
    def views(self) -> int:
        return sum(len(c.events) for c in self.cases)

    @property
    def children_opened(self) -> int:
        return sum(1 for c in self.cases if c.events)


def _window(visit: ReviewerAccess) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(visit.starts_on, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(visit.ends_on + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def visit_report(visit: ReviewerAccess) -> VisitReport:
    """What the reviewer opened of each child in the sample during the visit, and what they were
    refused: the access log, in a fixed number of queries however many events there are."""
    cases = list(visit.cases.select_related("child", "episode__team"))
    sampled = {case.child_id for case in cases}
    start, end = _window(visit)
    events = AccessEvent.objects.filter(
        Q(child_id__in=sampled) | Q(action=AccessEvent.Action.DENIED),
        user_id=visit.reviewer.user_id,
        occurred_at__gte=start,
        occurred_at__lt=end,
    ).order_by("occurred_at", "pk")
    by_child: dict[int | None, list[AccessEvent]] = defaultdict(list)
    refusals = []
    for event in events:
        # What the report shows of each event, set on it for the template and the spreadsheet.
        event.page = page_name(event.path)  # type: ignore[attr-defined]
        if event.action == AccessEvent.Action.DENIED:
            event.in_sample = event.child_id in sampled  # type: ignore[attr-defined]
            refusals.append(event)
        else:
            by_child[event.child_id].append(event)
    return VisitReport(visit, [ViewedCase(c, by_child[c.child_id]) for c in cases], refusals)


REPORT_COLUMNS = [
    "Visit",
    "Reviewer",
    "Organisation",
    "Child",
    "Child ID",
    "When",
    "What",
    "Page",
    "Address",
]


def report_rows(report: VisitReport) -> list[list[Any]]:
    """One row per event, for the spreadsheet; a child never opened has one row saying so."""
    visit = report.visit
    head = [visit.purpose, visit.reviewer.name, visit.reviewer.agency.name]
    rows: list[list[Any]] = []
    for viewed in report.cases:
        child = [viewed.child_name, viewed.child_local_id]
        if not viewed.events:
            rows.append([*head, *child, None, "Not opened", "", ""])
        for event in viewed.events:
            when = timezone.localtime(event.occurred_at).replace(tzinfo=None)
            page = event.page  # type: ignore[attr-defined]  # set by visit_report
            rows.append([*head, *child, when, event.get_action_display(), page, event.path])
    names: dict[int | None, tuple[str, str]] = {
        v.case.child_id: (v.child_name, v.child_local_id) for v in report.cases
    }
    for event in report.refusals:
        when = timezone.localtime(event.occurred_at).replace(tzinfo=None)
        outside = "A child outside the sample" if event.child_id else "No child: another page"
        name, local_id = names.get(event.child_id, (outside, ""))
        page = event.page  # type: ignore[attr-defined]  # set by visit_report
        rows.append([*head, name, local_id, when, event.get_action_display(), page, ""])
    return rows


def report_workbook(report: VisitReport) -> bytes:
    """The report as XLSX: one row per page opened (or refused), with the real time."""
    import io

    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from journey.core import spreadsheets

    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)  # a new workbook's one sheet
    sheet.title = "Views"
    sheet.append(spreadsheets.row(sheet, REPORT_COLUMNS, bold=True))
    for values in report_rows(report):
        sheet.append(spreadsheets.row(sheet, values, date_format="d mmm yyyy hh:mm"))
    for letter, width in zip("ABCDEFGHI", [30, 24, 24, 28, 12, 18, 14, 28, 50], strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def kind_labels(visit: ReviewerAccess) -> list[str]:
    return [EpisodeKind(kind).label for kind in visit.kinds if kind in EpisodeKind.values]


# --- A peer challenge review's team -----------------------------------------------------------


@dataclass(frozen=True)
class ReviewOpening:
    """What a peer challenge review opens to one member of its team."""

    reviewer: Worker
    purpose: str
    starts_on: dt.date
    ends_on: dt.date
    #: (episode, stratum) for each sampled child, in the review's order.
    cases: list[tuple[Episode, str]]


@transaction.atomic
def open_review_cases(
    opening: ReviewOpening,
    *,
    visit: ReviewerAccess | None,
    by: Worker,
    now: dt.datetime | None = None,
) -> ReviewerAccess:
    """The member's visit (made on first use) gains a grant for each child not already in it,
    from the first day of the review to the team's last day of access. The children were chosen
    by the review's own criteria, from those the granting director may see."""
    now = now or timezone.now()
    if problem := _reviewer_problem(opening.reviewer):
        raise _refuse(problem, "reviewer")
    if visit is None:
        visit = ReviewerAccess.objects.create(
            reviewer=opening.reviewer,
            granted_by=by,
            purpose=opening.purpose[:300],
            starts_on=opening.starts_on,
            ends_on=opening.ends_on,
            kinds=[],
            period_start=opening.starts_on,
            period_end=opening.ends_on,
            how=ReviewerAccess.How.CHOSEN,
            created_at=now,
        )
    visit = ReviewerAccess.objects.select_for_update().get(pk=visit.pk)
    if visit.revoked_at:
        raise _refuse("This member's access has been revoked")
    present = set(visit.cases.values_list("child_id", flat=True))
    position = visit.cases.count()
    new = []
    for episode, stratum in opening.cases:
        if episode.child_id in present:
            continue
        present.add(episode.child_id)
        position += 1
        grant = grants.grant_record(
            visit.reviewer.user,
            episode.child_id,
            reason=f"Reviewer visit: {visit.purpose}",
            granted_by=by.user,
            starts_on=visit.starts_on,
            expires_on=visit.ends_on,
        )
        new.append(
            ReviewerCase(
                visit=visit,
                child_id=episode.child_id,
                episode=episode,
                grant=grant,
                position=position,
                stratum=stratum[:150],
            )
        )
    ReviewerCase.objects.bulk_create(new)
    visit.teams.add(*{episode.team_id for episode, _ in opening.cases})
    visit.kinds = sorted(set(visit.kinds) | {episode.kind for episode, _ in opening.cases})
    visit.sample_size = position
    visit.sampled_at = visit.sampled_at or now
    visit.save(update_fields=["kinds", "sample_size", "sampled_at"])
    return visit


@transaction.atomic
def close_review_access(
    visit: ReviewerAccess, *, reason: str, by: Worker, now: dt.datetime | None = None
) -> None:
    """End a review member's access now (the letter is issued, or they left the team): its
    grants are revoked and kept. A visit that has already ended or been revoked is left as it is.
    """
    now = now or timezone.now()
    visit = ReviewerAccess.objects.select_for_update().get(pk=visit.pk)
    if visit.revoked_at or visit.ends_on < timezone.localdate(now):
        return
    visit.revoked_at, visit.revoked_by, visit.revoke_reason = now, by, reason.strip()[:300]
    visit.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    grants.revoke_grants(RecordGrant.objects.filter(reviewer_case__visit=visit), now)
