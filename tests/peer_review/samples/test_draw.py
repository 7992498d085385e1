"""Drawing a line of enquiry's sample: by its criteria, reproducibly from the recorded seed, never
a restricted record, recorded on the line, and opened to the review team."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from journey.cases.models import EpisodeKind
from journey.core import grants
from journey.core.models import RecordGrant
from journey.peer_review.models import FindingsLetter, LineOfEnquiry, ReviewCase
from journey.people.models import Person
from tests.peer_review.factories import add_line, add_member, make_review, make_reviewer
from tests.peer_review.samples.conftest import child_with, days_ago, draw, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def early_help(council):
    """Six children with open early help (CAF and TAF)."""
    return [child_with(council, EpisodeKind.EARLY_HELP_CAF, started=30 + n) for n in range(6)]


def drawn_children(line) -> list[int]:
    return list(line.cases.order_by("position").values_list("child_id", flat=True))


def test_the_sample_is_drawn_and_recorded_on_the_line(planner, review, line, early_help):
    now = timezone.now()
    cases = draw(line, planner, size=4, seed=1234, now=now)
    line.refresh_from_db()
    assert [c.position for c in cases] == [1, 2, 3, 4]
    assert (line.criterion, line.months, line.sample_size, line.seed) == (
        "early_help_open",
        None,
        4,
        1234,
    )
    assert line.pool_size == 6 and line.sampled_on == today()
    assert line.sampled_at == now and line.sampled_by == planner.user
    eligible = {e.pk for e in early_help}
    assert {c.episode_id for c in cases} <= eligible
    assert all(c.child_id == c.episode.child_id for c in cases)
    assert ReviewCase.objects.get(line=line, position=3).reference == "Case 1.3"


def test_the_same_criteria_day_and_seed_draw_the_same_children(planner, review, early_help):
    first, second, other_seed = add_line(review), add_line(review), add_line(review)
    now = timezone.now()
    draw(first, planner, size=3, seed=99, now=now)
    draw(second, planner, size=3, seed=99, now=now)
    draw(other_seed, planner, size=6, seed=7, now=now)
    assert drawn_children(first) == drawn_children(second)
    assert len(set(drawn_children(first))) == 3
    assert set(drawn_children(other_seed)) == {e.child_id for e in early_help}


def test_a_blank_seed_draws_at_random_and_is_recorded(planner, line, early_help):
    draw(line, planner, seed=None)
    line.refresh_from_db()
    assert line.seed is not None and 0 <= line.seed < 2**31


def test_a_restricted_child_is_never_sampled(planner, line, early_help):
    restricted = early_help[0].child
    Person.objects.filter(pk=restricted.pk).update(is_restricted=True)
    # Even one the planner holds a grant for.
    grants.grant_record(
        planner.user, restricted.pk, reason="Covering the team", granted_by=planner.user
    )
    draw(line, planner, size=50)
    line.refresh_from_db()
    assert restricted.pk not in drawn_children(line)
    assert line.pool_size == 5 and line.cases.count() == 5


def test_the_cases_open_to_each_member_for_the_review_s_days(
    planner, review, line, lead, peer, early_help
):
    outsider = make_reviewer("Eastvale Council", username="outsider")
    left = make_reviewer("Westmere Council", username="left_team")
    member = add_member(review, left)
    member.left_at = timezone.now()
    member.save()
    draw(line, planner, size=3)
    children = set(drawn_children(line))
    for reviewer in (lead, peer):
        given = RecordGrant.objects.filter(user=reviewer.user, revoked_at__isnull=True)
        assert set(given.values_list("child_id", flat=True)) == children
        assert {(g.starts_on, g.expires_on) for g in given} == {
            (review.starts_on, review.access_ends_on)
        }
    assert not RecordGrant.objects.filter(user__in=[outsider.user, left.user]).exists()


def test_a_line_is_sampled_once(planner, line, early_help):
    draw(line, planner)
    with pytest.raises(ValidationError, match="This line's sample was drawn on"):
        draw(line, planner)
    assert line.cases.count() == 3


def test_no_candidates_is_refused_and_nothing_saved(planner, line, early_help):
    with pytest.raises(ValidationError, match="No cases meet these criteria: Stepped up"):
        draw(line, planner, criterion="stepped_up", months=6)
    line.refresh_from_db()
    assert not line.is_sampled and line.cases.count() == 0


def test_no_sample_once_the_letter_is_issued(planner, review, line, lead, early_help):
    FindingsLetter.objects.create(
        review=review,
        addressee="The Director of Children's Services",
        opening="Thank you.",
        closing="With thanks.",
        drafted_by=review.members.get(worker=lead),
        drafted_at=timezone.now(),
        issued_at=timezone.now(),
    )
    with pytest.raises(ValidationError, match="findings letter has been issued"):
        draw(line, planner)
    assert line.cases.count() == 0


def test_no_sample_after_the_team_s_access_ended(planner, early_help):
    review = make_review(planner, starts_on=days_ago(40))
    line = add_line(review)
    with pytest.raises(ValidationError, match="access ended on"):
        draw(line, planner)
    assert line.cases.count() == 0


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"criterion": "nonsense"}, "criterion", "Select which cases"),
        ({"criterion": "stepped_up", "months": None}, "months", "from 1 to 24"),
        ({"criterion": "stepped_up", "months": 25}, "months", "from 1 to 24"),
        ({"size": 0}, "size", "from 1 to 50"),
        ({"size": 51}, "size", "from 1 to 50"),
        ({"seed": -1}, "seed", "The seed must be"),
    ],
)
def test_bad_input_saves_nothing(planner, line, early_help, changes, field, message):
    with pytest.raises(ValidationError) as refused:
        draw(line, planner, **changes)
    assert message in refused.value.message_dict[field][0]
    line.refresh_from_db()
    assert not line.is_sampled and line.cases.count() == 0


def test_only_a_planner_draws_in_the_service(council, line, early_help):
    with pytest.raises(ValidationError, match="assistant directors"):
        draw(line, council["qa_officer"])


# --- the page ---------------------------------------------------------------------------------


def _url(line) -> str:
    return reverse(
        "peer_review_line_sample", kwargs={"review_id": line.review_id, "line_id": line.pk}
    )


FORM = {"criterion": "early_help_open", "months": "", "size": "2", "seed": "42"}


def test_the_planner_draws_from_the_page(signed_in, planner, line, peer, early_help):
    client = signed_in(planner)
    page = client.get(_url(line))
    assert page.status_code == 200
    assert "Draw the sample: Early help and the threshold to social care" in page.text
    response = client.post(_url(line), FORM, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "peer_review_samples", kwargs={"review_id": line.review_id}
    )
    assert "Line 1&#x27;s sample is drawn: 2 cases, opened to the review team" in response.text
    line.refresh_from_db()
    assert line.seed == 42 and line.cases.count() == 2
    again = client.get(_url(line))
    assert (
        "This line&#x27;s sample was drawn on" in again.text
        and "Draw the sample</button>" not in again.text
    )


def test_the_preview_counts_without_drawing(signed_in, planner, line, early_help):
    page = signed_in(planner).get(_url(line), {"criterion": "early_help_open", "size": ""})
    assert (
        "6 children meet these criteria today: Early help (CAF/TAF) or Family Help work open on"
        in page.text
    )
    line.refresh_from_db()
    assert not line.is_sampled


def test_bad_input_on_the_page_shows_the_error(signed_in, planner, line, early_help):
    response = signed_in(planner).post(_url(line), {**FORM, "size": "", "criterion": ""})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Select which cases the sample is drawn from" in response.text
    assert ReviewCase.objects.count() == 0


@pytest.mark.parametrize("role", ["head_of_service", "qa_officer", "performance_officer"])
def test_host_readers_who_do_not_plan_are_refused(signed_in, council, line, early_help, role):
    client = signed_in(council[role])
    assert client.get(_url(line)).status_code == 403
    assert client.post(_url(line), FORM).status_code == 403
    assert ReviewCase.objects.count() == 0


def test_a_team_member_is_refused(signed_in, line, peer, early_help):
    client = signed_in(peer)
    assert client.get(_url(line)).status_code == 403
    assert client.post(_url(line), FORM).status_code == 403
    assert LineOfEnquiry.objects.get(pk=line.pk).sampled_at is None


def test_a_line_of_another_review_is_not_found(signed_in, planner, line):
    other = make_review(planner, starts_on=today() + dt.timedelta(days=30))
    url = reverse("peer_review_line_sample", kwargs={"review_id": other.pk, "line_id": line.pk})
    assert signed_in(planner).get(url).status_code == 404
