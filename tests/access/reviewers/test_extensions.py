"""Extending a reviewer visit: an inspection overran, so the manager who granted it (or a director)
moves its last day later. The sample stays; the visit, its grants and its report take the new
last day; the extension keeps the day it replaced, who and why; nothing is deleted. The longest
visit is the one planning allows, counted from the first day.

"Today" is set as the visit tests set it: services take `now`, the record rules take a day.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from journey.access.reviewers import services as reviewers
from journey.access.rules import visibility_filter
from journey.core.models import AccessEvent, RecordGrant, ReviewerAccess, ReviewerExtension
from journey.people.models import Person
from journey.workforce.models import Role
from tests.access.reviewers.test_visits import (
    errors_of,
    granted_visit,
    sc_children,
    today,
    visit_input,
)
from tests.factories import ServiceFactory, UserFactory, WorkerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.access.reviewers.test_visits")]

REASON = "The inspection overran by two days"


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def past_visit(council, children, *, ago: int, lasts: int, extend_on: int, to: int | None):
    """A visit planned `ago` days back lasting `lasts` days, extended on its day `extend_on` to
    end on its day `to` (day 0 is its first day), or not extended if `to` is None."""
    head = council["head_of_service"]
    then = timezone.now() - days(ago)
    start = timezone.localdate(then)
    data = visit_input(council, starts_on=start, ends_on=start + days(lasts - 1))
    visit = reviewers.plan_visit(data, by=head, now=then)
    reviewers.choose_sample(visit, children=children, by=head, now=then)
    if to is not None:
        reviewers.extend_visit(
            visit, ends_on=start + days(to), reason=REASON, by=head, now=then + days(extend_on)
        )
    visit.refresh_from_db()
    return visit


def grants_of(visit) -> set[tuple]:
    return set(
        RecordGrant.objects.filter(reviewer_case__visit=visit).values_list(
            "starts_on", "expires_on", "revoked_at"
        )
    )


# --- The service -----------------------------------------------------------------------------


def test_the_granting_head_extends_a_live_visit_and_its_grants_move(council):
    children = sc_children(council, 3)
    visit = granted_visit(council, children)
    old_end, new_end = visit.ends_on, visit.ends_on + days(2)
    head = council["head_of_service"]

    extended = reviewers.extend_visit(visit, ends_on=new_end, reason=f"  {REASON} ", by=head)

    assert extended.ends_on == new_end
    visit.refresh_from_db()
    assert visit.ends_on == new_end and visit.starts_on == today()
    assert reviewers.status(visit) == reviewers.Status.LIVE
    assert grants_of(visit) == {(visit.starts_on, new_end, None)}
    assert visit.cases.count() == 3  # the same sample, not redrawn
    extension = ReviewerExtension.objects.get()
    assert (extension.visit, extension.previous_ends_on, extension.ends_on) == (
        visit,
        old_end,
        new_end,
    )
    assert (extension.reason, extension.extended_by) == (REASON, head)
    assert [h.ends_on for h in visit.history.order_by("history_date")][-2:] == [old_end, new_end]


def test_a_visit_is_extended_again_and_each_extension_is_kept(council):
    visit = granted_visit(council, sc_children(council, 1))
    first, second = visit.ends_on + days(1), visit.ends_on + days(3)
    reviewers.extend_visit(
        visit, ends_on=first, reason="One more day", by=council["head_of_service"]
    )
    reviewers.extend_visit(
        visit, ends_on=second, reason="Two more", by=council["assistant_director"]
    )
    assert list(visit.extensions.values_list("previous_ends_on", "ends_on")) == [
        (visit.ends_on, first),
        (first, second),
    ]
    assert grants_of(visit) == {(visit.starts_on, second, None)}


def test_a_planned_visit_is_extended_before_and_after_its_cases_are_added(council):
    child = sc_children(council, 1)[0]
    head = council["head_of_service"]
    start = today() + days(5)
    visit = reviewers.plan_visit(
        visit_input(council, starts_on=start, ends_on=start + days(2)), by=head
    )
    reviewers.extend_visit(visit, ends_on=start + days(3), reason=REASON, by=head)
    reviewers.choose_sample(visit, children=[child], by=head)
    visit.refresh_from_db()
    assert grants_of(visit) == {(start, start + days(3), None)}  # the sample takes the new day
    reviewers.extend_visit(visit, ends_on=start + days(4), reason=REASON, by=head)
    assert grants_of(visit) == {(start, start + days(4), None)}
    visit.refresh_from_db()
    assert reviewers.status(visit) == reviewers.Status.UPCOMING


@pytest.mark.parametrize(
    ("ends_on", "reason", "field", "message"),
    [
        (0, REASON, "ends_on", "must be after the current last day"),
        (-1, REASON, "ends_on", "must be after the current last day"),
        (None, REASON, "ends_on", "Enter the new last day"),
        (1, "   ", "reason", "Enter why the visit is being extended"),
        ("too long", REASON, "ends_on", "A visit can last at most 90 days"),
    ],
)
def test_bad_extensions_are_refused_field_by_field_and_nothing_changes(
    council, ends_on, reason, field, message
):
    visit = granted_visit(council, sc_children(council, 2))
    before = grants_of(visit)
    if ends_on == "too long":
        new_end = visit.starts_on + days(reviewers.MAX_DAYS)
    elif ends_on is not None:
        new_end = visit.ends_on + days(ends_on)
    else:
        new_end = None
    with pytest.raises(ValidationError) as excinfo:
        reviewers.extend_visit(visit, ends_on=new_end, reason=reason, by=council["head_of_service"])
    assert message in " ".join(errors_of(excinfo)[field])
    assert ReviewerAccess.objects.get().ends_on == visit.ends_on
    assert grants_of(visit) == before
    assert not ReviewerExtension.objects.exists()


def test_the_longest_extension_is_the_longest_visit_planning_allows(council):
    visit = granted_visit(council, sc_children(council, 1))
    latest = reviewers.latest_last_day(visit.starts_on)
    with pytest.raises(ValidationError) as excinfo:
        reviewers.extend_visit(
            visit, ends_on=latest + days(1), reason=REASON, by=council["head_of_service"]
        )
    assert f"the last day must be {latest:%-d %B %Y} or earlier" in errors_of(excinfo)["ends_on"][0]
    reviewers.extend_visit(visit, ends_on=latest, reason=REASON, by=council["head_of_service"])
    visit.refresh_from_db()
    assert (visit.ends_on - visit.starts_on).days + 1 == reviewers.MAX_DAYS


def test_a_revoked_visit_is_not_extended(council):
    visit = granted_visit(council, sc_children(council, 1))
    head = council["head_of_service"]
    reviewers.revoke_visit(visit, reason="Postponed", by=head)
    with pytest.raises(ValidationError, match="has been revoked"):
        reviewers.extend_visit(visit, ends_on=visit.ends_on + days(1), reason=REASON, by=head)
    assert not ReviewerExtension.objects.exists()
    assert RecordGrant.objects.get().expires_on == visit.ends_on


def test_an_ended_visit_is_not_extended_plan_a_new_one(council):
    visit = past_visit(council, sc_children(council, 1), ago=10, lasts=3, extend_on=0, to=None)
    with pytest.raises(ValidationError, match="plan a new visit instead") as excinfo:
        reviewers.extend_visit(
            visit, ends_on=today() + days(2), reason=REASON, by=council["head_of_service"]
        )
    assert "__all__" in errors_of(excinfo)
    assert not ReviewerExtension.objects.exists()


def test_a_visit_ending_today_is_still_extended(council):
    visit = past_visit(council, sc_children(council, 1), ago=2, lasts=3, extend_on=0, to=None)
    assert visit.ends_on == today()
    reviewers.extend_visit(
        visit, ends_on=today() + days(1), reason=REASON, by=council["head_of_service"]
    )
    assert ReviewerExtension.objects.count() == 1


@pytest.mark.parametrize(
    "who", ["team_manager", "social_worker", "qa_officer", "reviewer", "other_head"]
)
def test_only_the_granting_head_or_a_director_extends(council, who):
    visit = granted_visit(council, sc_children(council, 1))
    if who == "other_head":  # a head of the same service who did not grant it
        worker = WorkerFactory(
            role=Role.HEAD_OF_SERVICE, team=None, service=council.sc_team.service
        )
    else:
        worker = council[who]
    with pytest.raises(ValidationError, match="Only the manager who granted this visit"):
        reviewers.extend_visit(visit, ends_on=visit.ends_on + days(1), reason=REASON, by=worker)
    assert not ReviewerExtension.objects.exists()
    assert RecordGrant.objects.get().expires_on == visit.ends_on


# --- The reviewer's access follows the new last day ------------------------------------------


def test_the_reviewer_opens_a_sampled_child_after_the_old_last_day_until_the_new_one(
    council, signed_in
):
    extended_child, ended_child = sc_children(council, 2)
    # Planned 5 days ago for 3 days (the old last day was 2 days ago), extended on its second day
    # to end 3 days from now; the same visit not extended, as the control.
    visit = past_visit(council, [extended_child], ago=5, lasts=3, extend_on=1, to=8)
    control = past_visit(council, [ended_child], ago=5, lasts=3, extend_on=1, to=None)
    old_end = control.ends_on
    assert old_end < today() < visit.ends_on == today() + days(3)
    user = council["reviewer"].user

    def seen(day: dt.date) -> set[int]:
        people = Person.objects.children().filter(visibility_filter(user, day))
        return set(people.values_list("pk", flat=True))

    assert seen(old_end + days(1)) == {extended_child.pk}
    assert seen(visit.ends_on) == {extended_child.pk}
    assert seen(visit.ends_on + days(1)) == set()

    reviewer = signed_in(council["reviewer"])
    assert reviewer.get(reverse("child", args=[extended_child.pk])).status_code == 200
    assert reviewer.get(reverse("child", args=[ended_child.pk])).status_code == 403
    assert reviewers.status(visit) == reviewers.Status.LIVE
    mine = reviewer.get(reverse("my_reviews")).content.decode()
    assert f"until the end of <strong>{visit.ends_on:%-d %B %Y}</strong>" in mine
    assert extended_child.full_name in mine and ended_child.full_name not in mine


def test_after_the_new_last_day_the_reviewer_is_refused(council, signed_in):
    child = sc_children(council, 1)[0]
    visit = past_visit(council, [child], ago=10, lasts=2, extend_on=0, to=4)
    assert visit.ends_on == today() - days(6)
    reviewer = signed_in(council["reviewer"])
    assert reviewer.get(reverse("child", args=[child.pk])).status_code == 403
    assert AccessEvent.objects.filter(
        user=council["reviewer"].user, child=child, action=AccessEvent.Action.DENIED
    ).exists()
    assert reviewers.status(visit) == reviewers.Status.ENDED


def test_the_report_covers_the_extended_days(council, signed_in):
    child = sc_children(council, 1)[0]
    visit = past_visit(council, [child], ago=5, lasts=3, extend_on=1, to=8)
    reviewer = signed_in(council["reviewer"])
    assert reviewer.get(reverse("child", args=[child.pk])).status_code == 200  # today
    start, end = reviewers._window(visit)
    assert timezone.localdate(end - days(1)) == visit.ends_on
    report = reviewers.visit_report(visit)
    assert [e.page for e in report.cases[0].events] == ["Summary"]

    qa = signed_in(council["qa_officer"])
    sheet = load_workbook(
        io.BytesIO(qa.get(reverse("reviewer_visit_xlsx", args=[visit.pk])).content)
    )
    rows = list(sheet.active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][3] == child.full_name and rows[1][7] == "Summary"
    assert rows[1][5].date() == today()


# --- The page --------------------------------------------------------------------------------


def extend_data(day: dt.date | None, reason: str = REASON) -> dict:
    if day is None:
        return {"ends_on_0": "", "ends_on_1": "", "ends_on_2": "", "reason": reason}
    return {"ends_on_0": day.day, "ends_on_1": day.month, "ends_on_2": day.year, "reason": reason}


def test_the_head_extends_the_visit_from_its_page(council, signed_in):
    child = sc_children(council, 1)[0]
    visit = granted_visit(council, [child])
    old_end, new_end = visit.ends_on, visit.ends_on + days(2)
    client = signed_in(council["head_of_service"])
    url = reverse("reviewer_visit", args=[visit.pk])
    page = client.get(url).content.decode()
    assert "Extend the visit" in page
    assert f'action="{reverse("extend_reviewer_visit", args=[visit.pk])}"' in page
    assert 'for="id_ends_on_0"' in page and 'for="id_reason"' in page
    assert 'id="extensions"' not in page

    response = client.post(reverse("extend_reviewer_visit", args=[visit.pk]), extend_data(new_end))
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url).content.decode()
    assert "govuk-notification-banner--success" in page
    assert f"until the end of {new_end:%-d %B %Y}" in page
    extensions = page[
        page.index('id="extensions"') : page.index("</table>", page.index('id="extensions"'))
    ]
    assert f"From {old_end:%-d %B %Y} to {new_end:%-d %B %Y}" in extensions
    assert REASON in extensions and council["head_of_service"].name in extensions
    assert f"Extended from {old_end:%-d %B %Y}" in page
    assert grants_of(visit) == {(visit.starts_on, new_end, None)}


@pytest.mark.parametrize(
    ("data", "messages", "anchors"),
    [
        (
            extend_data(dt.date(1999, 1, 1), reason=""),
            [
                "The new last day must be after the current last day",
                "Enter why the visit is being extended",
            ],
            ["#id_ends_on_0", "#id_reason"],
        ),
        (
            {"ends_on_0": "31", "ends_on_1": "2", "ends_on_2": "2027", "reason": REASON},
            ["New last day must be a real date"],
            ["#id_ends_on_0"],
        ),
        (extend_data(None), ["Enter the new last day of the visit"], ["#id_ends_on_0"]),
    ],
)
def test_bad_input_shows_the_error_summary_and_saves_nothing(
    council, signed_in, data, messages, anchors
):
    visit = granted_visit(council, sc_children(council, 1))
    before = grants_of(visit)
    client = signed_in(council["head_of_service"])
    response = client.post(reverse("extend_reviewer_visit", args=[visit.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    summary = html[
        html.index("govuk-error-summary") : html.index("</ul>", html.index("govuk-error-summary"))
    ]
    for message in messages:
        assert message in summary
    for anchor in anchors:
        assert f'href="{anchor}"' in summary
    assert "<details" in html and 'id="extend" open' in html
    assert "govuk-form-group--error" in html
    assert ReviewerAccess.objects.get().ends_on == visit.ends_on
    assert grants_of(visit) == before and not ReviewerExtension.objects.exists()


def test_the_form_is_offered_only_to_its_managers_while_planned_or_live(council, signed_in):
    visit = granted_visit(council, sc_children(council, 1))
    url = reverse("reviewer_visit", args=[visit.pk])
    assert "Extend the visit" in signed_in(council["assistant_director"]).get(url).content.decode()
    qa = signed_in(council["qa_officer"]).get(url).content.decode()  # sees it, may not change it
    assert "Extend the visit" not in qa and 'name="ends_on_0"' not in qa
    reviewers.revoke_visit(visit, reason="Postponed", by=council["head_of_service"])
    revoked = signed_in(council["head_of_service"]).get(url).content.decode()
    assert "Extend the visit" not in revoked

    ended = past_visit(council, sc_children(council, 1), ago=10, lasts=2, extend_on=0, to=3)
    page = signed_in(council["head_of_service"]).get(reverse("reviewer_visit", args=[ended.pk]))
    html = page.content.decode()
    assert "Extend the visit" not in html and 'id="extensions"' in html  # the history stays


def other_service_head(council):
    return WorkerFactory(
        role=Role.HEAD_OF_SERVICE,
        team=None,
        service=ServiceFactory(name="Early Help"),
        user=UserFactory(username="eh_head"),
    )


@pytest.mark.parametrize("who", ["team_manager", "reviewer", "qa_officer", "other_service_head"])
def test_others_are_refused_with_403_and_the_refusal_is_logged(council, signed_in, who):
    visit = granted_visit(council, sc_children(council, 1))
    worker = other_service_head(council) if who == "other_service_head" else council[who]
    client = signed_in(worker)
    url = reverse("extend_reviewer_visit", args=[visit.pk])
    response = client.post(url, extend_data(visit.ends_on + days(2)))
    assert response.status_code == 403
    denied = AccessEvent.objects.get(user=worker.user, action=AccessEvent.Action.DENIED)
    assert denied.path == url and denied.child is None and denied.reason
    assert ReviewerAccess.objects.get().ends_on == visit.ends_on
    assert not ReviewerExtension.objects.exists()
    assert grants_of(visit) == {(visit.starts_on, visit.ends_on, None)}
    if who == "reviewer":  # the visit's report lists the reviewer's refusal, naming no child
        report = signed_in(council["head_of_service"]).get(
            reverse("reviewer_visit", args=[visit.pk])
        )
        assert "No child: another page" in report.content.decode()


def test_the_extension_is_a_post_only_address(council, signed_in):
    visit = granted_visit(council, sc_children(council, 1))
    client = signed_in(council["head_of_service"])
    assert client.get(reverse("extend_reviewer_visit", args=[visit.pk])).status_code == 405
    assert client.post(reverse("extend_reviewer_visit", args=[visit.pk + 99])).status_code == 404


def test_the_visit_page_takes_the_same_queries_however_many_extensions(council, signed_in):
    visit = granted_visit(council, sc_children(council, 3))
    head = council["head_of_service"]
    client = signed_in(head)
    url = reverse("reviewer_visit", args=[visit.pk])

    def extend_by(n: int) -> None:
        for _ in range(n):
            visit.refresh_from_db()
            reviewers.extend_visit(visit, ends_on=visit.ends_on + days(1), reason=REASON, by=head)

    extend_by(1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    extend_by(5)
    with CaptureQueriesContext(connection) as many:
        assert "Extensions (6)" in client.get(url).content.decode()
    assert len(many) == len(few)
