"""A year of monthly case file audit rounds, and a year's programme of practice observations, for
the demo council, recorded through the services.

On the 1st of each month a QA officer plans a round of the previous month's work across every
team (the sampling method taking turns), draws twelve cases and allocates them to auditors (QA
officers and managers from other teams). Over the following weeks the auditors complete their
audits, with grades that improve through the year towards the target; some are moderated; the
workers acknowledge them and do most of their actions, some late; a weekly escalation run moves
the rest up the management line. Everything is played in date order as of its own day, so each
escalation trail is what the nightly job would have written. The round planned this month is
still in progress. Deterministic for the rng; the sample is drawn by id in one query per round.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import random
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils import timezone

from journey.access.quality import (
    AUDITOR_ROLES,
    MODERATOR_ROLES,
    OBSERVED_ROLES,
    ROUND_ROLES,
)
from journey.cases.models import EpisodeKind
from journey.quality import followup, observations, services
from journey.quality.baseline import add_months, first_of, last_day
from journey.quality.models import (
    CONCERN_GRADES,
    AuditQuestion,
    AuditRound,
    CaseAudit,
    Grade,
    ObservationSetting,
    SampleMethod,
)
from journey.workforce.models import Allocation, Role, Team, Worker

ROUNDS = 12
SAMPLE_SIZE = 12
METHODS = [SampleMethod.TEAM, SampleMethod.RANDOM, SampleMethod.KIND, SampleMethod.WORKER]

FINDINGS = [
    "The plan has actions without owners or dates, so nobody can tell whether it is working.",
    "The child's own words are missing from the last three visits; views are summarised by "
    "the parent.",
    "Supervision is recorded but does not show the manager's reasons for keeping the plan.",
    "The chronology stops in the spring: later visits are recorded only as case notes.",
    "The threshold decision at the last contact does not show the working out.",
]
WORKED_WELL = [
    "Visits are regular and the child is seen alone.",
    "The family say they trust the worker; the plan uses their words.",
    "Agencies attend the TAF meetings and actions are followed up between them.",
    "The manager's oversight is clear and timely.",
]
ACTIONS = [
    "Rewrite the plan with owners and dates for every action, with the family.",
    "See the child alone at the next visit and record their views in their own words.",
    "Bring the case to supervision and record the rationale for the plan.",
    "Bring the chronology up to date and mark the significant events.",
    "Record the working out for the threshold decision, agreed with the manager.",
]
DONE = [
    "I met the family and rewrote the plan: every action now has an owner and a date.",
    "I saw the child alone at school and recorded what they told me in their own words.",
    "We discussed the case in supervision and the rationale is now on the record.",
]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


class AuditSeeder:
    def __init__(self, as_of: dt.date, rng: random.Random):
        self.as_of, self.rng = as_of, rng
        staff = list(Worker.objects.active().select_related("user", "team__service", "service"))
        staff.sort(key=lambda w: w.pk)
        self.qa = [w for w in staff if w.role in ROUND_ROLES]
        self.auditors = [w for w in staff if w.role in AUDITOR_ROLES]
        self.moderators = [w for w in staff if w.role in MODERATOR_ROLES]
        self.teams = list(Team.objects.filter(is_active=True).order_by("pk"))
        self.queue: list[tuple[dt.date, int, Callable[[dt.date], None]]] = []
        self.order = itertools.count()
        self.completed = 0

    # --- the calendar ------------------------------------------------------------------------

    def at(self, day: dt.date, event: Callable[[dt.date], None]) -> None:
        if day <= self.as_of:
            heapq.heappush(self.queue, (day, next(self.order), event))

    def run(self) -> int:
        this_month = first_of(self.as_of)
        for n in range(ROUNDS - 1, -1, -1):
            month = add_months(this_month, -n)
            self.at(month, self.plan_round)
        monday = self.as_of - dt.timedelta(days=7 * 53 + self.as_of.weekday())
        while monday <= self.as_of:
            self.at(monday, self.escalate)
            monday += dt.timedelta(days=7)
        self.at(self.as_of, self.escalate)
        while self.queue:
            day, _, event = heapq.heappop(self.queue)
            event(day)
        return self.completed

    def escalate(self, day: dt.date) -> None:
        followup.escalate_overdue_actions(day, now=_at(day, 7))

    # --- a round -----------------------------------------------------------------------------

    def plan_round(self, day: dt.date) -> None:
        previous = add_months(first_of(day), -1)
        qa = self.rng.choice(self.qa)
        method = METHODS[previous.month % len(METHODS)]
        audit_round = services.create_round(
            services.RoundInput(
                name=f"{previous:%B %Y} case file audit",
                period_start=previous,
                period_end=last_day(previous),
                teams=self.teams,
                kinds=list(EpisodeKind.values),
                sample_size=SAMPLE_SIZE,
                method=method,
                audits_due_on=day + dt.timedelta(days=27),
                seed=self.rng.randrange(2**31),
            ),
            by=qa,
            now=_at(day, 9),
        )
        try:
            samples = services.draw_sample(audit_round, by=qa, now=_at(day, 9))
        except ValidationError:
            return  # no work open that month
        for sample in samples:
            auditor = self.allocate(sample, qa, day)
            if auditor is not None:
                done_on = day + dt.timedelta(days=self.rng.randint(2, 24))
                self.at(done_on, self.audit_event(audit_round, sample, auditor))

    def allocate(self, sample, qa: Worker, day: dt.date) -> Worker | None:
        candidates = self.auditors[:]
        self.rng.shuffle(candidates)
        for auditor in candidates[:6]:
            try:
                services.allocate_auditor(sample, auditor=auditor, by=qa, now=_at(day, 10))
            except ValidationError:
                continue
            return auditor
        return None

    # --- an audit ----------------------------------------------------------------------------

    def audit_event(self, audit_round: AuditRound, sample, auditor: Worker):
        def complete(day: dt.date) -> None:
            audit = self.complete(audit_round, sample, auditor, day)
            if audit is not None:
                self.completed += 1
                self.follow_up(audit, day)

        return complete

    def grade(self, day: dt.date) -> int:
        """Good or better in about 45% of audits a year ago, rising to about 80% now."""
        progress = 1 - (self.as_of - day).days / 365
        if self.rng.random() < 0.45 + 0.35 * max(0.0, progress):
            return Grade.OUTSTANDING if self.rng.random() < 0.15 else Grade.GOOD
        return Grade.INADEQUATE if self.rng.random() < 0.2 else Grade.REQUIRES_IMPROVEMENT

    def answers(self, overall: int, questions) -> dict:
        answers = {}
        for question in questions:
            if question.domain.code == "threshold" and self.rng.random() < 0.2:
                answers[question.pk] = services.AnswerInput(None, "No new contact in the period.")
                continue
            grade = min(4, max(1, overall + self.rng.choice([-1, 0, 0, 0, 1])))
            answers[question.pk] = services.AnswerInput(grade)
        return answers

    def complete(self, audit_round, sample, auditor: Worker, day: dt.date) -> CaseAudit | None:
        rng = self.rng
        overall = self.grade(day)
        owner = services.worker_of(sample.episode)
        if owner is None:
            overall = min(overall, Grade.GOOD)
        concern = overall in CONCERN_GRADES
        n_actions = rng.randint(1, 2) if concern else int(owner is not None and rng.random() < 0.3)
        actions = [
            services.ActionInput(
                row, rng.choice(ACTIONS), day + dt.timedelta(days=rng.randint(14, 28))
            )
            for row in range(1, n_actions + 1)
        ]
        questions = self.questions(audit_round)
        return services.complete_audit(
            audit_round,
            sample.episode,
            services.AuditInput(
                answers=self.answers(overall, questions),
                overall_grade=overall,
                findings=rng.choice(FINDINGS) if concern or rng.random() < 0.3 else "",
                worked_well=rng.choice(WORKED_WELL),
                actions=actions,
            ),
            auditor=auditor,
            now=_at(day, 15),
        )

    def questions(self, audit_round: AuditRound) -> list:
        if not hasattr(self, "_questions"):
            self._questions = list(
                AuditQuestion.objects.filter(domain__tool=audit_round.tool)
                .select_related("domain")
                .order_by("domain__order", "order", "pk")
            )
        return self._questions

    # --- after the audit ---------------------------------------------------------------------

    def follow_up(self, audit: CaseAudit, day: dt.date) -> None:
        rng = self.rng
        if rng.random() < 0.15:
            self.at(day + dt.timedelta(days=rng.randint(3, 10)), self.moderate_event(audit))
        if audit.worker_id and rng.random() < 0.85:
            self.at(day + dt.timedelta(days=rng.randint(1, 7)), self.acknowledge_event(audit))
        for action in audit.actions.all():
            roll = rng.random()
            if roll < 0.6:
                done = day + dt.timedelta(days=rng.randint(1, (action.due_on - day).days))
            elif roll < 0.8:
                done = action.due_on + dt.timedelta(days=rng.randint(3, 40))
            else:
                continue  # never done: it escalates
            self.at(done, self.done_event(action))

    def moderate_event(self, audit: CaseAudit):
        def moderate(day: dt.date) -> None:
            moderators = [m for m in self.moderators if m.pk != audit.auditor_id]
            if not moderators:
                return
            change = self.rng.random() < 0.5
            grade = audit.final_grade
            if change:
                grade = grade + 1 if grade < Grade.REQUIRES_IMPROVEMENT else grade - 1
            followup.moderate_audit(
                audit,
                moderator=self.rng.choice(moderators),
                overall_grade=grade,
                answer_grades={},
                reason=(
                    "Having read the whole file, the evidence supports a different grade: the "
                    "review notes and the latest visits were not taken into account."
                    if change
                    else ""
                ),
                now=_at(day, 11),
            )

        return moderate

    def acknowledge_event(self, audit: CaseAudit):
        def acknowledge(day: dt.date) -> None:
            audit.refresh_from_db(fields=["acknowledged_at"])
            if audit.acknowledged_at is None:
                followup.acknowledge_audit(
                    audit, worker=audit.worker, response="Thank you.", now=_at(day, 12)
                )

        return acknowledge

    def done_event(self, action):
        def done(day: dt.date) -> None:
            followup.record_action_done(
                action,
                worker=action.owner,
                what_was_done=self.rng.choice(DONE),
                done_on=day,
                now=_at(day, 16),
            )

        return done


def seed_audits(*, as_of: dt.date, rng: random.Random) -> int:
    """A year of audit rounds for the demo council in the database; returns audits completed."""
    seeder = AuditSeeder(as_of, rng)
    if not seeder.qa or not seeder.auditors or services.current_tool() is None:
        return 0
    return seeder.run()


# --- Direct observations of practice ---------------------------------------------------------

QUARTERS = 4
#: Of observations whose day has come: the share cancelled, and left overdue (never recorded).
CANCELLED_SHARE, OVERDUE_SHARE, RESPONDED_SHARE = 0.07, 0.06, 0.75
#: Observations planned in the last month are more often not written up yet.
RECENT_DAYS, RECENT_OVERDUE_SHARE = 30, 0.5
QA_OBSERVATIONS_PER_QUARTER = 3

SEEN = [
    "A home visit with the mother and two children: the worker explained why she had come, "
    "checked the plan's actions one by one and saw the younger child's bedroom.",
    "A TAF meeting chaired by the worker: school, health visitor and the family agreed three "
    "actions, each with an owner and a date, and the father's worries were heard.",
    "Direct work with a nine-year-old using a three houses tool: the child drew what worries "
    "him at home and who he would talk to.",
    "A child in need review: the worker summarised progress against the plan and invited the "
    "young person to say what had helped.",
    "Supervision of the worker's caseload: the worker brought two cases and reflected on what "
    "was changing for each child.",
]
STRENGTHS = [
    "Warm and clear with the family; explained her role and the limits of confidentiality.",
    "Kept the meeting focused on the child, and made sure every agency left with a clear task.",
    "Used the child's own words when reflecting back, and checked that he had been understood.",
    "Plain language throughout: the family could say afterwards what happens next and why.",
]
DEVELOPMENT = [
    "Record the child's views in their own words straight after the visit, not days later.",
    "Challenge agencies that come without an update, and follow it up in writing the same day.",
    "Leave more silence for the parent to answer; two questions were answered by the worker.",
    "Check the chronology before the visit so that past concerns are raised with the family.",
]
REFLECTIONS = [
    "Useful to hear how the visit felt from outside: I will record the child's words sooner.",
    "I agree about the silences and will practise leaving space for the parent to answer.",
    "Thank you: I had not noticed how often I answered for the family, and will work on it.",
]
CANCEL_REASONS = [
    "The family cancelled the visit on the morning and it was rearranged for the next month.",
    "The worker was off sick that week, so the observation will be planned again next quarter.",
    "The meeting was postponed by the school and the new date clashed with a conference.",
]


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


class ObservationSeeder:
    """Each team manager observes each of their team's frontline workers once a quarter; QA
    officers observe a few workers from across the council."""

    def __init__(self, as_of: dt.date, rng: random.Random):
        self.as_of, self.rng = as_of, rng
        staff = list(Worker.objects.active().select_related("user", "team__service", "service"))
        staff.sort(key=lambda w: w.pk)
        self.frontline = [w for w in staff if w.role in OBSERVED_ROLES]
        self.qa = [w for w in staff if w.role == Role.QA_OFFICER]
        self.managers: dict[int, Worker] = {}
        for worker in staff:
            if worker.role == Role.TEAM_MANAGER and worker.team_id:
                self.managers.setdefault(worker.team_id, worker)
        self.children: dict[int, list[str]] = {}
        held = (
            Allocation.objects.current()
            .filter(worker__in=self.frontline, episode__child__is_restricted=False)
            .order_by("worker_id", "pk")
            .values_list("worker_id", "episode__child__local_id")
        )
        for worker_id, local_id in held:
            self.children.setdefault(worker_id, []).append(local_id)
        self.planned = 0

    def run(self) -> int:
        first = add_months(_quarter_start(self.as_of), -3 * (QUARTERS - 1))
        for n in range(QUARTERS):
            quarter = add_months(first, 3 * n)
            for worker in self.frontline:
                manager = self.managers.get(worker.team_id)
                if manager is not None:
                    self.observe(manager, worker, quarter)
            for qa in self.qa:
                for worker in self.rng.sample(
                    self.frontline, min(QA_OBSERVATIONS_PER_QUARTER, len(self.frontline))
                ):
                    self.observe(qa, worker, quarter)
        return self.planned

    def observe(self, observer: Worker, worker: Worker, quarter: dt.date) -> None:
        planned_on = quarter + dt.timedelta(days=self.rng.randint(0, 85))
        plan_day = min(quarter - dt.timedelta(days=14), self.as_of)
        if planned_on < plan_day:
            return
        observation = self.plan(observer, worker, planned_on, plan_day)
        self.planned += 1
        if planned_on > self.as_of:
            return
        roll = self.rng.random()
        if roll < CANCELLED_SHARE:
            day = max(plan_day, planned_on - dt.timedelta(days=self.rng.randint(1, 5)))
            observations.cancel_observation(
                observation, by=observer, reason=self.rng.choice(CANCEL_REASONS), now=_at(day, 9)
            )
        else:
            recent = (self.as_of - planned_on).days <= RECENT_DAYS
            overdue = RECENT_OVERDUE_SHARE if recent else OVERDUE_SHARE
            if roll >= CANCELLED_SHARE + overdue or planned_on == self.as_of:
                self.record(observation, observer, worker)

    def plan(self, observer: Worker, worker: Worker, planned_on: dt.date, plan_day: dt.date):
        setting = self.rng.choice(ObservationSetting.values[:-1])
        held = self.children.get(worker.pk, [])
        child_id = self.rng.choice(held) if held and self.rng.random() < 0.4 else ""
        data = observations.ObservationPlan(
            observer=observer,
            observed=worker,
            planned_on=planned_on,
            setting=setting,
            child_id=child_id,
        )
        try:
            return observations.plan_observation(data, by=observer, now=_at(plan_day, 9))
        except ValidationError:  # a child the observer may not see: observed outside the case
            data.child_id = ""
            return observations.plan_observation(data, by=observer, now=_at(plan_day, 9))

    def record(self, observation, observer: Worker, worker: Worker) -> None:
        rng = self.rng
        day = min(observation.planned_on + dt.timedelta(days=rng.randint(0, 3)), self.as_of)
        grade = rng.choice([Grade.OUTSTANDING, Grade.GOOD, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT])
        observations.record_observation(
            observation,
            observations.ObservationRecord(
                observed_on=day,
                what_was_seen=rng.choice(SEEN),
                strengths=rng.choice(STRENGTHS),
                development_points=rng.choice(DEVELOPMENT),
                grade=grade if rng.random() < 0.7 else None,
            ),
            by=observer,
            now=_at(day, 17),
        )
        responded = day + dt.timedelta(days=rng.randint(1, 10))
        if responded <= self.as_of and rng.random() < RESPONDED_SHARE:
            observations.respond_to_observation(
                observation, by=worker, response=rng.choice(REFLECTIONS), now=_at(responded, 12)
            )


def seed_observations(*, as_of: dt.date, rng: random.Random) -> int:
    """A year's programme of practice observations, through the services; returns how many
    were planned (recorded, cancelled, overdue and still to come)."""
    return ObservationSeeder(as_of, rng).run()
