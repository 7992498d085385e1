"""The "Change <name>'s details" page: prefilled GOV.UK form, error summary and nothing saved on
bad input, the success banner on the child's page, the corrections shown, who may (and every
refusal logged), and a query count that does not grow with the history."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journey.cases.services import correct_referral_details
from journey.core.identifiers import make_upn
from journey.core.models import AccessEvent, RecordGrant
from journey.people.models import DetailsCorrection, Person
from journey.people.services import correct_child_details
from tests.factories import make_child

pytestmark = pytest.mark.django_db

REASON = "Checked against the birth certificate at the home visit"
UPN = make_upn("999", 11)


def text_of(response) -> str:
    page = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r" ([,.;:)])", r"\1", " ".join(html.unescape(page).split()))


def error_summary(response) -> dict[str, str]:
    """The error summary as {message: link}."""
    page = response.content.decode()
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', page, re.S)
    assert match, "no error summary on the page"
    return {
        html.unescape(text): href
        for href, text in re.findall(r'<a href="([^"]*)">(.*?)</a>', match.group(0), re.S)
    } | {
        html.unescape(item.strip()): ""
        for item in re.findall(r"<li>([^<]*)</li>", match.group(0))
        if item.strip()
    }


def url(child) -> str:
    return reverse("change_child_details", args=[child.pk])


def date_fields(name: str, day: dt.date | None) -> dict:
    parts = (day.day, day.month, day.year) if day else ("", "", "")
    return {f"{name}_{i}": str(p) for i, p in enumerate(parts)}


@pytest.fixture
def child(council, sc_child):
    """Ruby Ashworth: open social care work allocated to the council's social worker."""
    Person.objects.filter(pk=sc_child.pk).update(
        date_of_birth=dt.date(2016, 5, 3), sex="F", ethnicity="WBRI", upn=UPN
    )
    sc_child.disabilities.create(code="NONE")
    sc_child.refresh_from_db()
    return sc_child


def form_data(child, **overrides) -> dict:
    """The form as the page fills it in, with a reason; overrides change what is sent."""
    data = {
        "first_name": child.first_name,
        "last_name": child.last_name,
        **date_fields("date_of_birth", child.date_of_birth),
        **date_fields("expected_date_of_birth", child.expected_date_of_birth),
        "sex": child.sex,
        "ethnicity": child.ethnicity,
        "disabilities": list(child.disabilities.values_list("code", flat=True)),
        "upn": child.upn,
        "former_upn": child.former_upn,
        "upn_unknown": child.upn_unknown,
        **date_fields("date_of_death", child.date_of_death),
        "reason": REASON,
    }
    return data | overrides


def snapshot(child):
    return (
        Person.objects.filter(pk=child.pk).values().get(),
        list(child.disabilities.values_list("code", flat=True)),
        DetailsCorrection.objects.count(),
    )


class TestThePage:
    def test_the_form_is_prefilled_with_a_label_for_every_field(self, council, child, signed_in):
        response = signed_in(council["social_worker"]).get(url(child))
        assert response.status_code == 200
        page = response.content.decode()
        assert '<h1 class="govuk-heading-l">Change Ruby Ashworth\'s details</h1>' in page
        assert 'name="first_name" type="text" value="Ruby"' in page
        assert f'name="upn" type="text" value="{UPN}"' in page
        assert 'name="date_of_birth_0" type="text" inputmode="numeric" value="3"' in page
        assert 'name="date_of_birth_2" type="text" inputmode="numeric" value="2016"' in page
        assert re.search(r'value="F" checked>\s*<label[^>]*>Female<', page)
        assert re.search(r'<option value="WBRI" selected>White British<', page)
        assert re.search(r'value="NONE" checked>\s*<label[^>]*>No disability<', page)
        assert '<textarea class="govuk-textarea" id="id_reason" name="reason"' in page
        # Every input, select and textarea has a label (or, for the date parts, its own).
        ids = re.findall(r'<(?:input|select|textarea)[^>]* id="([^"]+)"', page)
        labelled = set(re.findall(r'<label[^>]* for="([^"]+)"', page))
        assert ids and set(ids) <= labelled, set(ids) - labelled
        assert "Nothing on this record has been corrected." in text_of(response)

    def test_the_childs_page_links_to_it_for_those_who_may_change_it(
        self, council, child, signed_in
    ):
        link = f'href="{url(child)}"'
        page = signed_in(council["social_worker"]).get(reverse("child", args=[child.pk]))
        assert link in page.content.decode()
        assert "Change details of Ruby Ashworth" in text_of(page)
        qa = signed_in(council["qa_officer"]).get(reverse("child", args=[child.pk]))
        assert qa.status_code == 200 and link not in qa.content.decode()

    def test_a_correction_goes_back_to_the_child_with_a_success_banner(
        self, council, child, signed_in
    ):
        client = signed_in(council["social_worker"])
        response = client.post(
            url(child),
            form_data(
                child,
                last_name="Ashworth-Clegg",
                ethnicity="WIRI",
                disabilities=["MOB", "HEAR"],
                **date_fields("date_of_death", None),
            ),
        )
        assert response.status_code == 302
        assert response.url == reverse("child", args=[child.pk])
        page = client.get(response.url)
        assert "govuk-notification-banner--success" in page.content.decode()
        assert (
            "Ruby Ashworth-Clegg's details have been corrected: last name, ethnicity, "
            "disabilities" in text_of(page)
        )
        child.refresh_from_db()
        assert (child.last_name, child.ethnicity) == ("Ashworth-Clegg", "WIRI")
        assert sorted(child.disabilities.values_list("code", flat=True)) == ["HEAR", "MOB"]

    def test_the_corrections_are_shown_on_the_page(self, council, child, signed_in):
        sw = council["social_worker"]
        correct_child_details(
            child, {"upn": make_upn("999", 12)}, reason=REASON, corrected_by=sw.user
        )
        episode = child.episodes.get()
        correct_referral_details(
            episode,
            referral_source="2A",
            primary_need="N1",
            referral_nfa=False,
            reason="The school made the referral, not the family",
            corrected_by=sw.user,
        )
        page = text_of(signed_in(council["team_manager"]).get(url(child)))
        corrections = page.split("Corrections", 1)[1]
        assert f"by {sw.name}" in corrections
        assert f"UPN Was: {UPN} Now: {make_upn('999', 12)}" in corrections
        assert f"Reason {REASON}" in corrections
        assert "Referral details: children's social care from" in corrections
        assert (
            "Source of referral Was: INDIVIDUAL - family member, relative or carer (1A) "
            "Now: SCHOOLS (2A)" in corrections
        )
        # Newest first.
        assert corrections.index("Source of referral") < corrections.index("UPN Was:")


class TestBadInput:
    def test_errors_are_summarised_linked_to_their_fields_and_nothing_is_saved(
        self, council, child, signed_in
    ):
        before = snapshot(child)
        tomorrow = dt.date.today() + dt.timedelta(days=1)
        response = signed_in(council["social_worker"]).post(
            url(child),
            form_data(
                child,
                upn="A12345678901",
                disabilities=["NONE", "MOB"],
                reason="",
                **date_fields("date_of_death", tomorrow),
            ),
        )
        assert response.status_code == 200
        assert "There is a problem" in text_of(response)
        summary = error_summary(response)
        assert summary["Date of death must be today or in the past"] == "#id_date_of_death_0"
        assert summary["Select “No disability” on its own, or the child's disabilities"] == (
            "#id_disabilities_0"
        )
        assert (
            summary[
                "Enter why you are making this correction, in a few words (at least 10 letters)"
            ]
            == "#id_reason"
        )
        assert any(m.startswith("Enter a valid UPN") and h == "#id_upn" for m, h in summary.items())
        page = response.content.decode()
        assert 'class="govuk-error-message"' in page
        assert 'value="A12345678901"' in page  # what they typed stays
        assert snapshot(child) == before

    def test_sending_the_details_unchanged_says_nothing_has_changed(
        self, council, child, signed_in
    ):
        before = snapshot(child)
        response = signed_in(council["social_worker"]).post(url(child), form_data(child))
        assert response.status_code == 200
        assert error_summary(response) == {
            "Nothing has changed: correct at least one detail, or go back without saving": ""
        }
        assert snapshot(child) == before

    def test_a_date_that_is_not_a_date_is_an_error_from_the_form(self, council, child, signed_in):
        before = snapshot(child)
        response = signed_in(council["social_worker"]).post(
            url(child), form_data(child, date_of_birth_1="13")
        )
        assert error_summary(response) == {
            "Date of birth must be a real date": "#id_date_of_birth_0"
        }
        assert snapshot(child) == before


class TestWhoMay:
    def refused(self, client, child, reason_part: str, user) -> None:
        before = snapshot(child)
        for response in (
            client.get(url(child)),
            client.post(url(child), form_data(child, ethnicity="WIRI")),
        ):
            assert response.status_code == 403
            assert reason_part in text_of(response)
        assert snapshot(child) == before
        denials = AccessEvent.objects.filter(
            user=user, child=child, action=AccessEvent.Action.DENIED
        )
        assert denials.count() == 2
        assert all(reason_part in d.reason for d in denials)

    def test_a_social_worker_from_another_team_cannot(self, council, child, signed_in):
        other = council["other_social_worker"]
        self.refused(signed_in(other), child, "not held by your team", other.user)

    def test_a_reviewer_with_access_to_the_child_cannot(self, council, child, signed_in):
        reviewer = council["reviewer"]
        RecordGrant.objects.create(
            user=reviewer.user,
            child=child,
            reason="Peer review visit",
            granted_by=council["head_of_service"].user,
        )
        client = signed_in(reviewer)
        assert client.get(reverse("child", args=[child.pk])).status_code == 200
        self.refused(client, child, "can read children's records but not correct", reviewer.user)

    def test_a_quality_assurance_officer_cannot(self, council, child, signed_in):
        qa = council["qa_officer"]
        self.refused(signed_in(qa), child, "not correct them", qa.user)

    def test_a_restricted_child_needs_a_grant(self, council, child, signed_in):
        Person.objects.filter(pk=child.pk).update(is_restricted=True)
        manager = council["team_manager"]
        self.refused(signed_in(manager), child, "restricted record", manager.user)
        RecordGrant.objects.create(
            user=manager.user, child=child, reason="Manages the case", granted_by=manager.user
        )
        assert signed_in(manager).get(url(child)).status_code == 200

    def test_the_head_of_service_may(self, council, child, signed_in):
        response = signed_in(council["head_of_service"]).post(
            url(child), form_data(child, ethnicity="WIRI")
        )
        assert response.status_code == 302
        assert AccessEvent.objects.filter(
            user=council["head_of_service"].user, child=child, action=AccessEvent.Action.VIEW
        ).exists()

    def test_an_adult_has_no_such_page(self, council, signed_in):
        from journey.people.services import record_adult

        adult = record_adult(
            first_name="Karen",
            last_name="Ashworth",
            date_of_birth=None,
            recorded_by=council["team_manager"].user,
        )
        assert signed_in(council["team_manager"]).get(url(adult)).status_code == 404


def test_the_query_count_does_not_grow_with_the_corrections(council, child, signed_in):
    client = signed_in(council["social_worker"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(child)).status_code == 200
        return len(captured)

    before = queries()
    sw = council["social_worker"].user
    for n in range(5):
        correct_child_details(
            child,
            {"upn": make_upn("999", 100 + n), "disabilities": ["MOB"] if n % 2 else ["NONE"]},
            reason=REASON,
            corrected_by=sw,
        )
        correct_referral_details(
            child.episodes.get(),
            referral_source="2A" if n % 2 else "3A",
            primary_need="N1",
            referral_nfa=False,
            reason=REASON,
            corrected_by=sw,
        )
    other = make_child(council["team_manager"], first_name="Daisy", last_name="Ashworth")
    correct_child_details(other, {"ethnicity": "WIRI"}, reason=REASON, corrected_by=sw)
    assert DetailsCorrection.objects.filter(person=child).count() == 14
    assert queries() == before
