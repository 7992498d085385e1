"""Who may define outcome tools and read outcome figures (R9). The one place it is decided.

Heads of service and quality assurance officers define the tools (administrators manage teams
and workers only). The outcome figures are the council's, by team and kind of work, read by
those who read the measures; the closed work they list without a closing measure names only the
children the reader may see. Measuring a child's work is casework: whoever may work on the
episode records its measures.

The outcomes report (its figures only, naming no child) is read by those who read the figures and
issued by heads of service, assistant directors and quality assurance officers.
episode records its measures; once it has closed, a council worker who may see the child records
its closing measure for JOURNEY_CLOSING_MEASURE_DAYS (a partner's allocation ends with the work).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from journey.access.returns import MEASURES_ROLES
from journey.access.rules import (
    User,
    may_record_casework,
    may_work_on_episode,
    visible_children,
    worker_for,
    worker_in_roles,
)
from journey.cases.models import Episode
from journey.workforce.models import Role

TOOL_WRITERS = {Role.HEAD_OF_SERVICE, Role.QA_OFFICER}
REPORT_ISSUERS = {Role.HEAD_OF_SERVICE, Role.ASSISTANT_DIRECTOR, Role.QA_OFFICER}

TOOLS_REFUSED = "Outcome tools are defined by heads of service and quality assurance officers."
FIGURES_REFUSED = (
    "Outcome figures are for team managers, heads of service, assistant directors, quality "
    "assurance and performance officers."
)

REPORT_REFUSED = (
    "The outcomes report is issued by heads of service, assistant directors and quality "
    "assurance officers."
)


def may_define_tools(user: User) -> bool:
    return worker_in_roles(user, TOOL_WRITERS) is not None


def may_read_outcomes(user: User) -> bool:
    return worker_in_roles(user, MEASURES_ROLES) is not None


def may_issue_outcomes_report(user: User) -> bool:
    return worker_in_roles(user, REPORT_ISSUERS) is not None


MEASURE_REFUSED = (
    "Outcome measures are recorded by those working on the child's open work: ask the team "
    "that holds it."
)


def closing_measure_days() -> int:
    return int(getattr(settings, "JOURNEY_CLOSING_MEASURE_DAYS", 14))


def closing_measure_until(episode: Episode) -> dt.date | None:
    """The last day closed work's closing measure may be recorded (None while it is open)."""
    if episode.ended_on is None:
        return None
    return episode.ended_on + dt.timedelta(days=closing_measure_days())


def may_record_measure(user: User, episode: Episode, today: dt.date | None = None) -> bool:
    """Open work: whoever may work on it. Closed work, while its closing measure may still be
    recorded: a council worker who records casework and may see the child."""
    until = closing_measure_until(episode)
    if until is None:
        return may_work_on_episode(user, episode)
    worker = worker_for(user)
    if worker is None or worker.is_external or not may_record_casework(user):
        return False
    if (today or timezone.localdate()) > until:
        return False
    return visible_children(user).filter(pk=episode.child_id).exists()


def measure_refusal(user: User, episode: Episode) -> str:
    """Why this user may not record a measure of this work ("" if they may)."""
    if may_record_measure(user, episode):
        return ""
    until = closing_measure_until(episode)
    if until is not None and timezone.localdate() > until and episode.ended_on is not None:
        return (
            f"This work closed on {episode.ended_on:%-d %B %Y}: its closing measure could be "
            f"recorded until {until:%-d %B %Y}."
        )
    return MEASURE_REFUSED
