"""Casework's shared records' measures: assessments completed, and plans started, that record the
child's views (the CAF tracker's "child's views missing" rule reads the same fields: an
assessment's and a meeting's child's views, in their own words)."""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery, TextField

from journey.cases.measures import NO_WORKER, counted_if
from journey.casework.models import Assessment, FamilyBenefit, Meeting, Plan, ViewsRecord
from journey.core.measures import Better, Measure, Unit, Window

#: The child's views are recorded (the services keep them stripped of spaces), as the tracker reads.
HAS_VIEWS = ~Q(child_views="")


def assessments_items(window: Window) -> QuerySet[Assessment]:
    """Early help assessments (CAF) and single assessments completed in the month."""
    return Assessment.objects.filter(
        completed_on__gte=window.first, completed_on__lt=window.after
    ).annotate(
        figure_child=F("episode__child_id"),
        figure_team=F("episode__team_id"),
        figure_worker=NO_WORKER,
        figure_count=counted_if(HAS_VIEWS),
        figure_on=F("completed_on"),
    )


ASSESSMENTS_WITH_CHILD_VIEWS = Measure(
    key="assessments_with_child_views",
    title="Assessments recording the child's views",
    definition=(
        "Early help assessments (CAF) and social care single assessments completed in the month "
        "that record the child's views in their own words, out of all the assessments completed "
        "in the month. Counted in the team holding the work."
    ),
    unit=Unit.PERCENT,
    better=Better.HIGHER,
    theme="The child's views",
    items=assessments_items,
    counted="assessments with the child's views",
    out_of="assessments completed",
)


def plans_items(window: Window) -> QuerySet[Plan]:
    """Plans started in the month, with whether the child's views were recorded at their making:
    at a meeting in the work on the day the plan started (the TAF that agreed an early help plan,
    the conference that made a child protection plan, any other meeting that day), or in the
    work's latest assessment completed by then."""
    meeting_with_views = Meeting.objects.filter(
        HAS_VIEWS, episode=OuterRef("episode_id"), held_on=OuterRef("started_on")
    )
    latest_assessment = (
        Assessment.objects.filter(
            episode=OuterRef("episode_id"), completed_on__lte=OuterRef("started_on")
        )
        .order_by("-completed_on", "-pk")
        .values("child_views")[:1]
    )
    return (
        Plan.objects.filter(started_on__gte=window.first, started_on__lt=window.after)
        .annotate(assessment_views=Subquery(latest_assessment, output_field=TextField()))
        .annotate(
            figure_child=F("episode__child_id"),
            figure_team=F("episode__team_id"),
            figure_worker=NO_WORKER,
            figure_count=counted_if(
                Q(Exists(meeting_with_views))
                | (Q(assessment_views__isnull=False) & ~Q(assessment_views=""))
            ),
            figure_on=F("started_on"),
        )
    )


PLANS_WITH_CHILD_VIEWS = Measure(
    key="plans_with_child_views",
    title="Plans made with the child's views",
    definition=(
        "Plans started in the month (early help, child in need, child protection and Family "
        "Help plans) where the child's views, in their own words, were recorded at the meeting "
        "that made the plan (the TAF, or the child protection conference) or in the latest "
        "assessment completed before it, out of all the plans started in the month. Counted in "
        "the team holding the work."
    ),
    unit=Unit.PERCENT,
    better=Better.HIGHER,
    theme="The child's views",
    items=plans_items,
    counted="plans with the child's views",
    out_of="plans started",
)


def views_items(window: Window) -> QuerySet[ViewsRecord]:
    """Every record that should carry the child's views, dated in the month (`ViewsRecord`):
    assessments completed, plans started, plan reviews, meetings held, the children's parts of
    finished in-person visits, and closures."""
    return ViewsRecord.objects.filter(on__gte=window.first, on__lt=window.after).annotate(
        figure_child=F("child_id"),
        figure_team=F("team_id"),
        figure_worker=F("recorded_by__worker"),
        figure_count=F("has_views"),
        figure_on=F("on"),
    )


CHILD_VIEWS_RECORDED = Measure(
    key="child_views_recorded",
    title="Records with the child's views",
    definition=(
        "Assessments completed, plans started, plan reviews, meetings (TAF meetings, child in "
        "need reviews, strategy discussions, conferences and the others) held, visits made in "
        "person (each child's part), and closures in the month that record the child's "
        "views in their own words, out of all of those records in the month. A record saying "
        "why the views were not obtained is counted without them. Counted in the team holding "
        "the work, under the worker who recorded it."
    ),
    unit=Unit.PERCENT,
    better=Better.HIGHER,
    theme="The child's views",
    items=views_items,
    counted="records with the child's views",
    out_of="records",
    by_worker=True,
)


def benefit_items(window: Window) -> QuerySet[FamilyBenefit]:
    """Answers to "How much difference has the help made?" given in the month."""
    return FamilyBenefit.objects.filter(
        given_on__gte=window.first, given_on__lt=window.after
    ).annotate(
        figure_child=F("child_id"),
        figure_team=F("episode__team_id"),
        figure_worker=NO_WORKER,
        figure_count=counted_if(Q(score__in=FamilyBenefit.GOOD)),
        figure_on=F("given_on"),
    )


FAMILY_BENEFIT = Measure(
    key="family_benefit",
    title="Families saying the help made a real difference",
    definition=(
        "Answers to “How much difference has the help made?” given in the month, at a review or "
        "at closure, by a parent or carer or by the child (recorded by the worker or sent "
        "through a link), that say “a lot” or “a great deal”, out of all the answers given in "
        "the month. Counted in the team holding the work."
    ),
    unit=Unit.PERCENT,
    better=Better.HIGHER,
    theme="The child's views",
    items=benefit_items,
    counted="answers of “a lot” or “a great deal”",
    out_of="answers given",
)
