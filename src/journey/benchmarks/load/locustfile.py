"""The load's simulated users, run by locust (`manage.py load`, `make load`): each signs in as a
real user does (password, then the code from its demo authenticator app) and then works as its
role does, with a pause to read between pages: My work, search, a child's record and
chronology, the CAF tracker and the manager's queue; visits recorded, contacts recorded, progress
on TAF plan actions. Each write carries the run's mark, and each one saved is written down
(JOURNEY_LOAD_WRITES) so that `manage.py load` can find it, and its chronology entry, afterwards.

Journey sits behind a TLS proxy in production (`make serve`); these users speak plain HTTP on the
loopback address and say what the proxy would (X-Forwarded-Proto, X-Forwarded-For), and send the
secure cookies back over it as a browser sends them to the proxy over TLS. No Django here:
locust's process patches the standard library for gevent.
"""

from __future__ import annotations

import html
import itertools
import json
import os
import random
import time
from pathlib import Path
from urllib.parse import urlsplit

from django_otp.oath import totp
from locust import HttpUser, between, events, task

from journey.benchmarks.load.forms import choices, filled

PLAN = json.loads(Path(os.environ["JOURNEY_LOAD_PLAN"]).read_text())
RUN = PLAN["run"]
WRITES = os.environ["JOURNEY_LOAD_WRITES"]
#: Seconds a user reads a page before the next (JOURNEY_LOAD_PAUSE, "least-most").
PAUSE = tuple(float(s) for s in os.environ.get("JOURNEY_LOAD_PAUSE", "5-15").split("-", 1))
CODE_PAGE = "/accounts/two-factor/code/"
_users = itertools.count()
_codes_used: dict[str, int] = {}  # account -> the last time step a simulated user signed in


@events.init.add_listener
def loopback_only(environment, **kwargs):
    host = urlsplit(environment.host or "").hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"The load runs against the loopback address only, not {host}.")


def _wait_for_a_fresh_code(username: str) -> None:
    """An app's code signs in once: a second simulated user on the same account (a small
    council has fewer accounts than users) waits for the app's next code, as a person would."""
    while True:
        step = int(time.time() // 30)
        if _codes_used.get(username, -1) < step:
            _codes_used[username] = step
            return
        time.sleep(30 - time.time() % 30 + 0.5)


def _record_write(kind: str, mark: str, child: int) -> None:
    with open(WRITES, "a") as out:
        out.write(json.dumps({"kind": kind, "mark": mark, "child": child}) + "\n")


class CouncilUser(HttpUser):
    """One simulated user; its account, role and caseload come from the plan, in turn."""

    wait_time = between(*PAUSE)

    def on_start(self) -> None:
        number = next(_users)
        self.me = PLAN["users"][number % len(PLAN["users"])]
        self.number, self.writes = number, itertools.count(1)
        self.rng = random.Random(number)
        self.origin = self.host.rstrip("/").replace("http://", "https://", 1)
        self.client.headers.update(
            {
                "X-Forwarded-Proto": "https",
                "X-Forwarded-For": f"10.{number // 250 % 250}.{number % 250}.{number % 199 + 1}",
                "User-Agent": "Journey load test (locust)",
            }
        )
        self._sign_in()

    # --- signing in ------------------------------------------------------------------------

    def _sign_in(self) -> None:
        page = self._get("/accounts/login/", "sign in: page", expect="Sign in")
        answers = {"username": self.me["username"], "password": self.me["password"]}
        self._post("/accounts/login/", page, answers, "sign in: password")
        page = self._get(CODE_PAGE, "sign in: code page", expect="authenticator app")
        _wait_for_a_fresh_code(self.me["username"])
        code = f"{totp(bytes.fromhex(self.me['secret'])):06d}"
        self._post(CODE_PAGE, page, {"code": code}, "sign in: code", expect="/")

    # --- what the users do -----------------------------------------------------------------

    @task(3)
    def my_work(self) -> None:
        self._get("/", "My work", expect="My work")

    @task(3)
    def search(self) -> None:
        child = self.rng.choice(self.me["children"])
        surname = child["surname"]
        self._get(f"/children/search/?q={surname}", "search", expect=html.escape(surname))

    @task(3)
    def child_record(self) -> None:
        child = self.rng.choice(self.me["children"])
        self._get(f"/children/{child['id']}/", "child record")

    @task(3)
    def chronology(self) -> None:
        child = self.rng.choice(self.me["children"])
        self._get(f"/children/{child['id']}/chronology/", "chronology", expect="Chronology")

    @task(2)
    def tracker(self) -> None:
        if self.me["role"] == "team_manager":
            self._get("/tracker/", "CAF tracker", expect="CAF tracker")
            self._get("/my-work/queue/", "manager's queue")

    @task(2)
    def record_visit(self) -> None:
        if self.me["role"] == "team_manager":
            return
        child = self.rng.choice(self.me["children"])["id"]
        url = f"/children/{child}/visits/new/"
        form = self._get(url, "visit: form")
        mark = self._mark("visit")
        answers = {
            "present": f"The family. {mark}",
            f"seen_{child}": "seen",
            f"views_method_{child}": "talking",
            f"words_{child}": "I like it when we go to the park.",
            "observed": f"A warm, tidy home; everyone had eaten. {mark}",
            "analysis": "The plan is helping.",
            "next_steps": "Visit again in two weeks.",
        }
        if self._post(url, form, answers, "visit: save", expect="/chronology/"):
            _record_write("visit", mark, child)

    @task(1)
    def record_contact(self) -> None:
        if self.me["role"] == "practitioner":
            return
        child = self.rng.choice(self.me["children"])["id"]
        url = f"/children/{child}/contacts/new/"
        form = self._get(url, "contact: form")
        mark = self._mark("contact")
        answers = {
            "source": choices(form.content, "source")[0],
            "reporter_name": "Head of year, the child's school",
            "summary": f"School asks for advice about attendance. {mark}",
            "level": "2",
            "next_step": "signpost",
            "rationale": "Universal services with advice meet the needs; the school will support.",
        }
        if self._post(url, form, answers, "contact: save", expect=f"/children/{child}/"):
            _record_write("contact", mark, child)

    @task(2)
    def action_progress(self) -> None:
        if not self.me["actions"]:
            return
        episode, action = self.rng.choice(self.me["actions"])
        self._get(f"/episodes/{episode}/plan/", "TAF plan")
        url = f"/episodes/{episode}/actions/{action}/progress/"
        form = self._get(url, "action progress: form")
        mark = self._mark("action")
        answers = {
            "note": f"Spoke to the school; attendance is up. {mark}",
            "status": "in_progress",
        }
        if self._post(url, form, answers, "action progress: save", expect="/plan/"):
            _record_write("action", mark, episode)

    # --- requests ----------------------------------------------------------------------------

    def _mark(self, kind: str) -> str:
        return f"[load {RUN} u{self.number} {kind} {next(self.writes)}]"

    def _secure_cookies_sent(self) -> None:
        """Journey's cookies are Secure; requests would keep them from plain HTTP, so they are
        marked as the proxy's TLS connection makes them: sent."""
        for cookie in self.client.cookies:
            cookie.secure = False

    def _get(self, path: str, name: str, expect: str = ""):
        self._secure_cookies_sent()
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {path}")
            elif expect and expect not in response.text:
                response.failure(f"{path} did not show {expect!r}")
        return response

    def _post(self, path: str, page, answers: dict, name: str, expect: str = "") -> bool:
        """The page's form posted as a browser would, with these answers. Saved means the
        redirect to where the page goes next; the form shown again (an error) is a failure."""
        fields = filled(page.content, answers)
        self._secure_cookies_sent()
        headers = {"Origin": self.origin, "Referer": self.origin + urlsplit(page.url).path}
        with self.client.post(
            path,
            data=fields,
            headers=headers,
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            where = response.headers.get("Location", "")
            saved = response.status_code == 302 and expect in where
            if not saved:
                response.failure(f"{response.status_code} to {where or path}: not saved")
        return saved
