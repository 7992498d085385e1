"""R12: reviewer visits. A head of service or director opens a sample of cases to a named
reviewer, read-only, until an end date; the reviewer sees only those children, cannot change
anything, every view is logged, access ends by itself, and a report lists what they viewed.

This module is also the URL conf for its tests: the project's URLs, with /reviewers/ added if
the project does not include it yet.
"""

from __future__ import annotations

import datetime as dt
import inspect
import io

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, include, path, resolve, reverse
from django.utils import timezone
from openpyxl import load_workbook

from journey import urls as project_urls
from journey.access.reviewers import services as reviewers
from journey.access.rules import (
    may_manage_episodes,
    may_mark_in_error,
    may_record_casework,
    may_view_access_log,
    visibility_filter,
    visible_children,
)
from journey.cases.models import EpisodeKind, ThresholdDecision
from journey.casework.family_group import services as family_group
from journey.casework.models import NoteKind
from journey.casework.services import start_plan
from journey.casework.statutory import services as statutory
from journey.casework.visits.services import Account, ChildPart, Seen, record_visit
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.core.models import AccessEvent, RecordGrant, ReviewerAccess, ReviewerCase
from journey.demo.reviewers import seed_reviewer_visit
from journey.people.models import Person
from journey.quality import services as audits
from journey.quality.models import AuditAction, SampleMethod
from journey.signin.urls import NAMES as SIGN_IN_URLS
from journey.workforce.models import Role
from tests.cases.test_step_changes import ask_step_down
from tests.casework.test_panels import a_panel, bring
from tests.casework.test_statutory import enquiry_for
from tests.factories import (
    ServiceFactory,
    TeamFactory,
    UserFactory,
    WorkerFactory,
    ensure_audit_tool,
    make_child,
    make_contact,
    make_episode,
)
from tests.quality.conftest import FINDINGS, audit_input, round_input
from tests.quality.test_observations import plan as plan_observation

handler403 = project_urls.handler403
urlpatterns = list(project_urls.urlpatterns)
if not any(
    getattr(p, "urlconf_name", None) is not None and "reviewer" in str(p.pattern)
    for p in urlpatterns
    if isinstance(p, URLResolver)
):
    urlpatterns.append(path("reviewers/", include("journey.access.reviewers.urls")))

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

PURPOSE = "Peer review: children in need at the early help interface"


def today() -> dt.date:
    return timezone.localdate()


def visit_input(council, **overrides) -> reviewers.VisitInput:
    data = {
        "reviewer": council["reviewer"],
        "purpose": PURPOSE,
        "starts_on": today(),
        "ends_on": today() + dt.timedelta(days=13),
        "teams": [council.sc_team, council.other_sc_team],
        "kinds": [EpisodeKind.SOCIAL_CARE],
        "period_start": today() - dt.timedelta(days=365),
        "period_end": today(),
    }
    return reviewers.VisitInput(**(data | overrides))


def sc_children(council, n: int) -> list[Person]:
    children = []
    for i in range(n):
        child = make_child(council["team_manager"], first_name=f"Scope{i}", last_name="Child")
        make_episode(child, council["team_manager"], allocate_to=council["social_worker"])
        children.append(child)
    return children


def granted_visit(council, children: list[Person], **overrides) -> ReviewerAccess:
    head = council["head_of_service"]
    visit = reviewers.plan_visit(visit_input(council, **overrides), by=head)
    reviewers.choose_sample(visit, children=children, by=head)
    visit.refresh_from_db()
    return visit


def errors_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# --- Planning: who, when and what -------------------------------------------------------------


def test_a_head_of_service_plans_a_visit_for_a_reviewer(council):
    visit = reviewers.plan_visit(visit_input(council), by=council["head_of_service"])
    assert visit.reviewer == council["reviewer"]
    assert set(visit.teams.all()) == {council.sc_team, council.other_sc_team}
    assert reviewers.status(visit) == reviewers.Status.NOT_SAMPLED


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_on": dt.date(2000, 1, 1)}, "ends_on", "must be today or in the future"),
        ({"starts_on": "+5", "ends_on": "+2"}, "ends_on", "on or after the first day"),
        ({"ends_on": "+90"}, "ends_on", "at most 90 days"),
        ({"starts_on": "-1"}, "starts_on", "must be today or in the future"),
        ({"starts_on": None}, "starts_on", "Enter the first day"),
        ({"purpose": "  "}, "purpose", "Enter the purpose"),
        ({"teams": []}, "teams", "Select at least one team"),
        ({"kinds": ["nonsense"]}, "kinds", "Select at least one kind"),
        ({"period_end": "-400"}, "period_end", "on or after the start"),
    ],
)
def test_bad_visits_are_refused_field_by_field_and_nothing_is_saved(
    council, overrides, field, message
):
    def day(value):
        if isinstance(value, str) and value[:1] in "+-" and value[1:].isdigit():
            return today() + dt.timedelta(days=int(value))
        return value

    data = visit_input(council, **{k: day(v) for k, v in overrides.items()})
    with pytest.raises(ValidationError) as excinfo:
        reviewers.plan_visit(data, by=council["head_of_service"])
    assert message in " ".join(errors_of(excinfo)[field])
    assert not ReviewerAccess.objects.exists()


def test_the_longest_visit_is_ninety_days_inclusive(council):
    data = visit_input(council, ends_on=today() + dt.timedelta(days=89))
    assert reviewers.plan_visit(data, by=council["head_of_service"]).pk


@pytest.mark.parametrize("role", ["social_worker", "qa_officer", "administrator", "team_manager"])
def test_only_heads_of_service_and_directors_grant(council, role):
    with pytest.raises(ValidationError, match="Only heads of service and assistant directors"):
        reviewers.plan_visit(visit_input(council), by=council[role])


@pytest.mark.parametrize("role", ["social_worker", "qa_officer", "external_lead"])
def test_access_is_only_for_reviewers(council, role):
    with pytest.raises(ValidationError) as excinfo:
        reviewers.plan_visit(
            visit_input(council, reviewer=council[role]), by=council["head_of_service"]
        )
    assert "is not a reviewer" in errors_of(excinfo)["reviewer"][0]


def test_a_head_opens_only_their_own_services_cases(council):
    head = council["head_of_service"]
    with pytest.raises(ValidationError) as excinfo:
        reviewers.plan_visit(visit_input(council, teams=[council.eh_team]), by=head)
    assert "only your own service's cases" in errors_of(excinfo)["teams"][0]
    director = council["assistant_director"]
    assert reviewers.plan_visit(visit_input(council, teams=[council.eh_team]), by=director).pk


# --- The sample -------------------------------------------------------------------------------


def test_a_drawn_sample_is_reproducible_from_its_seed_and_grants_until_the_last_day(council):
    sc_children(council, 8)
    head = council["head_of_service"]
    first = reviewers.plan_visit(visit_input(council), by=head)
    drawn = reviewers.draw_sample(first, size=3, seed=20260401, by=head)
    again = reviewers.plan_visit(visit_input(council), by=head)
    redrawn = reviewers.draw_sample(again, size=3, seed=20260401, by=head)
    assert [c.child_id for c in drawn] == [c.child_id for c in redrawn]
    first.refresh_from_db()
    assert (first.how, first.seed, first.sample_size) == ("drawn", 20260401, 3)
    grants = RecordGrant.objects.filter(reviewer_case__visit=first)
    assert grants.count() == 3
    assert {(g.user_id, g.starts_on, g.expires_on) for g in grants} == {
        (council["reviewer"].user_id, first.starts_on, first.ends_on)
    }


def test_the_draw_takes_each_child_once_and_only_from_the_scope(council, eh_child):
    children = sc_children(council, 2)
    make_episode(children[0], council["practitioner"], kind=EpisodeKind.EARLY_HELP_CAF)
    director = council["assistant_director"]
    teams = [council.sc_team, council.eh_team]
    kinds = [EpisodeKind.SOCIAL_CARE, EpisodeKind.EARLY_HELP_CAF]
    visit = reviewers.plan_visit(visit_input(council, teams=teams, kinds=kinds), by=director)
    drawn = reviewers.draw_sample(visit, size=10, method=SampleMethod.TEAM, by=director)
    assert sorted(c.child_id for c in drawn) == sorted([eh_child.pk, *(c.pk for c in children)])
    narrower = reviewers.plan_visit(visit_input(council), by=director)
    drawn = reviewers.draw_sample(narrower, size=10, by=director)
    assert eh_child.pk not in {c.child_id for c in drawn}


def test_restricted_records_are_not_opened_by_a_manager_who_cannot_see_them(council):
    child = sc_children(council, 1)[0]
    Person.objects.filter(pk=child.pk).update(is_restricted=True)
    head = council["head_of_service"]
    visit = reviewers.plan_visit(visit_input(council), by=head)
    with pytest.raises(ValidationError, match="no cases in the visit's scope"):
        reviewers.draw_sample(visit, size=2, by=head)
    with pytest.raises(ValidationError) as excinfo:
        reviewers.choose_sample(visit, children=[child], by=head)
    assert "Not in the visit's scope" in errors_of(excinfo)["children"][0]


def test_chosen_cases_must_be_in_scope_and_nothing_is_half_granted(council, eh_child):
    child = sc_children(council, 1)[0]
    head = council["head_of_service"]
    visit = reviewers.plan_visit(visit_input(council), by=head)
    with pytest.raises(ValidationError) as excinfo:
        reviewers.choose_sample(visit, children=[child, eh_child], by=head)
    assert eh_child.full_name in errors_of(excinfo)["children"][0]
    assert not RecordGrant.objects.exists() and not ReviewerCase.objects.exists()
    reviewers.choose_sample(visit, children=[child], by=head)
    with pytest.raises(ValidationError, match="already has its cases"):
        reviewers.choose_sample(visit, children=[child], by=head)


def test_only_the_granting_head_or_a_director_samples_and_revokes(council):
    child = sc_children(council, 1)[0]
    visit = reviewers.plan_visit(visit_input(council), by=council["head_of_service"])
    other_head = WorkerFactory(
        role=Role.HEAD_OF_SERVICE, team=None, service=council.sc_team.service
    )
    with pytest.raises(ValidationError, match="Only the manager who granted"):
        reviewers.choose_sample(visit, children=[child], by=other_head)
    reviewers.choose_sample(visit, children=[child], by=council["assistant_director"])
    with pytest.raises(ValidationError, match="Only the manager who granted"):
        reviewers.revoke_visit(visit, reason="Visit cancelled", by=other_head)


# --- Read-only, and it ends by itself ---------------------------------------------------------


def test_the_reviewer_sees_only_the_granted_children_on_the_visit_days(council, eh_child):
    granted, other = sc_children(council, 2)
    start = today() + dt.timedelta(days=3)
    visit = granted_visit(council, [granted], starts_on=start, ends_on=start + dt.timedelta(days=4))
    user = council["reviewer"].user

    def seen(day: dt.date) -> set[int]:
        return set(
            Person.objects.children()
            .filter(visibility_filter(user, day))
            .values_list("pk", flat=True)
        )

    assert seen(start - dt.timedelta(days=1)) == set()
    assert seen(start) == {granted.pk}
    assert seen(visit.ends_on) == {granted.pk}
    assert seen(visit.ends_on + dt.timedelta(days=1)) == set()
    assert other.pk not in seen(start) and eh_child.pk not in seen(start)


def test_an_ended_visit_opens_nothing_and_the_refusal_is_logged(council, signed_in):
    child = sc_children(council, 1)[0]
    head = council["head_of_service"]
    then = timezone.now() - dt.timedelta(days=30)
    data = visit_input(
        council,
        starts_on=timezone.localdate(then),
        ends_on=timezone.localdate(then) + dt.timedelta(days=6),
    )
    visit = reviewers.plan_visit(data, by=head, now=then)
    reviewers.choose_sample(visit, children=[child], by=head, now=then)
    client = signed_in(council["reviewer"])
    assert client.get(reverse("child", args=[child.pk])).status_code == 403
    assert AccessEvent.objects.filter(
        user=council["reviewer"].user, child=child, action=AccessEvent.Action.DENIED
    ).exists()
    assert reviewers.status(visit) == reviewers.Status.ENDED
    with pytest.raises(ValidationError, match="ended by itself"):
        reviewers.revoke_visit(visit, reason="Too late", by=head)


def test_revoking_ends_access_now_and_keeps_everything(council, signed_in):
    child = sc_children(council, 1)[0]
    visit = granted_visit(council, [child])
    client = signed_in(council["reviewer"])
    assert client.get(reverse("child", args=[child.pk])).status_code == 200
    reviewers.revoke_visit(visit, reason="The review was postponed", by=council["head_of_service"])
    assert client.get(reverse("child", args=[child.pk])).status_code == 403
    visit.refresh_from_db()
    assert reviewers.status(visit) == reviewers.Status.REVOKED
    assert (
        RecordGrant.objects.filter(reviewer_case__visit=visit, revoked_at__isnull=False).count()
        == 1
    )
    with pytest.raises(ValidationError, match="already been revoked"):
        reviewers.revoke_visit(visit, reason="Again", by=council["head_of_service"])


def test_a_reviewer_never_passes_the_write_rules(council, sc_child):
    granted_visit(council, [sc_child])
    user = council["reviewer"].user
    entry = ChronologyEntry.objects.filter(child=sc_child).first()
    assert visible_children(user).filter(pk=sc_child.pk).exists()
    assert not may_record_casework(user)
    assert not may_manage_episodes(user)
    assert not may_view_access_log(user)
    assert not may_mark_in_error(user, entry)


def test_search_finds_only_the_granted_children(council, signed_in, eh_child):
    granted, other = sc_children(council, 2)
    granted_visit(council, [granted])
    page = signed_in(council["reviewer"]).get(reverse("search"), {"q": "Child"}).content.decode()
    assert granted.full_name in page and other.full_name not in page


def _walk(resolver, prefix_converters=None, namespace=""):
    for entry in resolver.url_patterns:
        converters = {**(prefix_converters or {}), **getattr(entry.pattern, "converters", {})}
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, converters, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", converters


def _snapshot() -> dict[str, list]:
    """Every row of every table but the access log and sign-in bookkeeping."""
    ignored = {"core.AccessEvent", "sessions.Session"}
    return {
        model._meta.label: sorted(
            repr(row)
            for row in model._base_manager.values_list(
                *(f.attname for f in model._meta.concrete_fields if f.name != "last_login")
            )
        )
        for model in apps.get_models(include_auto_created=True)
        if model._meta.label not in ignored and model._meta.app_label != "axes"
    }


def _kwargs_for(converters: dict, ids: dict) -> dict:
    kwargs = {}
    for name, converter in converters.items():
        kwargs[name] = ids.get(name, "x" if converter.regex == "[^/]+" else 1)
    return kwargs


#: Sign-in and sign-out are not case records; the admin refuses non-staff (tested below).
#: ... nor the secure link's public pages, opened from a message without signing in, where every
#: failed attempt is logged (tests/voice/links).
NOT_WALKED = {"logout", *SIGN_IN_URLS, "views_public", "views_thanks"}


def accepts_post(view) -> bool:
    """Decorated to allow POST, or reads request.POST / checks for a POST in its own code."""
    for cell in view.__closure__ or []:
        if isinstance(cell.cell_contents, list | tuple | set) and "POST" in cell.cell_contents:
            return True
    try:
        source = inspect.getsource(inspect.unwrap(view))
    except (OSError, TypeError):
        return True
    return "POST" in source


def a_home_visit(child, worker):
    return record_visit(
        Account(kind=NoteKind.HOME, occurred_at=timezone.now(), observed="All well at home."),
        [ChildPart(episode=child.episodes.get(), seen=Seen.ALONE)],
        by=worker.user,
    )


def post_everywhere(client, user, ids: dict) -> dict[str, int]:
    """POST to every named URL that accepts POST; each URL's status code."""
    statuses = {}
    for name, converters in _walk(get_resolver()):
        if name in NOT_WALKED or name.startswith("admin:"):
            continue
        url = reverse(name, kwargs=_kwargs_for(converters, ids))
        if not accepts_post(resolve(url).func):
            continue
        client.force_login(user)
        statuses[name] = client.post(url, {"reason": "x" * 60, "size": 1}).status_code
    return statuses


def test_a_reviewer_cannot_change_anything_every_post_is_refused(
    council, client, sc_child, eh_child
):
    """The "cannot change anything" proof: POST to every named URL that accepts POST, with the
    real ids of children, work, entries, decisions and step changes open to the reviewer. Each
    is refused (403 or 405) and nothing in the database changes but the access log. A URL whose
    ids this test cannot supply (audits, panels, observations: their own apps test reviewers)
    answers 404 for want of the object, and is listed."""
    contact = make_contact(sc_child, council["team_manager"])
    step = ask_step_down(sc_child.episodes.get(), council["team_manager"], council.eh_team)
    granted_visit(council, [sc_child])
    reviewers.choose_sample(
        reviewers.plan_visit(
            visit_input(council, teams=[council.eh_team], kinds=[EpisodeKind.EARLY_HELP_CAF]),
            by=council["assistant_director"],
        ),
        children=[eh_child],
        by=council["assistant_director"],
    )
    entry = ChronologyEntry.objects.filter(child=sc_child, kind=EntryKind.CONTACT).first()
    ids = {
        "child_id": sc_child.pk,
        "entry_id": entry.pk,
        "decision_id": ThresholdDecision.objects.get(contact=contact).pk,
        "step_id": step.pk,
        "visit_id": ReviewerAccess.objects.first().pk,
        "record_id": a_home_visit(sc_child, council["social_worker"]).pk,
        "app": "cases",
        "model": "contact",
        "pk": contact.pk,
    }
    before = _snapshot()
    reviewer = council["reviewer"].user
    passes = [
        post_everywhere(client, reviewer, ids | {"episode_id": child.episodes.get().pk})
        for child in (sc_child, eh_child)
    ]
    names = set(passes[0])
    refused = {n for n in names if any(p[n] in (403, 405) for p in passes)}
    not_refused = {
        n: [p[n] for p in passes] for n in names if any(p[n] not in (403, 404, 405) for p in passes)
    }
    assert not not_refused, f"a reviewer's POST was not refused: {not_refused}"
    assert _snapshot() == before
    unsupplied = {
        name
        for name, converters in _walk(get_resolver())
        if name in names and set(converters) - set(ids) - {"episode_id"}
    }
    assert names - refused <= unsupplied, (
        f"404 with real ids: {sorted(names - refused - unsupplied)}"
    )
    assert {
        "new_child",
        "record_contact",
        "open_episode",
        "allocate",
        "close_episode",
        "chronology_in_error",
        "chronology_significance",
        "decide_step_change",
        "new_reviewer_visit",
        "draw_reviewer_sample",
        "extend_reviewer_visit",
        "revoke_reviewer_visit",
    } <= refused


def test_the_admin_sends_a_reviewer_to_its_sign_in(council, signed_in):
    response = signed_in(council["reviewer"]).post("/admin/auth/user/add/", {"username": "x"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_lists_and_dashboards_name_no_child_outside_the_sample(council, signed_in, eh_child):
    granted, other = sc_children(council, 2)
    granted_visit(council, [granted])
    client = signed_in(council["reviewer"])
    leaked = []
    for name, converters in _walk(get_resolver()):
        if converters or name in NOT_WALKED or name.startswith("admin:"):
            continue
        page = client.get(reverse(name)).content.decode(errors="replace")
        if other.last_name + ", " in page or other.full_name in page or eh_child.full_name in page:
            leaked.append(name)
    assert not leaked


# --- Every view is logged, and the report ---------------------------------------------------


def _open_every_page(client, child) -> None:
    source = ChronologyEntry.objects.filter(child=child).first()
    for url in (
        reverse("child", args=[child.pk]),
        reverse("child_family", args=[child.pk]),
        reverse("child_chronology", args=[child.pk]),
        reverse(
            "chronology_source",
            args=[child.pk, source.source_app, source.source_model, source.source_pk],
        ),
        reverse("chronology_pdf", args=[child.pk]),
    ):
        assert client.get(url).status_code in (200, 302), url


def test_every_page_a_reviewer_opens_is_logged_and_reported(council, signed_in, eh_child):
    child, unopened = sc_children(council, 2)
    visit = granted_visit(council, [child, unopened])
    reviewer = signed_in(council["reviewer"])
    _open_every_page(reviewer, child)
    assert reviewer.get(reverse("child", args=[eh_child.pk])).status_code == 403
    events = AccessEvent.objects.filter(user=council["reviewer"].user, child=child)
    assert sorted(events.values_list("action", flat=True)) == ["print"] + ["view"] * 4
    report = reviewers.visit_report(visit)
    opened, not_opened = report.cases
    assert [e.page for e in opened.events] == [
        "Summary",
        "Family",
        "Chronology",
        "A record in the chronology",
        "Chronology PDF",
    ]
    assert not not_opened.events
    assert [e.child_id for e in report.refusals] == [eh_child.pk]

    page = signed_in(council["head_of_service"]).get(reverse("reviewer_visit", args=[visit.pk]))
    html = page.content.decode()
    assert "1 of 2 cases opened, 5 pages viewed, 1 refused" in html
    assert "Chronology PDF (printed)" in html and "A child outside the sample" in html
    assert eh_child.full_name not in html


def test_the_report_downloads_as_a_spreadsheet_and_the_export_is_logged(council, signed_in):
    child, unopened = sc_children(council, 2)
    visit = granted_visit(council, [child, unopened])
    _open_every_page(signed_in(council["reviewer"]), child)
    qa = council["qa_officer"]
    response = signed_in(qa).get(reverse("reviewer_visit_xlsx", args=[visit.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(reviewers.REPORT_COLUMNS)
    assert len(rows) == 1 + 5 + 1
    assert rows[1][3] == child.full_name and rows[1][7] == "Summary"
    assert isinstance(rows[1][5], dt.datetime)
    assert rows[-1][3] == unopened.full_name and rows[-1][6] == "Not opened"
    assert AccessEvent.objects.filter(user=qa.user, action=AccessEvent.Action.EXPORT).count() == 2


def test_the_report_page_takes_the_same_queries_however_many_views(council, signed_in):
    children = sc_children(council, 3)
    visit = granted_visit(council, children)
    head = signed_in(council["head_of_service"])
    url = reverse("reviewer_visit", args=[visit.pk])
    reviewer_user = council["reviewer"].user

    def log(n: int) -> None:
        AccessEvent.objects.bulk_create(
            AccessEvent(
                user=reviewer_user,
                child=children[i % 3],
                action="view",
                path=f"/children/{children[i % 3].pk}/",
            )
            for i in range(n)
        )

    log(1)
    head.get(url)
    with CaptureQueriesContext(connection) as few:
        assert head.get(url).status_code == 200
    log(60)
    with CaptureQueriesContext(connection) as many:
        assert "61 pages viewed" in head.get(url).content.decode()
    assert len(many) == len(few)


# --- Pages and who may see them -------------------------------------------------------------


@pytest.mark.parametrize("role", ["reviewer", "social_worker", "team_manager", "administrator"])
def test_the_visit_pages_are_for_granting_managers_directors_and_qa(council, signed_in, role):
    visit = granted_visit(council, sc_children(council, 1))
    client = signed_in(council[role])
    for url in (
        reverse("reviewer_visits"),
        reverse("reviewer_visit", args=[visit.pk]),
        reverse("reviewer_visit_xlsx", args=[visit.pk]),
        reverse("new_reviewer_visit"),
    ):
        assert client.get(url).status_code == 403, url


def test_a_head_sees_only_the_visits_they_granted(council, signed_in):
    visit = granted_visit(council, sc_children(council, 1))
    other_head = WorkerFactory(
        role=Role.HEAD_OF_SERVICE,
        team=None,
        service=ServiceFactory(name="Early Help"),
        user=UserFactory(username="eh_head"),
    )
    client = signed_in(other_head)
    assert client.get(reverse("reviewer_visit", args=[visit.pk])).status_code == 404
    assert PURPOSE not in client.get(reverse("reviewer_visits")).content.decode()
    for role in ("qa_officer", "assistant_director", "head_of_service"):
        page = signed_in(council[role]).get(reverse("reviewer_visits")).content.decode()
        assert PURPOSE in page


def test_a_head_grants_a_visit_through_the_pages(council, signed_in):
    children = sc_children(council, 4)
    client = signed_in(council["head_of_service"])
    start, end = today(), today() + dt.timedelta(days=6)
    form = client.get(reverse("new_reviewer_visit")).content.decode()
    assert council.eh_team.name not in form  # a head's own service's teams only
    data = {
        "reviewer": council["reviewer"].pk,
        "purpose": PURPOSE,
        "starts_on_0": start.day,
        "starts_on_1": start.month,
        "starts_on_2": start.year,
        "ends_on_0": end.day,
        "ends_on_1": end.month,
        "ends_on_2": 1999,
        "teams": [council.sc_team.pk],
        "kinds": [EpisodeKind.SOCIAL_CARE],
        "period_start_0": 1,
        "period_start_1": 1,
        "period_start_2": today().year - 1,
        "period_end_0": start.day,
        "period_end_1": start.month,
        "period_end_2": start.year,
    }
    refused = client.post(reverse("new_reviewer_visit"), data)
    assert "The last day of the visit must be today or in the future" in refused.content.decode()
    assert 'href="#id_ends_on_0"' in refused.content.decode()
    data["ends_on_2"] = end.year
    response = client.post(reverse("new_reviewer_visit"), data)
    visit = ReviewerAccess.objects.get()
    assert response["Location"] == reverse("reviewer_visit", args=[visit.pk])
    assert "4 children in the scope" in client.get(response["Location"]).content.decode()

    bad = client.post(
        reverse("draw_reviewer_sample", args=[visit.pk]), {"size": 0, "method": "random"}
    )
    assert bad.status_code == 400 and "from 1 to 50" in bad.content.decode()
    chosen = client.get(reverse("choose_reviewer_cases", args=[visit.pk]), {"q": "Scope2"})
    assert children[2].full_name in chosen.content.decode()
    assert children[1].full_name not in chosen.content.decode()
    client.post(reverse("choose_reviewer_cases", args=[visit.pk]), {"children": [children[2].pk]})
    page = client.get(reverse("reviewer_visit", args=[visit.pk])).content.decode()
    assert "1, chosen" in page and "Live" in page and children[2].full_name in page

    revoke = client.post(reverse("revoke_reviewer_visit", args=[visit.pk]), {"reason": ""})
    assert "Enter why the access is being revoked" in revoke.content.decode()
    client.post(reverse("revoke_reviewer_visit", args=[visit.pk]), {"reason": "Review postponed"})
    assert "Revoked" in client.get(reverse("reviewer_visit", args=[visit.pk])).content.decode()


def test_the_reviewers_page_lists_their_children_and_the_last_day(council, signed_in):
    now_child, later_child = sc_children(council, 2)
    visit = granted_visit(council, [now_child])
    later = today() + dt.timedelta(days=10)
    granted_visit(council, [later_child], starts_on=later, ends_on=later + dt.timedelta(days=2))
    page = signed_in(council["reviewer"]).get(reverse("my_reviews")).content.decode()
    assert now_child.full_name in page and reverse("child", args=[now_child.pk]) in page
    assert f"{visit.ends_on:%-d %B %Y}" in page
    assert later_child.full_name not in page and "Coming up" in page
    assert signed_in(council["social_worker"]).get(reverse("my_reviews")).status_code == 403


def test_a_reviewer_account_is_registered_without_a_password(db):
    worker = reviewers.register_reviewer(
        username="j.inspector",
        first_name="Jo",
        last_name="Inspector",
        email="jo@ofsted.example",
        organisation="Ofsted",
    )
    assert worker.role == Role.REVIEWER and worker.agency.name == "Ofsted"
    assert not worker.user.has_usable_password()
    with pytest.raises(ValidationError) as excinfo:
        reviewers.register_reviewer(
            username="j.inspector", first_name="", last_name="", email="", organisation=""
        )
    assert set(errors_of(excinfo)) == {"username", "name", "organisation"}


# --- The demo -------------------------------------------------------------------------------


def test_the_demo_seeds_a_live_visit_and_an_ended_one_with_views(db):
    import random

    service = ServiceFactory(name="Children's Social Care", kind="social_care")
    team = TeamFactory(name="Child in Need and Protection", service=service)
    WorkerFactory(role=Role.HEAD_OF_SERVICE, team=None, service=service)
    manager = WorkerFactory(role=Role.TEAM_MANAGER, team=team)
    for i in range(8):
        child = make_child(manager, first_name=f"Demo{i}")
        make_episode(child, manager, started_on=today() - dt.timedelta(days=200))
    live, ended = seed_reviewer_visit(as_of=today(), rng=random.Random(7))
    assert reviewers.status(live) == reviewers.Status.LIVE
    assert reviewers.status(ended) == reviewers.Status.ENDED
    assert live.cases.count() == 6 and ended.cases.count() == 4
    assert reviewers.visit_report(ended).views > 0
    assert live.reviewer.user.username == "reviewer"
    assert live.reviewer.user.check_password("journey-demo-2026")


def test_a_reviewer_cannot_change_statutory_records_panels_audits_or_observations(
    council, client, sc_child
):
    """The walk above with real ids for what it could not supply there: the child's statutory
    records, a panel case, an audit round, its sample, the audit and its action, and a practice
    observation. Every POST is refused and nothing changes."""
    ensure_audit_tool()
    episode = sc_child.episodes.get()
    sw, qa = council["social_worker"], council["qa_officer"]
    assessment = statutory.start_single_assessment(
        episode=episode, started_on=episode.started_on, recorded_by=sw.user
    )
    section47 = enquiry_for(episode, sw)
    plan = start_plan(
        episode=episode, kind="cin", started_on=episode.started_on, recorded_by=sw.user
    )
    panel_case = bring(a_panel(council), sc_child, sw)
    audit_round = audits.create_round(
        round_input([council.sc_team], kinds=[EpisodeKind.SOCIAL_CARE]), by=qa
    )
    audits.draw_sample(audit_round, by=qa)
    sample = audits.allocate_auditor(audit_round.cases.get(), auditor=qa, by=qa)
    audit = audits.complete_audit(
        audit_round,
        sample.episode,
        audit_input(
            3,
            findings=FINDINGS,
            actions=[("Update the plan with dates.", timezone.localdate() + dt.timedelta(days=9))],
        ),
        auditor=qa,
    )
    observation = plan_observation(council)
    letter = family_group.write_letter_before_proceedings(
        episode,
        family_group.LetterInput(
            sent_on=today() - dt.timedelta(days=20),
            addressed_to="The parents",
            concerns="The children are left alone at night and the home has no heating.",
            what_must_change="An adult must be at home every night, from this week onwards.",
            how_to_accept="Ring the social worker.",
        ),
        by=sw.user,
    )
    offer = family_group.record_family_answer(
        letter.offer,
        response="accepted",
        responded_on=today() - dt.timedelta(days=15),
        response_by="Their mother",
        by=sw.user,
    )
    meeting = family_group.record_family_group_meeting(
        offer,
        family_group.MeetingInput(
            held_on=today() - dt.timedelta(days=5),
            coordinator="An independent coordinator",
            who_came="Mother, grandmother and aunt",
            private_family_time=True,
            family_plan="Grandmother will stay every night until the heating is mended.",
            review_on=today() + dt.timedelta(days=30),
        ),
        by=sw.user,
    )
    granted_visit(council, [sc_child])
    ids = {
        "child_id": sc_child.pk,
        "episode_id": episode.pk,
        "assessment_id": assessment.pk,
        "section47_id": section47.pk,
        "plan_id": plan.pk,
        "panel_id": panel_case.panel_id,
        "case_id": panel_case.pk,
        "round_id": audit_round.pk,
        "sample_id": sample.pk,
        "audit_id": audit.pk,
        "action_id": AuditAction.objects.get(audit=audit).pk,
        "observation_id": observation.pk,
        "letter_id": letter.pk,
        "offer_id": offer.pk,
        "meeting_id": meeting.pk,
    }
    walked = {
        "write_letter_before_proceedings",
        "record_family_group_offer",
        "record_family_group_answer",
        "record_family_group_meeting",
        "review_family_plan",
        "record_best_interests_exception",
        "record_court_application",
        "single_assessment",
        "section47_outcome",
        "review_cp_plan",
        "end_social_care_plan",
        "record_panel_decision",
        "draw_audit_sample",
        "exclude_audit_case",
        "allocate_audit_case",
        "complete_audit",
        "moderate_audit",
        "acknowledge_audit",
        "record_audit_action",
        "record_observation",
        "respond_to_observation",
        "cancel_observation",
    }
    before = _snapshot()
    statuses = post_everywhere(client, council["reviewer"].user, ids)
    assert walked <= set(statuses)
    not_refused = {n: statuses[n] for n in walked if statuses[n] not in (403, 405)}
    assert not not_refused, f"a reviewer's POST was not refused: {not_refused}"
    assert _snapshot() == before
