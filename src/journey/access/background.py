"""Who may open a background job: its progress page and the file it produced.

Only the person who asked for it, and only while they still may do what they asked: produce the
statutory returns for the census and Annex A work, see the child for a chronology print. A file
of a whole council's children stays with the person who asked, and leaves with their role."""

from __future__ import annotations

from journey.access.returns import RETURNS_REFUSED, may_produce_returns
from journey.access.rules import Access, User, can_view_child
from journey.background.models import Job
from journey.people.models import Person

NOT_YOURS = "Only the person who asked for this can open it, or download what it produced."


def may_open_job(user: User, job: Job) -> Access:
    if not user.is_authenticated or job.requested_by_id != user.pk:
        return Access(False, NOT_YOURS)
    if job.returns_kind:
        allowed = may_produce_returns(user)
        return Access(allowed, "" if allowed else RETURNS_REFUSED)
    child = Person.objects.filter(pk=job.params.get("child")).first()
    if child is None:
        return Access(False, NOT_YOURS)
    return can_view_child(user, child)
