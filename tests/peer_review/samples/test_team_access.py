"""The review team's access through reviewer visits stays the review's: a record restricted since
the sample is never opened to a member who joins later, a member's visit is not extended or
revoked behind the review's back, an inactive member does not stop the team's sample, and a
review does not exist for its team before its visit (not even on their reviews page)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from journey.access import peer_review as access
from journey.access.reviewers import services as reviewers
from journey.cases.models import EpisodeKind
from journey.core.models import RecordGrant
from journey.peer_review.models import TeamMember, TeamRole
from journey.peer_review.samples.services import open_to_member
from journey.people.models import Person
from journey.workforce.models import Role, Worker
from tests.peer_review.factories import add_member, make_review, make_reviewer
from tests.peer_review.samples.conftest import child_with, draw, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def early_help(council):
    return [child_with(council, EpisodeKind.EARLY_HELP_CAF, started=30 + n) for n in range(4)]


def test_a_record_restricted_since_the_sample_is_not_opened_to_a_later_member(
    planner, review, line, lead, early_help
):
    draw(line, planner, size=4)
    restricted = line.cases.order_by("position").first().child
    Person.objects.filter(pk=restricted.pk).update(is_restricted=True)
    newcomer = add_member(review, make_reviewer("Eastvale Council", username="newcomer"))
    open_to_member(newcomer, by=planner)
    opened = set(
        RecordGrant.objects.filter(user=newcomer.worker.user).values_list("child_id", flat=True)
    )
    assert len(opened) == 3 and restricted.pk not in opened


def test_a_member_s_visit_is_not_extended_or_revoked_outside_the_review(
    planner, review, line, lead, early_help
):
    draw(line, planner, size=2)
    visit = TeamMember.objects.get(worker=lead).visit
    assert not reviewers.may_manage_visit(planner, visit)
    with pytest.raises(ValidationError, match="remove the reviewer from the review team"):
        reviewers.extend_visit(
            visit, ends_on=visit.ends_on + dt.timedelta(days=5), reason="Overran", by=planner
        )
    with pytest.raises(ValidationError, match="belongs to a peer challenge review"):
        reviewers.revoke_visit(visit, reason="Finished early", by=planner)
    visit.refresh_from_db()
    assert visit.ends_on == review.access_ends_on and visit.revoked_at is None


def test_an_inactive_member_does_not_stop_the_team_s_sample(
    planner, review, line, lead, early_help
):
    gone = make_reviewer("Westmere Council", username="gone")
    add_member(review, gone)
    Worker.objects.filter(pk=gone.pk).update(is_active=False)
    draw(line, planner, size=2)
    assert RecordGrant.objects.filter(user=lead.user).count() == 2
    assert not RecordGrant.objects.filter(user=gone.user).exists()


def test_a_review_to_come_is_not_on_its_team_s_reviews_page(
    council, planner, early_help, signed_in
):
    upcoming = make_review(planner, starts_on=today() + dt.timedelta(days=10))
    member = make_reviewer("Northdale Council", username="upcoming_lead")
    add_member(upcoming, member, TeamRole.LEAD)
    line = upcoming.lines.create(
        number=1, title="Thresholds", theme="thresholds", questions="Q", evidence_sought="E"
    )
    draw(line, planner, size=2)
    page = signed_in(member).get(reverse("my_reviews"))
    assert page.status_code == 200
    assert upcoming.title not in page.content.decode()
    assert not access.readable_reviews(member.user).exists()


def test_a_member_whose_account_is_no_longer_a_reviewer_loses_the_review(review, lead, signed_in):
    assert access.team_member(lead.user, review) is not None
    Worker.objects.filter(pk=lead.pk).update(role=Role.QA_OFFICER)
    lead.refresh_from_db()
    lead.user.worker = lead
    assert access.team_member(lead.user, review) is None


def test_a_member_reads_the_whole_team_s_size_in_the_list(review, lead, peer, signed_in):
    page = signed_in(lead).get(reverse("peer_reviews"))
    assert page.status_code == 200
    text = " ".join(page.content.decode().split())
    assert 'data-label="Review team">2<' in text
