"""The measures page and the lists behind its figures: who may see them, what they name,
and a query count that does not grow with the data."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from journey.cases.models import StepChange
from journey.workforce.models import Role
from tests.reporting.conftest import ago, decision, make_child, moment, referral, review, step

pytestmark = pytest.mark.django_db
URL = reverse("measures")
LIST_URL = reverse("measure_children")
ALLOWED = [
    Role.TEAM_MANAGER,
    Role.HEAD_OF_SERVICE,
    Role.ASSISTANT_DIRECTOR,
    Role.QA_OFFICER,
    Role.PERFORMANCE_OFFICER,
]
DENIED = [
    Role.PRACTITIONER,
    Role.SOCIAL_WORKER,
    Role.COMPLAINTS_OFFICER,
    Role.PARTICIPATION_OFFICER,
    Role.EXTERNAL_LEAD_PROFESSIONAL,
    Role.REVIEWER,
    Role.ADMINISTRATOR,
]


def text_of(response) -> str:
    page = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(page).split())


def figure_links(response) -> list[dict[str, str]]:
    hrefs = re.findall(rf'href="({LIST_URL}\?[^"]+)"', response.content.decode())
    return [{k: v[0] for k, v in parse_qs(urlparse(html.unescape(h)).query).items()} for h in hrefs]


def this_month() -> str:
    return f"{timezone.localdate():%Y-%m}"


# --- who may see the measures ---------------------------------------------------------------


@pytest.mark.parametrize("role", ALLOWED)
def test_managers_and_qa_officers_see_the_measures(council, signed_in, role):
    response = signed_in(council[role]).get(URL)
    assert response.status_code == 200
    assert "Contacts and threshold outcomes" in text_of(response)


@pytest.mark.parametrize("role", DENIED)
@pytest.mark.parametrize("url", [URL, LIST_URL + "?figure=referrals"])
def test_everyone_else_is_refused_with_who_may(council, signed_in, role, url):
    response = signed_in(council[role]).get(url)
    assert response.status_code == 403
    assert "for team managers, heads of service, assistant directors, quality" in (
        text_of(response)
    )


def test_an_inactive_manager_is_refused(council, signed_in):
    manager = council["head_of_service"]
    manager.is_active = False
    manager.save()
    assert signed_in(manager).get(URL).status_code == 403


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


# --- the page ---------------------------------------------------------------------------------


def test_a_team_manager_starts_with_their_own_team(council, signed_in, history):
    response = signed_in(council["team_manager"]).get(URL)
    text = text_of(response)
    assert f"{council.sc_team.name}: the 12 months" in text
    assert re.search(rf'<option value="{council.sc_team.pk}" selected>', response.content.decode())
    links = figure_links(response)
    assert links and all(link["team"] == str(council.sc_team.pk) for link in links)


def test_a_head_of_service_starts_with_all_teams_and_sees_every_figure_linked(
    council, signed_in, history
):
    response = signed_in(council["head_of_service"]).get(URL)
    assert "All teams: the 12 months" in text_of(response)
    links = figure_links(response)
    month = this_month()
    assert {"months": "12", "team": "all", "figure": "rereferrals"} in links
    assert {"months": "12", "team": "all", "figure": "level_changed"} in links
    assert {
        "months": "12",
        "team": "all",
        "figure": "handed_over",
        "direction": "up",
        "sort": "longest",
    } in links
    if ago(20).strftime("%Y-%m") == ago(15).strftime("%Y-%m") == month:
        assert {
            "months": "12",
            "team": "all",
            "figure": "decisions",
            "month": month,
            "level": "4",
        } in links


def test_the_period_and_team_can_be_chosen(council, signed_in, history):
    client = signed_in(council["head_of_service"])
    response = client.get(URL, {"months": "24", "team": str(council.other_sc_team.pk)})
    text = text_of(response)
    assert f"{council.other_sc_team.name}: the 24 months" in text
    # Five tables by month: decisions, step changes, re-escalation, re-referrals, managers.
    assert len(re.findall(r'data-month="\d{4}-\d{2}"', _s(response))) == 24 * 5


def _s(response) -> str:
    return response.content.decode()


def test_a_wrong_period_or_team_is_explained_and_the_defaults_used(council, signed_in):
    response = signed_in(council["head_of_service"]).get(URL, {"months": "7", "team": "999"})
    assert response.status_code == 200
    text = text_of(response)
    assert "Choose a period of 6, 12 or 24 months" in text
    assert "Choose a team from the list" in text
    assert "All teams: the 12 months" in text


def test_inactive_teams_are_not_offered(council, signed_in):
    council.other_sc_team.is_active = False
    council.other_sc_team.save()
    response = signed_in(council["head_of_service"]).get(URL)
    assert f'value="{council.other_sc_team.pk}"' not in _s(response)
    assert f'value="{council.sc_team.pk}"' in _s(response)


def test_the_page_explains_each_figure(council, signed_in):
    text = text_of(signed_in(council["qa_officer"]).get(URL))
    for words in (
        "the manager's level where a manager changed it",
        "the team holding the child's work before the change",
        "from the day the change was requested to the day the receiving team",
        "within 182 days of it",
        "had another referral in the 365 days before it",
        "A change to the next step alone, at the same level, is not counted",
    ):
        assert words in text


def test_every_table_has_a_caption_and_scoped_headers(council, signed_in, history):
    page = _s(signed_in(council["head_of_service"]).get(URL))
    tables = re.findall(r"<table.*?</table>", page, flags=re.S)
    assert len(tables) == 9  # with Family Help and family group decision-making before court
    for table in tables:
        assert '<caption class="govuk-table__caption' in table
        assert "<th " in table
        assert not re.search(r"<th(?=[\s>])(?![^>]*scope=)", table)


def _more_history(council, n: int) -> None:
    sw, practitioner, manager = (
        council["social_worker"],
        council["practitioner"],
        council["team_manager"],
    )
    for i in range(n):
        child = make_child(sw)
        episode = referral(child, sw, ago(200 + i))
        review(decision(child, sw, moment(40 + i), level=1 + i % 4), manager, level=4 - i % 4 or 1)
        down = step(episode, practitioner, requested_at=moment(150), handover_on=ago(120 + i))
        referral(child, sw, ago(60 + i))
        assert down.status == StepChange.Status.HANDED_OVER


def test_the_page_makes_the_same_queries_with_more_data(council, signed_in, history):
    client = signed_in(council["head_of_service"])
    client.get(URL)
    with CaptureQueriesContext(connection) as little:
        client.get(URL)
    _more_history(council, 6)
    with CaptureQueriesContext(connection) as more:
        response = client.get(URL)
    assert response.status_code == 200
    assert len(more) == len(little)
    assert len(little) <= 20  # 12, 4 for Family Help and 4 for family group decision-making


def test_the_figures_are_reused_for_a_few_minutes_and_say_when_they_were_counted(
    council, signed_in, history, settings
):
    from django.core.cache import cache

    settings.JOURNEY_LIVE_FIGURES_SECONDS = 300
    cache.clear()
    client = signed_in(council["head_of_service"])
    try:
        first = text_of(client.get(URL))
        assert re.search(r"They were counted at \d\d:\d\d today", first)
        _more_history(council, 3)
        with CaptureQueriesContext(connection) as reused:
            again = text_of(client.get(URL))
        assert again == first  # the same figures, not counted again
        assert not any("cases_thresholddecision" in q["sql"] for q in reused.captured_queries)
        one_team = text_of(client.get(URL, {"team": council.sc_team.pk, "months": 12}))
        assert f"{council.sc_team.name}: the 12 months" in one_team  # another scope: counted
        cache.clear()
        counted = text_of(client.get(URL))
        assert counted != first  # counted again: the new history is in the figures
    finally:
        cache.clear()


# --- the children behind a figure ---------------------------------------------------------


def test_a_child_the_viewer_may_not_see_is_counted_but_not_named(council, signed_in, history):
    client = signed_in(council["team_manager"])
    response = client.get(LIST_URL, {"figure": "referrals", "team": "all", "months": "12"})
    text = text_of(response)
    assert "Referrals to children's social care" in text
    assert "4 in all, for 3 children" in text  # Ruby twice; Oscar stepped up
    assert "Ruby Ashworth" in text
    assert "Hidden" not in text
    assert "1 more child is outside your access" in text
    assert f'href="{reverse("child", kwargs={"child_id": history["ruby"].pk})}"' in _s(response)


def test_a_restricted_child_is_not_named_even_to_qa(council, signed_in, history):
    ruby = history["ruby"]
    ruby.is_restricted = True
    ruby.save()
    text = text_of(
        signed_in(council["qa_officer"]).get(LIST_URL, {"figure": "referrals", "team": "all"})
    )
    assert "Hidden Elsewhere" in text
    assert "Ruby" not in text
    assert "1 more child is outside your access" in text


def test_the_list_says_what_happened(council, signed_in, history):
    client = signed_in(council["head_of_service"])
    rereferrals = text_of(client.get(LIST_URL, {"figure": "rereferrals", "team": "all"}))
    assert f"the previous referral was on {ago(300):%-d %B %Y}, 280 days before" in rereferrals
    assert "Hidden" not in rereferrals
    changed = text_of(client.get(LIST_URL, {"figure": "level_changed", "team": "all"}))
    assert "Level 3: the manager changed it from level 2" in changed
    handed = text_of(client.get(LIST_URL, {"figure": "handed_over", "direction": "up"}))
    assert "Step-ups handed over" in handed
    assert "Oscar Pennington" in handed
    assert "handed over 20 days later" in handed


def test_the_list_follows_the_month_level_and_team(council, signed_in, history):
    client = signed_in(council["head_of_service"])
    month = f"{ago(15):%Y-%m}"
    level_4 = text_of(client.get(LIST_URL, {"figure": "decisions", "month": month, "level": 4}))
    assert "Threshold decisions at level 4" in level_4
    assert "Hidden Elsewhere" in level_4
    assert "Ruby" not in level_4
    team = text_of(
        client.get(LIST_URL, {"figure": "referrals", "team": str(council.other_sc_team.pk)})
    )
    assert "Hidden Elsewhere" in team
    assert "Ruby" not in team


@pytest.mark.parametrize(
    "params",
    [
        {"figure": "nonsense"},
        {},
        {"figure": "referrals", "month": "2001-01"},
        {"figure": "referrals", "month": "soon"},
        {"figure": "decisions", "level": "9"},
        {"figure": "handed_over", "direction": "sideways"},
    ],
)
def test_a_list_that_is_not_on_the_page_is_not_found(council, signed_in, params):
    assert signed_in(council["head_of_service"]).get(LIST_URL, params).status_code == 404


def test_a_long_list_is_paged(council, signed_in, settings):
    sw = council["social_worker"]
    for _ in range(55):
        referral(make_child(sw), sw, ago(5))
    client = signed_in(council["head_of_service"])
    first = client.get(LIST_URL, {"figure": "referrals", "team": "all"})
    assert "Children you can see: 1 to 50 of 55" in text_of(first)
    assert "Page 1 of 2" in text_of(first)
    assert len(re.findall(r"<tr class=\"govuk-table__row\" data-child", _s(first))) == 50
    second = client.get(LIST_URL, {"figure": "referrals", "team": "all", "page": "2"})
    assert "Children you can see: 51 to 55 of 55" in text_of(second)


def test_the_list_makes_the_same_queries_with_more_data(council, signed_in, history):
    client = signed_in(council["team_manager"])
    params = {"figure": "step_downs", "team": "all"}
    _more_history(council, 1)
    client.get(LIST_URL, params)
    with CaptureQueriesContext(connection) as little:
        client.get(LIST_URL, params)
    _more_history(council, 6)
    with CaptureQueriesContext(connection) as more:
        response = client.get(LIST_URL, params)
    assert "7 in all" in text_of(response)
    assert len(more) == len(little)
