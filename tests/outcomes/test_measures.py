"""The outcomes measures in the improvement plans' registry: use (measured at the start), at a
review and at closure, and the work measured at both ends that improved, with exact counts on
hand-built families; counted in the team that held the work, naming no child; a running
improvement plan action's target on them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from journey.cases.models import EpisodeKind
from journey.core import measures as registry
from journey.core.measures import Tally, Window, council_tally, team_tallies
from journey.improvement import selectors as plans
from journey.improvement import services as improvement
from journey.workforce.models import Role
from tests.factories import TeamFactory, WorkerFactory
from tests.improvement_world import action_input
from tests.outcomes.families import family

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
#: The month counted: last month, its work closed on its 10th.
MONTH = Window.month((TODAY.replace(day=1) - dt.timedelta(days=1)).replace(day=1))
CLOSED = MONTH.first + dt.timedelta(days=9)
STARTED = MONTH.first - dt.timedelta(days=120)
START = MONTH.first - dt.timedelta(days=110)
REVIEW = MONTH.first - dt.timedelta(days=50)
CLOSING = MONTH.first + dt.timedelta(days=4)
KEYS = ("outcomes_use", "outcomes_reviewed", "outcomes_closing_measured", "outcomes_improved")


def tally(key: str, window: Window = MONTH) -> Tally:
    measure = registry.get(key)
    assert measure is not None
    return council_tally(measure.groups(window))


@pytest.fixture
def south(council):
    """A practitioner in a second early help team."""
    team = TeamFactory(name="Early Help South", service=council.eh_team.service)
    return WorkerFactory(role=Role.PRACTITIONER, team=team)


@pytest.fixture
def month_of_work(council, south):
    """Six pieces of early help closed in the month, and three that the measures leave out."""
    north = council["practitioner"]

    def closed(worker, measures, **kw):
        return family(worker, measures, started_on=STARTED, closed_on=CLOSED, **kw)

    closed(north, [("start", START, 3), ("closure", CLOSING, 6)])  # improved
    closed(north, [("start", START, 6), ("closure", CLOSING, 2)])  # got worse
    closed(north, [("start", START, 5), ("review", REVIEW, 6), ("closure", CLOSING, 5)])  # same
    closed(  # reviewed, improving, but never measured at closure
        south,
        [("start", START, 3), ("review", REVIEW, 5)],
        kind=EpisodeKind.EARLY_HELP_SINGLE_AGENCY,
    )
    closed(south, [("start", START, 4)])  # measured at the start only
    closed(south, [])  # never measured
    # Not counted: social care, work closed in another month, and open work.
    family(council["social_worker"], [], started_on=STARTED, closed_on=None, kind="social_care")
    family(north, [("start", START, 2)], started_on=STARTED, closed_on=START + dt.timedelta(1))
    family(north, [("start", START, 2), ("review", REVIEW, 8)], started_on=STARTED, closed_on=None)


def test_the_measures_are_registered_with_no_child_named():
    for key in KEYS:
        measure = registry.get(key)
        assert measure is not None, key
        assert measure.unit == registry.Unit.PERCENT and not measure.names_children
        assert measure.theme == "Outcomes and distance travelled"
    assert registry.get("outcomes_use").title == "Early help work measured at all (use)"


def test_each_measure_counts_the_months_closed_work_exactly(council, south, month_of_work):
    assert tally("outcomes_use") == Tally(5, 6)
    assert tally("outcomes_reviewed") == Tally(2, 6)
    assert tally("outcomes_closing_measured") == Tally(3, 6)
    # Of the three measured at the start and closure, one improved.
    assert tally("outcomes_improved") == Tally(1, 3)
    assert registry.get("outcomes_improved").format(
        tally("outcomes_improved").value("percent")
    ) == ("33.3%")
    # Counted in the team that held the work.
    use = team_tallies(registry.get("outcomes_use").groups(MONTH))
    assert use == {council.eh_team.pk: Tally(3, 3), south.team_id: Tally(2, 3)}
    improved = team_tallies(registry.get("outcomes_improved").groups(MONTH))
    assert improved == {council.eh_team.pk: Tally(1, 3)}
    # The month before counts only the work closed then.
    before = Window.month(START + dt.timedelta(days=1))
    assert tally("outcomes_use", before) == Tally(1, 1)
    # What a figure counted is listed by team and date, never by child.
    for key in KEYS:
        rows = registry.get(key).items(MONTH).values(*registry.FIELDS)
        assert rows and all(row["figure_child"] is None for row in rows)
        assert {row["figure_on"] for row in rows} == {CLOSED}


def test_a_running_plans_action_sets_the_target_on_an_outcomes_measure(council, month_of_work):
    hos = council["head_of_service"]
    running = improvement.create_plan(
        improvement.PlanInput(
            title="Early help improvement plan",
            source="self_assessment",
            owner=hos,
            starts_on=TODAY - dt.timedelta(days=100),
            ends_on=TODAY + dt.timedelta(days=200),
        ),
        by=hos.user,
    )
    area = improvement.add_area(running, improvement.AreaInput("Measure what we do"), by=hos.user)

    def tracking(key, target, team=None, days=120):
        return improvement.add_action(
            area,
            action_input(
                council,
                action=f"Raise {key}",
                measure=key,
                measure_team=team,
                target=Decimal(target),
                target_by=TODAY + dt.timedelta(days=days),
            ),
            by=hos.user,
        )

    tracking("outcomes_improved", "70")
    tracking("outcomes_improved", "90", days=180)  # due later: the sooner one counts
    tracking("outcomes_use", "95", team=council.eh_team)
    withdrawn = tracking("outcomes_closing_measured", "80")
    improvement.withdraw_action(
        withdrawn,
        "The service plan replaced this action, so its target moved there with it",
        by=hos.user,
    )
    ended = improvement.create_plan(
        improvement.PlanInput(
            title="Last year's plan",
            source="audit",
            owner=hos,
            starts_on=TODAY - dt.timedelta(days=500),
            ends_on=TODAY - dt.timedelta(days=200),
        ),
        by=hos.user,
    )
    old = improvement.add_area(ended, improvement.AreaInput("Old"), by=hos.user)
    improvement.add_action(
        old,
        action_input(
            council,
            measure="outcomes_reviewed",
            target=Decimal("50"),
            target_by=TODAY - dt.timedelta(days=250),
            due_on=TODAY - dt.timedelta(days=250),
        ),
        by=hos.user,
    )
    targets = plans.running_targets(KEYS, TODAY)
    assert set(targets) == {("outcomes_improved", None), ("outcomes_use", council.eh_team.pk)}
    improved = targets[("outcomes_improved", None)]
    assert improved.target == Decimal("70") and improved.plan == "Early help improvement plan"
    assert improved.action == "1.1"
    # The measure's figures join the plan: stored each month, read on the action's page.
    improvement.snapshot_measures([MONTH.first], TODAY)
    action = area.actions.get(number=1)
    page = plans.action_page(action.pk, TODAY)
    month = next(row for row in page.figures if row.month == MONTH.first)
    assert month.tally == Tally(1, 3) and month.text == "33.3%"
