"""The consistent child identifier (Children Act 2004 s16LC; the NHS number unless the council's
setting names another): checked by its check digit when recorded or corrected, shown NHS style
on every record and in search with its match status (verified with the date and source,
unverified, in conflict; or none, with the reason, else a gap), and children sharing one listed
for merge review until a reviewer records that they are different children."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from journey.chronology.models import ChronologyEntry, EntryKind
from journey.core.identifiers import make_nhs_number, make_upn
from journey.core.models import AccessEvent
from journey.people.identifier import services
from journey.people.identifier.selectors import identifier_status, possible_duplicates
from journey.people.models import IdentifierCheck, NotSameChild, Person
from journey.people.services import correct_child_details
from tests.cases.test_views import date_fields, error_summary, text_of
from tests.factories import make_child, make_episode

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
NUMBER = make_nhs_number(4242)
SPACED = f"{NUMBER[:3]} {NUMBER[3:6]} {NUMBER[6:]}"
INVALID = (
    "Enter a valid NHS number: 10 digits, the last is a check digit – "
    "check it against the health record"
)


def wrong_check_digit(number: str) -> str:
    return number[:9] + str((int(number[9]) + 1) % 10)


@pytest.fixture
def ruby(council):
    """Ruby, with open social care in the Child in Need and Protection team, and an NHS number."""
    child = make_child(
        council["team_manager"], first_name="Ruby", last_name="Ashworth", nhs_number=SPACED
    )
    make_episode(child, council["team_manager"], allocate_to=council["social_worker"])
    return child


@pytest.fixture
def twin(council, ruby):
    """Recorded again, by the Duty and Assessment team, with Ruby's number."""
    child = make_child(
        council["other_social_worker"],
        first_name="Rubie",
        last_name="Ashworth",
        date_of_birth=ruby.date_of_birth,
        nhs_number=NUMBER,
    )
    make_episode(child, council["other_social_worker"], allocate_to=council["other_social_worker"])
    return child


def check(child, worker, **changes):
    data = {
        "status": "verified",
        "checked_on": TODAY() - dt.timedelta(days=1),
        "source": "pds",
        **changes,
    }
    return services.record_identifier_check(child, services.CheckInput(**data), by=worker.user)


# --- Recording and correcting: the check digit ------------------------------------------------


def test_a_number_typed_with_spaces_is_kept_without_them(ruby):
    assert ruby.nhs_number == NUMBER


def test_recording_a_child_with_a_failing_check_digit_is_refused_naming_the_field(
    council, signed_in
):
    response = signed_in(council["team_manager"]).post(
        reverse("new_child"),
        {
            "first_name": "Ivy",
            "last_name": "Marlow",
            **date_fields("date_of_birth", dt.date(2016, 3, 4)),
            "sex": "F",
            "nhs_number": wrong_check_digit(SPACED),
        },
    )
    assert error_summary(response)[INVALID] == "#id_nhs_number"
    assert not Person.objects.exists()
    assert not ChronologyEntry.objects.exists()


def test_correcting_the_number_on_the_details_page_keeps_the_old_one(council, ruby, signed_in):
    client = signed_in(council["team_manager"])
    url = reverse("change_child_details", args=[ruby.pk])
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form.initial.get(name)
        if name in ("date_of_birth", "expected_date_of_birth", "date_of_death"):
            data.update(date_fields(name, value) if value else {})
        elif name == "disabilities":
            data[name] = value or []
        else:
            data[name] = value if value is not None else ""
    new = make_nhs_number(77)
    refused = client.post(url, {**data, "nhs_number": wrong_check_digit(new), "reason": "x" * 20})
    assert error_summary(refused)[INVALID] == "#id_nhs_number"
    ruby.refresh_from_db()
    assert ruby.nhs_number == NUMBER
    client.post(url, {**data, "nhs_number": f" {new[:3]} {new[3:6]} {new[6:]}", "reason": "x" * 20})
    ruby.refresh_from_db()
    assert ruby.nhs_number == new
    entry = ChronologyEntry.objects.get(child=ruby, kind=EntryKind.CORRECTION)
    assert f"NHS number: was {NUMBER}, now {new}" in entry.summary


# --- The match status ---------------------------------------------------------------------------


def test_a_number_is_unverified_until_checked_then_verified_with_date_and_source(council, ruby):
    assert identifier_status(ruby).state == "unverified"
    checked = check(ruby, council["social_worker"], source="gp")
    status = identifier_status(Person.objects.get(pk=ruby.pk))
    assert (status.state, status.shown) == ("verified", SPACED)
    assert status.detail == f"{checked.checked_on:%-d %B %Y}, GP letter or GP record"
    entry = ChronologyEntry.objects.get(child=ruby, kind=EntryKind.IDENTIFIER)
    assert entry.title == f"NHS number {SPACED} verified: GP letter or GP record"


def test_a_conflict_says_what_does_not_match_and_is_significant(council, ruby):
    check(ruby, council["social_worker"])
    check(
        ruby,
        council["social_worker"],
        status="conflict",
        source="",
        note="The GP's record has a different date of birth for this number.",
    )
    assert identifier_status(Person.objects.get(pk=ruby.pk)).state == "conflict"
    assert IdentifierCheck.objects.count() == 1  # one row per child, its history keeps both
    assert IdentifierCheck.history.count() == 2
    entry = ChronologyEntry.objects.filter(child=ruby).latest("pk")
    assert entry.is_significant and "different date of birth" in entry.summary


def test_a_corrected_number_is_unverified_again(council, ruby):
    check(ruby, council["social_worker"])
    correct_child_details(
        ruby,
        {"nhs_number": make_nhs_number(88)},
        reason="The GP letter gives another number",
        corrected_by=council["social_worker"].user,
    )
    assert identifier_status(Person.objects.get(pk=ruby.pk)).state == "unverified"


def test_a_child_without_a_number_is_a_gap_until_the_reason_is_recorded(council):
    child = make_child(council["team_manager"], first_name="Noor", last_name="Begum")
    assert identifier_status(child).state == "gap"
    check(child, council["team_manager"], status="no_number", source="", reason_none="newborn")
    status = identifier_status(Person.objects.get(pk=child.pk))
    assert (status.state, status.detail) == ("no_number", "Newborn, awaiting an NHS number")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"source": ""}, "source", "Select what you checked the NHS number against"),
        ({"source": "other"}, "note", "Say which source you checked it against"),
        ({"status": "conflict", "note": ""}, "note", "Say what does not match"),
        ({"status": "no_number"}, "status", "Ruby has an NHS number on the record"),
        ({"status": ""}, "status", "Select what you found when you checked the NHS number"),
        ({"checked_on": None}, "checked_on", "Enter the date"),
        (
            {"checked_on": TODAY() + dt.timedelta(days=2)},
            "checked_on",
            "The date must be today or in the past",
        ),
        ({"checked_on": dt.date(2000, 1, 1)}, "checked_on", "The date must be on or after Ruby's"),
    ],
)
def test_bad_checks_are_refused_naming_the_field(council, ruby, changes, field, message):
    with pytest.raises(ValidationError) as error:
        check(ruby, council["social_worker"], **changes)
    assert error.value.message_dict[field][0].startswith(message)
    assert not IdentifierCheck.objects.exists()
    assert not ChronologyEntry.objects.filter(kind=EntryKind.IDENTIFIER).exists()


def test_there_is_nothing_to_verify_without_a_number_and_no_reason_needs_one(council):
    child = make_child(council["team_manager"], first_name="Noor", last_name="Begum")
    with pytest.raises(ValidationError) as error:
        check(child, council["team_manager"])
    assert "There is no NHS number on Noor's record" in error.value.message_dict["status"][0]
    with pytest.raises(ValidationError) as error:
        check(child, council["team_manager"], status="no_number", source="")
    assert error.value.message_dict["reason_none"] == ["Select why Noor has no NHS number"]


def test_the_setting_names_the_consistent_identifier(council, settings):
    settings.JOURNEY_CONSISTENT_IDENTIFIER = "upn"
    child = make_child(council["team_manager"], upn=make_upn("999", 5), nhs_number=NUMBER)
    status = identifier_status(child)
    assert (status.label, status.value, status.state) == ("UPN", child.upn, "unverified")
    check(child, council["team_manager"], source="school")
    assert identifier_status(Person.objects.get(pk=child.pk)).state == "verified"


# --- Shown on the record and in search -------------------------------------------------------


def test_every_child_page_shows_the_number_nhs_style_with_its_status(council, ruby, signed_in):
    check(ruby, council["social_worker"], source="health_visitor")
    client = signed_in(council["social_worker"])
    for name in ("child", "child_family", "child_chronology", "sharing_log"):
        page = text_of(client.get(reverse(name, args=[ruby.pk])))
        assert f"NHS number {SPACED} Verified" in page, name
        assert "Health visitor" in page, name


def test_search_finds_the_number_with_or_without_spaces_and_shows_its_status(
    council, ruby, signed_in
):
    client = signed_in(council["social_worker"])
    for typed in (NUMBER, SPACED, f"  {NUMBER[:5]} {NUMBER[5:]} "):
        response = client.get(reverse("search"), {"q": typed})
        assert [c.pk for c in response.context["results"]] == [ruby.pk]
        assert SPACED in text_of(response)
    check(ruby, council["social_worker"], status="conflict", source="", note="x" * 20)
    assert "Conflict" in text_of(client.get(reverse("search"), {"q": NUMBER}))


# --- Who checks it -----------------------------------------------------------------------------


def test_a_case_holder_checks_the_number_on_its_page(council, ruby, signed_in):
    client = signed_in(council["social_worker"])
    url = reverse("check_identifier", args=[ruby.pk])
    assert "Check the NHS number" in text_of(client.get(url))
    refused = client.post(
        url, {"status": "verified", **date_fields("checked_on", TODAY()), "source": ""}
    )
    assert error_summary(refused)["Select what you checked the NHS number against"] == (
        "#id_source"
    )
    response = client.post(
        url, {"status": "verified", **date_fields("checked_on", TODAY()), "source": "pds"}
    )
    assert response.url == reverse("child", args=[ruby.pk])
    assert IdentifierCheck.objects.get().source == "pds"


@pytest.mark.parametrize(
    "role", ["external_lead", "qa_officer", "performance_officer", "reviewer", "practitioner"]
)
def test_partners_read_only_roles_and_those_who_cannot_see_the_child_may_not_check_it(
    council, ruby, signed_in, role
):
    client = signed_in(council[role])
    url = reverse("check_identifier", args=[ruby.pk])
    data = {"status": "verified", **date_fields("checked_on", TODAY()), "source": "pds"}
    assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403
    assert not IdentifierCheck.objects.exists()
    assert (
        AccessEvent.objects.filter(
            user=council[role].user, child=ruby, action=AccessEvent.Action.DENIED
        ).count()
        == 2
    )


# --- Possible duplicates -----------------------------------------------------------------------


def test_children_sharing_a_number_are_listed_for_review_by_those_who_see_both(
    council, ruby, twin, signed_in
):
    director = signed_in(council["assistant_director"])
    page = text_of(director.get(reverse("possible_duplicates")))
    assert "Ruby Ashworth" in page and "Rubie Ashworth" in page and SPACED in page
    assert (
        AccessEvent.objects.filter(
            user=council["assistant_director"].user, child__in=[ruby, twin], action="view"
        ).count()
        == 2
    )
    # The team manager may review duplicates but cannot see the Duty team's record.
    manager = signed_in(council["team_manager"])
    assert "No two children you may see share an NHS number" in text_of(
        manager.get(reverse("possible_duplicates"))
    )


def test_each_record_warns_of_the_others_the_viewer_may_see(council, ruby, twin, signed_in):
    page = text_of(signed_in(council["head_of_service"]).get(reverse("child", args=[ruby.pk])))
    assert f"Possible duplicate: the same NHS number is on Rubie Ashworth ({twin.local_id})" in page
    # The social worker cannot see the other record: no warning names it.
    page = text_of(signed_in(council["social_worker"]).get(reverse("child", args=[ruby.pk])))
    assert "Possible duplicate" not in page and "Rubie" not in page


@pytest.mark.parametrize("role", ["practitioner", "social_worker", "external_lead", "reviewer"])
def test_only_managers_qa_and_performance_officers_review_duplicates(
    council, twin, signed_in, role
):
    client = signed_in(council[role])
    assert client.get(reverse("possible_duplicates")).status_code == 403
    assert AccessEvent.objects.filter(user=council[role].user, action="denied").exists()


def test_not_the_same_child_is_kept_on_both_records_and_the_pair_leaves_the_list(
    council, ruby, twin, signed_in
):
    qa = council["qa_officer"]
    client = signed_in(qa)
    url = reverse("not_same_child", args=[ruby.pk]) + f"?other={twin.pk}"
    assert "Record that these are different children" in text_of(client.get(url))
    refused = client.post(url, {"other": twin.pk, "reason": "no"})
    assert "Say why they are not the same child" in text_of(refused)
    assert not NotSameChild.objects.exists()
    response = client.post(
        url, {"other": twin.pk, "reason": "Different parents: the GP says the number is Ruby's"}
    )
    assert response.url == reverse("possible_duplicates")
    assert NotSameChild.objects.count() == 2
    for one, other in ((ruby, twin), (twin, ruby)):
        entry = ChronologyEntry.objects.get(child=one, kind=EntryKind.IDENTIFIER)
        assert entry.title.startswith(f"Not the same child as {other.local_id}")
    assert possible_duplicates(qa.user) == []
    page = text_of(signed_in(council["assistant_director"]).get(reverse("child", args=[ruby.pk])))
    assert "Possible duplicate" not in page
    again = client.post(url, {"other": twin.pk, "reason": "Different parents, checked twice"})
    assert "already been recorded as two different children" in text_of(again)


def test_a_worker_who_cannot_see_the_other_record_cannot_review_the_pair(
    council, ruby, twin, signed_in
):
    client = signed_in(council["team_manager"])
    url = reverse("not_same_child", args=[ruby.pk]) + f"?other={twin.pk}"
    assert client.get(url).status_code == 403
    assert AccessEvent.objects.filter(
        user=council["team_manager"].user, child=twin, action="denied"
    ).exists()


def test_children_who_do_not_share_a_number_are_not_a_pair_to_review(council, ruby):
    other = make_child(council["team_manager"], first_name="Ivy", nhs_number=make_nhs_number(9))
    with pytest.raises(ValidationError) as error:
        services.record_not_same_child(
            ruby, other, reason="Different children entirely", by=council["qa_officer"].user
        )
    assert "do not share an NHS number" in error.value.message_dict["other"][0]


def test_the_duplicates_list_takes_the_same_queries_however_many_pairs(
    council, ruby, twin, signed_in
):
    client = signed_in(council["assistant_director"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("possible_duplicates")).status_code == 200
        return len(captured)

    few = queries()
    for n in range(3):
        number = make_nhs_number(500 + 100 * n)
        for name in ("Ada", "Adah", "Ada-Mae"):
            make_child(council["team_manager"], first_name=f"{name}{n}", nhs_number=number)
    assert len(possible_duplicates(council["assistant_director"].user)) == 1 + 3 * 3
    assert queries() == few
