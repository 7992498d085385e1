"""Baseline and target: the share of audits graded good or better by month, team and domain,
computed on a hand-built set of audits whose answer is worked out below."""

from __future__ import annotations

import datetime as dt

import pytest

from journey.cases.models import EpisodeKind
from journey.quality import charts, followup, services
from journey.quality.baseline import baseline_and_target
from journey.quality.models import AuditTarget, Grade
from tests.factories import make_child, make_episode
from tests.quality.conftest import FINDINGS, at, audit_input, round_input

pytestmark = pytest.mark.django_db

AUG, SEP, OCT = dt.date(2026, 8, 1), dt.date(2026, 9, 1), dt.date(2026, 10, 1)


@pytest.fixture
def audits(council, audit_tool):
    """Six audits: in August sc1 outstanding, sc2 good, sc3 requires improvement (moderated to
    good), eh1 good but voice of the child requires improvement; in September sc4 inadequate,
    eh2 good with the threshold decision not applicable."""
    qa = council["qa_officer"]
    started = dt.date(2026, 1, 5)
    episodes = {}
    for name, worker, kind in [
        *((f"sc{i}", council["social_worker"], EpisodeKind.SOCIAL_CARE) for i in range(1, 5)),
        *((f"eh{i}", council["practitioner"], EpisodeKind.EARLY_HELP_CAF) for i in (1, 2)),
    ]:
        child = make_child(worker, first_name=name.upper())
        episodes[name] = make_episode(
            child, worker, kind=kind, started_on=started, allocate_to=worker
        )

    def round_on(month: dt.date):
        previous = (month - dt.timedelta(days=1)).replace(day=1)
        audit_round = services.create_round(
            round_input(
                [council.sc_team, council.eh_team],
                period_start=previous,
                period_end=month - dt.timedelta(days=1),
                sample_size=100,
            ),
            by=qa,
            now=at(month),
        )
        services.draw_sample(audit_round, by=qa, now=at(month))
        return audit_round

    def audit(audit_round, name, grade, day, **grades):
        sample = audit_round.cases.get(episode=episodes[name])
        services.allocate_auditor(sample, auditor=qa, by=qa, now=at(day))
        concern = grade >= Grade.REQUIRES_IMPROVEMENT
        return services.complete_audit(
            audit_round,
            episodes[name],
            audit_input(
                grade,
                findings=FINDINGS if concern else "",
                actions=[("Fix the plan.", day + dt.timedelta(days=14))] if concern else [],
                question_grades=grades,
            ),
            auditor=qa,
            now=at(day, 14),
        )

    august, september = round_on(AUG), round_on(SEP)
    audit(august, "sc1", Grade.OUTSTANDING, dt.date(2026, 8, 3))
    audit(august, "sc2", Grade.GOOD, dt.date(2026, 8, 4))
    sc3 = audit(august, "sc3", Grade.REQUIRES_IMPROVEMENT, dt.date(2026, 8, 5))
    audit(august, "eh1", Grade.GOOD, dt.date(2026, 8, 31), voice=Grade.REQUIRES_IMPROVEMENT)
    audit(september, "sc4", Grade.INADEQUATE, dt.date(2026, 9, 2))
    audit(september, "eh2", Grade.GOOD, dt.date(2026, 9, 30), threshold=None)
    followup.moderate_audit(
        sc3,
        moderator=council["assistant_director"],
        overall_grade=Grade.GOOD,
        answer_grades={},
        reason="The plan was reviewed on time; the auditor missed the review notes on file.",
    )
    AuditTarget.objects.create(effective_from=dt.date(2026, 9, 15), percent=80)


def table(shares) -> list[tuple]:
    return [(s.label, s.audits, s.good, s.percent, s.target) for s in shares]


def test_the_share_by_month_counts_the_moderated_grade_against_the_target_in_force(audits):
    figures = baseline_and_target(end_month=OCT, months=3)
    assert table(figures.months) == [
        ("August 2026", 4, 4, 100, 70),
        ("September 2026", 2, 1, 50, 80),
        ("October 2026", 0, 0, None, 80),
    ]
    assert (figures.overall.audits, figures.overall.good, figures.overall.percent) == (6, 5, 83)
    assert figures.target == 80
    assert figures.baseline.label == "August 2026 to October 2026"
    assert figures.baseline.percent == 83


def test_the_share_by_team(audits, council):
    figures = baseline_and_target(end_month=OCT, months=3)
    assert table(figures.teams) == [
        (council.sc_team.name, 4, 3, 75, 80),
        (council.eh_team.name, 2, 2, 100, 80),
    ]


def test_the_share_by_domain_is_the_worst_answered_question_in_it(audits):
    figures = baseline_and_target(end_month=OCT, months=3)
    by_code = {s.key: (s.audits, s.good, s.percent) for s in figures.domains}
    # Question grades are the auditor's (moderation changed only sc3's overall grade).
    assert by_code["recording"] == (6, 4, 67)  # sc1, sc2, eh1, eh2
    assert by_code["voice"] == (6, 3, 50)  # eh1's voice requires improvement
    assert by_code["threshold"] == (5, 3, 60)  # eh2's is not applicable
    assert [s.label for s in figures.domains][:2] == [
        "Quality of recording",
        "Management oversight and supervision",
    ]


def test_one_teams_figures(audits, council):
    figures = baseline_and_target(end_month=OCT, months=3, team_id=council.sc_team.pk)
    assert [(s.audits, s.good) for s in figures.months] == [(3, 3), (1, 0), (0, 0)]


def test_the_month_chart_draws_the_same_numbers(audits):
    figures = baseline_and_target(end_month=OCT, months=3)
    chart = charts.month_chart(figures.months)
    august, september, october = chart.bars
    assert august.height == 200 and september.height == 100 and october.height == 0
    assert august.target_y == 80.0  # 70% of a 200-high plot drawn from y=20
    assert august.description == ("August 2026: 100% good or better (4 of 4 audits); target 70%")
    assert october.description == "October 2026: no audits"
    assert chart.summary.startswith("Share of audits graded good or better by month.")
    assert "Highest: August 2026, 100%. Lowest: September 2026, 50%." in chart.summary
    assert "1 of 2 met the target." in chart.summary


def test_no_audits_no_figures(council):
    figures = baseline_and_target(end_month=OCT, months=12)
    assert len(figures.months) == 12 and all(s.percent is None for s in figures.months)
    assert figures.baseline is None and figures.teams == []
    assert "No audits were completed" in charts.month_chart(figures.months).summary
