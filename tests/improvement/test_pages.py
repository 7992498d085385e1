"""The improvement pages as each role uses them: who may read, create, change and update, the
refusals that say why, and query counts that stay the same as plans grow."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journey.improvement import services
from journey.improvement.models import Action, ImprovementPlan, ProgressUpdate, Rag
from journey.workforce.models import Role, Worker
from tests.factories import UserFactory
from tests.improvement_world import TODAY, action_input


def date_fields(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


@pytest.fixture
def other_head(council) -> Worker:
    """A head of service who does not own the plan."""
    return Worker.objects.create(
        role=Role.HEAD_OF_SERVICE,
        user=UserFactory(username="other.head"),
        agency=council["head_of_service"].agency,
        service=council["head_of_service"].service,
    )


def test_a_social_worker_is_refused_the_plans_and_told_why(world, council, signed_in):
    client = signed_in(council["social_worker"])
    for url in (
        reverse("improvement_plans"),
        reverse("improvement_plan", args=[world.plan.pk]),
        reverse("improvement_action", args=[world.rated.pk]),
        reverse("measures_registry"),
    ):
        response = client.get(url)
        assert response.status_code == 403, url
    assert (
        "Improvement plans are read by managers"
        in client.get(reverse("improvement_plans")).content.decode()
    )


def test_quality_and_performance_officers_read_plans_but_do_not_create_them(
    world, council, signed_in
):
    for role in ("qa_officer", "performance_officer"):
        client = signed_in(council[role])
        page = client.get(reverse("improvement_plan", args=[world.plan.pk])).content.decode()
        assert "Peer challenge action plan" in page
        assert "Add an area for improvement" not in page
        assert client.get(reverse("improvement_new_plan")).status_code == 403


def test_a_head_of_service_creates_a_plan(council, signed_in):
    hos = council["head_of_service"]
    client = signed_in(hos)
    response = client.post(
        reverse("improvement_new_plan"),
        {
            "title": "Ofsted improvement plan",
            "source": "ofsted",
            "owner": hos.pk,
            **date_fields("starts_on", TODAY),
            **date_fields("ends_on", TODAY + dt.timedelta(days=365)),
        },
    )
    plan = ImprovementPlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("improvement_plan", args=[plan.pk])
    assert (plan.title, plan.owner, plan.created_by) == ("Ofsted improvement plan", hos, hos.user)


def test_bad_plan_input_is_named_in_an_error_summary(council, signed_in):
    client = signed_in(council["assistant_director"])
    page = client.post(
        reverse("improvement_new_plan"),
        {"title": "", **date_fields("starts_on", TODAY), **date_fields("ends_on", TODAY)},
    ).content.decode()
    assert "govuk-error-summary" in page
    assert "Enter the title" in page
    assert "Select where the plan comes from" in page
    assert not ImprovementPlan.objects.exists()


def test_a_team_manager_may_not_create_a_plan(council, signed_in):
    response = signed_in(council["team_manager"]).get(reverse("improvement_new_plan"))
    assert response.status_code == 403
    assert "heads of service and assistant directors" in response.content.decode()


def test_only_the_owner_or_an_assistant_director_ties_a_measure(
    world, council, other_head, signed_in, test_measure
):
    form = {
        "action": "Keep every case allocated",
        "lead": council["team_manager"].pk,
        "responsible_officer": council["head_of_service"].pk,
        "evidence": "All cases allocated",
        **date_fields("due_on", TODAY + dt.timedelta(days=30)),
        "measure": test_measure.key,
        "target": "95",
        **date_fields("target_by", TODAY + dt.timedelta(days=60)),
    }
    url = reverse("improvement_change_action", args=[world.rated.pk])
    refused = signed_in(other_head).post(url, form)
    assert refused.status_code == 403
    assert "Only the plan's owner or an assistant director" in html.unescape(
        refused.content.decode()
    )
    assert Action.objects.get(pk=world.rated.pk).measure == ""
    signed_in(council["assistant_director"]).post(url, form)
    assert Action.objects.get(pk=world.rated.pk).measure == test_measure.key


def test_a_target_without_a_date_is_an_error_on_the_page(world, council, signed_in, test_measure):
    page = (
        signed_in(council["head_of_service"])
        .post(
            reverse("improvement_change_action", args=[world.rated.pk]),
            {
                "action": "Keep every case allocated",
                "lead": council["team_manager"].pk,
                "responsible_officer": council["head_of_service"].pk,
                "evidence": "All cases allocated",
                **date_fields("due_on", TODAY),
                "measure": test_measure.key,
                "target": "95",
            },
        )
        .content.decode()
    )
    assert "Enter the date the target is to be met by" in page
    assert Action.objects.get(pk=world.rated.pk).target is None


def test_an_override_without_a_reason_is_refused_on_the_page(world, council, signed_in):
    page = (
        signed_in(council["head_of_service"])
        .post(
            reverse("improvement_override_rating", args=[world.measured.pk]),
            {"rag": Rag.ON_TASK, "reason": ""},
        )
        .content.decode()
    )
    assert "Enter the reason, in your own words" in page


def test_the_lead_updates_their_action_from_my_work(world, council, signed_in):
    client = signed_in(council["team_manager"])
    my_work = client.get(reverse("my_work")).content.decode()
    assert "Improvement actions you lead (2)" in my_work
    assert reverse("improvement_record_progress", args=[world.rated.pk]) in my_work
    response = client.post(
        reverse("improvement_record_progress", args=[world.rated.pk]),
        {**date_fields("recorded_on", TODAY), "note": "Ten audits done.", "rag": Rag.ON_TASK},
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert (update.note, update.rag) == ("Ten audits done.", Rag.ON_TASK)
    plan = client.get(reverse("improvement_plan", args=[world.plan.pk])).content.decode()
    assert "Ten audits done." in plan


def test_someone_who_does_not_lead_the_action_may_not_record_progress(world, council, signed_in):
    response = signed_in(council["qa_officer"]).post(
        reverse("improvement_record_progress", args=[world.rated.pk]),
        {**date_fields("recorded_on", TODAY), "note": "Done", "rag": Rag.ACHIEVED},
    )
    assert response.status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_a_practitioner_who_leads_an_action_reads_that_plan_only(world, council, signed_in):
    hos = council["head_of_service"].user
    practitioner = council["practitioner"]
    services.change_action(world.rated, action_input(council, lead=practitioner), by=hos)
    other = services.create_plan(
        services.PlanInput("Another plan", "audit", council["head_of_service"], TODAY, TODAY),
        by=hos,
    )
    client = signed_in(practitioner)
    assert client.get(reverse("improvement_plan", args=[world.plan.pk])).status_code == 200
    assert client.get(reverse("improvement_plan", args=[other.pk])).status_code == 403
    assert client.get(reverse("measures_registry")).status_code == 403


def _grow(world, council, areas: int) -> None:
    hos = council["head_of_service"].user
    for n in range(areas):
        area = services.add_area(world.plan, services.AreaInput(f"Area {n}"), by=hos)
        for _ in range(3):
            action = services.add_action(area, action_input(council), by=hos)
            services.record_progress(
                action, services.ProgressInput(TODAY, "Progress", Rag.AT_RISK), by=hos
            )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["plan", "my_work", "plans"])
def test_query_counts_do_not_grow_with_the_plan(world, council, signed_in, page):
    client = signed_in(council["team_manager"])
    url = {
        "plan": reverse("improvement_plan", args=[world.plan.pk]),
        "my_work": reverse("my_work"),
        "plans": reverse("improvement_plans"),
    }[page]
    _grow(world, council, 1)
    before = _queries(client, url)
    _grow(world, council, 4)
    assert _queries(client, url) == before
