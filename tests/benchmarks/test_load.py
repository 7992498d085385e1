"""`make load` (`manage.py load`): the simulated users are real demo accounts working on children
they may see, sign in with their demo authenticators' codes, post forms as a browser does, run
only against the loopback address, and every write they make is found afterwards with its
chronology entry. The whole run is tested on PostgreSQL (make serve needs it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import global_settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from journey.access.rules import can_view_child, may_work_on_episode
from journey.benchmarks.load import plan, report
from journey.benchmarks.load.forms import filled
from journey.cases.models import Episode
from journey.casework.models import Visit
from journey.demo.authenticators import demo_secret
from journey.people.models import Person
from journey.signin.services import check_code
from journey.workforce.models import Role
from tests.live_database import database_url

REPO = Path(__file__).resolve().parents[2]
LOCUSTFILE = REPO / "src" / "journey" / "benchmarks" / "load" / "locustfile.py"
ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith("postgres")


def post_like_a_browser(client, url: str, answers: dict):
    page = client.get(url).content
    body = urlencode(filled(page, answers))
    return client.post(url, body, content_type="application/x-www-form-urlencoded")


@pytest.mark.django_db
def test_a_form_is_posted_as_a_browser_fills_it_in(council, sc_child, signed_in):
    client = signed_in(council["social_worker"])
    url = reverse("record_visit", args=[sc_child.pk])
    answers = {
        "present": "Ruby and her mum",
        f"seen_{sc_child.pk}": "seen",
        f"views_method_{sc_child.pk}": "talking",
        f"words_{sc_child.pk}": "I like my new school.",
        "observed": "A calm visit. [load test 1]",
    }
    response = post_like_a_browser(client, url, answers)
    assert response.status_code == 302 and "/chronology/" in response.url
    visit = Visit.objects.get(observed__contains="[load test 1]")
    # The date and time the form showed were sent as the browser sends them.
    assert visit.occurred_at.date() == visit.recorded_at.date()
    assert visit.present == "Ruby and her mum"


@pytest.mark.django_db
def test_writes_are_looked_for_by_their_mark_with_their_chronology_entries(
    council, sc_child, signed_in, tmp_path
):
    client = signed_in(council["social_worker"])
    answers = {f"seen_{sc_child.pk}": "seen", f"views_method_{sc_child.pk}": "talking"}
    answers |= {f"words_{sc_child.pk}": "Fine.", "observed": "Seen. [load R1 u0 visit 1]"}
    post_like_a_browser(client, reverse("record_visit", args=[sc_child.pk]), answers)
    writes = tmp_path / "writes.jsonl"
    made = [("visit", "[load R1 u0 visit 1]"), ("visit", "[load R1 u0 visit 2]")]
    writes.write_text(
        "".join(json.dumps({"kind": k, "mark": m, "child": sc_child.pk}) + "\n" for k, m in made)
    )

    found = report.writes_found("R1", writes)
    assert found["made"] == {"visit": 2}
    assert found["found"] == {"visit": 1} and found["on_chronology"] == {"visit": 1}
    assert found["missing"] == ["[load R1 u0 visit 2]"]  # never saved: reported, not hidden


@pytest.mark.django_db
def test_each_simulated_user_works_on_children_it_may_see(tiny_council):
    users = plan.choose_users(20)
    roles = Counter(user["role"] for user in users)
    assert roles == {Role.SOCIAL_WORKER: 10, Role.PRACTITIONER: 7, Role.TEAM_MANAGER: 3}
    for user in users:
        device = TOTPDevice.objects.get(user__username=user["username"], confirmed=True)
        assert device.key == user["secret"] == demo_secret(user["username"])
        account = device.user
        children = Person.objects.filter(pk__in=[child["id"] for child in user["children"]])
        assert children.count() == len(user["children"]) > 0
        assert all(can_view_child(account, child) for child in children)
        for episode_id, _action in user["actions"]:
            assert may_work_on_episode(account, Episode.objects.get(pk=episode_id))


@pytest.mark.django_db
def test_a_demo_accounts_code_signs_it_in(tiny_council, capsys):
    call_command("demo_code", "social.worker")
    code = capsys.readouterr().out.strip()
    device = check_code(TOTPDevice.objects.get(user__username="social.worker").user, code)
    assert device.key == demo_secret("social.worker")


@pytest.mark.django_db
def test_no_code_is_shown_for_a_database_without_the_demo_council(council):
    with pytest.raises(CommandError, match="does not hold the demo council"):
        call_command("demo_code", council["social_worker"].user.username)


@pytest.mark.django_db
def test_the_load_refuses_a_database_without_the_demo_council(council):
    expected = "needs PostgreSQL" if connection.vendor != "postgresql" else "demo council"
    with pytest.raises(CommandError, match=expected):
        call_command("load", users=2, minutes=0.1)


def test_the_simulated_users_run_against_the_loopback_address_only(tmp_path):
    (tmp_path / "plan.json").write_text(json.dumps({"run": "R", "users": []}))
    done = subprocess.run(
        [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless"]
        + ["--host", "http://192.0.2.10:8000", "--users", "1", "--run-time", "5s"],
        env={
            **os.environ,
            "JOURNEY_LOAD_PLAN": str(tmp_path / "plan.json"),
            "JOURNEY_LOAD_WRITES": str(tmp_path / "writes.jsonl"),
            "PYTHONPATH": str(REPO / "src"),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "loopback address only, not 192.0.2.10" in done.stdout + done.stderr


@pytest.mark.skipif(not ON_POSTGRESQL, reason="make load runs make serve: PostgreSQL only (CI)")
def test_a_short_load_signs_in_works_and_finds_every_write(
    transactional_db, tmp_path, monkeypatch, settings
):
    # The server checks passwords with Django's own hashers, not the suite's quick one.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    call_command("seed", size="tiny", seed=7, verbosity=0)
    monkeypatch.setenv("DATABASE_URL", database_url())
    monkeypatch.delenv("SECRET_KEY", raising=False)
    output = tmp_path / "load.json"

    call_command(
        "load", users=4, minutes=0.5, spawn_rate=4, pause="0.2-0.6", output=output, verbosity=0
    )
    results = json.loads(output.read_text())
    pages = results["pages"]
    assert pages["sign in: code"]["requests"] == 4 and results["errors"] == []
    assert results["overall"]["failures"] == 0 and results["overall"]["p95_ms"] > 0
    assert {"My work", "search", "child record", "chronology"} <= set(pages)
    writes = results["writes"]
    assert sum(writes["made"].values()) >= 3
    assert writes["found"] == writes["made"] == writes["on_chronology"]
    assert writes["missing"] == []
