"""Family group decision-making before an application to court (issue 15; Children Act 1989
s31ZA): the letter before proceedings kept as the PDF that was sent, with its offer; the family's
answer, the meeting and the family's plan, its review and the best-interests decisions; and the
rule an application for a care or supervision order must pass, refused with a clear error and
nothing saved. Partners never see any of it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from journey.cases.services import close_episode
from journey.casework.family_group import services as fgdm
from journey.casework.family_group.selectors import family_group_measures
from journey.casework.family_group.services import LetterInput, MeetingInput
from journey.casework.models import (
    BestInterestsException,
    CourtApplication,
    FamilyGroupMeeting,
    FamilyGroupOffer,
    LetterBeforeProceedings,
    ViewsRecord,
)
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.core.models import AccessEvent
from journey.core.views_of_child import ViewsInput, ViewsMethod
from tests.casework.helpers import date_fields, error_summary, text_of

pytestmark = pytest.mark.django_db

CONCERNS = "Ruby has missed school for most of this term and the home has no food or heating."
CHANGES = "Ruby must be in school every day from 1 March; the home must be warm and stocked."
PLAN = (
    "Nan will collect Ruby from school every weekday and Aunt Jo will stay at weekends; "
    "Mum will go to the family centre on Tuesdays."
)
REASONS = (
    "The father's violence means a family meeting would put Ruby's mother in danger, and "
    "the family could not meet safely."
)


def today() -> dt.date:
    return timezone.localdate()


def ago(days: int) -> dt.date:
    return today() - dt.timedelta(days=days)


@pytest.fixture
def episode(sc_child):
    """Ruby's social care episode, referred 60 days ago."""
    return sc_child.episodes.get()


@pytest.fixture
def sw(council):
    return council["social_worker"]


@pytest.fixture
def manager(council):
    return council["team_manager"]


def letter_input(**overrides) -> LetterInput:
    data = {
        "sent_on": ago(40),
        "addressed_to": "Kim Ashworth and Lee Ashworth",
        "concerns": CONCERNS,
        "what_must_change": CHANGES,
        "how_to_accept": "Ring Sam Jones, Ruby's social worker, on 01234 567890.",
    }
    data |= overrides
    if "pre_proceedings_meeting_on" not in data and isinstance(data["sent_on"], dt.date):
        data["pre_proceedings_meeting_on"] = data["sent_on"] + dt.timedelta(days=10)
    return LetterInput(**data)


def write_letter(episode, sw, **overrides) -> LetterBeforeProceedings:
    return fgdm.write_letter_before_proceedings(episode, letter_input(**overrides), by=sw.user)


def answer(offer, sw, response="accepted", days_ago=35) -> FamilyGroupOffer:
    return fgdm.record_family_answer(
        offer,
        response=response,
        responded_on=ago(days_ago),
        response_by="Kim Ashworth, Ruby's mother",
        by=sw.user,
    )


def meeting_input(**overrides) -> MeetingInput:
    data = {
        "held_on": ago(20),
        "coordinator": "Pat Lowe, independent coordinator",
        "who_came": "Kim (mother), Joan (Nan), Jo (aunt), Ruby",
        "private_family_time": True,
        "family_plan": PLAN,
        "review_on": ago(20) + dt.timedelta(days=42),
    }
    return MeetingInput(**(data | overrides))


def hold(offer, sw, **overrides) -> FamilyGroupMeeting:
    return fgdm.record_family_group_meeting(offer, meeting_input(**overrides), by=sw.user)


def apply(episode, sw, days_ago=5, order="care") -> CourtApplication:
    return fgdm.record_court_application(
        episode,
        order=order,
        applied_on=ago(days_ago),
        court="Fairshire Family Court",
        note="The family's plan has not kept Ruby safe: she was hurt again last week.",
        by=sw.user,
    )


def decide(episode, manager, kind="not_offered", days_ago=10, **more) -> BestInterestsException:
    return fgdm.record_best_interests_exception(
        episode,
        kind=kind,
        decided_on=ago(days_ago),
        decided_by=more.pop("decided_by", manager),
        reasons=more.pop("reasons", REASONS),
        by=manager.user,
    )


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (
            LetterBeforeProceedings,
            FamilyGroupOffer,
            FamilyGroupMeeting,
            BestInterestsException,
            CourtApplication,
            ChronologyEntry,
        )
    )


def refused(call, field: str, *args, **kwargs) -> str:
    before = counts()
    with pytest.raises(ValidationError) as error:
        call(*args, **kwargs)
    assert counts() == before, "nothing is saved when a service refuses"
    assert field in error.value.message_dict, error.value.message_dict
    return error.value.message_dict[field][0]


def pdf_text(data: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


# --- The letter before proceedings ------------------------------------------------------------


def test_the_letter_is_kept_as_a_pdf_naming_the_child_and_offering_a_meeting(episode, sw):
    letter = write_letter(episode, sw)
    pdf = bytes(letter.pdf)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "Ruby Ashworth" in text
    assert "Letter before proceedings" in text
    assert "free legal advice" in text
    assert CONCERNS in text
    assert (
        "We are offering Kim Ashworth and Lee Ashworth a family group decision-making meeting"
        in (text)
    )
    assert "How to accept: Ring Sam Jones" in text
    offer = letter.offer
    assert (offer.offered_on, offer.offered_to, offer.response) == (
        ago(40),
        "Kim Ashworth and Lee Ashworth",
        FamilyGroupOffer.Response.AWAITING,
    )
    entry = ChronologyEntry.objects.get(source_model="letterbeforeproceedings")
    assert entry.kind == EntryKind.FAMILY_GROUP and entry.is_significant
    assert entry.title.startswith("Letter before proceedings sent to Kim Ashworth")


def test_the_offer_may_go_to_someone_other_than_the_letter(episode, sw):
    letter = write_letter(episode, sw, offered_to="Kim Ashworth and her mother Joan")
    assert letter.offer.offered_to == "Kim Ashworth and her mother Joan"
    assert "offering Kim Ashworth and her mother Joan a family group" in pdf_text(letter.pdf)


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"sent_on": None}, "sent_on", "Enter the date of the letter"),
        ({"sent_on": "future"}, "sent_on", "must be today or in the past"),
        ({"sent_on": 90}, "sent_on", "on or after the work started"),
        ({"addressed_to": " "}, "addressed_to", "Enter who the letter is to"),
        ({"concerns": "Neglect."}, "concerns", "at least a full sentence"),
        ({"what_must_change": ""}, "what_must_change", "Enter what must change"),
        ({"how_to_accept": ""}, "how_to_accept", "how the family can accept"),
        ({"pre_proceedings_meeting_on": 50}, "pre_proceedings_meeting_on", "on or after the date"),
    ],
)
def test_a_bad_letter_is_refused_and_nothing_is_saved(episode, sw, overrides, field, words):
    for key, value in overrides.items():
        if value == "future":
            overrides[key] = today() + dt.timedelta(days=2)
        elif isinstance(value, int):
            overrides[key] = ago(value)
    assert words in refused(write_letter, field, episode, sw, **overrides)


def test_no_letter_in_closed_work(episode, sw, manager):
    close_episode(episode, ended_on=ago(1), reason="RC8", note="", closed_by=manager.user)
    assert "record a letter before proceedings in open work" in refused(
        write_letter, "__all__", episode, sw
    )


# --- The answer, the meeting and the review -----------------------------------------------------


def test_the_family_answers_once(episode, sw):
    offer = write_letter(episode, sw).offer
    answer(offer, sw, "declined")
    assert "already recorded: declined" in refused(answer, "__all__", offer, sw, "accepted")
    entry = ChronologyEntry.objects.get(source_model="familygroupoffer")
    assert entry.title == "The family declined a family group decision-making meeting"


@pytest.mark.parametrize(
    ("days_ago", "words"),
    [(45, "on or after the offer"), (-2, "must be today or in the past")],
)
def test_an_answer_is_dated_after_the_offer_and_not_in_the_future(episode, sw, days_ago, words):
    offer = write_letter(episode, sw).offer
    assert words in refused(answer, "responded_on", offer, sw, days_ago=days_ago)


def test_an_answer_says_accepted_or_declined(episode, sw):
    offer = write_letter(episode, sw).offer
    assert "accepted or declined" in refused(answer, "response", offer, sw, "maybe")


@pytest.mark.parametrize("response", ["awaiting", "declined"])
def test_a_meeting_is_held_only_for_an_accepted_offer(episode, sw, response):
    offer = write_letter(episode, sw).offer
    if response == "declined":
        answer(offer, sw, "declined")
    assert "held only when the family accepts" in refused(hold, "__all__", offer, sw)


def test_the_meeting_and_the_familys_plan_are_recorded(episode, sw):
    offer = answer(write_letter(episode, sw).offer, sw)
    meeting = hold(offer, sw)
    assert meeting.family_plan == PLAN and meeting.private_family_time
    entry = ChronologyEntry.objects.get(source_model="familygroupmeeting")
    assert entry.title == ("Family group decision-making meeting held (with private family time)")
    assert PLAN in entry.summary
    assert "record the review of its plan" in refused(hold, "__all__", offer, sw)


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"held_on": ago(38)}, "held_on", "on or after the day the family accepted"),
        ({"coordinator": ""}, "coordinator", "independent coordinator"),
        ({"who_came": ""}, "who_came", "Enter who came"),
        ({"private_family_time": None}, "private_family_time", "private time"),
        ({"family_plan": "Nan helps."}, "family_plan", "at least a full sentence"),
        ({"review_on": None}, "review_on", "reviewed by"),
        ({"review_on": ago(20)}, "review_on", "after the meeting"),
    ],
)
def test_a_bad_meeting_is_refused_and_nothing_is_saved(episode, sw, overrides, field, words):
    offer = answer(write_letter(episode, sw).offer, sw)
    assert words in refused(hold, field, offer, sw, **overrides)


def test_the_familys_plan_is_reviewed_once(episode, sw):
    meeting = hold(answer(write_letter(episode, sw).offer, sw), sw)

    def review(days_ago=2, note="Ruby has been in school every day and Nan is still helping."):
        return fgdm.review_family_plan(
            meeting, reviewed_on=ago(days_ago), review_note=note, by=sw.user
        )

    assert "on or after the meeting" in refused(review, "reviewed_on", days_ago=25)
    assert "at least a full sentence" in refused(review, "review_note", note="Fine.")
    review()
    assert "was reviewed on" in refused(review, "__all__")
    assert ChronologyEntry.objects.filter(
        source_model="familygroupmeeting", title__contains="reviewed"
    ).exists()


# --- Best-interests decisions -----------------------------------------------------------------


def test_only_a_manager_decides_and_says_why_in_a_sentence(episode, sw, manager):
    assert "Select the manager who decided" in refused(
        decide, "decided_by", episode, manager, decided_by=sw
    )
    assert "at least a full sentence" in refused(
        decide, "reasons", episode, manager, reasons="Too risky."
    )
    decision = decide(episode, manager)
    entry = ChronologyEntry.objects.get(source_model="bestinterestsexception")
    assert decision.decided_by == manager and entry.is_significant
    assert "not to offer a family group decision-making meeting" in entry.title


def test_a_decision_must_fit_what_was_offered(episode, sw, manager):
    assert "No accepted family group meeting is waiting" in refused(
        decide, "kind", episode, manager, kind="not_held"
    )
    offer = write_letter(episode, sw).offer
    assert "a decision not to offer one no longer applies" in refused(
        decide, "kind", episode, manager
    )
    answer(offer, sw)
    assert "on or after the day the family accepted" in refused(
        decide, "decided_on", episode, manager, kind="not_held", days_ago=37
    )
    decide(episode, manager, kind="not_held", days_ago=30)


# --- The rule before an application to court -------------------------------------------------


def test_no_offer_no_application(episode, sw):
    message = refused(apply, "__all__", episode, sw)
    assert message.startswith("No family group decision-making meeting was offered to the family")
    assert "or record why it is in the child's best interests not to offer one" in message


def test_an_offer_awaiting_an_answer_is_not_a_refusal(episode, sw):
    write_letter(episode, sw)
    message = refused(apply, "__all__", episode, sw)
    assert "had not answered the offer of a family group decision-making meeting made on" in (
        message
    )
    assert "does not count as declined" in message


def test_an_accepted_meeting_must_be_held_first(episode, sw):
    offer = answer(write_letter(episode, sw).offer, sw)
    message = refused(apply, "__all__", episode, sw)
    accepted = f"{ago(35):%-d %B %Y}"
    assert message == (
        f"The family accepted a family group decision-making meeting on {accepted} and it has "
        "not been held: hold it before applying, or record why it is in the child's best "
        "interests not to"
    )
    assert offer.meetings.count() == 0


def test_a_meeting_held_after_the_application_date_does_not_count(episode, sw):
    hold(answer(write_letter(episode, sw).offer, sw), sw, held_on=ago(3))
    message = refused(apply, "__all__", episode, sw, days_ago=5)
    assert f"was held on {ago(3):%-d %B %Y}, after the application date" in message


def test_an_answer_given_after_the_application_date_was_still_awaited(episode, sw):
    answer(write_letter(episode, sw).offer, sw, "declined", days_ago=2)
    assert "does not count as declined" in refused(apply, "__all__", episode, sw, days_ago=5)


def test_the_family_declined_so_the_council_may_apply(episode, sw):
    answer(write_letter(episode, sw).offer, sw, "declined")
    application = apply(episode, sw, order="supervision")
    entry = ChronologyEntry.objects.get(source_model="courtapplication")
    assert entry.kind == EntryKind.COURT and entry.is_significant
    assert entry.title == "Application to Fairshire Family Court for a supervision order"
    assert application.order == "supervision"


def test_the_meeting_was_held_on_or_before_the_application(episode, sw):
    hold(answer(write_letter(episode, sw).offer, sw), sw, held_on=ago(5))
    apply(episode, sw, days_ago=5)
    assert CourtApplication.objects.count() == 1


def test_a_decision_not_to_offer_allows_an_application(episode, sw, manager):
    decide(episode, manager)
    apply(episode, sw)
    assert CourtApplication.objects.count() == 1


def test_a_decision_not_to_hold_the_accepted_meeting_allows_an_application(episode, sw, manager):
    answer(write_letter(episode, sw).offer, sw)
    decide(episode, manager, kind="not_held", days_ago=10)
    apply(episode, sw)
    assert CourtApplication.objects.count() == 1


def test_a_decision_made_after_the_application_date_does_not_count(episode, sw, manager):
    decide(episode, manager, days_ago=2)
    assert refused(apply, "__all__", episode, sw, days_ago=5).startswith("No family group")


def test_a_bad_application_names_the_field(episode, sw):
    answer(write_letter(episode, sw).offer, sw, "declined")

    def bad(**overrides):
        data = {
            "order": "care",
            "applied_on": ago(1),
            "note": "Ruby was hurt again.",
            "by": sw.user,
        }
        return fgdm.record_court_application(episode, **(data | overrides))

    assert "care order or a supervision order" in refused(bad, "order", order="adoption")
    assert "today or in the past" in refused(bad, "applied_on", applied_on=ago(-2))
    assert "why the council is applying" in refused(bad, "note", note=" ")


# --- The pages --------------------------------------------------------------------------------


def url(name: str, episode, *more) -> str:
    return reverse(name, args=[episode.pk, *more])


def test_a_social_worker_writes_the_letter_and_downloads_it(episode, sw, signed_in):
    client = signed_in(sw)
    form = client.get(url("write_letter_before_proceedings", episode))
    assert "Ruby&#x27;s social worker" in form.content.decode()
    response = client.post(
        url("write_letter_before_proceedings", episode),
        {
            **date_fields("sent_on", ago(3)),
            **date_fields("pre_proceedings_meeting_on", today() + dt.timedelta(days=10)),
            "addressed_to": "Kim Ashworth",
            "concerns": CONCERNS,
            "what_must_change": CHANGES,
            "offered_to": "",
            "how_to_accept": "Ring Sam Jones on 01234 567890.",
        },
    )
    assert response.status_code == 302
    letter = LetterBeforeProceedings.objects.get()
    page = client.get(url("family_group", episode))
    assert "Download the letter (PDF)" in text_of(page)
    assert "Awaiting an answer" in text_of(page)
    download = client.get(url("letter_before_proceedings_pdf", episode, letter.pk))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download.content.startswith(b"%PDF")
    assert AccessEvent.objects.filter(
        user=sw.user, child=episode.child, action=AccessEvent.Action.PRINT
    ).exists()


def test_the_page_says_why_an_application_would_be_refused(episode, sw, signed_in):
    answer(write_letter(episode, sw).offer, sw)
    client = signed_in(sw)
    page = text_of(client.get(url("family_group", episode)))
    assert "Not ready to apply. The family accepted a family group decision-making" in page
    response = client.post(
        url("record_court_application", episode),
        {"order": "care", **date_fields("applied_on", ago(1)), "note": "Ruby was hurt again."},
    )
    assert response.status_code == 200
    summary = error_summary(response)
    assert any("hold it before applying" in message for message in summary)
    assert not CourtApplication.objects.exists()


def test_the_meeting_page_draws_the_family_network(episode, sw, signed_in):
    offer = answer(write_letter(episode, sw).offer, sw)
    page = signed_in(sw).get(url("record_family_group_meeting", episode, offer.pk))
    assert page.status_code == 200
    assert "Genogram of Ruby Ashworth's family" in page.content.decode()
    assert "People in Ruby's family network" in text_of(page)


def test_the_page_shows_the_plan_the_decisions_and_the_applications(
    episode, sw, manager, signed_in
):
    meeting = hold(answer(write_letter(episode, sw).offer, sw), sw)
    apply(episode, sw)
    page = text_of(signed_in(manager).get(url("family_group", episode)))
    assert PLAN in page
    assert "Pat Lowe, independent coordinator" in page
    assert "Care order" in page
    assert (
        "The family group decision-making meeting the family accepted was held on "
        f"{meeting.held_on:%-d %B %Y}" in page
    )
    assert "Record a best-interests decision" in page
    assert "Record a best-interests decision" not in text_of(
        signed_in(sw).get(url("family_group", episode))
    )


def test_the_social_care_record_links_to_family_group_decision_making(episode, sw, signed_in):
    page = signed_in(sw).get(reverse("social_care_record", args=[episode.pk]))
    assert url("family_group", episode) in page.content.decode()


def test_the_page_takes_the_same_queries_however_much_is_recorded(episode, sw, manager, signed_in):
    client = signed_in(sw)
    answer(write_letter(episode, sw).offer, sw, "declined")
    with CaptureQueriesContext(connection) as little:
        assert client.get(url("family_group", episode)).status_code == 200
    for days in (30, 25):
        hold(answer(write_letter(episode, sw, sent_on=ago(days)).offer, sw, days_ago=days - 2),
             sw, held_on=ago(days - 4))  # fmt: skip
    answer(write_letter(episode, sw, sent_on=ago(10)).offer, sw, days_ago=9)
    decide(episode, manager, kind="not_held", days_ago=8)
    fgdm.offer_family_group_meeting(episode, offered_on=ago(3), offered_to="Joan", by=sw.user)
    apply(episode, sw, days_ago=2)
    apply(episode, sw, days_ago=1, order="supervision")
    with CaptureQueriesContext(connection) as more:
        assert client.get(url("family_group", episode)).status_code == 200
    assert len(more) == len(little)


def test_an_entry_on_the_chronology_opens_the_family_group_page(episode, sw, signed_in):
    write_letter(episode, sw)
    entry = ChronologyEntry.objects.get(source_model="letterbeforeproceedings")
    response = signed_in(sw).get(
        reverse(
            "chronology_source",
            args=[episode.child_id, "casework", "letterbeforeproceedings", entry.source_pk],
        )
    )
    assert response.status_code == 302 and response["Location"] == url("family_group", episode)


def test_closed_work_says_it_is_closed(episode, sw, manager, signed_in):
    close_episode(episode, ended_on=ago(1), reason="RC8", note="", closed_by=manager.user)
    assert signed_in(sw).get(url("write_letter_before_proceedings", episode)).status_code == 409


# --- Who may not --------------------------------------------------------------------------------


def page_urls(episode, sw) -> list[str]:
    letter = write_letter(episode, sw)
    offer = answer(letter.offer, sw)
    meeting = hold(offer, sw)
    other = fgdm.offer_family_group_meeting(
        episode, offered_on=ago(2), offered_to="Joan", by=sw.user
    )
    return [
        url("family_group", episode),
        url("letter_before_proceedings_pdf", episode, letter.pk),
        url("write_letter_before_proceedings", episode),
        url("record_family_group_offer", episode),
        url("record_family_group_answer", episode, other.pk),
        url("record_family_group_meeting", episode, offer.pk),
        url("review_family_plan", episode, meeting.pk),
        url("record_best_interests_exception", episode),
        url("record_court_application", episode),
    ]


def denied(client, user, address: str, method: str = "get") -> str:
    before = AccessEvent.objects.filter(user=user, action=AccessEvent.Action.DENIED).count()
    response = getattr(client, method)(address)
    assert response.status_code == 403, f"{method.upper()} {address}: {response.status_code}"
    logged = AccessEvent.objects.filter(user=user, action=AccessEvent.Action.DENIED).count()
    assert logged == before + 1, f"{address}: refusal not logged"
    return text_of(response)


def test_a_partner_never_sees_these_pages_even_in_family_help_they_lead(fh, council, client):
    lead = council["external_lead"]
    manager = fh["manager"]
    episode = fh["episode"]
    addresses = page_urls(episode, manager)
    client.force_login(lead.user)
    for address in addresses:
        assert "partner agencies do not see them" in denied(client, lead.user, address)
    assert "partner agencies do not see them" in denied(client, lead.user, addresses[2], "post")


@pytest.mark.parametrize("role", ["external_lead", "cp_partner", "other_social_worker"])
def test_partners_and_other_teams_are_refused_on_social_care(episode, sw, council, client, role):
    addresses = page_urls(episode, sw)
    user = council[role].user
    client.force_login(user)
    for address in addresses:
        denied(client, user, address)


@pytest.mark.parametrize("role", ["qa_officer", "performance_officer"])
def test_read_only_roles_read_the_page_but_record_nothing(episode, sw, council, client, role):
    addresses = page_urls(episode, sw)
    user = council[role].user
    client.force_login(user)
    page = client.get(addresses[0])
    assert page.status_code == 200 and "Write a letter" not in text_of(page)
    before = counts()
    for address in addresses[2:]:
        assert "not record family group decision-making" in denied(client, user, address, "post")
    assert counts() == before


def test_a_social_worker_cannot_record_a_best_interests_decision(episode, sw, client):
    client.force_login(sw.user)
    message = denied(client, sw.user, url("record_best_interests_exception", episode), "post")
    assert "Only a manager" in message
    assert not BestInterestsException.objects.exists()


def test_a_manager_records_a_best_interests_decision_through_the_page(episode, manager, signed_in):
    response = signed_in(manager).post(
        url("record_best_interests_exception", episode),
        {
            "kind": "not_offered",
            **date_fields("decided_on", ago(1)),
            "decided_by": manager.pk,
            "reasons": REASONS,
        },
    )
    assert response.status_code == 302
    assert BestInterestsException.objects.get().decided_by == manager


# --- Measures ----------------------------------------------------------------------------------


def test_the_measures_count_offers_answers_meetings_decisions_and_applications(
    council, episode, sw, manager, django_assert_num_queries
):
    hold(answer(write_letter(episode, sw).offer, sw), sw)
    apply(episode, sw, days_ago=4)
    fgdm.offer_family_group_meeting(episode, offered_on=ago(3), offered_to="Joan", by=sw.user)
    with django_assert_num_queries(4):
        figures = family_group_measures(ago(90), today() + dt.timedelta(days=1))
    assert (figures.offers, figures.accepted, figures.declined, figures.awaiting) == (2, 1, 0, 1)
    assert (figures.meetings, figures.plans_reviewed) == (1, 0)
    assert (figures.applications, figures.after_a_meeting, figures.without_a_meeting) == (1, 1, 0)
    elsewhere = family_group_measures(ago(90), today(), team_id=council.other_sc_team.pk)
    assert elsewhere.offers == 0 and elsewhere.applications == 0


def test_the_measures_page_shows_family_group_decision_making(council, episode, sw, signed_in):
    hold(answer(write_letter(episode, sw).offer, sw), sw)
    apply(episode, sw, days_ago=4)
    page = signed_in(council["assistant_director"]).get(reverse("measures"))
    html = page.content.decode()
    assert 'data-figure="offers">1<' in html
    assert 'data-figure="after_a_meeting">1<' in html
    assert "Family group decision-making before court" in text_of(page)


def test_the_childs_and_parents_views_of_the_familys_plan_are_kept(episode, sw):
    offer = answer(write_letter(episode, sw).offer, sw)
    views = ViewsInput(
        child_views="I like that Nan will pick me up from school.",
        child_views_method=ViewsMethod.PLAY,
        parent_views="Mum says the plan is hers, not the social worker's.",
    )
    meeting = hold(offer, sw, views=views)
    assert meeting.child_views == views.child_views and not meeting.child_views_missing
    entry = ChronologyEntry.objects.get(source_model="familygroupmeeting")
    assert "Child's views (drawing or play): I like that Nan" in entry.summary
    assert "Parents' or carers' views: Mum says the plan is hers" in entry.summary
    record = ViewsRecord.objects.get(kind=ViewsRecord.Kind.FAMILY_GROUP)
    assert (record.record_id, record.episode_id, record.has_views) == (meeting.pk, episode.pk, 1)


def test_a_meeting_with_views_not_obtained_but_no_reason_saves_nothing(episode, sw):
    offer = answer(write_letter(episode, sw).offer, sw)
    views = ViewsInput(child_views_method=ViewsMethod.NOT_OBTAINED)
    assert "Say why the child's views were not obtained" in refused(
        hold, "child_views_not_obtained", offer, sw, views=views
    )
    assert not FamilyGroupMeeting.objects.exists()
