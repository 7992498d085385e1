"""Who produces the statutory returns and reads the measures.

The CIN census and the Ofsted Annex A lists name every child in scope, restricted records
included (the DfE and Ofsted are entitled to them), so they belong to the role made for them,
the performance and data officer, and to the assistant director who signs them off. Heads of
service are refused rather than given a cut of the return: a return is the council's whole,
and a partial Annex A would be mistaken for the real one. Administrators never produce them.
"""

from __future__ import annotations

from journey.access.rules import User, worker_in_roles
from journey.workforce.models import MANAGER_ROLES, Role

RETURNS_ROLES = {Role.PERFORMANCE_OFFICER, Role.ASSISTANT_DIRECTOR}
#: The threshold and step-change measures: managers of teams and services, quality assurance
#: and the performance and data officer. No child is named on the figures themselves.
MEASURES_ROLES = MANAGER_ROLES | {Role.QA_OFFICER, Role.PERFORMANCE_OFFICER}

RETURNS_REFUSED = (
    "The statutory returns (the CIN census and the Ofsted Annex A lists) name every child in "
    "them, so they are produced by performance and data officers and assistant directors only."
)
MEASURES_REFUSED = (
    "The measures are for team managers, heads of service, assistant directors, quality "
    "assurance and performance officers. Ask your team manager if you need one of the figures."
)


def may_produce_returns(user: User) -> bool:
    """Check, download, explain and import the CIN census; produce the Annex A lists."""
    return worker_in_roles(user, RETURNS_ROLES) is not None


def may_read_measures(user: User) -> bool:
    return worker_in_roles(user, MEASURES_ROLES) is not None
