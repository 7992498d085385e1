"""Who may correct a social care episode's referral details (the census fields recorded when
the work opened). The correction service asks it as well as the page: a correction is the one
change to a closed episode's record, so the rule is checked where it is written too."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Q

from journey.access.rules import may_manage_episodes, worker_for
from journey.cases.models import Episode, EpisodeKind
from journey.workforce.models import Allocation, Role


def may_correct_referral(user: User, episode: Episode) -> bool:
    """Who may correct social care referral details: the worker allocated to the work (now, or
    when it closed), the manager of the team that holds it, or the head of its service.

    Only roles that may manage episodes at all (may_manage_episodes: council case holders and
    managers, never read-only roles or partners) qualify; the view also checks, as for every
    page, that the user may see the child.
    """
    worker = worker_for(user)
    if worker is None or not may_manage_episodes(user) or episode.kind != EpisodeKind.SOCIAL_CARE:
        return False
    if worker.role == Role.HEAD_OF_SERVICE and worker.home_service_id == episode.team.service_id:
        return True
    if worker.role == Role.TEAM_MANAGER and worker.team_id == episode.team_id:
        return True
    allocations = episode.allocations.filter(worker=worker, kind=Allocation.Kind.WORKER)
    if episode.is_open:
        return allocations.current().exists()
    # Closing ends the allocations that day; an older record may have left one open.
    return allocations.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=episode.ended_on)).exists()
