"""Who may issue and read the annual complaints report.

The report holds the council's figures on complaints, representations and compliments and names
no child and no complainant. The complaints officer and assistant directors issue it; heads of
service, quality assurance and performance officers read it as well. Complaint files themselves
are guarded in access/complaints.py.
"""

from __future__ import annotations

from journey.access.rules import User, worker_in_roles
from journey.workforce.models import Role

REPORT_ISSUERS = {Role.COMPLAINTS_OFFICER, Role.ASSISTANT_DIRECTOR}
REPORT_READERS = REPORT_ISSUERS | {Role.HEAD_OF_SERVICE, Role.QA_OFFICER, Role.PERFORMANCE_OFFICER}

READ_REFUSED = (
    "The annual complaints report is read by the complaints officer, assistant directors, heads "
    "of service, and quality assurance and performance officers."
)
ISSUE_REFUSED = (
    "The annual complaints report is issued by the complaints officer and assistant directors."
)


def may_read_complaints_report(user: User) -> bool:
    return worker_in_roles(user, REPORT_READERS) is not None


def may_issue_complaints_report(user: User) -> bool:
    return worker_in_roles(user, REPORT_ISSUERS) is not None
