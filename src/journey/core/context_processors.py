from django.http import HttpRequest

from journey.core.permissions import may_manage_episodes, worker_for
from journey.workforce.models import MANAGER_ROLES, Role, Worker

#: Who sees the threshold and step-change measures (the reporting views check the same set).
MEASURES_ROLES = MANAGER_ROLES | {Role.QA_OFFICER}


def current_worker(request: HttpRequest) -> dict:
    worker = worker_for(request.user) if hasattr(request, "user") else None
    return {"current_worker": worker, "nav": _navigation(request, worker) if worker else {}}


def _navigation(request: HttpRequest, worker: Worker) -> dict[str, bool]:
    """Which sections the header links to; each view still checks for itself."""
    return {
        "step_changes": may_manage_episodes(request.user),
        "panels": may_manage_episodes(request.user),
        "team": worker.is_active and worker.is_manager,
        "measures": worker.is_active and worker.role in MEASURES_ROLES,
    }
