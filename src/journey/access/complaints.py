"""Who may read and answer complaint files (R7). The one place it is decided.

A complaint file is kept apart from the child's case file. The complaints officer records and
reads every complaint, compliment and comment; a manager named as a responder reads what they
must answer (its elements and their stage, and the complainant's name, as they write the reply)
and records the response and its letter, but not how to reach the complainant (the officer
sends the letter); a worker whose work a complaint is about sees on the child's record only
that it exists and its outcome. Seeing the child is not enough to open the file, and opening the
file does not open the child's record.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from journey.access.rules import Access, User, visible_relatives, worker_for, worker_in_roles
from journey.complaints.models import Complaint
from journey.people.models import Person
from journey.workforce.models import MANAGER_ROLES, Allocation, Role

OFFICER_ROLES = {Role.COMPLAINTS_OFFICER}

FILES_REFUSED = (
    "Complaint files are kept apart from children's records: only the complaints officer and "
    "the managers named to respond to a complaint may open it."
)
RECORDED_BY_OFFICER = "Complaints, compliments and comments are recorded by the complaints officer."
RESPONSE_REFUSED = (
    "A complaint's response is recorded by the complaints officer or a manager named to respond."
)
COUNCIL_RECORD = "Complaints about the council's work are shown to council workers."
LIST_REFUSED = (
    "The complaints list is for the complaints officer, and for managers named to respond."
)


def named_children(user: User, children: list[Person]) -> set[int]:
    """The IDs of these children the complaints pages may name to this user. A restricted record
    is linked to a complaint by its ID, but its name and date of birth are shown only to someone
    given explicit access to it, the complaints officer included."""
    return visible_relatives(user, children)


def is_complaints_officer(user: User) -> bool:
    return worker_in_roles(user, OFFICER_ROLES) is not None


def _responder_id(user: User) -> int | None:
    worker = worker_in_roles(user, MANAGER_ROLES)
    return worker.pk if worker is not None else None


def is_responder(user: User, complaint: Complaint) -> bool:
    worker_id = _responder_id(user)
    return worker_id is not None and complaint.responders.filter(pk=worker_id).exists()


def may_read_complaint(user: User, complaint: Complaint) -> Access:
    if is_complaints_officer(user) or is_responder(user, complaint):
        return Access(True, "")
    return Access(False, FILES_REFUSED)


def may_record_complaints(user: User) -> bool:
    return is_complaints_officer(user)


def may_respond(user: User, complaint: Complaint) -> Access:
    if is_complaints_officer(user) or is_responder(user, complaint):
        return Access(True, "")
    return Access(False, RESPONSE_REFUSED)


def may_list_complaints(user: User) -> bool:
    return is_complaints_officer(user) or _responder_id(user) is not None


def listed_complaints(user: User) -> QuerySet[Complaint]:
    """The complaints this user's list shows: all for the officer, a manager's to answer."""
    if is_complaints_officer(user):
        return Complaint.objects.all()
    worker_id = _responder_id(user)
    if worker_id is None:
        return Complaint.objects.none()
    return Complaint.objects.filter(responders=worker_id)


def sees_full_file(user: User) -> bool:
    """The complainant's contact details, the advocacy and the procedure's own steps: the
    officer's."""
    return is_complaints_officer(user)


def complaints_about_my_work(user: User, child: Person) -> QuerySet[Complaint]:
    """On a child's record (which the user may already see): the complaints about this worker's
    work with the child: their team's, one they hold the child's work in, or a team they
    manage."""
    worker = worker_for(user)
    if worker is None or not worker.is_active:
        return Complaint.objects.none()
    complaints = Complaint.objects.filter(children=child)
    if worker.role == Role.ASSISTANT_DIRECTOR:
        return complaints
    mine = Q(team_id=worker.team_id) if worker.team_id else Q(pk__in=[])
    if worker.role == Role.HEAD_OF_SERVICE and worker.service_id:
        mine |= Q(team__service_id=worker.service_id)
    allocated = Allocation.objects.filter(
        worker=worker, episode__child=child, ended_on__isnull=True
    ).exists()
    if allocated:
        return complaints
    return complaints.filter(mine)
