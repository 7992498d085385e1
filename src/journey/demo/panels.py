"""A year of panels for the demo council, recorded through the panel services.

A Multi-Agency Support Panel every other Thursday and a Practitioners Forum on the first Tuesday
of each month, each with the agencies around the table and 3–8 cases drawn from children whose
work was open at the time (the Forum's from work open three months or more: "stuck" cases).
Panels that have sat have their decisions, bar a few from the last week; the next of each
kind is scheduled with cases brought but no decisions. Children are sampled by a random key
and an index seek, so the cost barely grows with the size of the council.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Max, Min, Q, QuerySet
from django.utils import timezone

from journey.cases.models import Episode, EpisodeKind
from journey.casework.models import Panel, PanelOutcome
from journey.casework.panels import services as panels
from journey.demo import child_views
from journey.people.models import Agency
from journey.workforce.models import Allocation, Role, Service, Worker

FIRST_NAMES = ["Amira", "Ben", "Chloe", "Dev", "Ellen", "Farid", "Grace", "Hugh", "Isla", "Jon"]
LAST_NAMES = ["Walsh", "Okafor", "Price", "Hussain", "Lund", "Carter", "Mills", "Kaur", "Reid"]

OLDER_WORK = Episode.objects.exclude(kind=EpisodeKind.FAMILY_HELP)
#: Who sits on a panel, by agency kind: (role, attended nearly always).
SEATS = [
    (Agency.Kind.SCHOOL, "Designated safeguarding lead"),
    (Agency.Kind.SCHOOL, "Inclusion lead"),
    (Agency.Kind.HEALTH, "Health visitor"),
    (Agency.Kind.POLICE, "Early intervention officer"),
    (Agency.Kind.HOUSING, "Tenancy support officer"),
    (Agency.Kind.VOLUNTARY, "Family support worker"),
]

OUTCOME_WEIGHTS = {
    Panel.Kind.MASP: [
        (PanelOutcome.CONTINUE, 28),
        (PanelOutcome.MORE_SUPPORT, 20),
        (PanelOutcome.STEP_UP, 12),
        (PanelOutcome.STEP_DOWN, 12),
        (PanelOutcome.CHANGE_LEAD, 8),
        (PanelOutcome.CLOSE, 12),
        (PanelOutcome.ESCALATE, 3),
        (PanelOutcome.OTHER, 5),
    ],
    Panel.Kind.FORUM: [
        (PanelOutcome.CONTINUE, 15),
        (PanelOutcome.MORE_SUPPORT, 22),
        (PanelOutcome.CHANGE_LEAD, 20),
        (PanelOutcome.ESCALATE, 15),
        (PanelOutcome.STEP_UP, 15),
        (PanelOutcome.CLOSE, 5),
        (PanelOutcome.OTHER, 8),
    ],
}

REASONS = {
    Panel.Kind.MASP: [
        "{name}'s needs cut across school, health and home; we ask the panel which agency "
        "should lead and whether the level of help is right.",
        "Concerns about {name}'s attendance and home conditions keep returning; we ask the "
        "panel whether this needs to step up or whether more early help would do.",
        "The family has engaged well and {name} is settled; we ask the panel whether the work "
        "can step down or close with universal services watching.",
    ],
    Panel.Kind.FORUM: [
        "The plan for {name} has not moved in three TAF meetings and the family have stopped "
        "attending; we need fresh ideas and someone to unblock the health referral.",
        "Agencies disagree about how worried to be for {name}; we ask the forum to help agree "
        "a shared view of risk and who does what next.",
        "{name} is waiting for CAMHS and nothing else is holding the family; we ask the forum "
        "for interim support and help escalating the wait.",
    ],
}

DECISIONS = {
    PanelOutcome.CONTINUE: "The panel agreed the current plan for {name} is working and should "
    "continue, with the next review at the usual interval.",
    PanelOutcome.MORE_SUPPORT: "The panel agreed {name}'s plan needs more help around the "
    "family and asked two further agencies to join the next TAF meeting.",
    PanelOutcome.CHANGE_LEAD: "The panel agreed the school is best placed to lead for {name} "
    "now and asked for a joint hand-over visit within two weeks.",
    PanelOutcome.STEP_UP: "The panel agreed the concerns for {name} now meet the threshold for "
    "a social care assessment and asked for a referral to duty today.",
    PanelOutcome.STEP_DOWN: "The panel agreed the risks for {name} have reduced and the family "
    "can be supported by early help with a named lead professional.",
    PanelOutcome.ESCALATE: "The panel could not resolve the delay for {name} and escalated it "
    "to the head of service to raise with the health commissioner.",
    PanelOutcome.CLOSE: "The panel agreed {name}'s needs are met and the work can close, with "
    "school keeping a watching brief and the family knowing how to ask again.",
    PanelOutcome.OTHER: "The panel asked for more information about {name} from the GP before "
    "deciding and will consider the case again at its next sitting.",
}

ACTIONS = {
    PanelOutcome.STEP_UP: "Allocated worker to refer to duty and assessment today.",
    PanelOutcome.STEP_DOWN: "Social worker to arrange a joint visit with the early help worker.",
    PanelOutcome.CHANGE_LEAD: "Current lead to hand over at a joint visit within two weeks.",
    PanelOutcome.MORE_SUPPORT: "Lead professional to invite health and housing to the next TAF.",
    PanelOutcome.ESCALATE: "Chair to write to the head of service this week.",
}

#: Cases brought this long before the panel; panels scheduled this long ahead.
BROUGHT_BEFORE = dt.timedelta(days=7)
SCHEDULED_BEFORE = dt.timedelta(days=21)
STUCK_FOR = dt.timedelta(days=90)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def panel_dates(as_of: dt.date) -> list[tuple[dt.date, str]]:
    """A year back from `as_of` and the next of each: fortnightly MASP, monthly Forum."""
    start = as_of - dt.timedelta(days=364)
    dates = []
    masp = start + dt.timedelta(days=(3 - start.weekday()) % 7)  # a Thursday
    while not dates or dates[-1][0] <= as_of:
        dates.append((masp, Panel.Kind.MASP))
        masp += dt.timedelta(days=14)
    month = dt.date(start.year, start.month, 1)
    while True:
        forum = month + dt.timedelta(days=(1 - month.weekday()) % 7)  # the first Tuesday
        if forum >= start:
            dates.append((forum, Panel.Kind.FORUM))
        if forum > as_of:
            break
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return sorted(dates)


class PanelSeeder:
    def __init__(self, as_of: dt.date, rng: random.Random):
        self.as_of, self.rng = as_of, rng
        agencies = list(Agency.objects.filter(is_active=True).order_by("pk"))
        self.council = next((a for a in agencies if a.kind == Agency.Kind.COUNCIL), None)
        self.agencies = {kind: [a for a in agencies if a.kind == kind] for kind in Agency.Kind}
        managers = list(
            Worker.objects.active()
            .filter(role__in=[Role.HEAD_OF_SERVICE, Role.TEAM_MANAGER])
            .select_related("user", "team__service", "service")
            .order_by("pk")
        )
        # The panels hear the older model's work; Family Help (one locality) has its own.
        keys = OLDER_WORK.aggregate(first=Min("pk"), last=Max("pk"))
        self.first_episode, self.last_episode = keys["first"] or 0, keys["last"] or 0
        self.chairs = {
            Panel.Kind.MASP: self._chairs(managers, Service.Kind.EARLY_HELP) or managers,
            Panel.Kind.FORUM: self._chairs(managers, Service.Kind.SOCIAL_CARE) or managers,
        }

    @staticmethod
    def _chairs(managers: list[Worker], service_kind: str) -> list[Worker]:
        def kind_of(worker: Worker) -> str:
            service = worker.service or (worker.team.service if worker.team else None)
            return service.kind if service else ""

        heads = [w for w in managers if w.role == Role.HEAD_OF_SERVICE]
        return [w for w in heads if kind_of(w) == service_kind] or [
            w for w in managers if kind_of(w) == service_kind
        ]

    # --- who sits on the panel -------------------------------------------------------------

    def attendees(self, chair: Worker) -> list[panels.AttendeeInput]:
        rng = self.rng
        people = [
            panels.AttendeeInput(
                name=chair.name, role=f"Chair, {chair.get_role_display()}", agency=self.council
            )
        ]
        for kind, role in SEATS:
            options = self.agencies.get(kind) or []
            if not options or rng.random() < 0.25:
                continue
            people.append(
                panels.AttendeeInput(
                    name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    role=role,
                    agency=rng.choice(options),
                    attended=rng.random() > 0.15,
                )
            )
        return people

    # --- which children ----------------------------------------------------------------------

    def open_work(self, kind: str, brought_on: dt.date, held_on: dt.date) -> QuerySet[Episode]:
        started_by = brought_on - STUCK_FOR if kind == Panel.Kind.FORUM else brought_on
        still_open = min(held_on, self.as_of)
        return (
            OLDER_WORK.filter(started_on__lte=started_by)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=still_open))
            .order_by("pk")
        )

    def sample(self, episodes: QuerySet[Episode], wanted: int) -> list[Episode]:
        """Up to `wanted` episodes of different children: each the first at or after a random
        key, one index seek each, whatever the size of the council."""
        chosen: dict[int, Episode] = {}
        for _ in range(wanted * 4):
            start = self.rng.randint(self.first_episode, self.last_episode)
            episode = (
                episodes.filter(pk__gte=start).select_related("child").first()
                or episodes.select_related("child").first()
            )
            if episode is None:
                break
            chosen.setdefault(episode.child_id, episode)
            if len(chosen) == wanted:
                break
        if len(chosen) < wanted:  # few children to draw from: the first of the rest, in order
            for episode in episodes.exclude(child_id__in=list(chosen)).select_related("child")[
                : wanted * 4
            ]:
                chosen.setdefault(episode.child_id, episode)
                if len(chosen) == wanted:
                    break
        return list(chosen.values())

    def worker_on(self, episode: Episode, day: dt.date, fallback: Worker) -> Worker:
        allocation = (
            Allocation.objects.filter(episode=episode, started_on__lte=day)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
            .select_related("worker__user")
            .order_by("kind", "-started_on")
            .first()
        )
        return allocation.worker if allocation else fallback

    # --- the decision --------------------------------------------------------------------------

    def outcome(self, kind: str, episode: Episode) -> str:
        options, weights = zip(*OUTCOME_WEIGHTS[kind], strict=True)
        outcome = self.rng.choices(options, weights)[0]
        social_care = episode.kind == EpisodeKind.SOCIAL_CARE
        if (outcome == PanelOutcome.STEP_UP and social_care) or (
            outcome == PanelOutcome.STEP_DOWN and not social_care
        ):
            return PanelOutcome.CONTINUE
        return outcome

    # --- one panel -----------------------------------------------------------------------------

    def panel(self, held_on: dt.date, kind: str) -> int:
        rng = self.rng
        chair = self.chairs[kind][rng.randrange(len(self.chairs[kind]))]
        scheduled_at = _at(min(held_on - SCHEDULED_BEFORE, self.as_of), 10)
        panel = panels.schedule_panel(
            kind=kind,
            held_on=held_on,
            chair=chair,
            attendees=self.attendees(chair),
            by=chair.user,
            now=scheduled_at,
        )
        brought_on = min(held_on - BROUGHT_BEFORE, self.as_of)
        cases = []
        for episode in self.sample(self.open_work(kind, brought_on, held_on), rng.randint(3, 8)):
            worker = self.worker_on(episode, brought_on, chair)
            reason = rng.choice(REASONS[kind]).format(name=episode.child.first_name)
            case = panels.bring_case(
                panel=panel,
                child=episode.child,
                reason=reason,
                brought_by=worker,
                by=worker.user,
                views=child_views.views_input(rng, episode.child.first_name),
                now=_at(brought_on, 11),
            )
            cases.append((case, episode))
        if held_on <= self.as_of:
            self.decide(panel, cases)
        return len(cases)

    def decide(self, panel: Panel, cases: list) -> None:
        recent = (self.as_of - panel.held_on).days < 7
        for case, episode in cases:
            if recent and self.rng.random() < 0.4:
                continue  # a few decisions still to be written up after last week's panel
            outcome = self.outcome(panel.kind, episode)
            panels.record_decision(
                case,
                outcome=outcome,
                decision=DECISIONS[outcome].format(name=episode.child.first_name),
                actions=ACTIONS.get(outcome, ""),
                by=panel.chair.user,
                now=_at(panel.held_on, 16),
            )


def seed_panels(*, as_of: dt.date, rng: random.Random) -> int:
    """A year of panels for the demo council in the database; returns the number of cases."""
    seeder = PanelSeeder(as_of, rng)
    if not seeder.chairs[Panel.Kind.MASP] or seeder.council is None:
        return 0
    return sum(seeder.panel(held_on, kind) for held_on, kind in panel_dates(as_of))
