"""The demo council's participation work, through the services: a year of ratings on Hart's
ladder for every service and team (some below the level-6 target, most improving; one quarter
rated again with a reason), the activities young people took part in, a "you said, we did" log
(the peer review's sexual health provision among it), and the impact report on the last four
quarters that have ended. Deterministic: the same seed and day give the same year."""

from __future__ import annotations

import datetime as dt
import random

from journey.people.models import Agency
from journey.voice.impact.services import ReportInput, issue_report
from journey.voice.participation import services as participation
from journey.voice.participation.models import ActivityKind
from journey.voice.participation.quarters import Quarter, recent, target
from journey.voice.you_said import services as you_said
from journey.workforce.models import Role, Service, Team, Worker

#: Evidence for each rung, as an officer writes it.
EVIDENCE = {
    3: "Young people were asked to fill in a survey at the end of their plan; nothing was fed "
    "back to them about what it changed.",
    4: "Young people were told why the team's family time rooms are being redesigned and what "
    "their part in it would be; they had no say in the decision.",
    5: "The team consulted young people on the new plan format at two forums; their views were "
    "written up and they were told which ideas were taken forward.",
    6: "Managers set up the interview panel and young people sat on it with an equal vote; two "
    "of their three questions were used and they shared the decision to appoint.",
    7: "The children in care council planned and ran its own consultation on contact and "
    "presented it to the team; the team supported them but did not lead.",
    8: "Young inspectors chose to inspect the family hub, then agreed the changes with managers: "
    "the waiting room, the leaflets and the opening hours.",
}
WHAT_HAPPENED = {
    ActivityKind.FORUM: "The youth forum met to talk about how meetings about them are run; "
    "they asked for shorter meetings and a say in who comes.",
    ActivityKind.CONSULTATION: "Young people were consulted on the new leaflets for families; "
    "they rewrote two of them in plainer words.",
    ActivityKind.YOUNG_INSPECTORS: "Young inspectors visited the team's office and family rooms "
    "and reported back on how welcoming they were.",
    ActivityKind.INTERVIEW_PANEL: "A young people's panel interviewed candidates for a team "
    "manager post, with its own questions and score.",
    ActivityKind.OTHER: "Young people helped plan the summer activity week and ran the stalls.",
}
SAID = [
    (
        "There is no proper sexual health advice at {school}: the nurse is only there once a "
        "term and nobody knows where to go.",
        "Young Inspectors and Youth Councillors",
        "We told the school what you said and agreed with the school nurse service that a nurse "
        "runs a drop-in at the school every week.",
        "A weekly sexual health drop-in at {school}, on Wednesday lunchtimes, since the start of "
        "term.",
    ),
    (
        "Review meetings are too long and there are too many adults in the room.",
        "Children in care council",
        "Reviews now start with the young person's part first, and they choose who stays.",
        "Reviews are planned with the young person beforehand; most now take under an hour.",
    ),
    (
        "We keep having to tell our story again every time we get a new worker.",
        "Youth forum",
        "New workers now read the case summary and meet the young person with the old worker.",
        "",
    ),
    (
        "The family centre waiting room is boring and feels like a doctor's.",
        "Young Inspectors",
        "The young inspectors chose new furniture and games for the room within a budget.",
        "The waiting room was redecorated to the young inspectors' design.",
    ),
    (
        "We want a say in who is chosen as our social worker's manager.",
        "Children in care council",
        "Young people now sit on every interview panel for team managers.",
        "",
    ),
    (
        "Letters about meetings use words we do not understand.",
        "Youth forum",
        "",
        "",
    ),
]


def seed_participation(*, as_of: dt.date, rng: random.Random) -> dict[str, int]:
    officer = Worker.objects.filter(role=Role.PARTICIPATION_OFFICER, is_active=True).first()
    if officer is None:
        return {"ratings": 0, "activities": 0, "issues": 0}
    by = officer.user
    quarters = recent(as_of, 5)  # the last four that ended and the one under way
    ratings = _ratings(quarters, rng, by)
    activities = _activities(quarters, as_of, rng, by)
    issues = _you_said(as_of, by)
    last = Quarter.of(as_of).before
    first = last.before.before.before
    issue_report(
        ReportInput(
            first,
            last,
            f"This report covers {first.starts_on:%B %Y} to {last.ends_on:%B %Y}. Most teams now "
            "share decisions with young people; the teams still below level 6 have a plan to "
            "reach it, and young people's panels now interview every team manager.\n"
            "The sexual health drop-in young inspectors asked for is running every week.",
        ),
        by=by,
    )
    return {"ratings": ratings, "activities": activities, "issues": issues}


def _ratings(quarters: list[Quarter], rng: random.Random, by) -> int:
    goal = target()
    units: list[tuple[Team | None, Service | None]] = [
        (None, service) for service in Service.objects.all()
    ]
    units += [(team, None) for team in Team.objects.filter(is_active=True)]
    made = 0
    for number, (team, service) in enumerate(units):
        # Every third unit starts low and climbs slowly: it stays below the target.
        rung = 3 if number % 3 == 0 else rng.choice([4, 5, 5, 6])
        for index, quarter in enumerate(quarters):
            if index and rng.random() < (0.3 if number % 3 == 0 else 0.6):
                rung = min(rung + 1, goal - 1 if number % 3 == 0 else 8)
            participation.rate(
                participation.RatingInput(team, service, quarter, rung, EVIDENCE[rung]),
                by=by,
            )
            made += 1
    team = Team.objects.filter(is_active=True).first()
    if team is not None:
        # A quarter rated again once the panel's minutes came in.
        earlier = participation.current_rating(team, None, quarters[-2])
        assert earlier is not None
        better = min(earlier.rung + 1, 8)
        participation.rate(
            participation.RatingInput(
                team,
                None,
                quarters[-2],
                better,
                EVIDENCE[better],
                "The interview panel's minutes arrived after the rating: young people shared "
                "the decision.",
            ),
            by=by,
        )
        made += 1
    return made


def _activities(quarters: list[Quarter], as_of: dt.date, rng: random.Random, by) -> int:
    teams = list(Team.objects.filter(is_active=True))
    made = 0
    for quarter in quarters:
        for team in teams:
            for _ in range(rng.choice([0, 1, 1, 2])):
                last = min(quarter.ends_on, as_of)
                held = quarter.starts_on + dt.timedelta(
                    days=rng.randint(0, (last - quarter.starts_on).days)
                )
                kind = rng.choice(ActivityKind.values)
                named = kind == ActivityKind.INTERVIEW_PANEL and rng.random() < 0.3
                participation.record_activity(
                    participation.ActivityInput(
                        kind=kind,
                        held_on=held,
                        team=team,
                        service=None,
                        what_happened=WHAT_HAPPENED[ActivityKind(kind)],
                        aged_under_11=rng.choice([0, 0, 2, 4]),
                        aged_11_to_15=rng.randint(1, 8),
                        aged_16_to_17=rng.randint(0, 5),
                        aged_18_to_25=rng.choice([0, 0, 1, 2]),
                        names="Amira and Josh (panel members)" if named else "",
                        consent_recorded=named,
                    ),
                    by=by,
                )
                made += 1
    return made


def _you_said(as_of: dt.date, by) -> int:
    school = Agency.objects.filter(kind=Agency.Kind.SCHOOL).order_by("pk").first()
    school_name = school.name if school else "the academy"
    owners = list(
        Worker.objects.filter(
            role__in=[Role.HEAD_OF_SERVICE, Role.ASSISTANT_DIRECTOR, Role.TEAM_MANAGER],
            is_active=True,
        ).order_by("pk")
    )
    teams = list(Team.objects.filter(is_active=True).order_by("pk"))
    for number, (raised, group, response, changed) in enumerate(SAID):
        raised_on = as_of - dt.timedelta(days=330 - 55 * number)
        issue = you_said.record_issue(
            you_said.IssueInput(
                raised.format(school=school_name),
                group,
                raised_on,
                teams[number % len(teams)] if number and teams else None,
            ),
            by=by,
        )
        if not response or not owners:
            continue
        # One answered late, the rest within the response time.
        responded_on = raised_on + dt.timedelta(days=40 if number == 2 else 14)
        changed_on = raised_on + dt.timedelta(days=90) if changed else None
        you_said.respond(
            issue,
            you_said.ResponseInput(
                response=response,
                responded_on=min(responded_on, as_of),
                owner=owners[number % len(owners)],
                changed=changed.format(school=school_name),
                changed_on=min(changed_on, as_of) if changed_on else None,
                published=bool(changed),
            ),
            by=by,
        )
    return len(SAID)
