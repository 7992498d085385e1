"""Who reads caseloads and who changes the council's weights and limits (R10).

Managers read the caseloads of the teams they oversee: a team manager their team, a head of
service their service's teams, an assistant director every team. Quality assurance and
performance officers read every team's, and change nothing. The weights and limits are the
council's, the same in every service, so only an assistant director changes them (as only an
assistant director approves changes of role); everyone who reads caseloads reads them. Which
children a reader sees named is still decided by access.rules: the others are counted only.
"""

from __future__ import annotations

from django.db.models import QuerySet

from journey.access.rules import User, worker_for
from journey.workforce.models import Role, Team, Worker

#: Roles who read every team's caseloads.
ALL_TEAMS_ROLES = {Role.ASSISTANT_DIRECTOR, Role.QA_OFFICER, Role.PERFORMANCE_OFFICER}
CASELOAD_ROLES = ALL_TEAMS_ROLES | {Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE}
#: Who changes the weights and limits.
RULE_ROLES = {Role.ASSISTANT_DIRECTOR}

CASELOADS_REFUSED = (
    "Caseloads are read by team managers, heads of service, assistant directors, quality "
    "assurance officers and performance officers."
)
WORKER_REFUSED = "You can read the caseloads of the teams you oversee only: {worker} is not in one."
RULES_REFUSED = "The council's caseload weights and limits are changed by an assistant director."


def _reader(user: User) -> Worker | None:
    worker = worker_for(user)
    if worker is None or not worker.is_active or worker.role not in CASELOAD_ROLES:
        return None
    return worker


def caseload_teams(user: User) -> QuerySet[Team]:
    """The teams whose caseloads this user reads (none for other roles)."""
    worker = _reader(user)
    teams = Team.objects.filter(is_active=True).select_related("service").order_by("name")
    if worker is None:
        return teams.none()
    if worker.role in ALL_TEAMS_ROLES:
        return teams
    if worker.role == Role.HEAD_OF_SERVICE and worker.home_service_id:
        return teams.filter(service_id=worker.home_service_id)
    if worker.role == Role.TEAM_MANAGER and worker.team_id:
        return teams.filter(pk=worker.team_id)
    return teams.none()


def may_read_caseloads(user: User) -> bool:
    return _reader(user) is not None


def may_read_worker_caseload(user: User, worker: Worker) -> bool:
    """A worker's caseload over the year: for readers of the worker's team (one query)."""
    return worker.team_id is not None and caseload_teams(user).filter(pk=worker.team_id).exists()


def may_change_caseload_rules(user: User) -> bool:
    worker = _reader(user)
    return worker is not None and worker.role in RULE_ROLES
