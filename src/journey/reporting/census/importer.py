"""Import a CIN census return from a previous system: its children and their social care history.

A council migrating to Journey loads its last return(s). The import is all or nothing (DESIGN
§6): the file is validated against the DfE schema (every schema error, with its line), each
child is checked (codes, dates in order, nothing in the future, no child already in Journey
with the same LAchildID), and then everything is written through the services inside one
transaction. Any problem, found first or refused by a service, is reported with the child's
LAchildID and line, and nothing of the file is saved.

How the return becomes Journey records, per CINdetails (in referral order):

* the child: `record_child`, with the LAchildID as the child's Local ID, the FormerUPN and the
  PersonDeathDate. A return carries no names, so the child is recorded as
  "Imported child <LAchildID>".
* the episode: `open_episode` (social care, the chosen team) on the referral date, with the
  source of referral, primary need and ReferralNFA; closed by `close_episode` with the reason
  for closure.
* assessments: `start_single_assessment`, `record_assessment_factors` (internal review) and
  `authorise_single_assessment` (outcome "continue", or "no further action" when the factors
  are "21", so that no plan is started that the return does not hold).
* section 47 enquiries: `start_section47` with the strategy date chosen so that the ICPC target
  is the file's; `record_section47_outcome` ("continue") when no conference was needed;
  `hold_initial_conference` for DateOfInitialCPC, starting the CP plan that starts that day.
* CIN plans: `start_plan` / `end_plan`; CP plans not started by a conference: `start_plan`;
  reviews: `review_cp_plan` (the last one carries the latest category); `end_plan`.

Events are replayed in date order, so each service sees the case as it stood on the day.

The file is streamed, never held whole: it is read from the start once to count its children,
once to validate each child against the schema (with the header, and the envelope's shape) and
check it, then written through the services CHUNK children to a transaction, first as a trial
that is always rolled back (so every refusal is found and nothing is saved), then, for an
import of a file with no problem at all, for real. Each transaction holds the database's write
lock for about a second, so people using Journey meanwhile wait a moment, never minutes.

Only a change made by someone else between the trial and the import can refuse a child in the
real pass (another import of the same children, say). The import then stops there: the chunks
written before it stay, and the run says how many children were imported and which one stopped
it.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from lxml import etree

from journey.cases.models import Episode, EpisodeKind
from journey.cases.services import EpisodeInput, close_episode, open_episode
from journey.casework.models import Assessment, Plan, Section47
from journey.casework.services import start_plan
from journey.casework.statutory import services as statutory
from journey.core import codes
from journey.core.working_days import add_working_days
from journey.people.models import Person
from journey.people.services import ChildDetails, record_child
from journey.reporting.census.collection import FIRST_YEAR_WITH_SEX
from journey.reporting.census.reader import read_child
from journey.reporting.census.records import (
    AssessmentRecord,
    CensusChild,
    CinDetails,
    CinPlanRecord,
    CpPlanRecord,
    Section47Record,
)
from journey.reporting.census.validate import schema_for
from journey.workforce.models import Team, Worker

IMPORTED_FIRST_NAME = "Imported child"
IMPORT_NOTE = "Imported from a CIN census return"
#: How Journey closes a referral that led to no further action ("closed after assessment, no
#: further action" is the nearest DfE reason; the census return shows it open, with ReferralNFA).
NFA_CLOSURE_REASON = "RC8"
#: Children written in one transaction: about a second of the database's write lock.
CHUNK = 100

#: Told how far the import has gone: the stage, children done, and of how many (if known).
Progress = Callable[[str, int, int | None], None]


@dataclass(frozen=True)
class Problem:
    """One reason the file cannot be imported: the child (LAchildID) and line, if known."""

    reason: str
    line: int = 0
    la_child_id: str = ""

    def __str__(self) -> str:
        where = []
        if self.la_child_id:
            where.append(f"child {self.la_child_id}")
        if self.line:
            where.append(f"line {self.line}")
        return f"{', '.join(where)}: {self.reason}" if where else self.reason


@dataclass
class ImportResult:
    children: int = 0
    episodes: int = 0
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False
    saved: bool = False
    person_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.problems and self.person_ids:
            return (
                f"Stopped partway: {len(self.person_ids)} children were imported before a "
                f"problem ({len(self.problems)} problem(s)); the rest were not."
            )
        if self.problems:
            return (
                f"Nothing imported: {len(self.problems)} problem(s) in the file "
                f"({self.children} children read)."
            )
        if self.dry_run:
            return (
                f"Dry run: {self.children} children and {self.episodes} episodes would be "
                "imported. Nothing saved."
            )
        return f"Imported {self.children} children and {self.episodes} episodes."


class _Rollback(Exception):
    pass


# --- Reading and checking -------------------------------------------------------------------


@contextmanager
def _opened(source: str | Path | IO[bytes]) -> Iterator[IO[bytes]]:
    if isinstance(source, str | Path):
        with open(source, "rb") as file:
            yield file
    else:
        yield source


#: Where each element of the return's envelope may be: the elements its parent may hold.
ENVELOPE: dict[str | None, tuple[str, ...]] = {
    None: ("Message",),
    "Message": ("Header", "Children"),
    "Children": ("Child",),
}


def _children(
    source: IO[bytes], misplaced: list[Problem] | None = None
) -> Iterator[tuple[etree._Element, etree._Element | None]]:
    """Each <Child> of the return with the <Header> read before it, from the start of the file.

    Each child is dropped once the caller has it, so memory holds one child whatever the size of
    the file. Elements out of place in the envelope (Message, Header, Children) go to
    `misplaced`, with their line."""
    source.seek(0)
    header = None
    events = etree.iterparse(
        source, events=("start", "end"), resolve_entities=False, no_network=True
    )
    for event, element in events:
        # A parsed element's tag is text (lxml's stubs allow any tag an element can be given).
        tag = str(element.tag)
        parent = element.getparent()
        parent_tag = None if parent is None else str(parent.tag)
        if event == "start":
            allowed = ENVELOPE.get(parent_tag)
            if misplaced is not None and allowed and tag not in allowed:
                misplaced.append(
                    Problem(
                        f"Not valid against the CIN census schema: Element '{tag}': "
                        f"This element is not expected here (expected {' or '.join(allowed)}).",
                        element.sourceline or 0,
                    )
                )
            continue
        if tag == "Header" and parent_tag == "Message":
            header = element
        elif tag == "Child" and parent is not None and parent_tag == "Children":
            yield element, header
            element.clear()
            while element.getprevious() is not None:
                del parent[0]


def _schema_year(element: etree._Element) -> int:
    """The schema a return is validated against, told by its first child: Sex from 2025."""
    uses_sex = element.find("ChildIdentifiers/Sex") is not None
    return FIRST_YEAR_WITH_SEX if uses_sex else FIRST_YEAR_WITH_SEX - 1


def _schema_problems(
    element: etree._Element, header: etree._Element | None, year: int
) -> list[Problem]:
    """The child validated on its own, in a message of its own (with the header, if given);
    its problems name the child, those of the header do not."""
    message = etree.Element("Message")
    if header is not None:
        message.append(copy.deepcopy(header))
    etree.SubElement(message, "Children").append(copy.deepcopy(element))  # lines are kept
    schema = schema_for(year)
    if schema.validate(message):
        return []
    la_child_id = (element.findtext("ChildIdentifiers/LAchildID") or "").strip()
    starts = element.sourceline or 0
    return [
        Problem(
            f"Not valid against the CIN census schema: {error.message}",
            error.line,
            la_child_id if error.line >= starts else "",
        )
        for error in schema.error_log
    ]


def _check_code(value: str, choices: type[models.Choices], label: str, problems: list[str]) -> None:
    if value and value not in choices.values:
        problems.append(f"“{value}” is not a valid {label}")


def _closed_on(episode: CinDetails) -> dt.date | None:
    """When the episode ended: its closure, or the referral day of one with no further action."""
    if episode.closure_date is None and episode.referral_nfa:
        return episode.referral_date
    return episode.closure_date


def _child_problems(child: CensusChild, today: dt.date) -> list[str]:
    """Every problem found in one child before anything is written."""
    found: list[str] = []

    def order(earlier: dt.date | None, later: dt.date | None, what: str) -> None:
        if earlier and later and later < earlier:
            found.append(what)

    def past(day: dt.date | None, label: str) -> None:
        if day and day > today:
            found.append(f"{label} {day} is in the future")

    longest = Person._meta.get_field("local_id").max_length
    assert longest is not None  # a CharField's
    if not child.la_child_id:
        found.append("The LAchildID is missing")
    elif len(child.la_child_id) > longest:
        found.append("The LAchildID is longer than Journey's Local ID (20 characters)")
    elif Person.objects.filter(local_id=child.la_child_id).exists():
        found.append("A child with this LAchildID is already in Journey")
    _check_code(child.ethnicity, codes.Ethnicity, "ethnicity", found)
    for code in child.disabilities:
        _check_code(code, codes.Disability, "disability", found)
    _check_code(child.sex, codes.Sex, "sex", found)
    past(child.birth_date, "The birth date")
    order(child.birth_date, child.death_date, "The death date is before the birth date")
    previous: CinDetails | None = None
    for n, episode in enumerate(sorted(child.episodes, key=lambda e: e.referral_date), start=1):
        at = f"Episode {n} (referral {episode.referral_date})"
        past(episode.referral_date, f"{at}: the referral date")
        past(episode.closure_date, f"{at}: the closure date")
        order(child.birth_date, episode.referral_date, f"{at}: the referral is before the birth")
        order(
            episode.referral_date,
            episode.closure_date,
            f"{at}: the closure date {episode.closure_date} is before the referral date",
        )
        if episode.closure_date and not episode.closure_reason:
            found.append(f"{at}: closed with no reason for closure")
        previous_closed = None if previous is None else _closed_on(previous)
        if previous is not None and (
            previous_closed is None or episode.referral_date <= previous_closed
        ):
            found.append(f"{at}: starts before the previous episode closed")
        _check_code(episode.referral_source, codes.ReferralSource, "referral source", found)
        _check_code(episode.primary_need, codes.PrimaryNeed, "primary need code", found)
        _check_code(episode.closure_reason, codes.ReasonForClosure, "reason for closure", found)
        start = episode.referral_date
        end = episode.closure_date
        for a in episode.assessments:
            for code in a.factors:
                _check_code(code, codes.AssessmentFactor, "assessment factor", found)
            order(start, a.start, f"{at}: an assessment starts before the referral")
            order(a.start, a.authorised, f"{at}: an assessment is authorised before it started")
            order(a.authorised, end, f"{at}: an assessment is authorised after the closure")
        for p in episode.cin_plans:
            order(start, p.start, f"{at}: a CIN plan starts before the referral")
            order(p.start, p.end, f"{at}: a CIN plan ends before it started")
        for s in episode.section47s:
            order(start, s.start, f"{at}: a section 47 enquiry starts before the referral")
            order(s.start, s.icpc_date, f"{at}: an ICPC is before its section 47 enquiry")
        for cp in episode.cp_plans:
            _check_code(cp.initial_category, codes.CategoryOfAbuse, "category of abuse", found)
            _check_code(cp.latest_category, codes.CategoryOfAbuse, "category of abuse", found)
            order(start, cp.start, f"{at}: a CP plan starts before the referral")
            order(cp.start, cp.end, f"{at}: a CP plan ends before it started")
        for day in [
            *(a.start for a in episode.assessments),
            *(a.authorised for a in episode.assessments),
            *(p.end for p in episode.cin_plans),
            *(cp.end for cp in episode.cp_plans),
        ]:
            past(day, f"{at}: a date")
        previous = episode
    return found


# --- Writing ----------------------------------------------------------------------------------


def _strategy_day(start: dt.date, target: dt.date | None, earliest: dt.date) -> dt.date:
    """The latest day on or before `start` (not before the referral) whose ICPC target, 15
    working days on, is the file's; the enquiry start itself when none is."""
    if target is not None:
        day = start
        while day >= max(earliest, start - dt.timedelta(days=60)):
            if add_working_days(day, statutory.ICPC_WORKING_DAYS) == target:
                return day
            day -= dt.timedelta(days=1)
    return start


#: The records a child's episode has written so far, by kind and index in the file ("a" for
#: assessments, "s" for section 47 enquiries, "cin" and "cp" for plans), for its later events.
_Written = dict[tuple[str, int], Any]


class _ChildWriter:
    def __init__(self, child: CensusChild, worker: Worker, team: Team) -> None:
        self.child, self.worker, self.team, self.user = child, worker, team, worker.user

    def write(self) -> Person:
        c = self.child
        person = record_child(
            ChildDetails(
                first_name=IMPORTED_FIRST_NAME,
                last_name=c.la_child_id,
                date_of_birth=c.birth_date,
                expected_date_of_birth=c.expected_birth_date,
                sex=c.sex,
                ethnicity=c.ethnicity,
                upn=c.upn,
                former_upn=c.former_upn,
                upn_unknown=c.upn_unknown,
                # A code listed twice is recorded once (record_child would fail on it).
                disabilities=list(dict.fromkeys(c.disabilities)),
                local_id=c.la_child_id,
                date_of_death=c.death_date,
            ),
            recorded_by=self.user,
            confirm_not_duplicate=True,
        )
        for details in sorted(c.episodes, key=lambda e: e.referral_date):
            self._episode(person, details)
        return person

    def _episode(self, person: Person, d: CinDetails) -> None:
        episode = open_episode(
            EpisodeInput(
                child=person,
                kind=EpisodeKind.SOCIAL_CARE,
                team=self.team,
                started_on=d.referral_date,
                referral_source=d.referral_source,
                primary_need=d.primary_need,
                referral_nfa=d.referral_nfa,
            ),
            opened_by=self.user,
        )
        events: list[tuple[dt.date, int, Callable[[], None]]] = []
        add = events.append
        state: _Written = {}
        for i, a in enumerate(d.assessments):
            add((a.start, 1, partial(self._start_assessment, episode, a, i, state)))
            if a.internal_review:
                add((a.internal_review, 2, partial(self._review, a, i, state)))
            if a.authorised:
                add((a.authorised, 3, partial(self._authorise, a, a.authorised, i, state)))
        for i, s in enumerate(d.section47s):
            add((s.start, 4, partial(self._start_s47, episode, s, i, state)))
            if s.icpc_not_required and not s.icpc_date:
                add((s.start, 6, partial(self._s47_no_icpc, i, state)))
        for i, p in enumerate(d.cin_plans):
            add((p.start, 8, partial(self._start_plan, episode, "cin", p, i, state)))
            if p.end:
                add((p.end, 5, partial(self._end_plan, "cin", p.end, i, state)))
        conferences = {s.icpc_date for s in d.section47s if s.icpc_date}
        if d.initial_cpc_date and d.initial_cpc_date not in conferences:
            day = d.initial_cpc_date
            add((day, 7, partial(self._conference, episode, d, day, None, state)))
        for i, s in enumerate(d.section47s):
            if s.icpc_date:
                add((s.icpc_date, 7, partial(self._conference, episode, d, s.icpc_date, i, state)))
        for i, cp in enumerate(d.cp_plans):
            if cp.start not in conferences and cp.start != d.initial_cpc_date:
                add((cp.start, 9, partial(self._start_plan, episode, "cp", cp, i, state)))
            for n, day in enumerate(cp.reviews):
                last = n == len(cp.reviews) - 1
                category = cp.latest_category if last else cp.initial_category
                add((day, 10, partial(self._review_cp, i, day, category, state)))
            if cp.end:
                add((cp.end, 11, partial(self._end_plan, "cp", cp.end, i, state)))
        for _day, _order, act in sorted(events, key=lambda e: (e[0], e[1])):
            act()
        if d.closure_date:
            close_episode(
                episode,
                ended_on=d.closure_date,
                reason=d.closure_reason,
                note=IMPORT_NOTE,
                closed_by=self.user,
            )
        elif d.referral_nfa:
            # The census returns a referral that led to no further action open; in Journey it
            # closes the day it was made (and is exported open again).
            close_episode(
                episode,
                ended_on=d.referral_date,
                reason=NFA_CLOSURE_REASON,
                note=f"{IMPORT_NOTE}: the referral led to no further action",
                closed_by=self.user,
            )

    def _start_assessment(
        self, episode: Episode, a: AssessmentRecord, i: int, state: _Written
    ) -> None:
        state[("a", i)] = statutory.start_single_assessment(
            episode=episode, started_on=a.start, recorded_by=self.user, factors=a.factors
        )

    def _review(self, a: AssessmentRecord, i: int, state: _Written) -> None:
        state[("a", i)] = statutory.record_assessment_factors(
            state[("a", i)], factors=a.factors, by=self.user, internal_review_on=a.internal_review
        )

    def _authorise(self, a: AssessmentRecord, day: dt.date, i: int, state: _Written) -> None:
        no_factors = a.factors == [statutory.NO_FACTORS]
        state[("a", i)] = statutory.authorise_single_assessment(
            state[("a", i)],
            authorised_on=day,
            outcome=(
                Assessment.Outcome.NO_FURTHER_ACTION if no_factors else Assessment.Outcome.CONTINUE
            ),
            manager=self.worker,
            factors=a.factors or None,
            summary=IMPORT_NOTE,
        )

    def _start_s47(self, episode: Episode, s: Section47Record, i: int, state: _Written) -> None:
        state[("s", i)] = statutory.start_section47(
            episode=episode,
            started_on=s.start,
            recorded_by=self.user,
            strategy_on=_strategy_day(s.start, s.icpc_target, episode.started_on),
        )

    def _s47_no_icpc(self, i: int, state: _Written) -> None:
        enquiry = state[("s", i)]
        state[("s", i)] = statutory.record_section47_outcome(
            enquiry,
            outcome=Section47.Outcome.CONTINUE,
            completed_on=enquiry.started_on,
            by=self.user,
            note=IMPORT_NOTE,
        )

    def _conference(
        self, episode: Episode, d: CinDetails, held_on: dt.date, i: int | None, state: _Written
    ) -> None:
        plan_index = next((n for n, p in enumerate(d.cp_plans) if p.start == held_on), None)
        plan = d.cp_plans[plan_index] if plan_index is not None else None
        meeting = statutory.hold_initial_conference(
            episode=episode,
            held_on=held_on,
            decision=(
                statutory.ConferenceDecision.CP_PLAN
                if plan
                else statutory.ConferenceDecision.NO_PLAN
            ),
            recorded_by=self.user,
            section47=state.get(("s", i)) if i is not None else None,
            category=plan.initial_category if plan else "",
            summary=IMPORT_NOTE,
        )
        if plan_index is not None:  # the conference started this CP plan
            state[("cp", plan_index)] = Plan.objects.get(conference=meeting, kind=Plan.Kind.CP)

    def _start_plan(
        self,
        episode: Episode,
        kind: str,
        p: CinPlanRecord | CpPlanRecord,
        i: int,
        state: _Written,
    ) -> None:
        state[(kind, i)] = start_plan(
            episode=episode,
            kind=Plan.Kind.CIN if kind == "cin" else Plan.Kind.CP,
            started_on=p.start,
            recorded_by=self.user,
            initial_category=getattr(p, "initial_category", ""),
        )

    def _review_cp(self, i: int, day: dt.date, category: str, state: _Written) -> None:
        statutory.review_cp_plan(state[("cp", i)], reviewed_on=day, by=self.user, category=category)

    def _end_plan(self, kind: str, day: dt.date, i: int, state: _Written) -> None:
        plan = Plan.objects.get(pk=state[(kind, i)].pk)
        if plan.is_open:  # a conference may have ended a CIN plan already
            statutory.end_plan(plan, ended_on=day, by=self.user, note=IMPORT_NOTE)


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [
            message if name == "__all__" else f"{name.replace('_', ' ')}: {message}"
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return list(error.messages)


# --- The import -------------------------------------------------------------------------------


def _no_progress(stage: str, done: int, total: int | None) -> None:
    pass


def import_census(
    path_or_file: str | Path | IO[bytes],
    *,
    imported_by: Worker,
    team: Team,
    dry_run: bool = False,
    progress: Progress | None = None,
    chunk: int = CHUNK,
) -> ImportResult:
    """Import every child of a CIN census return, or none of them; see the module docstring.

    `imported_by` records everything and authorises the assessments (a manager role);
    `team` holds the episodes. A dry run checks and writes everything, then rolls it back.
    `progress`, if given, is told each stage and how many children are done, between
    transactions (never inside one, where nobody else could see it)."""
    report = progress or _no_progress
    result = ImportResult(dry_run=dry_run)
    if not imported_by.is_manager:
        result.problems.append(
            Problem("The importing worker must have a manager role to authorise assessments")
        )
    try:
        with _opened(path_or_file) as source:
            report("Reading the file", 0, None)
            total = sum(1 for _ in _children(source))
            passed = _check_every_child(source, result, report, total)
            if not imported_by.is_manager:
                return result
            # Every child that passed its checks is written, so that the services' refusals are
            # reported too (every bad row, not just the first), and rolled back.
            writer = _Writer(source, result, imported_by, team, passed, report, chunk)
            writer.write_all("Checking the children against Journey's records", keep=False)
            if result.problems or dry_run:
                return result
            writer.write_all("Importing the children", keep=True)
    except (OSError, etree.XMLSyntaxError) as error:
        line = getattr(error, "lineno", 0) or 0
        result.problems.append(Problem(f"The file cannot be read as XML: {error}", line))
        return result
    result.saved = not result.problems
    return result


def _check_every_child(
    source: IO[bytes], result: ImportResult, report: Progress, total: int
) -> set[int]:
    """Validate and check each child; the positions in the file of those with no problem."""
    today = timezone.localdate()
    passed: set[int] = set()
    seen: set[str] = set()
    misplaced: list[Problem] = []
    year = None
    for index, (element, header) in enumerate(_children(source, misplaced)):
        line = element.sourceline or 0
        if year is None:
            year = _schema_year(element)
            result.problems.extend(_schema_problems(element, header, year))
        else:
            result.problems.extend(_schema_problems(element, None, year))
        report("Checking the file", index + 1, total)
        try:
            child = read_child(element)
        except (ValueError, AttributeError, TypeError) as error:
            result.problems.append(Problem(f"This child cannot be read: {error}", line))
            continue
        result.children += 1
        result.episodes += len(child.episodes)
        own = _child_problems(child, today)
        if child.la_child_id in seen:
            own.insert(0, "This LAchildID appears more than once in the file")
        seen.add(child.la_child_id)
        result.problems.extend(Problem(reason, line, child.la_child_id) for reason in own)
        if not own:
            passed.add(index)
    if year is None:
        misplaced.append(Problem("The file holds no child: a return has at least one <Child>"))
    result.problems.extend(misplaced)
    return passed


class _Writer:
    """Writes the children that passed their checks through the services, `chunk` children to a
    transaction: as a trial, every chunk rolled back, or for real, every chunk kept."""

    def __init__(
        self,
        source: IO[bytes],
        result: ImportResult,
        worker: Worker,
        team: Team,
        passed: set[int],
        report: Progress,
        chunk: int,
    ) -> None:
        self.source, self.result, self.worker, self.team = source, result, worker, team
        self.passed, self.report, self.chunk = passed, report, chunk

    def write_all(self, stage: str, *, keep: bool) -> None:
        batch: list[tuple[int, CensusChild]] = []
        done = 0
        self.report(stage, 0, len(self.passed))
        for index, (element, _header) in enumerate(_children(self.source)):
            if index not in self.passed:
                continue
            batch.append((element.sourceline or 0, read_child(element)))
            if len(batch) == self.chunk or done + len(batch) == len(self.passed):
                stopped = not self._write_chunk(batch, keep=keep)
                done += len(batch)
                batch = []
                self.report(stage, done, len(self.passed))
                if stopped:
                    return

    def _write_chunk(self, batch: list[tuple[int, CensusChild]], *, keep: bool) -> bool:
        """Write one chunk; kept only if asked and nothing in it was refused. False to stop."""
        result, refused = self.result, False
        written: list[int] = []
        try:
            with transaction.atomic():
                for line, child in batch:
                    reasons = _child_problems(child, timezone.localdate()) if keep else []
                    if reasons:  # someone else saved this child since the trial
                        result.problems.extend(Problem(r, line, child.la_child_id) for r in reasons)
                        refused = True
                        break
                    try:
                        with transaction.atomic():
                            person = _ChildWriter(child, self.worker, self.team).write()
                        written.append(person.pk)
                    except ValidationError as error:
                        for message in _messages(error):
                            result.problems.append(Problem(message, line, child.la_child_id))
                        refused = True
                if not keep or refused:
                    raise _Rollback
        except _Rollback:
            if keep and refused:
                self._stopped(batch)
            return not keep
        result.person_ids.extend(written)
        return True

    def _stopped(self, batch: list[tuple[int, CensusChild]]) -> None:
        imported = len(self.result.person_ids)
        if imported:
            self.result.problems.insert(
                0,
                Problem(
                    f"The import stopped partway: the {imported} children before this chunk of "
                    "the file were imported and stay in Journey; this chunk and the rest were "
                    "not. A child in it clashes with a record saved since the file was checked.",
                    batch[0][0],
                    batch[0][1].la_child_id,
                ),
            )
