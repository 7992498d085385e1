"""Who may keep and read the participation register, "you said, we did" and the impact report.

None of these pages holds case content: the register, the activities (counts by age band; names
only with consent), the issues young people raised (by a group) and the report's aggregate
figures. The participation officer records them and issues the impact report; heads of service,
assistant directors, quality assurance and performance officers read them. Any council worker may
show young people the published "you said, we did" page, which names nobody.
"""

from __future__ import annotations

from journey.access.rules import User, worker_in_roles
from journey.workforce.models import Role

RECORDERS = {Role.PARTICIPATION_OFFICER}
READERS = RECORDERS | {
    Role.HEAD_OF_SERVICE,
    Role.ASSISTANT_DIRECTOR,
    Role.QA_OFFICER,
    Role.PERFORMANCE_OFFICER,
}
#: Council staff who may show young people the published page (partners and reviewers do not).
PUBLISHED_READERS = set(Role.values) - {
    Role.EXTERNAL_LEAD_PROFESSIONAL,
    Role.CP_PARTNER,
    Role.REVIEWER,
    Role.ADMINISTRATOR,
}

READ_REFUSED = (
    'The participation register, "you said, we did" and the impact report are read by the '
    "participation officer, heads of service, assistant directors, and quality assurance and "
    "performance officers."
)
RECORD_REFUSED = (
    "Only the participation officer records participation ratings, activities and "
    '"you said, we did".'
)
ISSUE_REFUSED = "The impact report is issued by the participation officer."
PUBLISHED_REFUSED = 'The published "you said, we did" page is for the council\'s own staff.'


def may_read_participation(user: User) -> bool:
    return worker_in_roles(user, READERS) is not None


def may_record_participation(user: User) -> bool:
    return worker_in_roles(user, RECORDERS) is not None


def may_issue_impact_report(user: User) -> bool:
    return worker_in_roles(user, RECORDERS) is not None


def may_show_published(user: User) -> bool:
    return worker_in_roles(user, PUBLISHED_READERS) is not None


def is_participation_officer(user: User) -> bool:
    return worker_in_roles(user, RECORDERS) is not None
