"""The nightly snapshot (`manage.py snapshot_drift`) and the trend it feeds."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from journey.cases import services as case_services
from journey.cases.models import EarlyHelpClosureReason
from journey.tracker.models import DriftFlagSnapshot
from journey.tracker.selectors import TrackerFilter, month_start, trend
from journey.tracker.services import take_snapshot
from tests.tracker.conftest import caf_episode, days_ago, taf, today

pytestmark = pytest.mark.django_db


def snapshot(on: dt.date | None = None) -> str:
    out = io.StringIO()
    args = ["snapshot_drift"] + ([f"--date={on:%Y-%m-%d}"] if on else [])
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def drifting(council):
    """One CAF with no lead and an overdue TAF; one healthy."""
    worker = council["practitioner"]
    drifting = caf_episode(council, started_days_ago=100, lead=None)
    taf(drifting, worker, held_days_ago=90, next_due=days_ago(48))
    healthy = caf_episode(council, started_days_ago=30)
    taf(healthy, worker, held_days_ago=10)
    return drifting, healthy


def test_the_snapshot_records_each_flag_with_its_rule_since_and_team(council, drifting):
    episode, healthy = drifting
    output = snapshot()
    assert "Drift snapshot for" in output
    rows = {s.rule: s for s in DriftFlagSnapshot.objects.filter(taken_on=today())}
    assert set(rows) == {"no_lead", "taf_overdue", "plan_review_overdue"}
    assert rows["taf_overdue"].since == days_ago(47)
    assert rows["no_lead"].since == days_ago(100)
    assert all(r.episode_id == episode.pk and r.child_id == episode.child_id for r in rows.values())
    assert all(r.team_id == council.eh_team.pk and r.lead_id is None for r in rows.values())
    assert not DriftFlagSnapshot.objects.filter(episode=healthy).exists()


def test_running_it_twice_on_the_same_day_does_not_double_count(council, drifting):
    snapshot()
    first = DriftFlagSnapshot.objects.count()
    output = snapshot()
    assert f"replacing {first} taken earlier" in output
    assert DriftFlagSnapshot.objects.count() == first
    # Work done in between is reflected, still once.
    case_services.allocate(
        drifting[0],
        worker=council["practitioner"],
        kind="lead_professional",
        started_on=today(),
        allocated_by=council["practitioner"].user,
    )
    take_snapshot(today())
    assert DriftFlagSnapshot.objects.count() == first - 1
    assert not DriftFlagSnapshot.objects.filter(rule="no_lead").exists()


def test_closed_work_leaves_the_snapshot_but_keeps_its_history(council, drifting):
    episode, _ = drifting
    yesterday = today() - dt.timedelta(days=1)
    take_snapshot(yesterday)
    case_services.close_episode(
        episode,
        ended_on=today(),
        reason=EarlyHelpClosureReason.MOVED_AWAY,
        note="",
        closed_by=council["practitioner"].user,
    )
    take_snapshot(today())
    assert not DriftFlagSnapshot.objects.filter(taken_on=today()).exists()
    assert DriftFlagSnapshot.objects.filter(taken_on=yesterday, episode=episode).count() == 3


def test_the_trend_compares_this_month_with_last_month_by_rule(council, drifting):
    episode, healthy = drifting
    this_month = month_start(today())
    last_month_end = this_month - dt.timedelta(days=1)
    # Last month: both episodes flagged (as it was then), at two snapshots; the latest counts.
    take_snapshot(month_start(last_month_end))
    take_snapshot(last_month_end)
    DriftFlagSnapshot.objects.create(
        taken_on=last_month_end,
        episode=healthy,
        child=healthy.child,
        rule="action_stale",
        since=last_month_end,
        team=council.eh_team,
    )
    take_snapshot(today())
    result = trend(council["practitioner"].user, today(), TrackerFilter(team="all"))
    assert (result.this_date, result.last_date) == (today(), last_month_end)
    rows = {r.code: r for r in result.rows}
    assert (rows["no_lead"].last, rows["no_lead"].this) == (1, 1)
    assert (rows["action_stale"].last, rows["action_stale"].this) == (1, 0)
    assert rows["action_stale"].change == -1
    assert result.last_total == result.this_total + 1
    # Filtered like the tracker: a flag filter keeps only that rule.
    only = trend(council["practitioner"].user, today(), TrackerFilter(flag="no_lead"))
    assert [r.code for r in only.rows] == ["no_lead"]


def test_the_trend_only_counts_what_the_user_may_see(council, drifting, other_eh_team_practitioner):
    take_snapshot(today())
    mine = trend(council["practitioner"].user, today(), TrackerFilter(team="all"))
    assert mine.this_total == 3
    other = trend(other_eh_team_practitioner.user, today(), TrackerFilter(team="all"))
    assert other.this_total == 0
    partner = trend(council["external_lead"].user, today(), TrackerFilter())
    assert partner.this_total == 0


def test_the_tracker_page_shows_the_trend(council, drifting, signed_in):
    client = signed_in(council["practitioner"])
    response = client.get(reverse("caf_tracker"))
    assert 'id="trend-empty"' in response.content.decode()
    last_month_end = month_start(today()) - dt.timedelta(days=1)
    take_snapshot(last_month_end)
    DriftFlagSnapshot.objects.filter(rule="no_lead").delete()
    take_snapshot(today())
    page = client.get(reverse("caf_tracker")).content.decode()
    row = re.search(r'<tr class="govuk-table__row" data-rule="no_lead">(.*?)</tr>', page, re.S)
    cells = [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    ]
    assert cells == ["0", "1", "up 1"]
    total = re.search(r'data-rule="total">(.*?)</tr>', page, re.S).group(1)
    assert "up 1" in total
