"""The header's links, for every page (a context processor). It lives beside settings rather
than in an app because it names every app's pages; each view still checks for itself."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest

from journey.access.caseloads import may_read_caseloads
from journey.access.complaints import may_record_complaints
from journey.access.complaints_report import may_read_complaints_report
from journey.access.outcomes import may_read_outcomes
from journey.access.peer_review import may_read_reviews
from journey.access.quality import may_run_rounds, may_see_baseline, may_see_programme
from journey.access.returns import may_produce_returns, may_read_measures
from journey.access.reviewers.services import may_see_visits
from journey.access.rules import (
    is_reviewer,
    may_approve_role_changes,
    may_manage_episodes,
    may_read_partner_measures,
    may_record_casework,
    may_review_duplicates,
    may_use_trackers,
    worker_for,
)
from journey.access.voice import may_read_participation
from journey.workforce.models import Worker


def current_worker(request: HttpRequest) -> dict:
    worker = worker_for(request.user) if hasattr(request, "user") else None
    nav = navigation(request.user, worker) if worker and worker.is_active else {}
    return {"current_worker": worker, "nav": nav}


def navigation(user: AbstractBaseUser, worker: Worker) -> dict:
    audits = (
        "audit_rounds"
        if may_run_rounds(user)
        else "audit_baseline"
        if may_see_baseline(user)
        else None
    )
    # Managers reach the measures and the audit baseline from their team page, which keeps the
    # header to one row of links; QA officers have them in the header.
    return {
        "new_child": may_manage_episodes(user),
        "tracker": may_use_trackers(user) and not worker.is_external,
        "my_reviews": is_reviewer(user),
        "reviewer_visits": may_see_visits(worker),
        "team": worker.is_manager,
        "step_changes": may_manage_episodes(user),
        "panels": may_manage_episodes(user),
        "tasks": may_record_casework(user) and not worker.is_external,
        "audits": None if worker.is_manager else audits,
        "measures": may_read_measures(user) and not worker.is_manager,
        "improvement": may_read_measures(user) and not worker.is_manager,
        # Heads of service and the assistant director start from the leadership dashboard.
        "dashboard": may_read_measures(user) and worker.role != "team_manager",
        "caseloads": may_read_caseloads(user),
        "caseloads_in_header": may_read_caseloads(user) and not worker.is_manager,
        "observations": may_see_programme(user) and not worker.is_manager,
        "returns": may_produce_returns(user) and not worker.is_manager,
        "produce_returns": may_produce_returns(user),
        "role_changes": may_approve_role_changes(user),
        "run_rounds": may_run_rounds(user),
        "see_baseline": may_see_baseline(user),
        "see_programme": may_see_programme(user),
        "partner_measures": may_read_partner_measures(user),
        "duplicates": may_review_duplicates(user),
        "complaints_report": may_read_complaints_report(user),
        "complaints": may_record_complaints(user),
        "participation": may_read_participation(user),
        "outcomes": may_read_outcomes(user) and not worker.is_manager,
        "peer_review": may_read_reviews(user),
    }
