"""Complaints' measures for the improvement plans and the dashboard: stage 1 and stage 2
responses within their statutory timescale, complaints received, elements upheld, and
compliments received.

A complaint file is kept apart from the child's case file, so no measure here names a child:
what a figure counted is listed by team and date only (``figure_child`` is always empty).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import F, IntegerField, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from journey.cases.measures import NO_WORKER, counted_if
from journey.complaints.models import Complaint, Compliment, Finding, Outcome, Procedure, Stage
from journey.core.measures import Better, Measure, Unit, Window

NO_CHILD = Value(None, output_field=IntegerField())
THEME = "Complaints and compliments"


def _responses_items(number: int) -> Callable[[Window], QuerySet[Stage]]:
    def items(window: Window) -> QuerySet[Stage]:
        """The stage's responses made in the month, and those whose deadline (extended where it
        was) fell in the month with no response by the month's end."""
        responded = Q(responded_on__gte=window.first, responded_on__lt=window.after)
        unanswered = Q(answer_by__gte=window.first, answer_by__lt=window.after) & (
            Q(responded_on__isnull=True) | Q(responded_on__gte=window.after)
        )
        return (
            Stage.objects.filter(number=number, complaint__procedure=Procedure.STATUTORY)
            .annotate(answer_by=Coalesce("extended_to", "due_on"))
            .filter(responded | unanswered)
            .annotate(
                figure_child=NO_CHILD,
                figure_team=F("complaint__team_id"),
                figure_worker=NO_WORKER,
                figure_count=counted_if(responded & Q(responded_on__lte=F("answer_by"))),
                figure_on=Coalesce("responded_on", "answer_by"),
            )
        )

    return items


def _in_time(number: int, days: str) -> Measure:
    return Measure(
        key=f"complaints_stage_{number}_in_time",
        title=f"Stage {number} complaint responses within timescale",
        definition=(
            f"Statutory complaints' stage {number} responses made in the month on or before their "
            f"deadline ({days}; "
            "an extended deadline counts where the stage was extended with a reason), out of "
            "the stage's responses made in the month and those whose deadline passed in the "
            "month without a response. Counted in the team whose work the complaint is about."
        ),
        unit=Unit.PERCENT,
        better=Better.HIGHER,
        theme=THEME,
        names_children=False,
        items=_responses_items(number),
        counted="responses within timescale",
        out_of="responses made or due",
    )


STAGE_1_IN_TIME = _in_time(1, "10 working days, or up to 20 when extended")
STAGE_2_IN_TIME = _in_time(2, "25 working days, or up to 65 when extended")


def received_items(window: Window) -> QuerySet[Complaint]:
    return Complaint.objects.filter(
        received_on__gte=window.first, received_on__lt=window.after
    ).annotate(
        figure_child=NO_CHILD,
        figure_team=F("team_id"),
        figure_worker=NO_WORKER,
        figure_count=Value(1, output_field=IntegerField()),
        figure_on=F("received_on"),
    )


RECEIVED = Measure(
    key="complaints_received",
    title="Complaints received",
    definition=(
        "Complaints and representations received in the month, under the statutory and the "
        "corporate procedure, counted in the team whose work they are about."
    ),
    unit=Unit.COUNT,
    better=Better.LOWER,
    theme=THEME,
    names_children=False,
    items=received_items,
    counted="complaints and representations received",
)


def upheld_items(window: Window) -> QuerySet[Finding]:
    """Each element's outcome at a stage answered in the month."""
    return Finding.objects.filter(
        stage__responded_on__gte=window.first, stage__responded_on__lt=window.after
    ).annotate(
        figure_child=NO_CHILD,
        figure_team=F("stage__complaint__team_id"),
        figure_worker=NO_WORKER,
        figure_count=counted_if(Q(outcome__in=[Outcome.UPHELD, Outcome.PARTLY_UPHELD])),
        figure_on=F("stage__responded_on"),
    )


UPHELD = Measure(
    key="complaint_elements_upheld",
    title="Complaint elements upheld",
    definition=(
        "Elements of complaints given an outcome in the month (at the stage whose response was "
        "made in the month) that were upheld or partly upheld, out of all the elements given an "
        "outcome in the month, withdrawn and not investigated included. Counted in the team "
        "whose work the complaint is about."
    ),
    unit=Unit.PERCENT,
    better=Better.LOWER,
    theme=THEME,
    names_children=False,
    items=upheld_items,
    counted="elements upheld or partly upheld",
    out_of="elements given an outcome",
)


def compliments_items(window: Window) -> QuerySet[Compliment]:
    return Compliment.objects.filter(
        kind=Compliment.Kind.COMPLIMENT,
        received_on__gte=window.first,
        received_on__lt=window.after,
    ).annotate(
        figure_child=NO_CHILD,
        figure_team=F("team_id"),
        figure_worker=NO_WORKER,
        figure_count=Value(1, output_field=IntegerField()),
        figure_on=F("received_on"),
    )


COMPLIMENTS = Measure(
    key="compliments_received",
    title="Compliments received",
    definition=(
        "Compliments received in the month (comments are not counted), in the team they are about."
    ),
    unit=Unit.COUNT,
    better=Better.HIGHER,
    theme=THEME,
    names_children=False,
    items=compliments_items,
    counted="compliments received",
)

MEASURES = (STAGE_1_IN_TIME, STAGE_2_IN_TIME, RECEIVED, UPHELD, COMPLIMENTS)
