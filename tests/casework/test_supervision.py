"""Supervision on the child's record, its required interval, and the flags when it is overdue."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from journey.cases.models import EpisodeKind
from journey.casework.models import Supervision
from journey.casework.supervision.services import record_supervision
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.workforce import selectors as workforce_selectors
from journey.workforce.models import Role
from tests.cases.test_views import date_fields, error_summary, text_of
from tests.factories import WorkerFactory, make_child, make_episode

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
RATIONALE = "Ruby is safer since the injunction and her school reports she is settled again."


def ago(days: int) -> dt.date:
    return TODAY() - dt.timedelta(days=days)


def supervise(episode, supervisor, **overrides) -> Supervision:
    data = {
        "episode": episode,
        "supervisor": supervisor,
        "held_on": ago(3),
        "discussion": "Ruby's views on contact with her father; the school's latest report.",
        "reflection": "We wondered whether mum's optimism hides how tired she is.",
        "decisions": "Keep the CIN plan; add a young carers referral.",
        "decision_rationale": RATIONALE,
        "actions": "Social worker to make the young carers referral by Friday.",
        **overrides,
    }
    return record_supervision(**data)


def test_supervision_goes_on_the_record_with_who_was_supervised(council, sc_child):
    episode = sc_child.episodes.get()
    supervision = supervise(episode, council["team_manager"])
    assert supervision.supervisee == council["social_worker"]
    assert supervision.next_due_on == ago(3) + dt.timedelta(days=28), "the interval by default"
    entry = ChronologyEntry.objects.get(child=sc_child, kind=EntryKind.SUPERVISION)
    assert entry.title == f"Case supervision with {council['team_manager']}"
    for text in ("young carers referral", "Reflection: We wondered", f"Why: {RATIONALE}"):
        assert text in entry.summary


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"held_on": ago(-1)}, "held_on", "today or in the past"),
        ({"held_on": ago(400)}, "held_on", "on or after the work started"),
        ({"held_on": None}, "held_on", "Enter the date"),
        ({"discussion": " "}, "discussion", "Enter what was discussed"),
        ({"decision_rationale": ""}, "decision_rationale", "reasons for the decisions"),
        ({"next_due_on": ago(3)}, "next_due_on", "after this one"),
        ({"next_due_on": ago(3) + dt.timedelta(days=29)}, "next_due_on", "every 28 days"),
    ],
)
def test_bad_supervision_is_refused_and_nothing_saved(council, sc_child, overrides, field, message):
    with pytest.raises(ValidationError) as error:
        supervise(sc_child.episodes.get(), council["team_manager"], **overrides)
    assert message.lower() in " ".join(error.value.message_dict[field]).lower()
    assert not Supervision.objects.exists()
    assert not ChronologyEntry.objects.filter(kind=EntryKind.SUPERVISION).exists()


def test_only_a_manager_supervises(council, sc_child):
    with pytest.raises(ValidationError, match="supervision is by a manager"):
        supervise(sc_child.episodes.get(), council["social_worker"])


def test_a_manager_records_supervision_on_the_page(council, sc_child, signed_in):
    episode = sc_child.episodes.get()
    client = signed_in(council["team_manager"])
    page = text_of(client.get(reverse("supervision", args=[episode.pk])))
    assert "None yet" in page and "Overdue" in page  # opened 60 days ago, never supervised
    url = reverse("new_supervision", args=[episode.pk])
    form = {
        "kind": "supervision",
        **date_fields("held_on", ago(1)),
        "discussion": "Progress against the plan.",
        "decisions": "Close the plan next month.",
        "decision_rationale": "",
    }
    response = client.post(url, form)
    assert "Enter the reasons for the decisions, in your own words" in error_summary(response)
    assert not Supervision.objects.exists()
    response = client.post(url, {**form, "decision_rationale": RATIONALE})
    assert response.url == reverse("supervision", args=[episode.pk])
    shown = text_of(client.get(response.url))
    assert "Close the plan next month." in shown and RATIONALE in shown
    assert f"Next due by {(ago(1) + dt.timedelta(days=28)):%-d %B %Y}" in shown


def test_workers_read_but_do_not_record_supervision(council, sc_child, signed_in):
    episode = sc_child.episodes.get()
    client = signed_in(council["social_worker"])
    assert client.get(reverse("supervision", args=[episode.pk])).status_code == 200
    assert client.get(reverse("new_supervision", args=[episode.pk])).status_code == 403
    partner = signed_in(council["external_lead"])
    assert partner.get(reverse("supervision", args=[episode.pk])).status_code == 403


def test_overdue_supervision_is_flagged_on_my_work_and_the_child(council, sc_child, signed_in):
    episode = sc_child.episodes.get()  # opened 60 days ago, never supervised: due after 28
    client = signed_in(council["social_worker"])
    my_work = text_of(client.get(reverse("my_work")))
    due = episode.started_on + dt.timedelta(days=28)
    assert f"Supervision by {due:%-d %B %Y} Overdue" in my_work
    summary = text_of(client.get(reverse("child", args=[sc_child.pk])))
    assert f"next due by {due:%-d %B %Y} Overdue" in summary

    supervise(episode, council["team_manager"], held_on=ago(2))
    my_work = text_of(client.get(reverse("my_work")))
    next_due = f"Supervision by {(ago(2) + dt.timedelta(days=28)):%-d %B %Y}"
    assert next_due in my_work and f"{next_due} Overdue" not in my_work


def test_the_team_view_lists_the_teams_work_most_overdue_first(council, sc_child, signed_in):
    manager = council["team_manager"]
    fresh = make_child(manager, first_name="Amir", last_name="Khan")
    supervised = make_episode(fresh, manager, allocate_to=council["social_worker"])
    supervise(supervised, manager)
    make_episode(make_child(manager, first_name="Zoe", last_name="Unallocated"), manager)
    page = signed_in(manager).get(reverse("team"))
    text = text_of(page)
    assert "Child in Need and Protection" in text
    assert page.context["overdue_count"] == 2  # Ruby, and the unallocated child
    assert page.context["unallocated_count"] == 1
    names = [e.child.first_name for e in page.context["page"]]
    assert names[-1] == "Amir", "the one supervised is due last"


def test_the_team_view_pages_its_work_and_counts_the_whole_team(
    council, sc_child, signed_in, monkeypatch
):
    monkeypatch.setattr(workforce_selectors, "TEAM_PAGE", 2)
    manager = council["team_manager"]
    for name in ("Amir", "Bea", "Cal"):
        make_episode(make_child(manager, first_name=name, last_name="Khan"), manager)
    client = signed_in(manager)
    first, second = (client.get(reverse("team"), {"page": n}) for n in (1, 2))
    assert first.context["open_count"] == second.context["open_count"] == 4
    assert first.context["unallocated_count"] == 3
    names = [e.child.first_name for e in first.context["page"]]
    names += [e.child.first_name for e in second.context["page"]]
    assert sorted(names) == ["Amir", "Bea", "Cal", "Ruby"], "each row on one page, once"
    assert "Page 1 of 2" in text_of(first) and "Page 2 of 2" in text_of(second)


def test_who_sees_which_team(council, signed_in):
    assert signed_in(council["social_worker"]).get(reverse("team")).status_code == 403
    assert signed_in(council["qa_officer"]).get(reverse("team")).status_code == 403
    head = signed_in(council["head_of_service"])
    other = council.other_sc_team
    page = head.get(reverse("team"), {"team": other.pk})
    assert page.context["team"] == other
    manager = signed_in(council["team_manager"])
    page = manager.get(reverse("team"), {"team": council.eh_team.pk})
    assert page.context["team"] == council.sc_team, "a team manager sees their own team only"


def test_the_team_view_query_count_does_not_grow(council, signed_in):
    manager = council["team_manager"]
    client = signed_in(manager)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("team"))
        return len(queries)

    make_episode(make_child(manager), manager, allocate_to=council["social_worker"])
    few = count()
    for _ in range(5):
        episode = make_episode(make_child(manager), manager, allocate_to=council["social_worker"])
        supervise(episode, manager)
    assert count() == few


def test_early_help_has_its_own_interval(council, eh_child):
    manager = WorkerFactory(role=Role.TEAM_MANAGER, team=council.eh_team)
    episode = eh_child.episodes.get(kind=EpisodeKind.EARLY_HELP_CAF)
    supervision = supervise(episode, manager, held_on=ago(1))
    assert supervision.next_due_on == ago(1) + dt.timedelta(days=42)
