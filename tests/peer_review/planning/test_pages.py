"""The review's plan pages: who may read and change them, what they show, the documents, and a
constant number of queries on the overview however big the review."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from journey.peer_review.models import (
    DocumentKind,
    LineOfEnquiry,
    PeerReview,
    ReviewDocument,
    Session,
    TeamMember,
    TeamRole,
)
from journey.peer_review.planning import services
from tests.peer_review.factories import (
    add_line,
    add_member,
    add_session,
    make_review,
    make_reviewer,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HOST_STAFF_WHO_READ = ["head_of_service", "qa_officer", "performance_officer"]
REFUSED_STAFF = ["practitioner", "social_worker", "team_manager"]


def overview_url(review: PeerReview) -> str:
    return reverse("peer_review", kwargs={"review_id": review.pk})


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def date_fields(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


@pytest.fixture
def live(planner) -> PeerReview:
    """A review whose visit began today: live for its team."""
    return make_review(planner, starts_on=TODAY)


# --- planning a review -----------------------------------------------------------------------


def test_an_assistant_director_plans_a_review(signed_in, planner):
    client = signed_in(planner)
    form = page(client, reverse("peer_review_new"))
    assert 'value="Fairshire Council"' in form
    assert 'name="letter_days" type="number" value="20"' in form

    starts_on = TODAY + dt.timedelta(days=14)
    response = client.post(
        reverse("peer_review_new"),
        {
            "title": "Peer challenge of early help",
            "host": "Fairshire Council",
            "scope": "Early help and the threshold.",
            **date_fields("starts_on", starts_on),
            **date_fields("ends_on", starts_on + dt.timedelta(days=2)),
            "letter_days": "20",
            "self_assessment": "",
        },
    )

    review = PeerReview.objects.get()
    assert response.url == overview_url(review)
    assert review.access_ends_on == starts_on + dt.timedelta(days=22)
    overview = page(client, overview_url(review))
    assert "Peer challenge of early help" in overview
    assert "Add a reviewer to the team" in overview


def test_a_visit_too_long_is_refused_on_the_page(signed_in, planner):
    starts_on = TODAY + dt.timedelta(days=14)
    response = signed_in(planner).post(
        reverse("peer_review_new"),
        {
            "title": "Peer challenge",
            "host": "Fairshire Council",
            "scope": "Everything.",
            **date_fields("starts_on", starts_on),
            **date_fields("ends_on", starts_on + dt.timedelta(days=10)),
            "letter_days": "20",
        },
    )

    assert response.status_code == 200
    assert "The visit can last at most 10 days" in response.content.decode()
    assert not PeerReview.objects.exists()


@pytest.mark.parametrize("role", [*REFUSED_STAFF, *HOST_STAFF_WHO_READ, "reviewer"])
def test_only_assistant_directors_plan_reviews(signed_in, council, role):
    client = signed_in(council[role])

    assert client.get(reverse("peer_review_new")).status_code == 403
    assert client.post(reverse("peer_review_new"), {"title": "x"}).status_code == 403
    assert not PeerReview.objects.exists()


# --- who reads the overview ------------------------------------------------------------------


@pytest.mark.parametrize("role", HOST_STAFF_WHO_READ)
def test_host_staff_read_the_overview_but_do_not_plan(signed_in, council, review, role):
    client = signed_in(council[role])
    overview = page(client, overview_url(review))

    assert review.title in overview
    assert "Add a session to the schedule" not in overview
    add = reverse("peer_review_add_session", kwargs={"review_id": review.pk})
    assert client.get(add).status_code == 403
    assert client.post(add, {"title": "x"}).status_code == 403
    assert not Session.objects.exists()


@pytest.mark.parametrize("role", REFUSED_STAFF)
def test_practice_staff_do_not_see_reviews(signed_in, council, review, role):
    assert signed_in(council[role]).get(overview_url(review)).status_code == 403


def test_a_reviewer_not_on_the_team_is_refused(signed_in, live):
    add_member(live, make_reviewer())

    assert signed_in(make_reviewer()).get(overview_url(live)).status_code == 403


def test_a_team_member_sees_the_overview_only_while_the_review_is_live(signed_in, review, lead):
    client = signed_in(lead.worker)
    assert client.get(overview_url(review)).status_code == 403  # before the first day

    PeerReview.objects.filter(pk=review.pk).update(starts_on=TODAY)
    overview = page(client, overview_url(review))
    assert "Leah Lead" in overview
    assert "Add a reviewer to the team" not in overview
    assert "Remove" not in overview
    add = reverse("peer_review_add_line", kwargs={"review_id": review.pk})
    assert client.get(add).status_code == 403


def test_a_team_member_is_refused_once_the_letter_is_issued(signed_in, live, planner):
    member = add_member(live, make_reviewer(), TeamRole.LEAD)
    client = signed_in(member.worker)
    assert client.get(overview_url(live)).status_code == 200

    from journey.peer_review.models import FindingsLetter

    FindingsLetter.objects.create(
        review=live,
        addressee="The Director",
        opening="Thanks.",
        closing="Regards.",
        drafted_by=member,
        drafted_at=timezone.now(),
        issued_at=timezone.now(),
        issued_by_name=member.worker.name,
    )

    assert client.get(overview_url(live)).status_code == 403


def test_a_member_who_left_is_refused(signed_in, live, planner):
    member = add_member(live, make_reviewer())
    services.remove_member(member, "Unwell", by=planner)

    assert signed_in(member.worker).get(overview_url(live)).status_code == 403


def test_the_plan_is_not_changed_once_the_letter_is_issued(signed_in, planner, review, issued):
    client = signed_in(planner)
    overview = page(client, overview_url(review))

    assert "Add a session to the schedule" not in overview
    add = reverse("peer_review_add_session", kwargs={"review_id": review.pk})
    assert client.get(add).status_code == 403


def test_the_review_is_changed_through_its_page(signed_in, planner, review):
    client = signed_in(planner)
    url = reverse("peer_review_change", kwargs={"review_id": review.pk})
    assert 'name="letter_days" type="number" value="20"' in page(client, url)

    client.post(
        url,
        {
            "title": "Peer challenge of the front door",
            "host": review.host,
            "scope": review.scope,
            **date_fields("starts_on", review.starts_on),
            **date_fields("ends_on", review.ends_on),
            "letter_days": "25",
        },
    )

    review.refresh_from_db()
    assert review.title == "Peer challenge of the front door"
    assert review.access_ends_on == review.ends_on + dt.timedelta(days=25)
    assert signed_in(review.commissioned_by).get(url).status_code == 200


@pytest.mark.parametrize("role", ["head_of_service", "qa_officer"])
def test_host_readers_do_not_change_the_review(signed_in, council, review, role):
    url = reverse("peer_review_change", kwargs={"review_id": review.pk})

    assert signed_in(council[role]).post(url, {"title": "Mine now"}).status_code == 403
    review.refresh_from_db()
    assert review.title != "Mine now"


# --- the team, lines and schedule through the pages ------------------------------------------


def test_the_team_through_the_pages(signed_in, planner, review, lead):
    client = signed_in(planner)
    reviewer = make_reviewer("Eastmoor Council", first_name="Ola", last_name="Okafor")
    add = reverse("peer_review_add_member", kwargs={"review_id": review.pk})
    form = page(client, add)
    assert "Ola Okafor, Eastmoor Council" in form
    assert "Leah Lead" not in form  # already on the team

    refused = client.post(add, {"worker": reviewer.pk, "role": TeamRole.LEAD})
    assert "Leah Lead is the lead reviewer" in refused.content.decode()

    client.post(add, {"worker": reviewer.pk, "role": TeamRole.PRACTICE})
    member = TeamMember.objects.get(worker=reviewer)
    remove = reverse(
        "peer_review_remove_member", kwargs={"review_id": review.pk, "team_member_id": member.pk}
    )
    assert "Enter why they are leaving the team" in client.post(remove, {}).content.decode()
    client.post(remove, {"reason": "Called to an inspection"})

    overview = page(client, overview_url(review))
    assert "<s>Ola Okafor</s>" in overview
    assert "Called to an inspection" in overview


def test_a_new_reviewer_is_added_from_the_team_page(signed_in, planner, review):
    client = signed_in(planner)
    url = reverse("peer_review_add_new_reviewer", kwargs={"review_id": review.pk})
    missing = client.post(url, {"username": "nn", "organisation": "Northdale", "role": "lead"})
    assert "Enter the first name" in missing.content.decode()

    client.post(
        url,
        {
            "first_name": "Nia",
            "last_name": "North",
            "organisation": "Northdale Council",
            "username": "nnorth",
            "role": "lead",
        },
    )

    member = review.members.get()
    assert (member.worker.name, member.role, member.organisation) == (
        "Nia North",
        "lead",
        "Northdale Council",
    )


def test_lines_of_enquiry_through_the_pages(signed_in, planner, review):
    client = signed_in(planner)
    add = reverse("peer_review_add_line", kwargs={"review_id": review.pk})
    fields = {
        "title": "The voice of the child",
        "theme": "voice",
        "questions": "Is the child seen and heard?",
        "evidence_sought": "Visits; the children in care council.",
    }
    assert "Select the theme" in client.post(add, fields | {"theme": ""}).content.decode()
    client.post(add, fields)
    line = LineOfEnquiry.objects.get()
    change = reverse("peer_review_change_line", kwargs={"review_id": review.pk, "line_id": line.pk})
    assert "The voice of the child" in page(client, change)
    client.post(change, fields | {"title": "Hearing the child"})

    overview = page(client, overview_url(review))
    assert "1. Hearing the child" in overview
    assert "Not sampled yet" in overview


def test_sessions_through_the_pages(signed_in, planner, lead):
    review = make_review(planner, starts_on=dt.date(2027, 3, 3))
    line = add_line(review)
    client = signed_in(planner)
    add = reverse("peer_review_add_session", kwargs={"review_id": review.pk})
    form = page(client, add)
    assert "Leah Lead (Lead reviewer)" not in form  # on another review's team
    fields = {
        "kind": "panel",
        "title": "Step-up panel",
        **date_fields("on", dt.date(2027, 3, 6)),
        "starts_at": "10:00",
        "ends_at": "09:00",
        "place": "Civic Centre",
        "attendees": "The panel chair",
        "lines": [line.pk],
    }

    refused = client.post(add, fields).content.decode()
    assert "The session must be on a day of the visit: 3 March 2027 to 5 March 2027" in refused
    assert not Session.objects.exists()
    client.post(add, fields | date_fields("on", dt.date(2027, 3, 4)) | {"ends_at": "11:30"})
    session = Session.objects.get()
    cancel = reverse(
        "peer_review_cancel_session",
        kwargs={"review_id": review.pk, "review_session_id": session.pk},
    )
    client.post(cancel, {"reason": "The panel was moved to April"})

    overview = page(client, overview_url(review))
    assert "Thursday 4 March 2027" in overview
    assert "10:00 to 11:30" in overview
    assert "Cancelled" in overview and "<s>Step-up panel</s>" in overview
    assert "The panel was moved to April" in overview


# --- documents -------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(client, review, name: str, content: bytes, **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("peer_review_attach_document", kwargs={"review_id": review.pk})
    data = {"kind": DocumentKind.SELF_ASSESSMENT, "title": "Our self-assessment"} | fields
    return client.post(url, data | {"file": SimpleUploadedFile(name, content)})


def document_url(document: ReviewDocument, name: str = "peer_review_document") -> str:
    return reverse(
        name, kwargs={"review_id": document.review_id, "review_document_id": document.pk}
    )


def test_documents_are_uploaded_downloaded_and_withdrawn(signed_in, council, planner, live, media):
    member = add_member(live, make_reviewer())
    client = signed_in(planner)
    upload(client, live, "self-assessment.pdf", PDF)
    document = ReviewDocument.objects.get()
    assert (document.content_type, document.size) == ("application/pdf", len(PDF))
    assert (media / document.file.name).read_bytes() == PDF

    response = client.get(document_url(document))
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF
    team = signed_in(member.worker)
    assert "Our self-assessment" in page(team, overview_url(live))
    assert team.get(document_url(document)).status_code == 200

    client = signed_in(planner)
    client.post(document_url(document, "peer_review_withdraw_document"), {"reason": "Superseded"})

    document.refresh_from_db()
    assert document.withdrawn_reason == "Superseded"
    assert client.get(document_url(document)).status_code == 404
    host = page(client, overview_url(live))
    assert "Withdrawn" in host and "Superseded" in host
    team = signed_in(member.worker)
    assert "Our self-assessment" not in page(team, overview_url(live))
    assert team.get(document_url(document)).status_code == 404


@pytest.mark.parametrize("role", REFUSED_STAFF)
def test_staff_who_do_not_read_reviews_cannot_download(
    signed_in, council, planner, live, media, role
):
    upload(signed_in(planner), live, "data.csv", b"team,children\nNorth,12\n", kind="data")
    document = ReviewDocument.objects.get()

    assert signed_in(council[role]).get(document_url(document)).status_code == 403


def test_a_reviewer_not_on_the_team_cannot_download(signed_in, planner, live, media):
    upload(signed_in(planner), live, "data.csv", b"team,children\nNorth,12\n", kind="data")
    document = ReviewDocument.objects.get()

    assert signed_in(make_reviewer()).get(document_url(document)).status_code == 403


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("run-me.exe", b"MZ\x90\x00", "The file must be a PDF, Word, Excel"),
        ("renamed.pdf", b"MZ\x90\x00 not a pdf", "The file must be a PDF, Word, Excel"),
        ("binary.txt", b"abc\x00def", "The file must be a PDF, Word, Excel"),
        ("empty.pdf", b"", "The file is empty"),
    ],
)
def test_a_file_that_is_not_a_document_is_refused(
    signed_in, planner, review, media, name, content, message
):
    response = upload(signed_in(planner), review, name, content)

    assert message in response.content.decode()
    assert not ReviewDocument.objects.exists()
    assert not any(media.rglob("*.*"))


def test_a_file_too_big_is_refused(signed_in, planner, review, media, monkeypatch):
    monkeypatch.setattr(services, "max_document_bytes", lambda: len(PDF) - 1)

    response = upload(signed_in(planner), review, "big.pdf", PDF)

    assert "The file must be smaller than 20 MB" in response.content.decode()
    assert not ReviewDocument.objects.exists()


# --- the overview's queries ------------------------------------------------------------------


def grow(review: PeerReview, planner, n: int) -> None:
    """n members, lines, sessions (each with its reviewers and lines) and documents."""
    for i in range(n):
        member = add_member(review, make_reviewer())
        line = add_line(review, title=f"Line {i}")
        session = add_session(review, on=review.starts_on + dt.timedelta(days=i % 3))
        session.reviewers.add(member)
        session.lines.add(line)
        ReviewDocument.objects.create(
            review=review,
            kind=DocumentKind.DATA,
            title=f"Data {i}",
            file=f"peer_review/{review.pk}/data{i}.csv",
            content_type="text/csv",
            size=10,
            provided_by=planner.user,
            provided_at=timezone.now(),
        )


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_overview_reads_in_the_same_queries_however_big_the_review(signed_in, planner):
    small, big = make_review(planner, starts_on=TODAY), make_review(planner, starts_on=TODAY)
    grow(small, planner, 1)
    grow(big, planner, 6)
    client = signed_in(planner)
    queries(client, overview_url(small))  # warm the session and caches

    assert queries(client, overview_url(small)) == queries(client, overview_url(big))
    reviewer = make_reviewer()
    add_member(small, reviewer)
    add_member(big, reviewer)
    team = signed_in(reviewer)
    queries(team, overview_url(small))
    assert queries(team, overview_url(small)) == queries(team, overview_url(big))


# --- the reviewer's own page -----------------------------------------------------------------


def test_a_reviewer_finds_their_live_review_on_their_page(signed_in, planner, review, live):
    reviewer = make_reviewer()
    add_member(review, reviewer)  # not yet begun
    add_member(live, reviewer)

    mine = page(signed_in(reviewer), reverse("my_reviews"))

    assert overview_url(live) in mine
    assert overview_url(review) not in mine
