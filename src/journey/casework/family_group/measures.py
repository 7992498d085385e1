"""Family group decision-making's measures: offers accepted, and meetings held. They count as
`selectors.family_group_measures` does (the family group page's figures): offers by the day they
were made, with the family's answer as recorded; meetings by the day they were held."""

from __future__ import annotations

from django.db.models import F, Q, QuerySet, Value

from journey.cases.measures import NO_WORKER, counted_if
from journey.casework.models import FamilyGroupMeeting, FamilyGroupOffer
from journey.core.measures import Better, Measure, Unit, Window


def offers_items(window: Window) -> QuerySet[FamilyGroupOffer]:
    """Offers of a family group decision-making meeting made in the month."""
    return FamilyGroupOffer.objects.filter(
        offered_on__gte=window.first, offered_on__lt=window.after
    ).annotate(
        figure_child=F("episode__child_id"),
        figure_team=F("episode__team_id"),
        figure_worker=NO_WORKER,
        figure_count=counted_if(Q(response=FamilyGroupOffer.Response.ACCEPTED)),
        figure_on=F("offered_on"),
    )


FAMILY_GROUP_OFFERS_ACCEPTED = Measure(
    key="family_group_offers_accepted",
    title="Family group decision-making offers accepted",
    definition=(
        "Offers of a family group decision-making meeting made to families in the month that "
        "the family has accepted, out of all the offers made in the month (an offer still "
        "awaiting an answer counts as not accepted until the family says yes). Counted in the "
        "team holding the work."
    ),
    unit=Unit.PERCENT,
    better=Better.HIGHER,
    theme="Family group decision-making",
    items=offers_items,
    counted="offers accepted",
    out_of="offers made",
)


def meetings_items(window: Window) -> QuerySet[FamilyGroupMeeting]:
    """Family group decision-making meetings held in the month."""
    return FamilyGroupMeeting.objects.filter(
        held_on__gte=window.first, held_on__lt=window.after
    ).annotate(
        figure_child=F("offer__episode__child_id"),
        figure_team=F("offer__episode__team_id"),
        figure_worker=NO_WORKER,
        figure_count=Value(1),
        figure_on=F("held_on"),
    )


FAMILY_GROUP_MEETINGS_HELD = Measure(
    key="family_group_meetings_held",
    title="Family group decision-making meetings held",
    definition=(
        "Family group decision-making meetings held in the month, where the family made its "
        "own plan with an independent coordinator. Counted in the team holding the work."
    ),
    unit=Unit.COUNT,
    better=Better.HIGHER,
    theme="Family group decision-making",
    items=meetings_items,
    counted="meetings held",
)

MEASURES = (FAMILY_GROUP_OFFERS_ACCEPTED, FAMILY_GROUP_MEETINGS_HELD)
