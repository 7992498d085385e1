"""The planning services: each one's happy path, and bad input refused with nothing saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from journey.core.models import ReviewerAccess
from journey.peer_review.models import (
    LineOfEnquiry,
    PeerReview,
    ReviewCase,
    Session,
    SessionKind,
    TeamMember,
    TeamRole,
    Theme,
)
from journey.peer_review.planning import services
from journey.peer_review.planning.services import (
    LineInput,
    MemberInput,
    NewReviewerInput,
    ReviewInput,
    SessionInput,
)
from tests.factories import make_child, make_episode
from tests.peer_review.factories import (
    add_line,
    add_member,
    add_session,
    make_review,
    make_reviewer,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def review_input(**changes) -> ReviewInput:
    data = {
        "title": "Peer challenge of early help",
        "host": "Fairshire Council",
        "scope": "Early help and the threshold to children's social care.",
        "starts_on": TODAY + dt.timedelta(days=10),
        "ends_on": TODAY + dt.timedelta(days=12),
        "letter_days": 20,
        "self_assessment": "We think our front door is good.",
    }
    return ReviewInput(**(data | changes))


def errors_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# --- the review ------------------------------------------------------------------------------


def test_plan_review_keeps_the_dates_and_when_the_letter_is_due(planner):
    review = services.plan_review(review_input(), by=planner)

    assert review.starts_on == TODAY + dt.timedelta(days=10)
    assert review.access_ends_on == TODAY + dt.timedelta(days=32)
    assert review.commissioned_by == planner
    assert review.created_by == planner.user
    assert review.history.count() == 1


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"title": " "}, "title", "Enter the title of the review"),
        ({"scope": ""}, "scope", "Enter what the review is asked to look at"),
        ({"starts_on": None}, "starts_on", "Enter the first day of the visit"),
        (
            {"starts_on": TODAY - dt.timedelta(days=1)},
            "starts_on",
            "The first day of the visit must be today or in the future",
        ),
        (
            {"ends_on": TODAY + dt.timedelta(days=9)},
            "ends_on",
            "The last day of the visit must be on or after the first day",
        ),
        ({"ends_on": TODAY + dt.timedelta(days=20)}, "ends_on", "at most 10 days"),
        ({"letter_days": None}, "letter_days", "Enter the number of days after the visit"),
        ({"letter_days": 88}, "letter_days", "at most 90 days: the letter must be due at most 87"),
    ],
)
def test_plan_review_refuses_bad_input_and_saves_nothing(planner, changes, field, message):
    with pytest.raises(ValidationError) as excinfo:
        services.plan_review(review_input(**changes), by=planner)

    assert message in " ".join(errors_of(excinfo)[field])
    assert not PeerReview.objects.exists()


def test_the_longest_window_fits_the_reviewer_visit_limit(planner):
    review = services.plan_review(review_input(letter_days=87), by=planner)

    assert (review.access_ends_on - review.starts_on).days + 1 == 90


def test_change_review_keeps_its_history(planner, review):
    services.change_review(review, review_input(title="Peer challenge: the front door"), by=planner)

    review.refresh_from_db()
    assert review.title == "Peer challenge: the front door"
    assert review.history.count() == 2


def test_change_review_names_the_sessions_the_new_dates_would_leave_out(planner, review):
    last_day = add_session(review, on=review.ends_on)
    shorter = review_input(starts_on=review.starts_on, ends_on=review.starts_on)

    with pytest.raises(ValidationError) as excinfo:
        services.change_review(review, shorter, by=planner)

    message = errors_of(excinfo)["ends_on"][0]
    assert f"{last_day.title} ({review.ends_on:%-d %B %Y})" in message
    review.refresh_from_db()
    assert review.ends_on != review.starts_on


def test_a_visit_that_has_begun_keeps_its_first_day_when_other_details_change(planner):
    review = services.plan_review(review_input(starts_on=TODAY, ends_on=TODAY), by=planner)
    PeerReview.objects.filter(pk=review.pk).update(
        starts_on=TODAY - dt.timedelta(days=1), created_at=timezone.now()
    )
    review.refresh_from_db()

    services.change_review(
        review,
        review_input(starts_on=review.starts_on, ends_on=TODAY, scope="Wider"),
        by=planner,
    )

    review.refresh_from_db()
    assert review.scope == "Wider"


def test_change_review_is_refused_once_the_letter_is_issued(planner, review, issued):
    with pytest.raises(ValidationError) as excinfo:
        services.change_review(review, review_input(title="Too late"), by=planner)

    assert "findings letter has been issued" in errors_of(excinfo)["__all__"][0]
    review.refresh_from_db()
    assert review.title != "Too late"


# --- the team --------------------------------------------------------------------------------


def sample_a_case(review: PeerReview, council) -> ReviewCase:
    """A line of enquiry with one sampled case (drawn directly: the samples helper draws)."""
    social_worker = council["social_worker"]
    child = make_child(social_worker)
    episode = make_episode(child, social_worker, allocate_to=social_worker)
    line = add_line(review)
    line.sampled_at, line.sample_size = timezone.now(), 1
    line.save()
    return ReviewCase.objects.create(line=line, child=child, episode=episode, position=1)


def test_add_member_takes_the_reviewers_own_organisation(planner, review):
    reviewer = make_reviewer("Eastmoor Council")

    member = services.add_member(review, MemberInput(reviewer, TeamRole.PRACTICE), by=planner)

    assert member.organisation == "Eastmoor Council"
    assert member.visit is None  # nothing sampled yet


def test_a_member_added_after_sampling_gets_the_cases_at_once(planner, review, council):
    case = sample_a_case(review, council)

    member = services.add_member(
        review, MemberInput(make_reviewer(), TeamRole.DIRECTOR, "Westvale"), by=planner
    )

    assert member.organisation == "Westvale"
    assert list(member.visit.cases.values_list("child_id", flat=True)) == [case.child_id]
    assert member.visit.ends_on == review.access_ends_on


def test_a_review_has_one_lead_at_a_time(planner, review, lead):
    with pytest.raises(ValidationError) as excinfo:
        services.add_member(review, MemberInput(make_reviewer(), TeamRole.LEAD), by=planner)

    assert "Leah Lead is the lead reviewer" in errors_of(excinfo)["role"][0]
    assert review.members.count() == 1


@pytest.mark.parametrize("who", ["social_worker", None])
def test_only_a_reviewers_account_joins_the_team(planner, review, council, who):
    worker = council[who] if who else None

    with pytest.raises(ValidationError) as excinfo:
        services.add_member(review, MemberInput(worker, TeamRole.PRACTICE), by=planner)

    assert "worker" in errors_of(excinfo)
    assert not review.members.exists()


def test_add_new_reviewer_makes_the_account_and_the_place_on_the_team(planner, review):
    member = services.add_new_reviewer(
        review,
        NewReviewerInput("ppeer", "Pat", "Peer", "pat@example.org", "Southby Council", "practice"),
        by=planner,
    )

    assert member.worker.name == "Pat Peer"
    assert member.organisation == "Southby Council"
    assert not member.worker.user.has_usable_password()


def test_add_new_reviewer_refuses_a_taken_username_and_saves_nothing(planner, review):
    with pytest.raises(ValidationError) as excinfo:
        services.add_new_reviewer(
            review,
            NewReviewerInput(planner.user.username, "Pat", "Peer", "", "Southby", "lead"),
            by=planner,
        )

    assert "username" in errors_of(excinfo)
    assert not get_user_model().objects.filter(first_name="Pat").exists()
    assert not review.members.exists()


def test_remove_member_ends_their_access_to_the_cases(planner, review, council):
    sample_a_case(review, council)
    member = services.add_member(review, MemberInput(make_reviewer(), "practice"), by=planner)

    services.remove_member(member, "Called away to an inspection", by=planner)

    member.refresh_from_db()
    assert member.left_at is not None
    assert member.left_reason == "Called away to an inspection"
    visit = ReviewerAccess.objects.get(pk=member.visit_id)
    assert visit.revoked_at is not None
    assert not visit.cases.filter(grant__revoked_at__isnull=True).exists()


def test_remove_member_needs_a_reason(planner, review, lead):
    with pytest.raises(ValidationError) as excinfo:
        services.remove_member(lead, " ", by=planner)

    assert errors_of(excinfo)["reason"] == ["Enter why the reviewer is leaving the team"]
    lead.refresh_from_db()
    assert lead.left_at is None


def test_the_team_is_kept_once_the_letter_is_issued(planner, review, lead, issued):
    with pytest.raises(ValidationError):
        services.remove_member(lead, "Too late", by=planner)
    with pytest.raises(ValidationError):
        services.add_member(review, MemberInput(make_reviewer(), "practice"), by=planner)

    assert TeamMember.objects.filter(review=review, left_at__isnull=True).count() == 1


# --- lines of enquiry ------------------------------------------------------------------------


def line_input(**changes) -> LineInput:
    data = {
        "title": "Stepping up from early help",
        "theme": Theme.STEPPING,
        "questions": "Do children step up in time?",
        "evidence_sought": "Case files; the step-up panel.",
    }
    return LineInput(**(data | changes))


def test_lines_are_numbered_in_order_and_changed_with_history(planner, review):
    first = services.add_line(review, line_input(), by=planner)
    second = services.add_line(review, line_input(title="The voice of the child"), by=planner)

    services.change_line(first, line_input(title="Stepping up and down"), by=planner)

    assert [first.number, second.number] == [1, 2]
    first.refresh_from_db()
    assert first.title == "Stepping up and down"
    assert first.history.count() == 2


@pytest.mark.parametrize(
    "changes, field",
    [({"title": ""}, "title"), ({"theme": "weather"}, "theme"), ({"questions": " "}, "questions")],
)
def test_a_line_needs_its_title_theme_and_questions(planner, review, changes, field):
    with pytest.raises(ValidationError) as excinfo:
        services.add_line(review, line_input(**changes), by=planner)

    assert field in errors_of(excinfo)
    assert not LineOfEnquiry.objects.exists()


def test_lines_are_kept_once_the_letter_is_issued(planner, review, issued):
    line = add_line(review)

    with pytest.raises(ValidationError):
        services.change_line(line, line_input(title="Too late"), by=planner)

    line.refresh_from_db()
    assert line.title != "Too late"


# --- the schedule ----------------------------------------------------------------------------


def session_input(review: PeerReview, **changes) -> SessionInput:
    data = {
        "kind": SessionKind.FOCUS_GROUP,
        "title": "Children in care council",
        "on": review.starts_on + dt.timedelta(days=1),
        "starts_at": dt.time(16, 0),
        "ends_at": dt.time(17, 30),
        "place": "The youth centre",
        "attendees": "Six young people and the participation officer",
    }
    return SessionInput(**(data | changes))


def test_add_session_with_its_reviewers_and_lines(planner, review, lead):
    line = add_line(review)

    session = services.add_session(
        review, session_input(review, reviewers=[lead], lines=[line]), by=planner
    )

    assert list(session.reviewers.all()) == [lead]
    assert list(session.lines.all()) == [line]
    assert session.added_by == planner.user


def test_a_session_outside_the_visit_is_refused(planner, review):
    review.starts_on, review.ends_on = dt.date(2027, 3, 3), dt.date(2027, 3, 5)

    with pytest.raises(ValidationError) as excinfo:
        services.add_session(review, session_input(review, on=dt.date(2027, 3, 6)), by=planner)

    assert errors_of(excinfo)["on"] == [
        "The session must be on a day of the visit: 3 March 2027 to 5 March 2027"
    ]
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"ends_at": dt.time(15, 0)}, "ends_at", "The session must end after it starts"),
        ({"ends_at": dt.time(16, 0)}, "ends_at", "The session must end after it starts"),
        ({"on": None}, "on", "Enter the date of the session"),
        ({"place": ""}, "place", "Enter where the session takes place"),
        ({"kind": ""}, "kind", "Select the kind of session"),
    ],
)
def test_a_session_needs_its_day_times_and_place(planner, review, changes, field, message):
    with pytest.raises(ValidationError) as excinfo:
        services.add_session(review, session_input(review, **changes), by=planner)

    assert errors_of(excinfo)[field] == [message]
    assert not Session.objects.exists()


def test_a_session_names_only_reviewers_on_this_team(planner, review, lead):
    other = add_member(make_review(planner), make_reviewer())

    with pytest.raises(ValidationError) as excinfo:
        services.add_session(review, session_input(review, reviewers=[lead, other]), by=planner)

    assert "reviewers" in errors_of(excinfo)


def test_cancel_session_keeps_it_with_the_reason(planner, review):
    session = add_session(review)

    services.cancel_session(session, "The panel was moved", by=planner)

    session.refresh_from_db()
    assert session.cancelled_at is not None
    assert session.cancelled_reason == "The panel was moved"
    with pytest.raises(ValidationError):
        services.cancel_session(session, "Again", by=planner)
