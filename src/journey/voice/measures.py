"""The voice app's measures for the improvement plans, the dashboard and the impact report:
teams engaging young people at the target rung of Hart's ladder (level 6), and issues young
people raised answered within the response time. Neither names a child."""

from __future__ import annotations

from django.db.models import F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value

from journey.cases.measures import NO_WORKER, counted_if
from journey.core.measures import Better, Measure, Unit, Window
from journey.voice.participation.models import ParticipationRating
from journey.voice.participation.quarters import target
from journey.voice.you_said.models import YouSaidIssue
from journey.voice.you_said.services import RESPONSE_DAYS

NO_CHILD = Value(None, output_field=IntegerField())
THEME = "Voice of the child and family"


def at_target_items(window: Window) -> QuerySet[ParticipationRating]:
    """Each active team's latest current rating for a quarter started by the month's end."""
    latest = (
        ParticipationRating.objects.filter(
            team=OuterRef("team"), is_current=True, period_starts_on__lte=window.as_at
        )
        .order_by("-period_starts_on")
        .values("period_starts_on")[:1]
    )
    return ParticipationRating.objects.filter(
        team__isnull=False,
        team__is_active=True,
        is_current=True,
        period_starts_on=Subquery(latest),
    ).annotate(
        figure_child=NO_CHILD,
        figure_team=F("team_id"),
        figure_worker=NO_WORKER,
        figure_count=counted_if(Q(rung__gte=target())),
        figure_on=F("period_starts_on"),
    )


PARTICIPATION_AT_TARGET = Measure(
    key="participation_at_target",
    title="Teams engaging young people at level 6 or above",
    definition=(
        "Active teams whose latest participation rating (for a quarter started by the month's "
        "end, the rating that superseded any earlier one) is at the target rung of Hart's ladder "
        "of participation or above (level 6: adult-initiated, shared decisions with young "
        "people), out of the active teams rated."
    ),
    unit=Unit.PERCENT,
    better=Better.HIGHER,
    theme=THEME,
    names_children=False,
    items=at_target_items,
    counted="teams at the target rung or above",
    out_of="teams rated",
)


def responded_items(window: Window) -> QuerySet[YouSaidIssue]:
    """Issues whose response fell due in the month: counted if answered by then."""
    return YouSaidIssue.objects.filter(
        respond_by__gte=window.first, respond_by__lt=window.after
    ).annotate(
        figure_child=NO_CHILD,
        figure_team=F("team_id"),
        figure_worker=NO_WORKER,
        figure_count=counted_if(Q(responded_on__lte=F("respond_by"))),
        figure_on=F("respond_by"),
    )


YOU_SAID_RESPONDED = Measure(
    key="you_said_responded",
    title='"You said, we did": issues answered in time',
    definition=(
        f"Issues raised by children and young people whose response fell due in the month "
        f"({RESPONSE_DAYS} days after they were raised) that had a response, with its owner, by "
        "then, out of all the issues whose response fell due in the month."
    ),
    unit=Unit.PERCENT,
    better=Better.HIGHER,
    theme=THEME,
    names_children=False,
    items=responded_items,
    counted="issues answered in time",
    out_of="issues whose response fell due",
)

MEASURES = (PARTICIPATION_AT_TARGET, YOU_SAID_RESPONDED)
