"""Who may see and change a peer challenge review (R14). The one place it is decided.

The host council's assistant directors plan the review, draw its samples, open them to the team,
and make the improvement plan from the issued letter. Host staff who oversee practice (heads of
service, quality assurance and performance officers) read the review and everything in it.

A member of the review team sees the review, its sampled cases (through their reviewer visit),
the peers' audits and findings only while the review is live for them: from the first day of the
visit until the findings letter is issued, and never after the review's `access_ends_on`. Before
and after, they see nothing, not even that it exists. Members audit the sampled cases and record
findings; the lead reviewer drafts and issues the letter.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from journey.access.rules import User, visibility_filter, worker_in_roles
from journey.cases.models import Episode
from journey.peer_review.models import PeerReview, ReviewCase, TeamMember
from journey.people.models import Person
from journey.workforce.models import Role

#: Plan the review, draw its samples, make the plan from the letter.
PLANNERS = {Role.ASSISTANT_DIRECTOR}
#: Host staff who read every review.
HOST_READERS = {
    Role.ASSISTANT_DIRECTOR,
    Role.HEAD_OF_SERVICE,
    Role.QA_OFFICER,
    Role.PERFORMANCE_OFFICER,
}

READ_REFUSED = (
    "Peer challenge reviews are read by assistant directors, heads of service, quality assurance "
    "and performance officers, and by the review team from the first day of the visit until the "
    "findings letter is issued."
)
PLAN_REFUSED = "Peer challenge reviews are planned by the host council's assistant directors."
TEAM_REFUSED = (
    "Only a member of the review team records audits and findings, from the first day of the "
    "visit until the findings letter is issued."
)
CHANGE_REFUSED = (
    "Peer challenge reviews are planned by the host council's assistant directors, until the "
    "findings letter is issued: then the plan is kept as it was."
)
LETTER_REFUSED = "The findings letter is drafted and issued by the lead reviewer during the review."
AUDIT_REFUSED = (
    "Only a member of the review team audits its sampled cases, from the first day of the visit "
    "until the findings letter is issued."
)
MAKE_PLAN_REFUSED = (
    "The improvement plan is made from the issued findings letter by the host council's "
    "assistant directors."
)


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def is_live_for_team(review: PeerReview, today: dt.date | None = None) -> bool:
    """Whether the team's window is open: the visit has begun, the letter is not yet issued and
    the last day of access has not passed."""
    today = _today(today)
    if not review.starts_on <= today <= review.access_ends_on:
        return False
    letter = getattr(review, "letter", None)
    return letter is None or not letter.is_issued


def team_member(user: User, review: PeerReview, today: dt.date | None = None) -> TeamMember | None:
    """The user's place on the review team while the review is live for the team, else None."""
    worker = worker_in_roles(user, {Role.REVIEWER})
    if worker is None or not is_live_for_team(review, today):
        return None
    return TeamMember.objects.filter(review=review, worker=worker, left_at__isnull=True).first()


def is_host_reader(user: User) -> bool:
    return worker_in_roles(user, HOST_READERS) is not None


def may_read_reviews(user: User) -> bool:
    """Whether to offer the list of reviews (host staff, or a member of a live review). Only
    reviewers' accounts join a review team, so nobody else costs a query."""
    if is_host_reader(user):
        return True
    return worker_in_roles(user, {Role.REVIEWER}) is not None and readable_reviews(user).exists()


def readable_reviews(user: User, today: dt.date | None = None) -> QuerySet[PeerReview]:
    """Every review for host staff; for a reviewer, the reviews live for them today."""
    if is_host_reader(user):
        return PeerReview.objects.all()
    worker = worker_in_roles(user, {Role.REVIEWER})
    if worker is None:
        return PeerReview.objects.none()
    today = _today(today)
    live = TeamMember.objects.filter(worker=worker, left_at__isnull=True).values("review")
    # A subquery, not a join: the list's counts of each review's team stay whole.
    return PeerReview.objects.filter(
        Q(letter__isnull=True) | Q(letter__issued_at__isnull=True),
        pk__in=live,
        starts_on__lte=today,
        access_ends_on__gte=today,
    )


def may_read_review(user: User, review: PeerReview, today: dt.date | None = None) -> bool:
    return is_host_reader(user) or team_member(user, review, today) is not None


def may_plan_reviews(user: User) -> bool:
    return worker_in_roles(user, PLANNERS) is not None


def may_manage_review(user: User, review: PeerReview) -> bool:
    """Change the plan of the review (team, lines, sessions, documents, samples)."""
    return may_plan_reviews(user)


def may_change_plan(user: User, review: PeerReview) -> bool:
    """Change the team, lines, schedule or documents: a planner, until the letter is issued."""
    letter = getattr(review, "letter", None)
    return may_manage_review(user, review) and (letter is None or not letter.is_issued)


def may_record_for_team(user: User, review: PeerReview, today: dt.date | None = None) -> bool:
    """Audit a sampled case or record a finding: a member of the team while it is live."""
    return team_member(user, review, today) is not None


def may_audit_case(user: User, case: ReviewCase, today: dt.date | None = None) -> bool:
    return may_record_for_team(user, case.line.review, today)


def may_draft_letter(user: User, review: PeerReview, today: dt.date | None = None) -> bool:
    member = team_member(user, review, today)
    return member is not None and member.is_lead


def may_make_plan(user: User, review: PeerReview) -> bool:
    letter = getattr(review, "letter", None)
    return may_plan_reviews(user) and letter is not None and letter.is_issued


def sampleable(user: User, episodes: QuerySet[Episode]) -> QuerySet[Episode]:
    """Of a criterion's candidate work, the work of children the planner drawing the sample may
    see, and never a restricted record (even one the planner holds a grant for): the review opens
    what it samples to people from outside the council."""
    visible = Person.objects.filter(visibility_filter(user), is_restricted=False)
    return episodes.filter(child_id__in=visible.values("pk"), child__is_restricted=False)


def nameable_children(user: User, child_ids: list[int]) -> set[int]:
    """Which sampled children a review page may name to this user (one query): those the user may
    see today (host staff by their role, the team through their live grants), never a record
    restricted since it was sampled."""
    if not child_ids:
        return set()
    visible = Person.objects.filter(visibility_filter(user), pk__in=child_ids, is_restricted=False)
    return set(visible.values_list("pk", flat=True))


def may_read_draft_letter(user: User, review: PeerReview, today: dt.date | None = None) -> bool:
    """The draft letter, before it is issued: the review team (the lead drafts it); host staff
    read the letter once it is issued."""
    return team_member(user, review, today) is not None


def may_read_letter(user: User, review: PeerReview) -> bool:
    """The issued letter and its PDF: host staff (the team's access ends when it is issued)."""
    letter = getattr(review, "letter", None)
    return letter is not None and letter.is_issued and may_read_review(user, review)
