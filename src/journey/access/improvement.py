"""Who may read and change improvement plans, and read the measures behind them.

Plans are the council's own management records, not a child's: heads of service and the
assistant director write them; everyone who reads the measures reads them; an action's lead and
responsible officer (who may be any worker, a partner's manager included) read the plan their
action is in and record its progress. Only the plan's owner or an assistant director changes a
plan, ties an action to a measure or overrides a computed rating, so the RAG the scrutiny panel
reads cannot be moved by the person it rates.
"""

from __future__ import annotations

from django.db.models import QuerySet

from journey.access.returns import MEASURES_ROLES
from journey.access.rules import User, worker_for, worker_in_roles
from journey.improvement.models import Action, ImprovementPlan
from journey.workforce.models import Role

PLAN_WRITERS = {Role.HEAD_OF_SERVICE, Role.ASSISTANT_DIRECTOR}

PLANS_REFUSED = (
    "Improvement plans are read by managers, quality assurance and performance officers, and by "
    "the lead or responsible officer of one of their actions."
)
CREATE_REFUSED = "Improvement plans are created by heads of service and assistant directors."
ISSUE_REFUSED = "Reports to scrutiny are issued by heads of service and assistant directors."
MANAGE_REFUSED = (
    "Only the plan's owner or an assistant director changes this plan, ties its actions to a "
    "measure or overrides a rating. Ask {owner}."
)
UPDATE_REFUSED = (
    "Progress on an action is recorded by its lead, its responsible officer or the plan's owner."
)


def may_read_plans(user: User) -> bool:
    if worker_in_roles(user, MEASURES_ROLES) is not None:
        return True
    worker = worker_for(user)
    return (
        worker is not None
        and worker.is_active
        and Action.objects.current().led_by(worker.pk).exists()
    )


def may_read_plan(user: User, plan: ImprovementPlan) -> bool:
    if worker_in_roles(user, MEASURES_ROLES) is not None:
        return True
    worker = worker_for(user)
    return (
        worker is not None
        and worker.is_active
        and Action.objects.current().filter(area__plan=plan).led_by(worker.pk).exists()
    )


def may_create_plan(user: User) -> bool:
    return worker_in_roles(user, PLAN_WRITERS) is not None


def may_manage_plan(user: User, plan: ImprovementPlan) -> bool:
    worker = worker_in_roles(user, PLAN_WRITERS)
    if worker is None:
        return False
    return worker.role == Role.ASSISTANT_DIRECTOR or plan.owner_id == worker.pk


def may_update_action(user: User, action: Action) -> bool:
    worker = worker_for(user)
    if worker is None or not worker.is_active:
        return False
    if worker.pk in (action.lead_id, action.responsible_officer_id):
        return True
    return may_manage_plan(user, action.area.plan)


def plans_managed_by(user: User) -> QuerySet[ImprovementPlan]:
    """The plans this user may change and report on: their own, or all for an assistant
    director."""
    worker = worker_in_roles(user, PLAN_WRITERS)
    if worker is None:
        return ImprovementPlan.objects.none()
    plans = ImprovementPlan.objects.select_related("owner__user")
    if worker.role == Role.ASSISTANT_DIRECTOR:
        return plans
    return plans.filter(owner=worker)
