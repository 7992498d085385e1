"""Who may ask for, decide, hand over and withdraw a step up or down (R5).

The step-change services ask these inside their transaction (the step is locked there); the
step-change pages ask them to decide which buttons to show and whom to refuse."""

from __future__ import annotations

from journey.cases.models import StepChange
from journey.workforce.models import CASE_HOLDING_ROLES, LEAD_PROFESSIONAL_ROLES, Role, Worker


def may_ask_to_step(worker: Worker) -> bool:
    """People who hold or manage casework (a partner's lead professional included)."""
    return worker.role in LEAD_PROFESSIONAL_ROLES | {Role.HEAD_OF_SERVICE}


def may_decide(manager: Worker, step: StepChange) -> bool:
    """The receiving team's manager (or its head of service, or an assistant director) decides
    whether it takes the work."""
    if not manager.is_active or not manager.is_manager:
        return False
    if manager.role == Role.ASSISTANT_DIRECTOR:
        return True
    if manager.role == Role.HEAD_OF_SERVICE:
        return manager.home_service_id == step.receiving_team.service_id
    return manager.team_id == step.receiving_team_id


def may_hand_over(worker: Worker, step: StepChange) -> bool:
    """The deciding managers, or a case holder in the receiving team, record the hand-over."""
    if may_decide(worker, step):
        return True
    return (
        worker.is_active
        and worker.role in CASE_HOLDING_ROLES
        and worker.team_id == step.receiving_team_id
    )


def may_withdraw(worker: Worker, step: StepChange) -> bool:
    return step.requested_by_id == worker.user_id or worker.is_manager
