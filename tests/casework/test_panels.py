"""Panels (issue 5, R3): the Multi-Agency Support Panel and the Practitioners Forum as meetings
with a case list, the agencies present, and a decision per case recorded against the child and
on their chronology. Every refusal says why and saves nothing; children the viewer may not see
stay unnamed on a panel's list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from journey.cases.models import EpisodeKind
from journey.casework.models import Panel, PanelAttendee, PanelCase, PanelOutcome
from journey.casework.panels import services as panels
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.core.models import AccessEvent
from journey.people.models import Agency
from journey.workforce.models import Allocation
from tests.casework.helpers import date_fields, error_summary, text_of
from tests.factories import AgencyFactory, make_child, make_episode

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
SAT = TODAY() - dt.timedelta(days=3)
AHEAD = TODAY() + dt.timedelta(days=10)
REASON = (
    "Three TAF meetings have not shifted school attendance; mum asks for more help and the "
    "school is worried. Should this step up to social care?"
)
DECISION = (
    "The panel agreed attendance and neglect concerns now meet the threshold for a child and "
    "family assessment by social care; school keeps its support."
)

# --- helpers ---------------------------------------------------------------------------------


def school(council) -> Agency:
    return Agency.objects.get(name="Castlegate Academy")


def invited(council, **overrides) -> list[panels.AttendeeInput]:
    return [
        panels.AttendeeInput(
            name="Ms Cole", role="Designated safeguarding lead", agency=school(council)
        ),
        panels.AttendeeInput(name="Dr Shah", role="School nurse", attended=False),
        *overrides.get("more", []),
    ]


def a_panel(council, held_on: dt.date = SAT, kind: str = Panel.Kind.MASP, chair=None) -> Panel:
    chair = chair or council["team_manager"]
    return panels.schedule_panel(
        kind=kind, held_on=held_on, chair=chair, attendees=invited(council), by=chair.user
    )


def bring(panel: Panel, child, worker, reason: str = REASON) -> PanelCase:
    return panels.bring_case(
        panel=panel, child=child, reason=reason, brought_by=worker, by=worker.user
    )


def decide(case: PanelCase, by, outcome: str = PanelOutcome.STEP_UP, **kwargs) -> PanelCase:
    return panels.record_decision(
        case, outcome=outcome, decision=kwargs.pop("decision", DECISION), by=by.user, **kwargs
    )


def refused(call, field: str) -> str:
    with pytest.raises(ValidationError) as caught:
        call()
    return " ".join(caught.value.message_dict[field])


def panel_entries(child) -> list[ChronologyEntry]:
    return list(ChronologyEntry.objects.filter(child=child, kind=EntryKind.PANEL).order_by("pk"))


# --- scheduling a panel ----------------------------------------------------------------------


def test_a_panel_is_scheduled_with_who_is_invited_and_its_history(council):
    panel = a_panel(council, held_on=AHEAD, kind=Panel.Kind.FORUM)
    assert panel.get_kind_display() == "Practitioners Forum"
    assert panel.chair == council["team_manager"]
    attendees = list(panel.attendees.order_by("pk"))
    assert [(a.name, a.agency, a.attended) for a in attendees] == [
        ("Ms Cole", school(council), True),
        ("Dr Shah", None, False),
    ]
    assert panel.history.count() == 1 and PanelAttendee.history.count() == 2


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"held_on": TODAY() + dt.timedelta(days=366)},
            "held_on",
            "The date of the panel must be no later than",
        ),
        ({"held_on": None}, "held_on", "Enter the date of the panel"),
        ({"attendees": []}, "attendees", "Add at least one person invited to the panel"),
        (
            {"attendees": [panels.AttendeeInput(name="Ms Cole")]},
            "attendees",
            "Select the agency of at least one attendee: a panel is multi-agency",
        ),
        ({"chair": None}, "chair", "Select who chairs the panel"),
        ({"kind": "tea"}, "kind", "Select a valid kind of panel from the list"),
    ],
)
def test_a_bad_panel_is_refused_and_nothing_is_saved(council, change, field, message):
    arguments = {
        "kind": Panel.Kind.MASP,
        "held_on": AHEAD,
        "chair": council["team_manager"],
        "attendees": invited(council),
        "by": council["team_manager"].user,
        **change,
    }
    assert message in refused(lambda: panels.schedule_panel(**arguments), field)
    assert not Panel.objects.exists() and not PanelAttendee.objects.exists()


def test_a_partner_cannot_chair_and_a_panel_is_not_recorded_twice(council):
    message = refused(lambda: a_panel(council, chair=council["external_lead"]), "chair")
    assert message == "Select a chair from the list: a council manager or case holder"
    assert not Panel.objects.exists()
    a_panel(council)
    message = refused(lambda: a_panel(council), "held_on")
    assert "is already recorded: open it from the list of panels" in message
    assert Panel.objects.count() == 1 and PanelAttendee.objects.count() == 2


# --- bringing a case -------------------------------------------------------------------------


def test_bringing_a_case_keeps_the_open_work_and_writes_the_chronology(council, sc_child):
    panel = a_panel(council, held_on=AHEAD)
    case = bring(panel, sc_child, council["social_worker"])
    assert case.episode == sc_child.episodes.get()
    assert case.brought_by == council["social_worker"] and not case.is_decided
    (entry,) = panel_entries(sc_child)
    assert entry.title == f"Brought to the Multi-Agency Support Panel of {AHEAD:%-d %B %Y}"
    assert REASON in entry.summary and entry.episode_id == case.episode_id
    assert not entry.is_significant


def test_a_child_without_open_work_can_be_brought(council):
    child = make_child(council["social_worker"])
    case = bring(a_panel(council, held_on=AHEAD), child, council["social_worker"])
    assert case.episode is None and panel_entries(child)[0].episode_id is None


def test_the_same_child_twice_on_one_panel_is_refused(council, sc_child):
    panel = a_panel(council, held_on=AHEAD)
    bring(panel, sc_child, council["social_worker"])
    message = refused(lambda: bring(panel, sc_child, council["team_manager"]), "panel")
    assert message == f"Ruby Ashworth is already on the case list for the {panel}"
    assert PanelCase.objects.count() == 1 and len(panel_entries(sc_child)) == 1


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Enter the reason for bringing the case, in your own words"),
        ("Stuck.", "The reason for bringing the case must be at least a full sentence"),
    ],
)
def test_a_missing_or_thin_reason_is_refused(council, sc_child, reason, message):
    panel = a_panel(council, held_on=AHEAD)
    assert message in refused(
        lambda: bring(panel, sc_child, council["social_worker"], reason), "reason"
    )
    assert not PanelCase.objects.exists() and not panel_entries(sc_child)


def test_a_panel_that_sat_long_ago_takes_no_new_cases(council, sc_child):
    panel = a_panel(council, held_on=TODAY() - dt.timedelta(days=40))
    message = refused(lambda: bring(panel, sc_child, council["social_worker"]), "panel")
    assert "sat more than 28 days ago: select an upcoming or recent panel" in message
    assert not PanelCase.objects.exists()


# --- the decision ----------------------------------------------------------------------------


def test_the_decision_is_recorded_against_the_child_and_is_significant(council, sc_child):
    case = bring(a_panel(council), sc_child, council["social_worker"])
    decide(case, council["team_manager"], actions="Social worker to start the assessment.")
    case.refresh_from_db()
    assert case.outcome == PanelOutcome.STEP_UP and case.decided_on == SAT
    assert case.decided_by == council["team_manager"]
    assert case.decision_recorded_by == council["team_manager"].user
    entry = panel_entries(sc_child)[-1]
    assert entry.title == "Multi-Agency Support Panel: Step up to children's social care"
    assert entry.is_significant and entry.episode_id == case.episode_id
    assert entry.occurred_at.date() == SAT and entry.source_model == "panelcase"
    assert DECISION in entry.summary and "Social worker to start the assessment." in entry.summary
    assert case.history.count() == 2


def test_continuing_the_plan_is_not_marked_significant(council, eh_child):
    case = bring(a_panel(council), eh_child, council["practitioner"])
    decide(case, council["team_manager"], outcome=PanelOutcome.CONTINUE)
    assert not panel_entries(eh_child)[-1].is_significant


def test_no_decision_before_the_panel_sits(council, sc_child):
    case = bring(a_panel(council, held_on=AHEAD), sc_child, council["social_worker"])
    message = refused(lambda: decide(case, council["team_manager"]), "__all__")
    assert message == (
        f"This panel sits on {AHEAD:%-d %B %Y}: record its decisions on or after that day"
    )
    case.refresh_from_db()
    assert not case.is_decided and len(panel_entries(sc_child)) == 1


def test_a_decision_is_recorded_once(council, sc_child):
    case = bring(a_panel(council), sc_child, council["social_worker"])
    decide(case, council["team_manager"])
    message = refused(
        lambda: decide(case, council["team_manager"], outcome=PanelOutcome.CLOSE), "__all__"
    )
    assert message.startswith("The panel's decision for this case is already recorded")
    case.refresh_from_db()
    assert case.outcome == PanelOutcome.STEP_UP and len(panel_entries(sc_child)) == 2


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"decision": ""}, "decision", "Enter the panel's decision, in your own words"),
        (
            {"decision": "Step up."},
            "decision",
            "The panel's decision must be at least a full sentence",
        ),
        ({"outcome": "shrug"}, "outcome", "Select a valid decision of the panel from the list"),
        (
            {"decided_on": SAT - dt.timedelta(days=1)},
            "decided_on",
            f"The date of the decision must be on or after the panel ({SAT:%-d %B %Y})",
        ),
        (
            {"decided_on": TODAY() + dt.timedelta(days=1)},
            "decided_on",
            "The date of the decision must be today or in the past",
        ),
    ],
)
def test_a_bad_decision_is_refused_and_nothing_is_saved(council, sc_child, change, field, message):
    case = bring(a_panel(council), sc_child, council["social_worker"])
    assert message in refused(lambda: decide(case, council["team_manager"], **change), field)
    case.refresh_from_db()
    assert not case.is_decided and case.decision == "" and len(panel_entries(sc_child)) == 1


# --- the pages: who may see and do what ------------------------------------------------------


@pytest.mark.parametrize(
    "role",
    ["practitioner", "social_worker", "team_manager", "head_of_service", "assistant_director"],
)
def test_council_case_holders_and_managers_see_the_panels(council, signed_in, role):
    upcoming = a_panel(council, held_on=AHEAD)
    a_panel(council, kind=Panel.Kind.FORUM)
    page = text_of(signed_in(council[role]).get(reverse("panels")))
    assert "Upcoming" in page and "Held" in page
    assert f"{upcoming.held_on:%-d %B %Y}" in page


@pytest.mark.parametrize(
    "role",
    ["external_lead", "qa_officer", "reviewer", "complaints_officer", "administrator"],
)
def test_other_roles_may_not_see_or_run_panels(council, signed_in, role, sc_child):
    panel = a_panel(council)
    case = bring(panel, sc_child, council["social_worker"])
    client = signed_in(council[role])
    for url in (
        reverse("panels"),
        reverse("new_panel"),
        reverse("panel", args=[panel.pk]),
        reverse("record_panel_decision", args=[panel.pk, case.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Ruby" not in response.content.decode()
    response = client.post(
        reverse("record_panel_decision", args=[panel.pk, case.pk]),
        {"outcome": "close", "decision": DECISION},
    )
    assert response.status_code == 403
    assert not PanelCase.objects.get().is_decided


def test_the_list_counts_cases_and_decisions_outstanding_and_filters_by_kind(
    council, signed_in, sc_child, eh_child
):
    masp = a_panel(council)
    bring(masp, sc_child, council["social_worker"])
    decide(bring(masp, eh_child, council["practitioner"]), council["team_manager"])
    a_panel(council, held_on=AHEAD, kind=Panel.Kind.FORUM)
    client = signed_in(council["team_manager"])
    page = client.get(reverse("panels")).content.decode()
    row = page.split(f"{SAT:%-d %B %Y}<span")[1].split("</tr>")[0]
    assert "Multi-Agency Support Panel" in row
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in row
    assert '<strong class="govuk-tag govuk-tag--orange">1</strong>' in row
    forum_only = text_of(client.get(reverse("panels"), {"kind": "forum"}))
    assert f"{AHEAD:%-d %B %Y}" in forum_only and f"{SAT:%-d %B %Y}" not in forum_only


# --- scheduling on the page -------------------------------------------------------------------


def panel_form(council, held_on: dt.date | None = AHEAD, rows: list[dict] | None = None, **extra):
    rows = (
        rows
        if rows is not None
        else [
            {"name": "Ms Cole", "role": "DSL", "agency": str(school(council).pk)},
            {"name": "PC Hart", "role": "Police", "agency": ""},
        ]
    )
    data = {
        "kind": "masp",
        **date_fields("held_on", held_on),
        "chair": str(council["team_manager"].pk),
        "notes": "",
        "attendees-TOTAL_FORMS": "6",
        "attendees-INITIAL_FORMS": "0",
        "attendees-MIN_NUM_FORMS": "0",
        "attendees-MAX_NUM_FORMS": "40",
    }
    for n in range(6):
        row = rows[n] if n < len(rows) else {}
        data[f"attendees-{n}-name"] = row.get("name", "")
        data[f"attendees-{n}-role"] = row.get("role", "")
        data[f"attendees-{n}-agency"] = row.get("agency", "")
        data[f"attendees-{n}-attended"] = row.get("attended", "yes")
    data.update(extra)
    return data


def test_a_manager_schedules_a_panel_on_the_page(council, signed_in):
    client = signed_in(council["team_manager"])
    assert client.get(reverse("new_panel")).status_code == 200
    response = client.post(reverse("new_panel"), panel_form(council))
    panel = Panel.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("panel", args=[panel.pk])
    assert panel.attendees.count() == 2
    page = text_of(client.get(response["Location"]))
    assert "Castlegate Academy" in page and "PC Hart" in page
    assert "No cases have been brought to this panel yet." in page


def test_the_panel_page_lists_every_error_and_saves_nothing(council, signed_in):
    client = signed_in(council["team_manager"])
    response = client.post(
        reverse("new_panel"),
        panel_form(council, held_on=None, rows=[{"name": "", "role": "DSL"}], chair=""),
    )
    assert response.status_code == 200
    assert error_summary(response) == {
        "Enter the date of the panel": "#id_held_on_0",
        "Select who chairs the panel": "#id_chair",
        "Attendee 1: enter their name": "#id_attendees-0-name",
    }
    assert not Panel.objects.exists()


def test_a_panel_without_an_agency_is_refused_on_the_page(council, signed_in):
    client = signed_in(council["team_manager"])
    response = client.post(
        reverse("new_panel"), panel_form(council, rows=[{"name": "PC Hart", "role": "Police"}])
    )
    assert error_summary(response) == {
        "Select the agency of at least one attendee: a panel is multi-agency": (
            "#id_attendees-0-name"
        )
    }
    assert "– error" in response.content.decode()
    assert not Panel.objects.exists() and not PanelAttendee.objects.exists()


# --- bringing a child on the page --------------------------------------------------------------


def test_a_social_worker_brings_their_child_to_a_panel(council, signed_in, sc_child):
    panel = a_panel(council, held_on=AHEAD)
    a_panel(council, held_on=TODAY() - dt.timedelta(days=60), kind=Panel.Kind.FORUM)
    client = signed_in(council["social_worker"])
    url = reverse("bring_to_panel", args=[sc_child.pk])
    page = text_of(client.get(url))
    assert f"Multi-Agency Support Panel, {AHEAD:%-d %B %Y}" in page
    assert "Practitioners Forum," not in page  # sat too long ago to take new cases
    response = client.post(url, {"panel": str(panel.pk), "reason": REASON})
    case = PanelCase.objects.get()
    assert response["Location"] == reverse("panel", args=[panel.pk]) + f"#case-{case.pk}"
    assert AccessEvent.objects.filter(child=sc_child, action="view").exists()


def test_bringing_refusals_on_the_page_save_nothing(council, signed_in, sc_child):
    panel = a_panel(council, held_on=AHEAD)
    bring(panel, sc_child, council["team_manager"])
    client = signed_in(council["social_worker"])
    url = reverse("bring_to_panel", args=[sc_child.pk])
    response = client.post(url, {"panel": str(panel.pk), "reason": REASON})
    assert error_summary(response) == {
        f"Ruby Ashworth is already on the case list for the {panel}": "#id_panel_0"
    }
    response = client.post(url, {"panel": "", "reason": REASON})
    assert error_summary(response) == {"Select the panel to bring the case to": "#id_panel_0"}
    other = a_panel(council, held_on=AHEAD, kind=Panel.Kind.FORUM)
    response = client.post(url, {"panel": str(other.pk), "reason": "Stuck."})
    assert error_summary(response) == {
        "The reason for bringing the case must be at least a full sentence (at least 8 words): "
        "say what you weighed up and why you decided": "#id_reason"
    }
    assert PanelCase.objects.count() == 1 and len(panel_entries(sc_child)) == 1


def test_bringing_a_child_you_may_not_see_is_refused_and_logged(council, signed_in, sc_child):
    a_panel(council, held_on=AHEAD)
    response = signed_in(council["other_social_worker"]).get(
        reverse("bring_to_panel", args=[sc_child.pk])
    )
    assert response.status_code == 403
    assert AccessEvent.objects.filter(child=sc_child, action="denied").exists()


@pytest.mark.parametrize("role", ["qa_officer", "reviewer", "administrator"])
def test_read_only_roles_may_not_bring_a_case(council, signed_in, sc_child, role):
    a_panel(council, held_on=AHEAD)
    client = signed_in(council[role])
    response = client.post(
        reverse("bring_to_panel", args=[sc_child.pk]),
        {"panel": str(Panel.objects.get().pk), "reason": REASON},
    )
    assert response.status_code == 403 and not PanelCase.objects.exists()
    assert "not bring cases to panels" in response.content.decode()
    # Every refusal on a child's URL is on the child's access log, whoever was refused.
    assert AccessEvent.objects.filter(child=sc_child, action="denied").count() == 1


def test_a_partners_lead_professional_brings_their_family_to_the_forum(
    council, signed_in, eh_child
):
    from journey.cases import services as case_services

    lead = council["external_lead"]
    case_services.allocate(
        eh_child.episodes.get(),
        worker=lead,
        kind=Allocation.Kind.LEAD_PROFESSIONAL,
        started_on=TODAY(),
        allocated_by=council["practitioner"].user,
    )
    forum = a_panel(council, held_on=AHEAD, kind=Panel.Kind.FORUM)
    client = signed_in(lead)
    response = client.post(
        reverse("bring_to_panel", args=[eh_child.pk]), {"panel": str(forum.pk), "reason": REASON}
    )
    assert response["Location"] == reverse("child", args=[eh_child.pk])  # not the panel's list
    assert PanelCase.objects.get().brought_by == lead
    assert client.get(reverse("panel", args=[forum.pk])).status_code == 403


# --- the panel page and the decision on the page ----------------------------------------------


def test_a_child_you_may_not_see_is_unnamed_on_the_panel(council, signed_in, sc_child, eh_child):
    panel = a_panel(council)
    bring(panel, eh_child, council["practitioner"])
    decide(bring(panel, sc_child, council["social_worker"]), council["team_manager"])
    response = signed_in(council["practitioner"]).get(reverse("panel", args=[panel.pk]))
    page = response.content.decode()
    assert "Oscar Pennington" in page
    assert "A child you do not have access to" in page
    assert "Ruby" not in page and "Ashworth" not in page
    assert DECISION not in page and page.count(REASON) == 1
    assert reverse("child", args=[sc_child.pk]) not in page
    assert (
        reverse("record_panel_decision", args=[panel.pk, PanelCase.objects.get(child=sc_child).pk])
        not in page
    )


def test_a_restricted_child_is_unnamed_even_to_the_chair(council, signed_in, sc_child):
    panel = a_panel(council)
    bring(panel, sc_child, council["social_worker"])
    sc_child.is_restricted = True
    sc_child.save(update_fields=["is_restricted"])
    page = (
        signed_in(council["team_manager"]).get(reverse("panel", args=[panel.pk])).content.decode()
    )
    assert "A child you do not have access to" in page and "Ruby" not in page
    case = PanelCase.objects.get()
    response = signed_in(council["team_manager"]).get(
        reverse("record_panel_decision", args=[panel.pk, case.pk])
    )
    assert response.status_code == 403


def test_the_chair_records_a_decision_and_it_is_on_the_chronology(council, signed_in, sc_child):
    panel = a_panel(council)
    case = bring(panel, sc_child, council["social_worker"])
    client = signed_in(council["team_manager"])
    url = reverse("record_panel_decision", args=[panel.pk, case.pk])
    assert "Record the panel's decision" in text_of(client.get(url))
    response = client.post(
        url, {"outcome": "step_up", "decision": DECISION, "actions": "Start the assessment."}
    )
    assert response["Location"] == reverse("panel", args=[panel.pk]) + f"#case-{case.pk}"
    page = text_of(client.get(reverse("panel", args=[panel.pk])))
    assert "Step up to children's social care" in page and "Start the assessment." in page
    chronology = text_of(client.get(reverse("child_chronology", args=[sc_child.pk])))
    assert "Multi-Agency Support Panel: Step up to children's social care" in chronology
    # Once decided, the page goes back to the panel and a second POST is refused.
    assert client.get(url)["Location"].endswith(f"#case-{case.pk}")
    response = client.post(url, {"outcome": "close", "decision": DECISION})
    assert "is already recorded" in error_summary(response).popitem()[0]
    assert PanelCase.objects.get().outcome == "step_up"


def test_a_bad_decision_on_the_page_lists_its_errors(council, signed_in, sc_child):
    panel = a_panel(council)
    case = bring(panel, sc_child, council["social_worker"])
    response = signed_in(council["team_manager"]).post(
        reverse("record_panel_decision", args=[panel.pk, case.pk]),
        {"outcome": "", "decision": "", **date_fields("decided_on", None)},
    )
    assert error_summary(response) == {
        "Select what the panel decided": "#id_outcome_0",
        "Enter the panel's decision, in your own words": "#id_decision",
    }
    response = signed_in(council["team_manager"]).post(
        reverse("record_panel_decision", args=[panel.pk, case.pk]),
        {"outcome": "close", "decision": "Done.", **date_fields("decided_on", SAT)},
    )
    assert list(error_summary(response).values()) == ["#id_decision"]
    assert not PanelCase.objects.get().is_decided


def test_a_decision_page_for_a_panel_not_yet_sat_goes_back_to_the_panel(
    council, signed_in, sc_child
):
    panel = a_panel(council, held_on=AHEAD)
    case = bring(panel, sc_child, council["social_worker"])
    client = signed_in(council["team_manager"])
    url = reverse("record_panel_decision", args=[panel.pk, case.pk])
    assert client.get(url).status_code == 302
    response = client.post(url, {"outcome": "close", "decision": DECISION})
    assert "record its decisions on or after that day" in next(iter(error_summary(response)))
    assert "Record the decision" not in text_of(client.get(reverse("panel", args=[panel.pk])))


# --- the panel page does not grow with its case list ------------------------------------------


def _panel_with(council, cases: int, held_on: dt.date) -> Panel:
    panel = a_panel(council, held_on=held_on)
    manager = council["team_manager"]
    for n in range(cases):
        child = make_child(manager, first_name=f"Case{n}")
        make_episode(child, manager, allocate_to=council["social_worker"])
        case = bring(panel, child, council["social_worker"])
        if n % 2:
            decide(case, manager)
    AgencyFactory(name=f"Health {cases}", kind=Agency.Kind.HEALTH)
    return panel


def test_the_panel_page_query_count_does_not_grow_with_its_cases(council, signed_in):
    small = _panel_with(council, 2, SAT)
    large = _panel_with(council, 6, SAT - dt.timedelta(days=1))
    client = signed_in(council["team_manager"])
    counts = []
    for panel in (small, large):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("panel", args=[panel.pk]))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert text_of(response).count("Case") >= 6


def test_the_list_query_count_does_not_grow_with_panels(council, signed_in):
    client = signed_in(council["team_manager"])
    _panel_with(council, 1, SAT)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("panels"))
    for days in range(2, 8):
        _panel_with(council, 2, SAT - dt.timedelta(days=days))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("panels"))
    assert len(few) == len(many)


def test_open_work_is_the_episode_open_on_the_day(council):
    child = make_child(council["practitioner"])
    episode = make_episode(
        child,
        council["practitioner"],
        kind=EpisodeKind.EARLY_HELP_CAF,
        allocate_to=council["practitioner"],
    )
    assert panels.open_work_on(child, TODAY()) == episode
    assert panels.open_work_on(child, episode.started_on - dt.timedelta(days=1)) is None


def test_the_chronology_entry_opens_the_panel_decision_and_offers_the_step(
    council, signed_in, eh_child
):
    panel = a_panel(council)
    case = decide(bring(panel, eh_child, council["practitioner"]), council["team_manager"])
    entry = next(e for e in panel_entries(eh_child) if e.source_model == "panelcase")
    client = signed_in(council["practitioner"])
    source = client.get(
        reverse("chronology_source", args=[eh_child.pk, "casework", "panelcase", case.pk])
    )
    assert source.status_code == 200 and entry.source_pk == case.pk
    page = client.get(reverse("panel", args=[panel.pk])).content.decode()
    assert reverse("request_step_change", args=[case.episode.pk]) in page


def test_the_childs_views_for_the_panel_are_on_its_list_and_the_chronology(
    council, signed_in, sc_child
):
    panel = a_panel(council, held_on=AHEAD)
    client = signed_in(council["social_worker"])
    client.post(
        reverse("bring_to_panel", args=[sc_child.pk]),
        {
            "panel": str(panel.pk),
            "reason": REASON,
            "child_views": "I want to stay at my school whatever happens.",
            "child_views_method": "advocate",
            "parent_views": "Dad wants the panel to know he is trying.",
        },
    )
    case = PanelCase.objects.get()
    assert case.get_child_views_method_display() == "Through an advocate"
    entry = panel_entries(sc_child)[0]
    assert "Child's views (through an advocate): I want to stay at my school" in entry.summary
    page = text_of(signed_in(council["team_manager"]).get(reverse("panel", args=[panel.pk])))
    assert "I want to stay at my school whatever happens." in page
    assert "Dad wants the panel to know he is trying." in page


def test_views_without_how_they_were_obtained_keep_the_case_off_the_list(
    council, signed_in, sc_child
):
    panel = a_panel(council, held_on=AHEAD)
    client = signed_in(council["social_worker"])
    response = client.post(
        reverse("bring_to_panel", args=[sc_child.pk]),
        {"panel": str(panel.pk), "reason": REASON, "child_views": "Stay at school."},
    )
    assert error_summary(response) == {
        "Select how the child's views were obtained": "#id_child_views_method_0"
    }
    assert not PanelCase.objects.exists() and not panel_entries(sc_child)
