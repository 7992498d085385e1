"""Who may define outcome tools and read outcome figures (R9). The one place it is decided.

Heads of service and quality assurance officers define the tools (administrators manage teams
and workers only). The outcome figures are the council's, by team and kind of work, read by
those who read the measures; the closed work they list without a closing measure names only the
children the reader may see. Measuring a child's work is casework: whoever may work on the
episode records its measures.

The outcomes report (its figures only, naming no child) is read by those who read the figures and
issued by heads of service, assistant directors and quality assurance officers.
"""

from __future__ import annotations

from journey.access.returns import MEASURES_ROLES
from journey.access.rules import User, worker_in_roles
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
