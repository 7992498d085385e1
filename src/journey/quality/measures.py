"""Quality assurance's measures: case file audits graded good or better (the baseline page's
figure), moderators' agreement with the auditor's grade, and audit actions done by their date.

Each audit is counted in the team and against the worker it records (the case's team and
allocated worker when it was completed), so a month's figure reads the same as the baseline page.
"""

from __future__ import annotations

from django.db.models import (
    Case,
    Exists,
    Expression,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import TruncDate

from journey.core.measures import Better, Measure, Unit, Window
from journey.quality.models import (
    GOOD_OR_BETTER,
    AuditAction,
    AuditModeration,
    CaseAudit,
    GradeChange,
)

THEME = "Quality assurance"


def _one_when(condition: Q | Expression) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def audits_graded(window: Window) -> QuerySet[CaseAudit]:
    """Audits completed in the month, each 1 when its final grade (after any moderation) is
    outstanding or good: the baseline page's "good or better"."""
    return CaseAudit.objects.filter(
        completed_on__gte=window.first, completed_on__lt=window.after
    ).annotate(
        figure_child=F("child_id"),
        figure_team=F("team_id"),
        figure_worker=F("worker_id"),
        figure_count=_one_when(Q(final_grade__lte=GOOD_OR_BETTER)),
        figure_on=F("completed_on"),
    )


def moderations(window: Window) -> QuerySet[AuditModeration]:
    """Audits moderated in the month (the moderator's local date), each 1 when the moderator
    kept the auditor's overall grade: no change to the overall grade was recorded."""
    overall_changed = GradeChange.objects.filter(moderation=OuterRef("pk"), answer__isnull=True)
    return AuditModeration.objects.filter(
        moderated_at__date__gte=window.first, moderated_at__date__lt=window.after
    ).annotate(
        figure_child=F("audit__child_id"),
        figure_team=F("audit__team_id"),
        figure_worker=Value(None, output_field=IntegerField()),
        figure_count=_one_when(~Exists(overall_changed)),
        figure_on=TruncDate("moderated_at"),
    )


def actions_due(window: Window) -> QuerySet[AuditAction]:
    """Audit actions due in the month, each 1 when it was done on or before its due date and
    recorded as done by the month's end (so a past month reads as it stood then)."""
    return AuditAction.objects.filter(due_on__gte=window.first, due_on__lt=window.after).annotate(
        figure_child=F("audit__child_id"),
        figure_team=F("audit__team_id"),
        figure_worker=F("owner_id"),
        figure_count=_one_when(
            Q(
                status=AuditAction.Status.DONE,
                done_on__lte=F("due_on"),
                done_recorded_at__date__lt=window.after,
            )
        ),
        figure_on=F("due_on"),
    )


AUDITS_GOOD_OR_BETTER = Measure(
    key="audits_good_or_better",
    title="Case file audits graded good or better",
    definition="Of the case file audits completed in the month, the share whose overall grade is "
    "outstanding or good, after any moderation (as on the audit baseline page, where the "
    "council's target is set). Counted in the team whose case was audited and against the "
    "worker allocated to it when the audit was completed.",
    unit=Unit.PERCENT,
    better=Better.HIGHER,
    theme=THEME,
    items=audits_graded,
    counted="audits graded good or better",
    out_of="audits completed",
    by_worker=True,
)

AUDIT_MODERATION_AGREEMENT = Measure(
    key="audit_moderation_agreement",
    title="Moderation agreeing with the auditor's grade",
    definition="Of the case file audits moderated in the month, the share where the moderator "
    "kept the auditor's overall grade (the moderator may still have changed the grade of a "
    "question). Counted in the team whose case was audited.",
    unit=Unit.PERCENT,
    better=Better.HIGHER,
    theme=THEME,
    items=moderations,
    counted="moderations agreeing with the overall grade",
    out_of="audits moderated",
)

AUDIT_ACTIONS_ON_TIME = Measure(
    key="audit_actions_completed_on_time",
    title="Audit actions done by their due date",
    definition="Of the actions from case file audits falling due in the month, the share the "
    "worker did on or before the due date and recorded as done by the end of the month. "
    "Counted in the team whose case was audited and against the worker the action is for.",
    unit=Unit.PERCENT,
    better=Better.HIGHER,
    theme=THEME,
    items=actions_due,
    counted="actions done by their due date",
    out_of="actions due",
    by_worker=True,
)

MEASURES = (AUDITS_GOOD_OR_BETTER, AUDIT_MODERATION_AGREEMENT, AUDIT_ACTIONS_ON_TIME)
