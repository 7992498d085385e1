"""Who may open complaint files, the list and the line on a child's record; each view of a file
is logged for every child in it; refusals are 403s that say why, and are logged."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journey.complaints import services
from journey.complaints.models import Complaint
from journey.complaints.stages import services as stages
from journey.core.models import AccessEvent, RecordGrant
from journey.people.models import Person
from journey.workforce.models import Role
from tests.complaints.conftest import AGO, complaint_input, days_ago, investigate, respond
from tests.factories import make_child

pytestmark = pytest.mark.django_db

#: The complaint file's words a worker who is not the officer or a responder must not read.
SECRET = "Nobody returned my calls"


def get(client, worker, url):
    client.force_login(worker.user)
    return client.get(url)


def test_the_complaints_officer_opens_the_file_and_each_child_gets_a_view_event(
    client, council, officer, sc_child
):
    brother = make_child(council["team_manager"], first_name="Leo", last_name="Ashworth")
    complaint = services.record_complaint(
        complaint_input(council, [sc_child, brother]),
        by=officer.user,
    )
    response = get(client, officer, reverse("complaint", args=[complaint.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert SECRET in page and "Dawn Ashworth" in page and "dawn@example.org" in page
    viewed = AccessEvent.objects.filter(user=officer.user, action=AccessEvent.Action.VIEW)
    assert set(viewed.values_list("child_id", flat=True)) == {sc_child.pk, brother.pk}


def test_a_named_responder_sees_what_to_answer_and_whom_but_not_how_to_reach_them(
    client, council, complaint
):
    response = get(client, council["team_manager"], reverse("complaint", args=[complaint.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert SECRET in page and "Stage 1" in page and "Dawn Ashworth" in page
    assert "dawn@example.org" not in page
    respond_page = get(
        client, council["team_manager"], reverse("complaint_respond", args=[complaint.pk])
    ).content.decode()
    assert "Element 2: outcome" in respond_page and "Dear Dawn Ashworth" in respond_page
    assert "dawn@example.org" not in respond_page


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.COMPLAINTS_OFFICER])
def test_everyone_else_is_refused_the_file_with_the_reason_logged(client, council, complaint, role):
    worker = council[role]
    if role == Role.TEAM_MANAGER:
        complaint.responders.clear()
    for name in ("complaint", "complaint_respond", "complaint_extend", "complaint_learning"):
        response = get(client, worker, reverse(name, args=[complaint.pk]))
        assert response.status_code == 403, f"{role} {name}"
        text = response.content.decode()
        assert SECRET not in text
    assert "complaints officer" in text
    refused = AccessEvent.objects.filter(user=worker.user, action=AccessEvent.Action.DENIED)
    assert refused.count() == 4


@pytest.mark.parametrize(
    "name", ["complaint_extend", "complaint_next_stage", "complaint_investigation"]
)
def test_a_responder_answers_but_does_not_run_the_procedure(client, council, complaint, name):
    response = get(client, council["team_manager"], reverse(name, args=[complaint.pk]))
    assert response.status_code == 403


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.COMPLAINTS_OFFICER])
def test_only_the_officer_records_complaints_and_compliments(client, council, role):
    for name in ("record_complaint", "record_compliment", "compliments"):
        assert get(client, council[role], reverse(name)).status_code == 403, f"{role} {name}"


def test_the_list_is_for_the_officer_and_managers_see_only_what_they_answer(
    client, council, officer, complaint, sc_child
):
    other = services.record_complaint(
        complaint_input(council, [sc_child], responders=[council["head_of_service"]]),
        by=officer.user,
    )
    page = get(client, officer, reverse("complaints")).content.decode()
    assert complaint.reference in page and other.reference in page
    page = get(client, council["team_manager"], reverse("complaints")).content.decode()
    assert complaint.reference in page and other.reference not in page
    for role in (Role.SOCIAL_WORKER, Role.PRACTITIONER, Role.QA_OFFICER, Role.REVIEWER):
        assert get(client, council[role], reverse("complaints")).status_code == 403


def test_the_list_is_filtered_and_flags_overdue(client, officer, complaint):
    url = reverse("complaints")
    page = get(client, officer, url + "?overdue=on").content.decode()
    assert complaint.reference in page and 'data-due="missed"' in page
    page = get(client, officer, url + "?stage=2").content.decode()
    assert complaint.reference not in page
    page = get(client, officer, url + f"?team={complaint.team_id}").content.decode()
    assert complaint.reference in page


def test_the_list_query_count_does_not_grow(
    client, council, officer, sc_child, django_assert_max_num_queries
):
    services.record_complaint(complaint_input(council, [sc_child]), by=officer.user)
    client.force_login(officer.user)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("complaints"))
    for _ in range(8):
        services.record_complaint(complaint_input(council, [sc_child]), by=officer.user)
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("complaints") + "?team=" + str(council.sc_team.pk))
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("complaints"))


def test_the_file_query_count_does_not_grow(
    client, council, officer, complaint, django_assert_max_num_queries
):
    client.force_login(officer.user)
    url = reverse("complaint", args=[complaint.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    respond(complaint, days_ago(AGO - 5), officer)
    with django_assert_max_num_queries(len(few)):
        client.get(url)


def test_the_case_worker_sees_that_a_complaint_exists_and_its_outcome_not_its_content(
    client, council, officer, complaint, sc_child
):
    url = reverse("child_complaints", args=[sc_child.pk])
    page = get(client, council["social_worker"], url).content.decode()
    assert "Not answered yet" in page and SECRET not in page and complaint.reference not in page
    respond(complaint, days_ago(AGO - 5), officer, outcome="not_upheld")
    page = get(client, council["social_worker"], url).content.decode()
    assert "Not upheld at stage 1" in page and SECRET not in page
    # Stage 2 upholds it: the line gives the last answered stage's outcome, not a mix.
    stages.ask_for_next_stage(complaint, stages.NextStageInput(days_ago(AGO - 8)), by=officer.user)
    investigate(complaint, officer)
    respond(complaint, days_ago(AGO - 30), officer, outcome="upheld")
    page = get(client, council["social_worker"], url).content.decode()
    assert "Upheld at stage 2" in page and "Partly upheld" not in page
    # The chronology says received and responded, and nothing more.
    chronology = get(
        client, council["social_worker"], reverse("child_chronology", args=[sc_child.pk])
    ).content.decode()
    assert "Complaint received" in chronology and "Complaint responded (stage 1)" in chronology
    assert SECRET not in chronology


def test_the_child_line_is_refused_to_who_may_not_see_the_child(client, council, sc_child):
    url = reverse("child_complaints", args=[sc_child.pk])
    assert get(client, council["complaints_officer"], url).status_code == 403
    assert get(client, council["practitioner"], url).status_code == 403


def test_a_worker_sees_only_complaints_about_their_own_work(client, council, officer, sc_child):
    services.record_complaint(
        complaint_input(council, [sc_child], team=council.eh_team), by=officer.user
    )
    page = get(
        client, council["other_social_worker"], reverse("child_complaints", args=[sc_child.pk])
    )
    # The duty social worker cannot see Ruby at all; the allocated worker can, and sees it
    # because they hold her work even though the complaint names another team.
    assert page.status_code == 403
    page = get(client, council["social_worker"], reverse("child_complaints", args=[sc_child.pk]))
    assert "Early Help North" in page.content.decode()


def test_my_work_lists_complaints_to_answer(client, council, complaint):
    page = get(client, council["team_manager"], reverse("my_work")).content.decode()
    assert "Complaints to answer (1)" in page and complaint.reference in page
    page = get(client, council["head_of_service"], reverse("my_work")).content.decode()
    assert "Complaints to answer" not in page


def test_the_officer_records_a_complaint_through_the_form(client, council, officer, sc_child):
    theme = services.ensure_themes()[0]
    client.force_login(officer.user)
    found = client.get(reverse("record_complaint") + "?find=Ashworth").content.decode()
    assert str(sc_child.pk) in found and "Ruby Ashworth" in found
    received = days_ago(3)
    response = client.post(
        reverse("record_complaint"),
        {
            "kind": "complaint",
            "received_on_0": received.day,
            "received_on_1": received.month,
            "received_on_2": received.year,
            "route": "phone",
            "complainant_name": "Ruby Ashworth",
            "complainant_type": "child",
            "children": str(sc_child.pk),
            "team": council.sc_team.pk,
            "outcome_wanted": "To see my brother more",
            "element_1": "I don't see my brother",
            "theme_1": theme.pk,
            "procedure": "statutory",
        },
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("complaint", args=[complaint.pk])


def test_a_form_error_names_the_field(client, officer, complaint):
    client.force_login(officer.user)
    before = days_ago(AGO + 2)
    response = client.post(
        reverse("complaint_respond", args=[complaint.pk]),
        {
            "responded_on_0": before.day,
            "responded_on_1": before.month,
            "responded_on_2": before.year,
            "outcome_1": "upheld",
            "letter": "Dear Ms Ashworth",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "cannot be dated before the complaint" in page
    complaint.refresh_from_db()
    assert not complaint.stages.get().findings.exists()


def test_a_restricted_child_is_linked_by_id_but_named_only_to_someone_given_access(
    client, council, officer, sc_child
):
    Person.objects.filter(pk=sc_child.pk).update(is_restricted=True)
    client.force_login(officer.user)
    by_name = client.get(reverse("record_complaint") + "?find=Ashworth").content.decode()
    assert "Ruby" not in by_name and "No child found" in by_name
    by_id = client.get(reverse("record_complaint") + f"?find={sc_child.pk}").content.decode()
    assert "A restricted record" in by_id and "Ruby" not in by_id
    assert f"{sc_child.date_of_birth:%-d %B %Y}" not in by_id

    complaint = services.record_complaint(complaint_input(council, [sc_child]), by=officer.user)
    page = client.get(reverse("complaint", args=[complaint.pk])).content.decode()
    assert f"A restricted record (ID {sc_child.pk})" in page and "Ruby" not in page

    RecordGrant.objects.create(
        user=officer.user,
        child=sc_child,
        reason="To answer the complaint about her",
        granted_by=council["head_of_service"].user,
    )
    page = client.get(reverse("complaint", args=[complaint.pk])).content.decode()
    assert f"Ruby Ashworth (ID {sc_child.pk})" in page


def test_the_officer_corrects_an_element_and_adds_one_through_the_form(client, officer, complaint):
    themes = services.ensure_themes()
    first, second = complaint.elements.order_by("number")
    client.force_login(officer.user)
    url = reverse("complaint_elements", args=[complaint.pk])
    page = client.get(url).content.decode()
    assert "Nobody returned my calls for three weeks" in page
    assert 'for="id_new_summary"' in page
    form = {
        "summary_1": "Nobody returned my calls for six weeks",
        "theme_1": first.theme_id,
        "summary_2": "",
        "theme_2": second.theme_id,
        "new_summary": "My son was not seen alone",
        "new_theme": themes[4].pk,
    }
    refused = client.post(url, form).content.decode()
    assert "Element 2: enter what it is about and select its theme" in refused
    assert complaint.elements.count() == 2
    response = client.post(url, {**form, "summary_2": second.summary})
    assert response.status_code == 302
    file = client.get(reverse("complaint", args=[complaint.pk])).content.decode()
    assert "six weeks" in file and "My son was not seen alone" in file


def test_the_officer_changes_who_responds_through_the_form(client, council, officer, complaint):
    client.force_login(officer.user)
    url = reverse("complaint_responders", args=[complaint.pk])
    assert client.post(url, {}).status_code == 200
    head = council["head_of_service"]
    assert client.post(url, {"responders": [head.pk]}).status_code == 302
    assert list(complaint.responders.all()) == [head]
    # The manager no longer named may no longer open the file.
    assert (
        get(client, council["team_manager"], reverse("complaint", args=[complaint.pk])).status_code
        == 403
    )


@pytest.mark.parametrize("name", ["complaint_elements", "complaint_responders"])
def test_a_responder_may_not_change_what_they_answer_or_who_answers(
    client, council, complaint, name
):
    response = get(client, council["team_manager"], reverse(name, args=[complaint.pk]))
    assert response.status_code == 403
    page = get(client, council["team_manager"], reverse("complaint", args=[complaint.pk]))
    assert "Change or add elements" not in page.content.decode()


def test_the_officers_my_work_shows_what_is_overdue_and_late_learning(
    client, council, officer, sc_child, complaint, django_assert_max_num_queries
):
    services.add_learning(
        complaint,
        services.LearningInput(
            "Calls went unanswered", "Cover the duty phone at lunch", officer, days_ago(3)
        ),
        by=officer.user,
    )
    client.force_login(officer.user)
    with CaptureQueriesContext(connection) as few:
        page = client.get(reverse("my_work")).content.decode()
    assert "1 open complaint" in page and "1 overdue" in page  # received 120 days ago
    assert "Cover the duty phone at lunch" in page and complaint.reference in page
    services.record_complaint(
        complaint_input(council, [sc_child], received_on=days_ago(1)), by=officer.user
    )
    with django_assert_max_num_queries(len(few)):
        page = client.get(reverse("my_work")).content.decode()
    assert "2 open complaints" in page and "1 overdue" in page
    # Managers, and everyone else, do not get the officer's summary.
    page = get(client, council["team_manager"], reverse("my_work")).content.decode()
    assert "data-complaints-summary" not in page


def test_the_elements_page_reads_the_same_queries_however_many_elements(
    client, officer, complaint, django_assert_max_num_queries
):
    client.force_login(officer.user)
    url = reverse("complaint_elements", args=[complaint.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    theme = services.ensure_themes()[2]
    for n in range(3):
        services.change_elements(
            complaint,
            services.ElementsInput([], services.ElementInput(f"More, {n}", theme)),
            by=officer.user,
        )
    with django_assert_max_num_queries(len(few)):
        page = client.get(url).content.decode()
    assert "Element 5: what it is about" in page
