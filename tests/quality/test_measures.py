"""Quality assurance's measures, counted on a hand-built set of audits whose answers are worked
out below: audits graded good or better, moderation agreeing with the auditor's grade, and
audit actions done by their due date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from journey.cases.models import EpisodeKind
from journey.core.measures import Tally, Window, council_tally, get, team_tallies
from journey.people.models import Person
from journey.quality import followup, services
from journey.quality.baseline import baseline_and_target
from journey.quality.measures import (
    AUDIT_ACTIONS_ON_TIME,
    AUDIT_MODERATION_AGREEMENT,
    AUDITS_GOOD_OR_BETTER,
)
from journey.quality.models import AuditAction, Grade
from tests.factories import make_child, make_episode
from tests.quality.conftest import FINDINGS, at, audit_input, round_input

pytestmark = pytest.mark.django_db

AUG, SEP, OCT, NOV = (dt.date(2026, m, 1) for m in (8, 9, 10, 11))
REASON = "The plan was reviewed on time; the auditor missed the review notes on file."


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def audits(council, audit_tool):
    """Six audits of the social worker's (sc) and the practitioner's (eh) cases:

    - eh2 good, 31 August; sc1 outstanding, 1 September; sc2 requires improvement, 15 September;
      eh1 good, 20 September; sc3 requires improvement, 30 September (moderated to good on
      1 October); sc4 inadequate, 1 October.
    - Moderated: sc1 on 20 September (a question's grade changed, the overall grade kept); sc2
      on 25 September (requires improvement changed to inadequate); eh1 at 23:30 on
      30 September (agreed); sc3 at 00:30 on 1 October (changed to good).
    """
    qa, director = council["qa_officer"], council["assistant_director"]
    episodes = {}
    for name, worker, kind in [
        *((f"sc{i}", council["social_worker"], EpisodeKind.SOCIAL_CARE) for i in range(1, 5)),
        *((f"eh{i}", council["practitioner"], EpisodeKind.EARLY_HELP_CAF) for i in (1, 2)),
    ]:
        child = make_child(worker, first_name=name.upper())
        episodes[name] = make_episode(
            child, worker, kind=kind, started_on=dt.date(2026, 1, 5), allocate_to=worker
        )
    audit_round = services.create_round(
        round_input(
            [council.sc_team, council.eh_team],
            period_start=dt.date(2026, 7, 1),
            period_end=dt.date(2026, 7, 31),
            sample_size=100,
        ),
        by=qa,
        now=at(AUG),
    )
    services.draw_sample(audit_round, by=qa, now=at(AUG))

    def audit(name, grade, day, actions=()):
        sample = audit_round.cases.get(episode=episodes[name])
        services.allocate_auditor(sample, auditor=qa, by=qa, now=at(day, 9))
        concern = grade >= Grade.REQUIRES_IMPROVEMENT
        return services.complete_audit(
            audit_round,
            episodes[name],
            audit_input(
                grade,
                findings=FINDINGS if concern else "",
                actions=[("Fix the plan.", due) for due in actions],
            ),
            auditor=qa,
            now=at(day, 14),
        )

    def moderate(audit, grade, when, answer_grades=None):
        return followup.moderate_audit(
            audit,
            moderator=director,
            overall_grade=grade,
            answer_grades=answer_grades or {},
            reason=REASON,
            now=when,
        )

    made = {
        "eh2": audit("eh2", Grade.GOOD, dt.date(2026, 8, 31)),
        "sc1": audit("sc1", Grade.OUTSTANDING, dt.date(2026, 9, 1)),
        "sc2": audit(
            "sc2",
            Grade.REQUIRES_IMPROVEMENT,
            dt.date(2026, 9, 15),
            actions=[dt.date(2026, 10, 10), dt.date(2026, 10, 31)],
        ),
        "eh1": audit("eh1", Grade.GOOD, dt.date(2026, 9, 20), actions=[dt.date(2026, 10, 12)]),
        "sc3": audit("sc3", Grade.REQUIRES_IMPROVEMENT, dt.date(2026, 9, 30), actions=[OCT]),
        "sc4": audit(
            "sc4",
            Grade.INADEQUATE,
            OCT,
            actions=[dt.date(2026, 10, 15), dt.date(2026, 10, 20), NOV],
        ),
    }
    answer = made["sc1"].answers.first()
    question_changed = {answer.pk: Grade.GOOD}
    moderate(made["sc1"], Grade.OUTSTANDING, local(dt.date(2026, 9, 20), 11), question_changed)
    moderate(made["sc2"], Grade.INADEQUATE, local(dt.date(2026, 9, 25), 11))
    moderate(made["eh1"], Grade.GOOD, local(dt.date(2026, 9, 30), 23, 30))
    moderate(made["sc3"], Grade.GOOD, local(OCT, 0, 30))
    return made


def test_the_measures_are_registered():
    assert get("audits_good_or_better") is AUDITS_GOOD_OR_BETTER
    assert get("audit_moderation_agreement") is AUDIT_MODERATION_AGREEMENT
    assert get("audit_actions_completed_on_time") is AUDIT_ACTIONS_ON_TIME


# --- audits graded good or better -------------------------------------------------------------


def test_good_or_better_counts_the_audits_completed_in_the_month_by_their_final_grade(audits):
    # September: sc1 (1st), sc2, eh1 and sc3 (30th, moderated to good in October); not eh2 (31
    # August) nor sc4 (1 October).
    groups = AUDITS_GOOD_OR_BETTER.groups(Window.month(SEP))
    assert council_tally(groups) == Tally(3, 4)
    assert AUDITS_GOOD_OR_BETTER.format(
        council_tally(groups).value(AUDITS_GOOD_OR_BETTER.unit)
    ) == ("75.0%")
    assert council_tally(AUDITS_GOOD_OR_BETTER.groups(Window.month(AUG))) == Tally(1, 1)
    assert council_tally(AUDITS_GOOD_OR_BETTER.groups(Window.month(OCT))) == Tally(0, 1)


def test_good_or_better_agrees_with_the_baseline_page(audits):
    figures = baseline_and_target(end_month=OCT, months=3)
    for share in figures.months:
        tally = council_tally(AUDITS_GOOD_OR_BETTER.groups(Window.month(share.key)))
        assert (tally.numerator, tally.denominator) == (share.good, share.audits)


def test_good_or_better_by_team_and_worker(audits, council):
    groups = AUDITS_GOOD_OR_BETTER.groups(Window.month(SEP))
    assert groups == {
        (council.sc_team.pk, council["social_worker"].pk): Tally(2, 3),
        (council.eh_team.pk, council["practitioner"].pk): Tally(1, 1),
    }
    assert team_tallies(groups) == {
        council.sc_team.pk: Tally(2, 3),
        council.eh_team.pk: Tally(1, 1),
    }


def test_the_audits_behind_the_figure(audits):
    items = AUDITS_GOOD_OR_BETTER.items(Window.month(SEP))
    counted = {row["figure_child"]: row["figure_count"] for row in items.values()}
    children = {name: audit.child_id for name, audit in audits.items()}
    assert counted == {
        children["sc1"]: 1,
        children["sc2"]: 0,
        children["eh1"]: 1,
        children["sc3"]: 1,
    }


def test_a_restricted_childs_audit_is_counted(audits):
    Person.objects.filter(pk=audits["sc1"].child_id).update(is_restricted=True)
    assert council_tally(AUDITS_GOOD_OR_BETTER.groups(Window.month(SEP))) == Tally(3, 4)


# --- moderation agreement ---------------------------------------------------------------------


def test_moderation_agreement_counts_the_moderations_in_the_month(audits):
    # September: sc1 (question changed, overall kept) and eh1 (23:30 on the 30th) agreed, sc2
    # changed; sc3's, at 00:30 on 1 October, is October's.
    assert council_tally(AUDIT_MODERATION_AGREEMENT.groups(Window.month(SEP))) == Tally(2, 3)
    assert council_tally(AUDIT_MODERATION_AGREEMENT.groups(Window.month(OCT))) == Tally(0, 1)
    assert council_tally(AUDIT_MODERATION_AGREEMENT.groups(Window.month(AUG))) == Tally(0, 0)


def test_moderation_agreement_by_team(audits, council):
    assert AUDIT_MODERATION_AGREEMENT.groups(Window.month(SEP)) == {
        (council.sc_team.pk, None): Tally(1, 2),
        (council.eh_team.pk, None): Tally(1, 1),
    }
    items = AUDIT_MODERATION_AGREEMENT.items(Window.month(SEP))
    on = {row["figure_child"]: row["figure_on"] for row in items.values()}
    assert on[audits["eh1"].child_id] == dt.date(2026, 9, 30)


# --- audit actions done on time ---------------------------------------------------------------


@pytest.fixture
def actions(audits, council):
    """October's actions: sc2's due on the 10th done on the 8th, due on the 31st done that day;
    eh1's due on the 12th still open; sc3's due on the 1st done on the 2nd; sc4's due on the 15th
    done on the 14th but recorded on 3 November, due on the 20th done on the 25th. sc4's due on
    1 November is November's."""
    sw = council["social_worker"]

    def done(name, due, on, recorded=None):
        action = AuditAction.objects.get(audit=audits[name], due_on=due)
        return followup.record_action_done(
            action,
            worker=sw,
            what_was_done="Updated the plan with dates, owners and the child's own words.",
            done_on=on,
            now=recorded or local(on, 23),
        )

    done("sc2", dt.date(2026, 10, 10), dt.date(2026, 10, 8))
    done("sc2", dt.date(2026, 10, 31), dt.date(2026, 10, 31))
    done("sc3", OCT, dt.date(2026, 10, 2))
    done(
        "sc4", dt.date(2026, 10, 15), dt.date(2026, 10, 14), recorded=local(dt.date(2026, 11, 3), 9)
    )
    done("sc4", dt.date(2026, 10, 20), dt.date(2026, 10, 25))
    done("sc4", NOV, NOV)


def test_actions_on_time_counts_those_due_in_the_month_done_by_their_date(actions):
    assert council_tally(AUDIT_ACTIONS_ON_TIME.groups(Window.month(OCT))) == Tally(2, 6)
    assert council_tally(AUDIT_ACTIONS_ON_TIME.groups(Window.month(NOV))) == Tally(1, 1)
    assert council_tally(AUDIT_ACTIONS_ON_TIME.groups(Window.month(SEP))) == Tally(0, 0)


def test_an_action_recorded_as_done_after_the_month_counts_as_late_that_month(actions):
    items = AUDIT_ACTIONS_ON_TIME.items(Window.month(OCT))
    late = items.get(due_on=dt.date(2026, 10, 15))
    assert late.done_on == dt.date(2026, 10, 14) and late.figure_count == 0


def test_an_action_not_yet_done_in_this_month_is_not_on_time(actions):
    window = Window.month(OCT, today=dt.date(2026, 10, 12))
    assert council_tally(AUDIT_ACTIONS_ON_TIME.groups(window)) == Tally(
        1, 3
    )  # due the 1st (late), 10th, 12th (open)


def test_actions_on_time_by_team_and_worker(actions, council):
    assert AUDIT_ACTIONS_ON_TIME.groups(Window.month(OCT)) == {
        (council.sc_team.pk, council["social_worker"].pk): Tally(2, 5),
        (council.eh_team.pk, council["practitioner"].pk): Tally(0, 1),
    }


# --- one query each, whatever the data --------------------------------------------------------


@pytest.mark.parametrize(
    "measure", [AUDITS_GOOD_OR_BETTER, AUDIT_MODERATION_AGREEMENT, AUDIT_ACTIONS_ON_TIME]
)
def test_each_figure_is_one_query(measure, actions, django_assert_num_queries):
    with django_assert_num_queries(1):
        measure.groups(Window.month(OCT))
