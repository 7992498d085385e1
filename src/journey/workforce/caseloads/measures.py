"""The caseload measures (R10), read at each month's end from the dated allocations and plans,
with the one definition of a caseload in workforce.caseloads.selectors.

There is no "weighted caseload per worker" average: a registry figure's numerator is a whole
number, and weights have decimals (a child protection plan may count 1.5)."""

from __future__ import annotations

from django.db.models import (
    Case,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)

from journey.cases.models import Episode
from journey.core.measures import Better, Measure, Unit, Window
from journey.workforce.caseloads.selectors import unallocated_on, with_caseloads
from journey.workforce.models import Worker

NONE = Value(None, output_field=IntegerField())


def unallocated_items(window: Window) -> QuerySet[Episode]:
    """Open work nobody holds at the month's end (this month: today)."""
    return unallocated_on(window.as_at).annotate(
        figure_child=F("child_id"),
        figure_team=F("team_id"),
        figure_worker=NONE,
        figure_count=Value(1, output_field=IntegerField()),
        figure_on=Value(window.as_at),
    )


def _holders(window: Window) -> QuerySet[Worker]:
    """Workers who hold work at the month's end, with their caseload that day."""
    holders = with_caseloads(Worker.objects.all(), window.as_at)
    return holders.filter(open_cases__gt=0)  # type: ignore[misc]  # an annotation of with_caseloads


def within_limit_items(window: Window) -> QuerySet[Worker]:
    within = Q(caseload_limit_now__isnull=True) | Q(weighted_caseload__lte=F("caseload_limit_now"))
    return _holders(window).annotate(
        figure_child=NONE,
        figure_team=F("team_id"),
        figure_worker=F("pk"),
        figure_count=Case(
            When(within, then=Value(1)), default=Value(0), output_field=IntegerField()
        ),
        figure_on=Value(window.as_at),
    )


UNALLOCATED_OPEN_CASES = Measure(
    key="unallocated_open_cases",
    title="Unallocated open cases",
    definition="Pieces of open work (early help, social care or Family Help) that nobody held on "
    "the month's last day: no allocated worker, or in Family Help no lead practitioner. Read "
    "from the dated allocations, so a past month shows how it stood then.",
    unit=Unit.COUNT,
    better=Better.LOWER,
    theme="Caseloads",
    items=unallocated_items,
    counted="unallocated open cases",
)

WORKERS_WITHIN_LIMIT = Measure(
    key="workers_within_caseload_limit",
    title="Workers within their caseload limit",
    definition="Of the workers holding open work on the month's last day, the share whose "
    "weighted caseload was within their limit (their own, or their role's). Each piece of work "
    "counts the council's weight for its kind that day: a child protection plan more than "
    "single-agency early help.",
    unit=Unit.PERCENT,
    better=Better.HIGHER,
    theme="Caseloads",
    items=within_limit_items,
    counted="workers within their limit",
    out_of="workers holding open work",
    by_worker=True,
    about_workers=True,
)
