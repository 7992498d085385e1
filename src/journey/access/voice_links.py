"""Who may keep a child's or parent's contact details, ask for views through a secure link, read
what comes back, and read the outbox (issue 18). The child's visibility is checked as each page
opens (access.records); these are the page's own rules on top of it."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from journey.access.rules import (
    may_read_child_records,
    may_record_in_open_work,
    visible_relatives,
    worker_in_roles,
)
from journey.people.models import Person
from journey.workforce.models import Role

User = AbstractBaseUser | AnonymousUser

CONTACT_KEPT_BY_WORKERS = (
    "Contact details are kept by the workers who record in the child's open work."
)
ASKED_BY_WORKERS = (
    "Views are asked for by the workers who record in the child's open work: your role cannot "
    "send a link for this child."
)
VIEWS_READ_BY = (
    "The views children and families send are read by council staff and by the lead "
    "professional of the child's open early help."
)
OUTBOX_READ_BY = "The outbox of messages sent is read by administrators only."
NOT_THEIR_FAMILY = "This person is not the child or one of the child's parents or carers."


def may_keep_contact_details(user: User, child: Person) -> bool:
    """Record or change the email address and mobile number of the child or of a parent or carer:
    whoever may record in the child's open work (one query)."""
    return may_record_in_open_work(user, child)


def may_ask_for_views(user: User, child: Person) -> bool:
    """Send a secure link for the child's or a parent's views: whoever may write to the child's
    record, that is record in their open work (a partner's lead professional in the early help
    they lead, too)."""
    return may_record_in_open_work(user, child)


def may_read_views(user: User, child: Person) -> bool:
    """The links sent and the answers: council staff who may see the child, and anyone who may
    record in the child's open work (a partner's lead professional), never other partners."""
    return may_read_child_records(user) or may_record_in_open_work(user, child)


def may_respond_to_views(user: User, child: Person) -> bool:
    """Acknowledge an answer and add a response: whoever may ask for views."""
    return may_ask_for_views(user, child)


def shown_people(user: User, people: list[Person]) -> set[int]:
    """Which of the child's family this user may be shown (restricted adults need a grant)."""
    return visible_relatives(user, people)


def may_read_outbox(user: User) -> bool:
    """The outbox holds links that open families' forms: administrators only (an administrator
    sees no case data), never the case workers who send them."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return worker_in_roles(user, {Role.ADMINISTRATOR}) is not None
