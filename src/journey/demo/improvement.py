"""The demo council's improvement plan (R11): the areas for improvement of a peer challenge
review of early help and its interface with social care, in the project's own words, with
actions tied to live measures, a year of progress and monthly figures, and two reports to the
scrutiny panel, the second saying what changed since the first.

Everything goes through the services; actions and progress are dated back over the year so the
ratings, the dashboard's trend and the reports read as a year's work.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from journey.core import measures as registry
from journey.core.working_days import add_months
from journey.improvement import services
from journey.improvement.models import Action, ImprovementPlan, Rag
from journey.reporting.scrutiny import services as scrutiny
from journey.reporting.scrutiny.selectors import RISKS
from journey.workforce.models import Role, Worker


@dataclass(frozen=True)
class DemoAction:
    text: str
    lead: str  # a role key below
    evidence: str
    due_months: int  # after the plan starts
    measure: str = ""
    target: str = ""
    target_months: int = 12
    note: str = ""
    links: str = ""


@dataclass(frozen=True)
class DemoArea:
    title: str
    finding: str
    actions: tuple[DemoAction, ...]


AREAS = (
    DemoArea(
        "Raise the quality of case recording, supervision and management oversight",
        "Recording varied between teams: some case records were not up to date, and supervision "
        "and managers' decisions were not always written on the child's record.",
        (
            DemoAction(
                "Set a baseline from the first round of case file audits and raise the share "
                "graded good or better, with feedback to each worker audited",
                "qa",
                "Audits graded good or better reach the council's target",
                9,
                "audits_good_or_better",
                "70",
                links="Quality assurance framework",
            ),
            DemoAction(
                "Record case supervision on every open case within its interval",
                "manager",
                "Supervision recorded on the child's record on time",
                6,
                "supervision_within_interval",
                "90",
                links="Team delivery plans",
            ),
            DemoAction(
                "Keep a reflective case summary up to date on every social care case",
                "manager",
                "Reflective summaries no older than the council's interval",
                9,
                "reflective_summaries_current",
                "80",
            ),
        ),
    ),
    DemoArea(
        "Use complaints to learn and to improve practice",
        "Complaints were handled case by case; what they taught was not gathered or shared.",
        (
            DemoAction(
                "Update the complaints policy and produce an annual report of what complaints "
                "taught us",
                "ad",
                "The annual report's recommendations are carried out",
                4,
                note="Policy redrafted with the complaints officer; consultation with team "
                "managers closes next month.",
            ),
        ),
    ),
    DemoArea(
        "Move the duty and assessment team to a room fit for the work",
        "The duty team's room was too small and too noisy for confidential calls.",
        (
            DemoAction(
                "Relocate the duty team",
                "hos_sc",
                "The team works from a suitable room",
                2,
                note="The team moved on the planned date; calls are now taken in two quiet rooms.",
            ),
        ),
    ),
    DemoArea(
        "Embed the quality assurance framework and a systematic approach to audit",
        "Audit activity was not yet routine in every team, and managers did not always agree "
        "with auditors' grades.",
        (
            DemoAction(
                "Train every team in the quality assurance framework, in phases",
                "qa",
                "Staff and managers take part in audits and moderation",
                5,
                note="Four of six teams trained; the rest are booked.",
            ),
            DemoAction(
                "Moderate a sample of audits each month and agree grades",
                "qa",
                "Moderators agree with most auditors' grades",
                8,
                "audit_moderation_agreement",
                "80",
            ),
        ),
    ),
    DemoArea(
        "Make early help under the CAF consistent and good",
        "Some TAF meetings were late and some plans had stopped moving; the CAF tracker was not "
        "yet used to find them.",
        (
            DemoAction(
                "Use the CAF tracker so TAF meetings are held within timescale",
                "hos_eh",
                "TAF meetings held by their due date",
                12,
                "taf_within_timescale",
                "90",
                links="Families First strategy; team delivery plan 1",
            ),
            DemoAction(
                "Keep early help plan actions moving: none overdue for long",
                "hos_eh",
                "Few early help actions past their due date",
                12,
                "early_help_actions_overdue",
                "15",
            ),
            DemoAction(
                "Bring drift on open CAF cases down",
                "hos_eh",
                "Fewer drift flags on open CAF cases",
                12,
                "drift_flags_per_100",
                "40",
            ),
        ),
    ),
    DemoArea(
        "Measure the difference early help makes to families",
        "An outcome tool was talked about, but little showed it was used or how the difference "
        "help made was measured and reported.",
        (
            DemoAction(
                "Measure every early help family with the family wheel at the start and at closure",
                "hos_eh",
                "Early help closed with a start measure",
                12,
                "outcomes_use",
                "85",
                links="Families First strategy; team delivery plan 2",
            ),
            DemoAction(
                "Report the distance families travel to the scrutiny panel each year",
                "hos_eh",
                "Measured early help in which the family improved",
                12,
                "outcomes_improved",
                "65",
            ),
        ),
    ),
    DemoArea(
        "Improve joint working with health, above all child and adolescent mental health",
        "Children waited a long time for mental health services, and escalations were slow.",
        (
            DemoAction(
                "Agree with health how long children wait for a first appointment, and escalate "
                "waits beyond it",
                "ad",
                "Average waits from referral to first appointment fall",
                12,
                "partner_service_waiting_days_camhs",
                "42",
            ),
        ),
    ),
    DemoArea(
        "Review the caseloads of the specialist disabled children's workers",
        "The specialist worker's caseload appeared to stay high.",
        (
            DemoAction(
                "Keep every worker within their caseload limit; move lower-level work to early "
                "help where it is safe",
                "hos_sc",
                "Workers within their weighted caseload limit",
                6,
                "workers_within_caseload_limit",
                "100",
            ),
        ),
    ),
    DemoArea(
        "Make sure children's views shape their plans and our services",
        "Children's views were recorded, but not always in assessments and plans.",
        (
            DemoAction(
                "Record the child's views in every completed assessment",
                "manager",
                "Assessments that record the child's views",
                6,
                "assessments_with_child_views",
                "95",
            ),
            DemoAction(
                "Write and carry out a participation strategy for every children's service",
                "ad",
                "Strategy published after consultation",
                5,
                note="Draft strategy shared with the children in care council.",
            ),
        ),
    ),
    DemoArea(
        "Show that single-agency early help prevents escalation",
        "There was little evidence that single-agency work kept families from needing more.",
        (
            DemoAction(
                "Review the single-agency trackers and reduce step-ups soon after earlier "
                "social care",
                "hos_eh",
                "Few step-ups that were re-referrals",
                12,
                "step_ups_re_referred",
                "10",
            ),
        ),
    ),
    DemoArea(
        "Observe frontline practice directly",
        "Senior managers saw little of practice at first hand.",
        (
            DemoAction(
                "Agree and carry out a programme of observations of practice by senior managers",
                "ad",
                "Programme completed; what was learned is shared",
                6,
                note="Twelve observations done; two themes reported to the management team.",
            ),
        ),
    ),
)

RATED_NOTES = {
    Rag.ACHIEVED: "Done, and the evidence is on file.",
    Rag.ON_TASK: "On track; next steps agreed with the responsible officer.",
    Rag.AT_RISK: "Behind: capacity in the team is the obstacle; escalated to the owner.",
}


def _workers() -> dict[str, Worker]:
    def first(**where) -> Worker:
        return Worker.objects.active().filter(**where).order_by("pk").first()  # type: ignore[return-value]

    ad = first(user__username="assistant.director") or first(role=Role.ASSISTANT_DIRECTOR)
    heads = list(
        Worker.objects.active().filter(role=Role.HEAD_OF_SERVICE).select_related("service")
    )
    early_help = next((h for h in heads if h.service and h.service.kind == "early_help"), heads[0])
    social_care = next(
        (h for h in heads if h.service and h.service.kind == "social_care"), heads[0]
    )
    return {
        "ad": ad,
        "hos_eh": early_help,
        "hos_sc": social_care,
        "manager": first(user__username="team.manager") or first(role=Role.TEAM_MANAGER),
        "qa": first(user__username="qa.officer") or first(role=Role.QA_OFFICER),
    }


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


MEASURED_NOTES = (
    "Team managers went through the figures with their teams and agreed where to start.",
    "The list behind the figure was worked through case by case in supervision.",
    "Progress discussed at the performance meeting; the trend is watched monthly.",
)


def _progress(
    action: Action, start: dt.date, as_of: dt.date, rng: random.Random, note: str
) -> None:
    """A dated update about every two months. The lead rates an action with no measure, until
    it is achieved; a measured action's updates say what was done, its figures rate it."""
    day = add_months(start, 1) + dt.timedelta(days=rng.randint(3, 20))
    while day < as_of:
        last = add_months(day, 2) >= as_of
        if action.is_measured:
            rag, text = "", rng.choice(MEASURED_NOTES)
        else:
            rag = rng.choice([Rag.ON_TASK, Rag.ON_TASK, Rag.AT_RISK])
            if day > add_months(start, 6) and rng.random() < 0.4:
                rag = Rag.ACHIEVED
            text = note if note and (last or rag == Rag.ACHIEVED) else RATED_NOTES[rag]
        services.record_progress(
            action, services.ProgressInput(day, text, rag), by=action.lead.user
        )
        if rag == Rag.ACHIEVED:
            return
        day = add_months(day, 2)


def plan_start(as_of: dt.date) -> dt.date:
    """The plan began a year before the demo's month."""
    return add_months(as_of.replace(day=1), -12)


def plan_input(as_of: dt.date, owner: Worker) -> services.PlanInput:
    start = plan_start(as_of)
    return services.PlanInput(
        title="Early help and social care improvement plan",
        source="peer_challenge",
        owner=owner,
        starts_on=start,
        ends_on=add_months(start, 18) - dt.timedelta(days=1),
        purpose="To answer the areas for development a peer challenge review found in our "
        "early help and its interface with children's social care.",
        background="A peer challenge team from neighbouring councils spent three days with "
        "us, looking at thresholds, stepping up and down, the quality of early help "
        "assessments and the voice of the child.\nThey found no child left unsafe, "
        "thresholds understood and practice centred on the child. They also found areas to "
        "develop: recording, quality assurance, joint work with health, caseloads and the "
        "child's voice. This plan answers each of them.",
    )


def action_input(
    item: DemoAction, start: dt.date, workers: dict[str, Worker]
) -> services.ActionInput:
    measured = bool(item.measure) and registry.get(item.measure) is not None
    return services.ActionInput(
        action=item.text,
        lead=workers[item.lead],
        responsible_officer=workers["ad"] if item.lead != "ad" else workers["hos_sc"],
        evidence=item.evidence,
        due_on=add_months(start, item.due_months),
        timescale_note="Monthly" if measured else "",
        linked_plans=item.links,
        measure=item.measure if measured else "",
        target=Decimal(item.target) if measured else None,
        target_by=add_months(start, item.target_months) if measured else None,
    )


def demo_workers() -> dict[str, Worker] | None:
    workers = _workers()
    return None if any(w is None for w in workers.values()) else workers


def seed_improvement(
    *, as_of: dt.date, rng: random.Random, plan: ImprovementPlan | None = None
) -> ImprovementPlan | None:
    """The plan's year of work. Given the plan the peer challenge letter became (each area for
    development an area, titled as in AREAS, with its first action), the rest of each area's
    actions join it; without one (the review could not be seeded), the plan is made here."""
    workers = demo_workers()
    if workers is None:
        return None
    start = plan_start(as_of)
    ad = workers["ad"]
    if plan is None:
        plan = services.create_plan(plan_input(as_of, ad), by=ad.user)
    areas = {area.title: area for area in plan.areas.all()}
    for demo_area in AREAS:
        area = areas.get(demo_area.title) or services.add_area(
            plan, services.AreaInput(demo_area.title, demo_area.finding), by=ad.user
        )
        made = list(area.actions.order_by("number"))
        for index, item in enumerate(demo_area.actions):
            if index < len(made):
                action = made[index]
            else:
                action = services.add_action(area, action_input(item, start, workers), by=ad.user)
            Action.objects.filter(pk=action.pk).update(created_at=_at(start))
            action.refresh_from_db()
            _progress(action, start, as_of, rng, item.note)
    _withdraw_and_override(plan, workers, start, as_of)
    return plan


def _withdraw_and_override(
    plan: ImprovementPlan, workers: dict[str, Worker], start: dt.date, as_of: dt.date
) -> None:
    actions = Action.objects.filter(area__plan=plan)
    withdrawn = actions.filter(
        measure="", action__startswith="Write and carry out a participation"
    ).first()
    if withdrawn is not None:
        services.withdraw_action(
            withdrawn,
            "The participation strategy is now a council-wide plan led by the participation "
            "officer, so it leaves this plan and is reported there.",
            by=workers["ad"].user,
        )
        Action.objects.filter(pk=withdrawn.pk).update(withdrawn_at=_at(add_months(start, 7)))
    overridden = actions.filter(measure="audit_moderation_agreement").first()
    if overridden is not None:
        services.override_rating(
            overridden,
            Rag.ON_TASK,
            "Moderation only began in the spring, so the six-month trend still includes months "
            "with one or two moderated audits; the last quarter agrees far more often.",
            by=workers["ad"].user,
        )


def seed_figures(*, as_of: dt.date) -> int:
    """A year of monthly figures and ratings, counted from the dated records."""
    first = as_of.replace(day=1)
    result = services.snapshot_measures([add_months(first, -back) for back in range(13)], as_of)
    return result.figures


def seed_reports(plan: ImprovementPlan, *, as_of: dt.date) -> list:
    """Two reports to the panel: at the end of the plan's first half year, and a quarter later."""
    ad = plan.owner
    risks = [
        scrutiny.Risk(
            risk,
            "M" if risk in ("Time", "Equality and diversity") else "L",
            {
                "Time": "The areas for development must be addressed before the next inspection.",
                "Viability": "The improvements can be made within existing resources, though "
                "some will take time to embed.",
                "Finance": "The changes are to our own processes and need no outside spending.",
                "Profile": "The review found no safeguarding issue likely to attract adverse "
                "publicity.",
                "Equality and diversity": "Children must reach the right service at the right "
                "time for their particular needs.",
            }[risk],
        )
        for risk in RISKS
    ]
    reports = []
    for number, months in (("41/2026", 6), ("77/2026", 9)):
        as_at = add_months(plan.starts_on, months) - dt.timedelta(days=1)
        if as_at >= as_of:
            break
        reports.append(
            scrutiny.issue_report(
                scrutiny.ReportInput(
                    plan=plan,
                    number=number,
                    title="Peer challenge review: progress on the improvement plan",
                    panel="People (Children) Scrutiny Panel",
                    meeting_on=as_at + dt.timedelta(days=21),
                    as_at=as_at,
                    report_of="the Director for People",
                    recommendations="That the panel considers the progress set out in this "
                    "report.\nThat the panel asks for a further report in three months.",
                    risks=risks,
                ),
                by=ad.user,
            )
        )
    return reports
