"""Who may run, do, see and moderate case file audits, and who plans, records and sees direct
observations of practice. Built on access.rules, which still decides who may open the
child's record (restricted records, the access log)."""

from __future__ import annotations

from django.db.models import Q

from journey.access.rules import User, worker_for
from journey.cases.models import Episode
from journey.quality.models import CaseAudit, PracticeObservation
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
    if worker is None or worker.is_external:
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


# --- Direct observations of practice ---------------------------------------------------------

#: Who plans observations and observes: the management line and quality assurance (the action
#: plan has heads of service and assistant directors agree the programme, team managers carry
#: most of it out).
OBSERVER_ROLES = {
    Role.TEAM_MANAGER,
    Role.HEAD_OF_SERVICE,
    Role.ASSISTANT_DIRECTOR,
    Role.QA_OFFICER,
}
#: Whose practice is observed: the council's frontline case holders. External lead
#: professionals are excluded: their practice is overseen by their own agency, not the council.
OBSERVED_ROLES = {Role.PRACTITIONER, Role.SOCIAL_WORKER}
#: Who sees every observation.
SEES_ALL_OBSERVATIONS = {Role.QA_OFFICER, Role.ASSISTANT_DIRECTOR}


def observation_scope(user: User) -> Q:
    """A Q over PracticeObservation: the observed worker and the observer see theirs; QA
    officers and assistant directors every one; a head of service their service's workers'; a
    team manager their team's workers' (the team now, or the team when it was planned)."""
    worker = _active(user)
    if worker is None:
        return Q(pk__in=[])
    if worker.role in SEES_ALL_OBSERVATIONS:
        return Q()
    scope = Q(observer=worker) | Q(observed=worker)
    if worker.role == Role.HEAD_OF_SERVICE and worker.home_service_id:
        service = worker.home_service_id
        return scope | Q(team__service_id=service) | Q(observed__team__service_id=service)
    if worker.role == Role.TEAM_MANAGER and worker.team_id:
        return scope | Q(team_id=worker.team_id) | Q(observed__team_id=worker.team_id)
    return scope


def may_view_observation(user: User, observation: PracticeObservation) -> bool:
    return PracticeObservation.objects.filter(observation_scope(user), pk=observation.pk).exists()


def may_see_programme(user: User) -> bool:
    worker = _active(user)
    return worker is not None and worker.role in OBSERVER_ROLES


def manages_worker(manager: Worker, worker: Worker) -> bool:
    """Whether the manager sees all of this worker's observations."""
    if manager.role in SEES_ALL_OBSERVATIONS:
        return True
    if manager.role == Role.HEAD_OF_SERVICE:
        return manager.home_service_id is not None and (
            manager.home_service_id == worker.home_service_id
        )
    if manager.role == Role.TEAM_MANAGER:
        return manager.team_id is not None and manager.team_id == worker.team_id
    return False


def may_cancel_observation(worker: Worker | None, observation: PracticeObservation) -> bool:
    """The observer, whoever planned it, or a manager over the observed worker."""
    if worker is None or not worker.is_active or worker.role not in OBSERVER_ROLES:
        return False
    return (
        worker.pk == observation.observer_id
        or worker.user_id == observation.planned_by_id
        or manages_worker(worker, observation.observed)
    )
