"""Explaining a CIN census query: only queries, with a real reason; shown on the data-quality page
and in its spreadsheet, carried over to later checks, filtered, and only for the census roles."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journey.cases.models import Episode
from journey.casework.models import Assessment
from journey.core.models import AccessEvent, RecordGrant
from journey.people.models import Person
from journey.reporting.census import checks
from journey.reporting.census.explanations import explain_census_query
from journey.reporting.models import CensusBreach, CensusCheck, CensusQueryExplanation
from tests.factories import make_child, make_episode
from tests.reporting.census.conftest import YEAR, day
from tests.reporting.census.test_census import check_now, signed_in

pytestmark = pytest.mark.django_db

REASON = "The family moved to another area during the assessment, so it was started again there."
BAD_FORMER_UPN = "X12"  # 1560Q: a query on the child's details, with no episode


def breach(rule: str) -> CensusBreach:
    latest = CensusCheck.objects.latest_for(YEAR)
    return latest.breaches.get(rule=rule)


def explain_url(rule: str, **query) -> str:
    url = reverse("explain_census_query", args=[breach(rule).pk])
    return f"{url}?{'&'.join(f'{k}={v}' for k, v in query.items())}" if query else url


def census_html(client, **query) -> str:
    return client.get(reverse("census"), {"year": YEAR, **query}).content.decode()


def row_of(html: str, rule: str) -> str:
    """The table row of the first breach of `rule` in the list of problems."""
    rows = html[html.index('id="breaches"') :]
    start = rows.index(f'data-rule="{rule}"')
    return rows[start : rows.index("</tr>", start)]


@pytest.fixture
def problems(client, council, clean_child):
    """One error (8866), a query on the social care record (8897Q) and a query on the child's
    details (1560Q), checked by the QA officer."""
    Episode.objects.update(referral_source="")
    Assessment.objects.update(factors=[])
    Person.objects.filter(pk=clean_child.pk).update(former_upn=BAD_FORMER_UPN)
    signed_in(client, council, "performance_officer")
    check_now(client)
    assert set(CensusBreach.objects.values_list("rule", flat=True)) == {"8866", "8897Q", "1560Q"}
    return client


# --- the service ---------------------------------------------------------------------------------


def test_an_error_cannot_be_explained(problems, council):
    with pytest.raises(ValidationError, match="an error cannot be explained"):
        explain_census_query(
            breach("8866"), explanation=REASON, by=council["performance_officer"].user
        )
    response = problems.post(explain_url("8866"), {"explanation": REASON})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and "an error cannot be explained" in html
    assert 'name="explanation"' not in html  # the page offers no box for an error
    assert not CensusQueryExplanation.objects.exists()


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "Enter why the record is right"),
        ("   ", "Enter why the record is right"),
        ("It is right.", "The explanation must be at least 20 characters and 4 words"),
        ("x" * 30, "The explanation must be at least 20 characters and 4 words"),
    ],
)
def test_a_missing_or_short_explanation_is_refused_and_nothing_is_saved(problems, text, message):
    response = problems.post(explain_url("8897Q", kind="query"), {"explanation": text})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_explanation">' + message in html  # the summary links to the box
    assert 'id="id_explanation-error"' in html and "govuk-textarea--error" in html
    assert not CensusQueryExplanation.objects.exists()


def test_the_service_refuses_a_short_explanation_naming_the_field(problems, council):
    with pytest.raises(ValidationError) as refused:
        explain_census_query(
            breach("8897Q"), explanation="fine", by=council["performance_officer"].user
        )
    assert "explanation" in refused.value.message_dict
    assert not CensusQueryExplanation.objects.exists()


# --- explaining on the page ----------------------------------------------------------------------


def test_the_explain_page_shows_the_child_the_rule_and_the_record_to_fix(problems, clean_child):
    html = problems.get(explain_url("8897Q")).content.decode()
    assert "Explain query 8897Q" in html and "Clean Record" in html and clean_child.local_id in html
    assert 'id="rule-message"' in html and "factors" in html.lower()
    episode = Episode.objects.get()
    assert f'href="{reverse("social_care_record", args=[episode.pk])}" id="record-link"' in html
    assert '<label class="govuk-label govuk-label--m" for="id_explanation">' in html
    event = AccessEvent.objects.filter(action=AccessEvent.Action.VIEW).get()
    assert event.child == clean_child and "8897Q" in event.reason
    child_rule = problems.get(explain_url("1560Q")).content.decode()
    assert f'href="{reverse("child", args=[clean_child.pk])}" id="record-link"' in child_rule


def test_an_explained_query_shows_as_explained_and_stays_so_after_checking_again(problems, council):
    before = census_html(problems)
    assert "data-explain" in row_of(before, "8897Q") and "data-explain" in row_of(before, "1560Q")
    assert "data-explain" not in row_of(before, "8866")  # an error has no Explain link
    assert 'id="explained-count">0 explained' in before

    response = problems.post(
        explain_url("8897Q", kind="query", page="1"), {"explanation": f"  {REASON}  "}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('census')}?year={YEAR}&kind=query&page=1"
    html = problems.get(response["Location"]).content.decode()
    assert "Query 8897Q for Clean Record" in html and "is explained" in html  # the banner
    row = row_of(html, "8897Q")
    assert "data-explained" in row and "data-explain>" not in row
    assert (
        f"Explained: {REASON}" in row and council["performance_officer"].user.get_full_name() in row
    )
    assert "data-explain>" in row_of(html, "1560Q")
    assert 'id="explained-count">1 explained' in html

    saved = CensusQueryExplanation.objects.get()
    assert (saved.year, saved.rule, saved.explanation) == (YEAR, "8897Q", REASON)
    assert (
        saved.episode == Episode.objects.get()
        and saved.explained_by == council["performance_officer"].user
    )

    again = check_now(problems).content.decode()  # a new check, new breach rows
    assert CensusCheck.objects.count() == 2
    assert f"Explained: {REASON}" in row_of(again, "8897Q")
    assert "data-explain>" in row_of(again, "1560Q")
    assert 'id="explained-count">1 explained' in again


def test_a_query_on_the_childs_details_carries_over_too(problems, council):
    qa = council["performance_officer"].user
    explain_census_query(breach("1560Q"), explanation=REASON, by=qa)
    check_now(problems)
    assert f"Explained: {REASON}" in row_of(census_html(problems), "1560Q")
    assert "data-explain>" in row_of(census_html(problems), "8897Q")


def test_the_newest_explanation_counts_and_the_earlier_are_kept(problems, council):
    qa = council["performance_officer"].user
    explain_census_query(breach("8897Q"), explanation=REASON, by=qa)
    later = "The assessment found no factors: the referral was about housing and was signposted."
    response = problems.post(explain_url("8897Q"), {"explanation": later})
    assert response.status_code == 302
    assert CensusQueryExplanation.objects.count() == 2
    row = row_of(census_html(problems), "8897Q")
    assert later in row and REASON not in row
    assert later in problems.get(explain_url("8897Q")).content.decode()


def test_an_explanation_is_for_its_collection_year_only(problems, council):
    CensusQueryExplanation.objects.create(
        year=YEAR - 1,
        rule="8897Q",
        child=breach("8897Q").child,
        episode=breach("8897Q").episode,
        explanation=REASON,
        explained_by=council["performance_officer"].user,
        explained_by_name="Someone",
        explained_at=CensusCheck.objects.get().checked_at,
    )
    assert "data-explain>" in row_of(census_html(problems), "8897Q")


def test_the_unexplained_filter_lists_only_queries_not_yet_explained(problems, council):
    explain_census_query(
        breach("8897Q"), explanation=REASON, by=council["performance_officer"].user
    )

    def rules_listed(**query):
        rows = census_html(problems, **query)
        rows = rows[rows.index('id="breaches"') :]
        return {r for r in ("8866", "8897Q", "1560Q") if f'data-rule="{r}"' in rows}

    assert rules_listed() == {"8866", "8897Q", "1560Q"}
    assert rules_listed(kind="query") == {"8897Q", "1560Q"}
    assert rules_listed(kind="unexplained") == {"1560Q"}
    html = census_html(problems, kind="unexplained")
    assert "Queries not yet explained" in html and 'id="unexplained-filter"' not in html
    assert 'id="unexplained-filter"' in census_html(problems)
    assert rules_listed(kind="nonsense") == {"8866", "8897Q", "1560Q"}


def sheet_rows(client) -> list[tuple]:
    from openpyxl import load_workbook

    response = client.get(reverse("census_problems_xlsx"), {"year": YEAR})
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_the_spreadsheet_has_the_explanation(problems, council):
    explain_census_query(
        breach("8897Q"), explanation=REASON, by=council["performance_officer"].user
    )
    rows = sheet_rows(problems)
    assert rows[0][-1] == "Explanation"
    by_rule = {row[2]: row for row in rows[1:]}
    assert by_rule["8897Q"][-1] == REASON
    assert by_rule["1560Q"][-1] in ("", None) and by_rule["8866"][-1] in ("", None)


# --- who may -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["social_worker", "team_manager", "reviewer", "practitioner"])
def test_others_cannot_explain_a_query(problems, council, client, role):
    url = explain_url("8897Q")
    signed_in(client, council, role)
    assert client.get(url).status_code == 403
    assert client.post(url, {"explanation": REASON}).status_code == 403
    assert not CensusQueryExplanation.objects.exists()
    denials = AccessEvent.objects.filter(action=AccessEvent.Action.DENIED, user=council[role].user)
    assert denials.count() == 2 and denials.first().reason.startswith("The statutory returns")


@pytest.mark.parametrize("role", ["performance_officer", "assistant_director"])
def test_the_census_roles_can_explain_a_query(problems, council, client, role):
    signed_in(client, council, role)
    assert client.post(explain_url("8897Q"), {"explanation": REASON}).status_code == 302
    assert CensusQueryExplanation.objects.get().explained_by == council[role].user


def test_a_restricted_records_query_needs_access_to_the_record(problems, council, clean_child):
    explain_census_query(
        breach("8897Q"), explanation=REASON, by=council["performance_officer"].user
    )
    Person.objects.filter(pk=clean_child.pk).update(is_restricted=True)
    url = explain_url("1560Q")
    assert problems.get(url).status_code == 403
    assert problems.post(url, {"explanation": REASON}).status_code == 403
    denied = AccessEvent.objects.filter(action=AccessEvent.Action.DENIED).last()
    assert denied.child == clean_child
    html = census_html(problems)
    assert "Clean Record" not in html and REASON not in html  # the page hides the record's text
    assert "Explained: on the restricted record" in row_of(html, "8897Q")
    sheet = str(sheet_rows(problems))
    assert REASON not in sheet and "Clean Record" not in sheet
    assert "Explained (restricted record)" in sheet
    RecordGrant.objects.create(
        user=council["performance_officer"].user,
        child=clean_child,
        reason="Census return",
        granted_by=council["head_of_service"].user,
    )
    assert problems.post(url, {"explanation": REASON}).status_code == 302


def test_an_unknown_problem_is_not_found(problems):
    assert problems.get(reverse("explain_census_query", args=[999999])).status_code == 404


# --- scale ---------------------------------------------------------------------------------------


def test_the_page_reads_explanations_in_a_fixed_number_of_queries(client, council, clean_child):
    """One explained query or sixty, some explained: the page costs the same queries."""
    sw = council["social_worker"]
    qa = council["performance_officer"].user
    signed_in(client, council, "performance_officer")

    def page_queries(**query) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("census"), {"year": YEAR, **query})
        assert response.status_code == 200
        return len(queries)

    Person.objects.filter(pk=clean_child.pk).update(former_upn=BAD_FORMER_UPN)
    check_now(client)
    one = CensusCheck.objects.latest_for(YEAR)
    assert list(one.breaches.values_list("rule", "is_query")) == [("1560Q", True)]
    unexplained = page_queries(kind="unexplained")  # while it lists the one problem
    explain_census_query(breach("1560Q"), explanation=REASON, by=qa)
    few = [page_queries(), unexplained, page_queries(kind="query")]

    for i in range(59):
        make_episode(make_child(sw, first_name=f"Many{i}"), sw, started_on=day(5, 1))
    Person.objects.update(former_upn=BAD_FORMER_UPN)  # as a previous system left them
    check_now(client)
    latest = CensusCheck.objects.latest_for(YEAR)
    assert latest.breaches.filter(rule="1560Q").count() == 60
    for found in latest.breaches.filter(rule="1560Q").order_by("child_id")[1:30]:
        explain_census_query(found, explanation=REASON, by=qa)
    many = [page_queries(), page_queries(kind="unexplained"), page_queries(kind="query")]
    assert many == few, (few, many)
    assert checks.explained_queries(latest) == 30
    html = client.get(reverse("census"), {"year": YEAR, "kind": "query"}).content.decode()
    assert 'id="explained-count">30 explained' in html and html.count("data-explained") >= 29
