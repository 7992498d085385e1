"""Outcomes' measures for the improvement plans, the dashboard and the outcomes report: how much
of the early help closed in a month was measured with an outcome tool at its start, at a review
and at its closure ("use"), and how much of the work measured at its start and its closure
improved.

Each counts the early help closed in the month (single-agency and CAF early help, and Family Help:
the kinds of work Journey's own outcome tool is used for), in the team that held it, whichever
tools the council uses for it: work of these kinds that no tool measured counts as not measured.
They read each piece of work's EpisodeOutcome (one row a piece of work, kept by the measurement
service), never its scores, and name no child: what a figure counted is listed by team and date
only.

A piece of work has at most one start and one closing measure, and reviews and closure come after
the start (journey.outcomes.services), so its number of measures says which it has.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import F, IntegerField, Q, QuerySet, Value

from journey.cases.measures import NO_WORKER, counted_if
from journey.cases.models import Episode, EpisodeKind
from journey.core.measures import Better, Measure, Unit, Window
from journey.outcomes.distance import Direction

NO_CHILD = Value(None, output_field=IntegerField())
#: The early help the measures count.
KINDS = (EpisodeKind.EARLY_HELP_SINGLE_AGENCY, EpisodeKind.EARLY_HELP_CAF, EpisodeKind.FAMILY_HELP)
THEME = "Outcomes and distance travelled"

#: On a piece of work: measured at its start (every later measure follows a start measure).
MEASURED = Q(outcome__measures__gt=0)
#: ... at a review: three measures or more, or two without a closing measure.
REVIEWED = Q(outcome__measures__gte=3) | Q(outcome__measures=2, outcome__closing_measured=False)
#: ... at its closure.
CLOSING = Q(outcome__closing_measured=True)
#: ... or not at its closure (never measured at all included).
NO_CLOSING = Q(outcome__isnull=True) | Q(outcome__closing_measured=False)
#: Measured at its start and its closure: the work whose distance travelled is counted.
MEASURED_BOTH_ENDS = MEASURED & CLOSING
IMPROVED = Q(outcome__direction=Direction.IMPROVED)
SAME = Q(outcome__direction=Direction.SAME)
WORSE = Q(outcome__direction=Direction.WORSE)


def closed_work(window: Window) -> QuerySet[Episode]:
    """Early help closed in the window."""
    return Episode.objects.filter(
        kind__in=KINDS, ended_on__gte=window.first, ended_on__lt=window.after
    )


def _items(counted: Q, among: Q | None = None) -> Callable[[Window], QuerySet[Episode]]:
    def items(window: Window) -> QuerySet[Episode]:
        work = closed_work(window)
        if among is not None:
            work = work.filter(among)
        return work.annotate(
            figure_child=NO_CHILD,
            figure_team=F("team_id"),
            figure_worker=NO_WORKER,
            figure_count=counted_if(counted),
            figure_on=F("ended_on"),
        )

    return items


WORK = (
    "early help (single-agency and CAF early help, and Family Help) closed in the month, counted "
    "in the team that held it"
)

USE = Measure(
    key="outcomes_use",
    title="Early help work measured at all (use)",
    definition=(
        f"Pieces of {WORK}, that were measured with an outcome tool at their start, out of all "
        "the pieces of that work closed in the month."
    ),
    unit=Unit.PERCENT,
    better=Better.HIGHER,
    theme=THEME,
    names_children=False,
    items=_items(MEASURED),
    counted="pieces of work measured at the start",
    out_of="pieces of work closed",
)

REVIEW = Measure(
    key="outcomes_reviewed",
    title="Closed early help work measured at a review",
    definition=(
        f"Pieces of {WORK}, that were measured again at a review between their start and "
        "closing measures, out of all the pieces of that work closed in the month."
    ),
    unit=Unit.PERCENT,
    better=Better.HIGHER,
    theme=THEME,
    names_children=False,
    items=_items(REVIEWED),
    counted="pieces of work measured at a review",
    out_of="pieces of work closed",
)

CLOSING_MEASURE = Measure(
    key="outcomes_closing_measured",
    title="Closed early help work with a closing measure",
    definition=(
        f"Pieces of {WORK}, that were measured with an outcome tool at their closure, out of "
        "all the pieces of that work closed in the month."
    ),
    unit=Unit.PERCENT,
    better=Better.HIGHER,
    theme=THEME,
    names_children=False,
    items=_items(CLOSING),
    counted="pieces of work with a closing measure",
    out_of="pieces of work closed",
)

IMPROVED_MEASURE = Measure(
    key="outcomes_improved",
    title="Measured early help work that improved",
    definition=(
        f"Pieces of {WORK}, measured at their start and their closure, whose scores improved "
        "from the first measure to the latest (each scale's latest score minus its first, "
        "added up, is more than nothing), out of the pieces of that work closed in the month "
        "that were measured at their start and their closure."
    ),
    unit=Unit.PERCENT,
    better=Better.HIGHER,
    theme=THEME,
    names_children=False,
    items=_items(IMPROVED, among=MEASURED_BOTH_ENDS),
    counted="pieces of work that improved",
    out_of="pieces of work measured at start and closure",
)

MEASURES = (USE, REVIEW, CLOSING_MEASURE, IMPROVED_MEASURE)
