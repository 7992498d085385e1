"""The demo council's statutory social care records, built as casework/statutory/services.py builds
them, so that a CIN census of the demo council is complete and passes the DfE rules:

- a single assessment for every referral that is not "no further action", authorised by the
  team manager (mostly within 45 working days) with its DfE factors; one at a time;
- for about a fifth, a strategy discussion and a section 47 enquiry, its initial conference
  mostly within 15 working days, and a child protection plan starting on the conference day
  with its category, reviewed 3 months later and then every 6 months (mostly on time);
- child in need plans after assessments or enquiries, ended when a CP plan starts;
- for about 1 in 20 enquiries, all of them ending in a child protection plan, police protection
  (s46) or an emergency protection order (s44) a day or three before the strategy discussion.

Everything is dated in order inside the episode; nothing is left under way in closed work.
It draws on its own random stream, so the rest of the council does not depend on it (and the
emergency protection on a stream of its own, so adding it left the rest as it was).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from journey.cases.models import Episode
from journey.casework.models import (
    Assessment,
    EmergencyProtection,
    Meeting,
    Plan,
    PlanReview,
    Section47,
)
from journey.casework.statutory.services import (
    EPO_MAX_DAYS,
    POLICE_PROTECTION_MAX_DAYS,
    ConferenceDecision,
    conference_entry,
    icpc_target,
    plan_ended_entry,
    protection_entry,
    review_entry,
    section47_outcome_entry,
    section47_started_entry,
    single_assessment_entries,
)
from journey.chronology.services import start_of
from journey.core.working_days import add_months, add_working_days
from journey.workforce.models import Worker

if TYPE_CHECKING:
    from journey.demo.generator import Chunk

#: Factors found at assessment, roughly as often as the national figures show them.
FACTORS = [
    ("3B", 30), ("4B", 28), ("3A", 18), ("1B", 14), ("2B", 15), ("16A", 14), ("4A", 12),
    ("17A", 8), ("5B", 5), ("6B", 6), ("14A", 4), ("10A", 3), ("24A", 3), ("11A", 2),
    ("15A", 3), ("18C", 3), ("7A", 1), ("20", 4),
]  # fmt: skip
CATEGORIES = [("NEG", 50), ("EMO", 35), ("PHY", 7), ("SAB", 4), ("MUL", 4)]
STRATEGY_NOTE = (
    "Police, school, health and social care shared what each knew; the threshold for a "
    "section 47 enquiry is met. Joint visit agreed."
)
CONFERENCE_NOTE = "Family, school, health visitor and police attended; the child's views shared."
POLICE_NOTE = (
    "Police attended a late-night incident at the home and used their powers of protection; "
    "{name} stayed with a grandparent while police and social care agreed what happens next."
)
EPO_NOTE = (
    "The family court granted an emergency protection order on the council's application after "
    "{name} disclosed an injury at school; {name} stayed with foster carers."
)
#: Of the enquiries whose conference starts a CP plan (about half of them), the share preceded by
#: emergency protection (some have no day before it): about 1 in 20 enquiries.
PROTECTED_SHARE = 0.15


def _spans_a_census_day(start: dt.date, end: dt.date, as_of: dt.date) -> bool:
    """A 31 March (a CIN census reference date), or today (where the census of the year under
    way stops), falls from `start` up to the day before `end`."""
    days = [dt.date(year, 3, 31) for year in range(start.year, end.year + 1)] + [as_of]
    return any(start <= day < end for day in days)


def _pick(rng: random.Random, weighted: list[tuple]) -> object:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


class SocialCareWork:
    def __init__(
        self, rng: random.Random, as_of: dt.date, protection_rng: random.Random | None = None
    ):
        self.rng = rng
        self.as_of = as_of
        self.protection_rng = protection_rng or random.Random(0)

    def referral_nfa(self) -> bool:
        """A few referrals end in no further action on the day: no assessment."""
        return self.rng.random() < 0.05

    def build(
        self,
        chunk: Chunk,
        episode: Episode,
        started: dt.date,
        until: dt.date,
        user,
        manager: Worker,
    ) -> None:
        if episode.referral_nfa:
            return
        self.chunk, self.episode, self.user, self.manager = chunk, episode, user, manager
        self.until, self.closed = until, episode.ended_on is not None
        self.current: Plan | None = None  # the CIN or CP plan running now
        rng = self.rng
        path = _pick(rng, [("s47", 25), ("cin", 50), ("none", 25)])
        # Closed after assessment (RC8, RC9): no plan; an enquiry there ended in no further action.
        self.no_plan = episode.closure_reason in {"RC8", "RC9"}
        if self.no_plan:
            path = "none"  # and no enquiry either (census rule 2990)
        assessment = self.assessment(started + dt.timedelta(days=rng.randint(0, 3)), path)
        if assessment is None:
            return  # nothing under way yet: an enquiry starts once the assessment has (2991Q)
        self.current_assessment = assessment
        if path == "s47":
            strategy_on = started + dt.timedelta(days=rng.randint(0, 12))
            self.section47(max(strategy_on, assessment.started_on))  # within the assessment
        elif path == "cin" and assessment is not None and assessment.completed_on:
            self.cin_plan(assessment.completed_on)

    # --- pieces -------------------------------------------------------------------------------

    def fits(self, day: dt.date) -> bool:
        """Whether a dated event happens inside the episode as it stands today."""
        return day <= self.until and day <= self.as_of

    def assessment(self, start: dt.date, path: str) -> Assessment | None:
        rng = self.rng
        working_days = rng.randint(8, 40) if rng.random() < 0.9 else rng.randint(41, 60)
        if self.no_plan and self.closed:
            # Closed after assessment: the assessment ends on the day the work closes.
            working_days = min(working_days, 40)
            start = max(self.episode.started_on, self.until - dt.timedelta(days=working_days))
            start = min(start, self.until)
            authorised = self.until
        elif not self.fits(start):
            return None
        else:
            authorised = add_working_days(start, working_days)
        if path == "s47":
            working_days = max(working_days, 12)  # under way when the enquiry starts (2991Q)
            authorised = add_working_days(start, working_days)
        if working_days > 45 and _spans_a_census_day(start, authorised, self.as_of):
            # Late assessments are kept clear of 31 March and of today, where the census would
            # ask why one was still open (rule 8670Q): the demo return is clean.
            authorised = add_working_days(start, 44)
        if not self.fits(authorised):
            authorised = self.until if self.closed else None  # closing work finishes it
        outcome = {"s47": "strategy", "cin": "cin_plan"}.get(
            path, _pick(rng, [("nfa", 60), ("early_help", 40)])
        )
        factors = {_pick(rng, FACTORS) for _ in range(rng.randint(1, 3))}
        disabled = getattr(self.episode.child, "_disabled", False)
        if disabled:
            factors.add(_pick(rng, [("6A", 60), ("5A", 40)]))  # census rule 8899Q
        factors = sorted(factors)
        if self.no_plan and not disabled and rng.random() < 0.2:
            factors = ["21"]  # no factors: only where the work closes after it (8873Q)
        review = None
        if authorised and (authorised - start).days > 20 and rng.random() < 0.25:
            review = start + dt.timedelta(days=rng.randint(10, (authorised - start).days))
        assessment = Assessment(
            episode=self.episode,
            kind=Assessment.Kind.SINGLE,
            started_on=start,
            completed_on=authorised,
            internal_review_on=review,
            authorised_by=self.manager if authorised else None,
            outcome=outcome if authorised else "",
            factors=factors,
            child_views=f"{self.episode.child.first_name} said they want things at home to be "
            "calmer.",
            recorded_by=self.user,
        )
        self.chunk.assessments.append(assessment)
        # Entries are built once the rows have their keys.
        self.chunk.later_entries.append(lambda: single_assessment_entries(assessment)[0])
        if authorised:
            self.chunk.later_entries.append(lambda: single_assessment_entries(assessment)[1])
        return assessment

    def meeting(self, kind: str, held_on: dt.date, summary: str, entry: bool = False) -> Meeting:
        meeting = Meeting(
            episode=self.episode,
            kind=kind,
            held_on=held_on,
            summary=summary,
            recorded_by=self.user,
        )
        meeting._entry = entry  # conferences and reviews write their own entries
        self.chunk.meetings.append(meeting)
        return meeting

    def section47(self, strategy_on: dt.date) -> None:
        rng = self.rng
        if not self.fits(strategy_on):
            return
        strategy = self.meeting(Meeting.Kind.STRATEGY, strategy_on, STRATEGY_NOTE, entry=True)
        started = min(strategy_on + dt.timedelta(days=rng.randint(0, 2)), self.until)
        enquiry = Section47(
            episode=self.episode,
            strategy_discussion=strategy,
            strategy_on=strategy_on,
            started_on=started,
            icpc_target_on=icpc_target(strategy_on),
            recorded_by=self.user,
        )
        self.chunk.section47s.append(enquiry)
        self.chunk.later_entries.append(lambda: section47_started_entry(enquiry))
        on_time = rng.random() < 0.85
        conference_day = add_working_days(
            strategy_on, rng.randint(9, 15) if on_time else rng.randint(16, 25)
        )
        if not on_time and _spans_a_census_day(strategy_on, conference_day, self.as_of):
            # Late conferences are kept clear of 31 March and today too (rule 8675Q).
            conference_day = add_working_days(strategy_on, 14)
        outcome = _pick(rng, [("icpc", 50), ("cin_plan", 28), ("nfa", 22)])
        if self.no_plan:
            outcome = "nfa"
        decided = min(started + dt.timedelta(days=rng.randint(4, 10)), conference_day)
        if outcome == "icpc" and self.closed and conference_day >= self.until:
            outcome = "nfa"  # the work closed before a conference could sit
        if not self.fits(decided):
            if self.closed:
                decided = self.until
                outcome = "nfa" if outcome == "icpc" else outcome
            else:
                return  # still under way
        enquiry.outcome, enquiry.completed_on = outcome, decided
        enquiry.outcome_note = "Joint visit completed; the child was seen alone."
        self.chunk.later_entries.append(lambda: section47_outcome_entry(enquiry, self.user))
        if outcome == "cin_plan" and (decided < self.until or not self.closed):
            self.cin_plan(decided)
        elif outcome == "icpc" and self.fits(conference_day):
            self.conference(enquiry, conference_day)
            self.conclude_assessment_at(conference_day)

    def conclude_assessment_at(self, held_on: dt.date) -> None:
        """An assessment finished before a 31 March whose enquiry's conference sits after it
        concludes with the conference instead, so that the census return holding the enquiry
        holds the assessment too (rule 2991Q)."""
        assessment = self.current_assessment
        done = assessment.completed_on
        if done and done < held_on and _spans_a_census_day(done, held_on, self.as_of):
            assessment.completed_on = held_on

    def conference(self, enquiry: Section47, held_on: dt.date) -> None:
        rng = self.rng
        meeting = self.meeting(Meeting.Kind.ICPC, held_on, CONFERENCE_NOTE)
        enquiry.conference = meeting
        if rng.random() < 0.12:
            plan = self.cin_plan(held_on) if (held_on < self.until or not self.closed) else None
            decision = ConferenceDecision.CIN_PLAN if plan else ConferenceDecision.NO_PLAN
            self.chunk.later_entries.append(lambda: conference_entry(meeting, decision, None))
            return
        category = _pick(rng, CATEGORIES)
        self.end_current(held_on, "Replaced by a child protection plan")
        plan = Plan(
            episode=self.episode,
            kind=Plan.Kind.CP,
            started_on=held_on,
            ended_on=self.episode.ended_on,
            review_due_on=add_months(held_on, 3),
            initial_category=category,
            latest_category=category,
            conference=meeting,
            recorded_by=self.user,
        )
        self.chunk.plans.append(plan)
        self.current = plan
        self.chunk.later_entries.append(
            lambda: conference_entry(meeting, ConferenceDecision.CP_PLAN, plan)
        )
        self.reviews(plan)
        if self.protection_rng.random() < PROTECTED_SHARE:
            self.emergency_protection(enquiry.strategy_on)

    def emergency_protection(self, strategy_on: dt.date) -> None:
        """Police protection (mostly) or an emergency protection order a day or three before the
        strategy discussion, inside the episode, no longer than the law allows."""
        rng = self.protection_rng
        earliest = self.episode.started_on
        if strategy_on <= earliest:
            return  # the strategy discussion was on the day of the referral: no room before it
        started = max(earliest, strategy_on - dt.timedelta(days=rng.randint(1, 3)))
        if rng.random() < 0.7:
            kind, note = EmergencyProtection.Kind.POLICE, POLICE_NOTE
            ended = started + dt.timedelta(days=rng.randint(1, POLICE_PROTECTION_MAX_DAYS))
        else:
            kind, note = EmergencyProtection.Kind.EPO, EPO_NOTE
            days = rng.randint(5, 8) if rng.random() < 0.8 else rng.randint(9, EPO_MAX_DAYS)
            ended = started + dt.timedelta(days=days)
        protection = EmergencyProtection(
            episode=self.episode,
            kind=kind,
            started_on=started,
            ended_on=ended if self.fits(ended) else None,
            note=note.format(name=self.episode.child.first_name),
            recorded_by=self.user,
            recorded_at=min(start_of(started) + dt.timedelta(hours=8), start_of(self.as_of)),
        )
        self.chunk.protections.append(protection)
        self.chunk.later_entries.append(lambda: protection_entry(protection))

    def reviews(self, plan: Plan) -> None:
        """Review conferences 3 months after the ICPC, then every 6 months; mostly on time."""
        rng = self.rng
        last = plan.started_on
        due = add_months(last, 3)
        end = plan.ended_on or self.as_of
        steps_down = plan.ended_on is None and rng.random() < 0.4
        while True:
            late = rng.randint(1, 25) if rng.random() < 0.08 else -rng.randint(0, 10)
            day = max(due + dt.timedelta(days=late), last + dt.timedelta(days=14))
            if day >= end:
                break
            category = plan.latest_category
            if rng.random() < 0.1:
                category = _pick(rng, CATEGORIES)
            meeting = self.meeting(Meeting.Kind.RCPC, day, "Plan reviewed with the family.")
            meeting.next_due_on = add_months(day, 6)
            review = PlanReview(
                plan=plan, reviewed_on=day, meeting=meeting, category=category,
                recorded_by=self.user,
            )  # fmt: skip
            self.chunk.reviews.append(review)
            self.chunk.later_entries.append(lambda review=review: review_entry(review))
            plan.latest_category = category
            last, due = day, add_months(day, 6)
            if steps_down and (self.as_of - day).days > 30 and rng.random() < 0.35:
                # The review ends the plan: support continues as a child in need.
                self.end_current(day, "Risks reduced: a child in need plan instead")
                self.cin_plan(day)
                due = None
                break
        plan.review_due_on = due if plan.ended_on is None else None

    def end_current(self, day: dt.date, note: str) -> None:
        """End the running plan as end_plan does (with its entry), before another starts."""
        plan, self.current = self.current, None
        if plan is None:
            return
        plan.ended_on, plan.end_note, plan.review_due_on = day, note, None
        self.chunk.later_entries.append(lambda: plan_ended_entry(plan, self.user))

    def cin_plan(self, start: dt.date) -> Plan | None:
        if self.current is not None or (self.closed and start >= self.until):
            return None  # one plan at a time; never starting and ending on the closing day
        plan = Plan(
            episode=self.episode,
            kind=Plan.Kind.CIN,
            started_on=start,
            ended_on=self.episode.ended_on,
            review_due_on=start + dt.timedelta(days=90),
            recorded_by=self.user,
        )
        self.chunk.plans.append(plan)
        self.current = plan
        day = start + dt.timedelta(days=90)
        while self.fits(day) and day < (self.episode.ended_on or self.as_of):
            review = self.meeting(
                Meeting.Kind.CIN_REVIEW, day, "Plan reviewed with the family and agencies.",
                entry=True,
            )  # fmt: skip
            review.next_due_on = day + dt.timedelta(days=90)
            plan.review_due_on = review.next_due_on
            day += dt.timedelta(days=90 + self.rng.randint(-5, 10))
        return plan
