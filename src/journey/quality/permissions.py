"""Who may run, do, see and moderate case file audits. Built on core.permissions, which still
decides who may open the child's record (restricted records, the access log)."""

from __future__ import annotations

from django.db.models import Q

from journey.cases.models import Episode
from journey.core.permissions import User, worker_for
from journey.quality.models import CaseAudit
from journey.workforce.models import MANAGER_ROLES, Allocation, Role, Worker

#: Who plans rounds, draws samples, excludes cases and allocates auditors.
ROUND_ROLES = {Role.QA_OFFICER}
#: Who may be allocated a case to audit.
AUDITOR_ROLES = {
    Role.QA_OFFICER,
    Role.TEAM_MANAGER,
    Role.HEAD_OF_SERVICE,
    Role.ASSISTANT_DIRECTOR,
}
#: Who may moderate another auditor's audit: those who see every audit.
MODERATOR_ROLES = {Role.QA_OFFICER, Role.ASSISTANT_DIRECTOR}
#: Who sees the baseline and target figures (no child is named on them).
BASELINE_ROLES = {Role.QA_OFFICER} | MANAGER_ROLES


def _active(user: User) -> Worker | None:
    worker = worker_for(user)
    return worker if worker is not None and worker.is_active else None


def may_run_rounds(user: User) -> bool:
    worker = _active(user)
    return worker is not None and worker.role in ROUND_ROLES


def may_see_baseline(user: User) -> bool:
    worker = _active(user)
    return worker is not None and worker.role in BASELINE_ROLES


def own_team_conflict(auditor: Worker, episode: Episode) -> str | None:
    """Why a manager would be auditing their own team's (or service's) case, or None."""
    if auditor.role == Role.TEAM_MANAGER and auditor.team_id == episode.team_id:
        return f"{auditor.name} manages {episode.team}, the team that holds this case"
    if auditor.role == Role.HEAD_OF_SERVICE and auditor.home_service_id == episode.team.service_id:
        return f"{auditor.name} is head of the service that holds this case"
    return None


def audit_scope(user: User) -> Q:
    """A Q over CaseAudit: QA and assistant directors see every audit; a head of service their
    service's; a team manager their team's; a worker the audits of their own cases (done while
    they held it, or of work they hold now); an auditor the audits they did."""
    worker = _active(user)
    if worker is None:
        return Q(pk__in=[])
    if worker.role in MODERATOR_ROLES:
        return Q()
    scope = Q(auditor=worker) | Q(worker=worker)
    if worker.role == Role.HEAD_OF_SERVICE and worker.home_service_id:
        return scope | Q(team__service_id=worker.home_service_id)
    if worker.role == Role.TEAM_MANAGER and worker.team_id:
        return scope | Q(team_id=worker.team_id)
    held = Allocation.objects.current().filter(worker=worker).values("episode_id")
    return scope | Q(episode_id__in=held)


def may_view_audit(user: User, audit: CaseAudit) -> bool:
    return CaseAudit.objects.filter(audit_scope(user), pk=audit.pk).exists()


def may_moderate(user: User, audit: CaseAudit) -> bool:
    worker = _active(user)
    return (
        worker is not None
        and worker.role in MODERATOR_ROLES
        and worker.pk != audit.auditor_id
        and not audit.is_moderated
    )
